"""Photos attached as evidence are re-encoded without metadata (EXIF, GPS, XMP, text chunks).

The orientation the camera recorded is applied to the pixels first, so the photo still shows
the right way up without its EXIF. Images with more pixels than EVIDENCE_MAX_PIXELS are refused
before they are decoded (a "decompression bomb" is a small file with huge dimensions).
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"jpeg": "JPEG", "png": "PNG"}


def _too_big() -> ValidationError:
    return ValidationError(
        {
            "file": gettext(
                "L'immagine è troppo grande (oltre %(mp)s milioni di pixel): riducine le "
                "dimensioni e riprova."
            )
            % {"mp": int(settings.EVIDENCE_MAX_PIXELS) // 1_000_000}
        },
        code="image_pixels",
    )


def strip_metadata(content: bytes, kind: str) -> bytes:
    """The image re-encoded in the same format with no metadata; ValidationError if it cannot
    be read or is too large."""
    limit = int(settings.EVIDENCE_MAX_PIXELS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as img:
                width, height = img.size
                if width * height > limit:
                    raise _too_big()
                img.load()
                upright = ImageOps.exif_transpose(img)
                if kind == "jpeg" and upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                clean = Image.new(upright.mode, upright.size)
                clean.paste(upright)
                if upright.mode == "P" and upright.getpalette():
                    clean.putpalette(upright.getpalette() or [])
                out = io.BytesIO()
                options = {"quality": 90} if kind == "jpeg" else {"optimize": True}
                clean.save(out, format=FORMATS[kind], **options)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_big() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            {"file": gettext("L'immagine è danneggiata e non può essere letta.")},
            code="image_broken",
        ) from exc
    return out.getvalue()
