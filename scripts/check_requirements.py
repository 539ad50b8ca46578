"""Stop early, with a clear message, when a system requirement is missing."""

from __future__ import annotations

import ctypes.util
import sys

problems = []
if sys.version_info < (3, 11):  # noqa: UP036 - runs under any python3 before the venv exists
    problems.append(
        f"Serve Python 3.11 o successivo (trovato {sys.version.split()[0]}). "
        "Installa python3.11 e python3.11-venv, oppure indica PYTHON=/percorso/python3.11."
    )
try:
    import ensurepip  # noqa: F401
    import venv  # noqa: F401
except ImportError:
    problems.append("Manca il modulo venv/ensurepip: installa il pacchetto python3-venv.")
for lib, package in (("pango-1.0", "libpango-1.0-0"), ("pangoft2-1.0", "libpangoft2-1.0-0")):
    if ctypes.util.find_library(lib) is None:
        problems.append(
            f"Manca la libreria di sistema {lib}, necessaria a WeasyPrint per i PDF: "
            f"installa il pacchetto {package} (Debian/Ubuntu: apt-get install {package})."
        )
if ctypes.util.find_library("harfbuzz-subset") is None:
    # Not required: without it WeasyPrint subsets the fonts with fontTools, about 1 s slower
    # for the ~60-page Bilancio Sociale PDF.
    print(
        "Avviso: manca libharfbuzz-subset0 (facoltativo): i PDF funzionano, ma la loro "
        "generazione è più lenta (Debian/Ubuntu: apt-get install libharfbuzz-subset0).",
        file=sys.stderr,
    )
if problems:
    print("Requisiti di sistema mancanti:", file=sys.stderr)
    for p in problems:
        print(f"  - {p}", file=sys.stderr)
    sys.exit(1)
