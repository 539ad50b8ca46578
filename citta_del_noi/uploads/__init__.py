"""Uploads with bounded cost: one validator for every upload field of the portal.

    file = forms.FileField(validators=[UploadValidator(kinds=SPREADSHEET_KINDS,
                                                        max_bytes_setting="IMPORT_MAX_UPLOAD_BYTES")])

What is checked, in this order, before anything parses the file (see `validators`):
1. the size, against a setting (never the client's word: Django counts the bytes received);
2. the type, from the content (magic bytes; for zip containers the members that name the
   format), and the file name's extension must agree with it;
3. for zip containers (XLSX, DOCX, PPTX, ODF): number of members, total uncompressed size,
   compression ratio, nested archives — from the central directory, without inflating anything.
   Python's zipfile never inflates a member beyond the size the directory declares (it stops and
   the CRC check fails), so a lying directory cannot smuggle a bigger member past the check.
Then `text.open_text` decodes a CSV as UTF-8 (with or without BOM), UTF-16 with BOM or
Windows-1252, streaming, and `Deadline` bounds the time spent parsing.
"""

from .text import ACCEPTED_ENCODINGS_MESSAGE, EncodingError, open_text
from .validators import (
    DOCUMENT_KINDS,
    SPREADSHEET_KINDS,
    ArchiveError,
    Deadline,
    ParseTimeout,
    UploadValidator,
    check_archive,
    detect_kind,
)

__all__ = [
    "ACCEPTED_ENCODINGS_MESSAGE",
    "ArchiveError",
    "DOCUMENT_KINDS",
    "SPREADSHEET_KINDS",
    "Deadline",
    "EncodingError",
    "ParseTimeout",
    "UploadValidator",
    "check_archive",
    "detect_kind",
    "open_text",
]
