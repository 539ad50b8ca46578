"""The dependency audit of .ci/run (scripts/audit_dependencies.py) says plainly when it audited
nothing, and fails on a known vulnerability (issue 12, point 6)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
)
assert _spec is not None and _spec.loader is not None
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def test_nothing_audited_is_not_reported_as_clean() -> None:
    # What pip-audit writes when the PyPI JSON API cannot be reached (its text output then
    # says "No known vulnerabilities found").
    unreachable = {
        "dependencies": [
            {
                "name": "django",
                "skip_reason": "Dependency not found on PyPI and could not be audited",
            }
        ],
        "fixes": [],
    }
    code, lines = audit.verdict(unreachable, "pypi")
    assert code is None  # try the next source, then say the audit did not run
    assert "0 pacchetti verificati" in lines[0]


def test_a_known_vulnerability_fails_the_run() -> None:
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.99"], "aliases": []}],
            },
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }
    code, lines = audit.verdict(report, "pypi")
    assert code == 1
    assert any("VULNERABILE: django 5.2.0: PYSEC-2099-1 (corretto in: 5.2.99)" in x for x in lines)


def test_clean_report_passes() -> None:
    report = {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]}
    code, lines = audit.verdict(report, "osv")
    assert code == 0
    assert lines[-1] == "Nessuna vulnerabilità nota nelle versioni fissate."
