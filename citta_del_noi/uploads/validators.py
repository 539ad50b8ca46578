"""The one upload validator: size, type by content, archive limits; and a parsing deadline.

Limits come from settings (base.py, documented in README "Caricamenti a costo limitato"):
UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_BYTES, UPLOAD_ARCHIVE_MAX_RATIO, UPLOAD_ARCHIVE_MAX_MEMBERS,
UPLOAD_PARSE_TIME_LIMIT; the size limit is a setting named by each field.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .text import ACCEPTED_ENCODINGS_MESSAGE, EncodingError, decode_head, detect_encoding

SPREADSHEET_KINDS = ("xlsx", "csv")
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpeg", "csv", "txt")
# The file name's extension must agree with the content.
EXTENSIONS = {
    "pdf": (".pdf",),
    "xlsx": (".xlsx",),
    "docx": (".docx",),
    "pptx": (".pptx",),
    "odt": (".odt",),
    "ods": (".ods",),
    "odp": (".odp",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
    "csv": (".csv", ".txt"),
    "txt": (".txt", ".csv"),
}
LABELS = {
    "pdf": "PDF",
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
    "pptx": "PowerPoint (.pptx)",
    "odt": "OpenDocument (.odt)",
    "ods": "OpenDocument (.ods)",
    "odp": "OpenDocument (.odp)",
    "png": "PNG",
    "jpeg": "JPEG",
    "csv": "CSV",
    "txt": _("testo (.txt)"),
}
ZIP_MARKERS = {
    "xl/workbook.xml": "xlsx",
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ")
ARCHIVE_NAMES = (".zip", ".gz", ".7z", ".rar", ".tar", ".bz2", ".xz", ".jar", ".tgz")
ZIP_KINDS = {"xlsx", "docx", "pptx", "odt", "ods", "odp"}
# Members smaller than this are not held to the ratio (tiny XML parts compress oddly).
RATIO_MIN_MEMBER = 1024 * 1024


class ArchiveError(ValueError):
    """The archive breaks a limit; str() is the Italian message."""


class ParseTimeout(Exception):
    """Parsing took longer than UPLOAD_PARSE_TIME_LIMIT; str() is the Italian message."""


@dataclass
class Deadline:
    """`deadline.check()` inside a parsing loop raises ParseTimeout once `seconds` have gone."""

    seconds: float

    def __post_init__(self) -> None:
        self.ends = time.monotonic() + self.seconds

    @classmethod
    def for_parsing(cls) -> Deadline:
        return cls(float(settings.UPLOAD_PARSE_TIME_LIMIT))

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ParseTimeout(
                gettext(
                    "La lettura del file ha superato il tempo massimo (%(s)s secondi): "
                    "dividi il foglio in più file più piccoli."
                )
                % {"s": int(self.seconds)}
            )


def _mb(n: float) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def check_archive(fh: IO[bytes], *, nesting: int = 0) -> None:
    """Refuse a zip container that would cost too much to open (ArchiveError, in Italian).

    Reads only the central directory and the first bytes of each member; nothing is inflated
    beyond that. Nested archives are refused (an XLSX to import has none)."""
    max_total = settings.UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_BYTES
    max_ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
    max_members = settings.UPLOAD_ARCHIVE_MAX_MEMBERS
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
            if len(infos) > max_members:
                raise ArchiveError(
                    gettext("Il file contiene %(n)s parti: il massimo è %(max)s.")
                    % {"n": len(infos), "max": max_members}
                )
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            if total > max_total:
                raise ArchiveError(
                    gettext(
                        "Il file, una volta decompresso, occuperebbe %(size)s MB: il limite è "
                        "%(limit)s MB. Dividi il foglio in più file."
                    )
                    % {"size": _mb(total), "limit": _mb(max_total)}
                )
            ratio_of = [
                (i.file_size / max(i.compress_size, 1))
                for i in infos
                if i.file_size >= RATIO_MIN_MEMBER
            ]
            if total >= RATIO_MIN_MEMBER and (
                total / max(packed, 1) > max_ratio or any(r > max_ratio for r in ratio_of)
            ):
                raise ArchiveError(
                    gettext(
                        "Il file è compresso in modo anomalo (oltre %(max)s volte): potrebbe "
                        "essere una «bomba zip» e non viene aperto. Salvalo di nuovo dal "
                        "programma di calcolo e riprova."
                    )
                    % {"max": max_ratio}
                )
            for info in infos:
                if info.is_dir():
                    continue
                with zf.open(info) as member:
                    head = member.read(8)
                if info.filename.lower().endswith(ARCHIVE_NAMES) or head.startswith(ARCHIVE_MAGIC):
                    raise ArchiveError(
                        gettext(
                            "Il file contiene un altro archivio compresso (%(name)s): non è "
                            "ammesso."
                        )
                        % {"name": info.filename[:80]}
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as exc:
        # RuntimeError: an encrypted member.
        raise ArchiveError(gettext("Il file è danneggiato o protetto da password.")) from exc
    finally:
        fh.seek(0)


def _zip_kind(fh: IO[bytes]) -> str | None:
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            for marker, kind in ZIP_MARKERS.items():
                if marker in names:
                    return kind
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                return ODF_MIMETYPES.get(zf.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        return None
    finally:
        fh.seek(0)
    return None


def detect_kind(fh: IO[bytes]) -> str | None:
    """The file's type from its content ('xlsx', 'csv', 'pdf', ...), or None.

    Zip containers must have passed `check_archive` first."""
    fh.seek(0)
    head = fh.read(4096)
    fh.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fh)
    if not head:
        return None
    text = decode_head(head)
    if text is None or "\x00" in text:
        return None
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if first.lstrip().startswith(("%PDF", "<", "{", "#!")):
        return None
    return "csv" if any(sep in first for sep in (";", ",", "\t")) else "txt"


def _undecodable_text(fh: IO[bytes]) -> bool:
    """Text-like (no NUL, a separator in the first line) but in no accepted encoding."""
    fh.seek(0)
    head = fh.read(4096)
    fh.seek(0)
    if not head or b"\x00" in head or decode_head(head) is not None:
        return False
    first = head.split(b"\n", 1)[0]
    return any(sep in first for sep in (b";", b",", b"\t"))


def _extension(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind(".") :] if "." in name else ""


@deconstructible
class UploadValidator:
    """Validator for a forms.FileField; sets `upload.detected_kind` for the form to use.

    kinds: the accepted types; max_bytes_setting: the name of the setting with the size limit;
    type_message: what to say when the type is not accepted (default: the accepted types)."""

    def __init__(
        self,
        *,
        kinds: tuple[str, ...],
        max_bytes_setting: str,
        type_message: Any = None,
    ) -> None:
        self.kinds = tuple(kinds)
        self.max_bytes_setting = max_bytes_setting
        self.type_message = type_message

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes_setting == other.max_bytes_setting
        )

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_bytes_setting))

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, self.max_bytes_setting))

    def _type_error(self) -> ValidationError:
        if self.type_message is not None:
            return ValidationError(str(self.type_message), code="file_type")
        return ValidationError(
            gettext("Tipo di file non ammesso: carica un file %(types)s.")
            % {"types": ", ".join(str(LABELS[k]) for k in self.kinds)},
            code="file_type",
        )

    def __call__(self, upload: Any) -> None:
        limit = self.max_bytes
        if upload.size > limit:
            raise ValidationError(
                gettext(
                    "Il file pesa %(size)s MB: il limite è %(limit)s MB. Dividi il file in più "
                    "parti o riducine le dimensioni."
                )
                % {"size": _mb(upload.size), "limit": _mb(limit)},
                code="file_size",
            )
        upload.seek(0)
        if upload.read(4) == b"PK\x03\x04":
            try:
                check_archive(upload)
            except ArchiveError as exc:
                raise ValidationError(str(exc), code="archive") from exc
        kind = detect_kind(upload)
        if kind is None and "csv" in self.kinds and _undecodable_text(upload):
            raise ValidationError(str(ACCEPTED_ENCODINGS_MESSAGE), code="encoding")
        if kind in ("csv", "txt"):
            try:
                detect_encoding(upload)
            except EncodingError as exc:
                raise ValidationError(str(exc), code="encoding") from exc
        if kind not in self.kinds:
            raise self._type_error()
        if _extension(upload.name) not in EXTENSIONS[kind]:
            raise ValidationError(
                gettext(
                    "Il nome del file non corrisponde al contenuto, che è un file %(kind)s: "
                    "rinominalo con l'estensione %(ext)s."
                )
                % {"kind": LABELS[kind], "ext": EXTENSIONS[kind][0]},
                code="file_extension",
            )
        upload.seek(0)
        upload.detected_kind = kind
