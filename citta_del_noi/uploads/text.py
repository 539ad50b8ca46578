"""Decode an uploaded text file (CSV) in a bounded, streaming way, or say which encodings work.

Spreadsheet programs save CSV as UTF-8 (often with a BOM), Windows-1252 (Excel on Italian
Windows: "CSV (delimitato dal separatore di elenco)") or UTF-16 ("Testo Unicode"). The encoding
is detected by decoding the whole file strictly, chunk by chunk (memory flat in the file's size):
UTF-16 and UTF-8 by their BOM, then UTF-8, then Windows-1252 (a superset of Latin-1's printable
characters). A file that is none of them gets an Italian message that names the accepted
encodings, never Python's UnicodeDecodeError.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext_lazy as _

CHUNK = 64 * 1024
ACCEPTED_ENCODINGS_MESSAGE = _(
    "Il file CSV non è in una codifica riconosciuta. Salvalo come «CSV UTF-8» oppure come CSV "
    "di Windows (Windows-1252 / ISO-8859-1, Latin-1) e caricalo di nuovo."
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CANDIDATES = ("utf-8", "cp1252")


class EncodingError(ValueError):
    """No accepted encoding decodes the file; str() is the Italian message."""

    def __init__(self) -> None:
        super().__init__(str(ACCEPTED_ENCODINGS_MESSAGE))


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    while chunk := fh.read(CHUNK):
        yield chunk


def _decodes(fh: IO[bytes], encoding: str) -> bool:
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for chunk in _chunks(fh):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        fh.seek(0)
    return True


def bom_encoding(head: bytes) -> str | None:
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    return None


def decode_head(head: bytes) -> str | None:
    """The start of a text file as text, or None if no accepted encoding decodes it."""
    names = [bom_encoding(head)] if bom_encoding(head) else list(CANDIDATES)
    for name in names:
        decoder = codecs.getincrementaldecoder(name or "utf-8")(errors="strict")
        try:
            return decoder.decode(head, final=False)
        except UnicodeDecodeError:
            continue
    return None


def detect_encoding(fh: IO[bytes]) -> str:
    """The encoding of the whole file (see the module's docstring); raises EncodingError."""
    fh.seek(0)
    head = fh.read(4)
    fh.seek(0)
    bom = bom_encoding(head)
    for name in [bom] if bom else CANDIDATES:
        if name and _decodes(fh, name):
            return name
    raise EncodingError


def _lines(fh: IO[bytes], encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pending = ""
    for chunk in _chunks(fh):
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def open_text(fh: IO[bytes]) -> Iterator[str]:
    """The file's lines (ends kept, as csv.reader wants them), decoded; streaming.

    Raises EncodingError before yielding anything if no accepted encoding decodes the file."""
    encoding = detect_encoding(fh)
    fh.seek(0)
    return _lines(fh, encoding)
