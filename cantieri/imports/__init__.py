"""Bulk import of activity records from the spreadsheets partners keep (XLSX or CSV).

Flow: upload → `import_prepare` stores the file in private storage (never served by URL) and
builds a preview (each row with its errors, nothing saved; the validated rows go to a staging
file, staging.py) → the user confirms → `import_apply` saves every valid row from the staging
file (the spreadsheet is read once) in ONE transaction, re-checking what may have changed. The
"Codice riga" column is a stable key per organisation (ActivityRecord.import_key): importing the
same file again updates the records instead of duplicating them. Every file is prepared and
applied by the worker (job "cantieri.import", its time limit scaled by the rows): the web
process only stores it, after citta_del_noi.uploads.UploadValidator checked its size, type and
archive limits. XLSX is streamed (xlsx_stream.py: memory flat in the rows; openpyxl when the
sheet holds formulas or markup the streaming reader does not cover), CSV over decoded lines;
parsing is bounded in time (UPLOAD_PARSE_TIME_LIMIT).

Refused: files that are not spreadsheets (magic bytes / parse failure), files larger than
settings.IMPORT_MAX_UPLOAD_BYTES (checked on the upload's size before reading), zip bombs,
formulas (cells starting with =, and in text columns with +, - or @), HTML or script in cells.
"""

from __future__ import annotations

from .applying import (
    import_apply,
    import_preview,
    import_time_limit,
    import_upload,
    report_csv,
    report_rows,
    write_report_csv,
)
from .columns import (
    BOOL,
    COLUMNS,
    DATE,
    FORMULA_START,
    HTML_RE,
    NUMBER,
    PRIVATE_TEXT_COLUMNS,
    REQUIRED,
    TEXT,
    all_headers,
    funding_header,
    target_header,
)
from .parsing import Lookups, ParsedRow, all_headers_cached, parse_file, parse_row
from .reading import BYTES_PER_ROW_ESTIMATE, FileError, detect_format, iter_rows
from .template import template_csv, template_xlsx

__all__ = [
    "BOOL",
    "BYTES_PER_ROW_ESTIMATE",
    "COLUMNS",
    "DATE",
    "FORMULA_START",
    "FileError",
    "HTML_RE",
    "Lookups",
    "NUMBER",
    "PRIVATE_TEXT_COLUMNS",
    "ParsedRow",
    "REQUIRED",
    "TEXT",
    "all_headers",
    "all_headers_cached",
    "detect_format",
    "funding_header",
    "import_apply",
    "import_preview",
    "import_time_limit",
    "import_upload",
    "iter_rows",
    "parse_file",
    "parse_row",
    "report_csv",
    "report_rows",
    "target_header",
    "template_csv",
    "template_xlsx",
    "write_report_csv",
]
