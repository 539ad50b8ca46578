"""Dependency audit for .ci/run: pip-audit over the pinned requirements (constraints.txt).

Exit 1 on a known vulnerability in a pinned version (upgrade the pin in constraints.txt; a
finding that truly does not apply is listed with its reason in AUDIT_IGNORE below). Exit 0,
with a plain line saying so, when the advisory source cannot be reached: pip-audit alone would
print "No known vulnerabilities found" after auditing nothing. Tried in turn: the PyPI JSON API
(pip-audit's default) and OSV.

    .venv/bin/python scripts/audit_dependencies.py [constraints.txt]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SERVICES = ("pypi", "osv")
# Advisory ids not applicable to this project, each with the reason: none today.
AUDIT_IGNORE: dict[str, str] = {}


def run_pip_audit(requirements: Path, service: str) -> tuple[dict[str, Any] | None, str]:
    """One pip-audit run; returns its JSON report (None if it produced none) and its output."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(requirements),
            "--no-deps",  # every package is pinned in the file: no resolver, no venv
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
            "--timeout",
            "10",
            "--format",
            "json",
            "--output",
            str(report),
        ]
        for advisory in AUDIT_IGNORE:
            command += ["--ignore-vuln", advisory]
        # A fixed command (this interpreter, pip-audit, our own file): no shell, no user input.
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=900, check=False
        )
        output = (done.stdout + done.stderr).strip()
        if not report.exists():
            return None, output
        return json.loads(report.read_text() or "{}"), output


def verdict(report: dict[str, Any], service: str) -> tuple[int | None, list[str]]:
    """(exit code, lines to print); exit code None means "nothing audited: try another"."""
    deps = report.get("dependencies", [])
    audited = [d for d in deps if not d.get("skip_reason")]
    skipped = [d for d in deps if d.get("skip_reason")]
    if not audited:
        return None, [f"{service}: 0 pacchetti verificati su {len(deps)} (fonte non raggiungibile)"]
    lines = [f"pip-audit ({service}): {len(audited)} pacchetti verificati, {len(skipped)} saltati"]
    lines += [f"  saltato: {d['name']} {d.get('version', '')}: {d['skip_reason']}" for d in skipped]
    found = [(d, v) for d in audited for v in d.get("vulns", [])]
    for dep, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "nessuna versione corretta"
        lines.append(
            f"  VULNERABILE: {dep['name']} {dep['version']}: {vuln['id']} (corretto in: {fixes})"
        )
    if found:
        lines.append(
            f"{len(found)} vulnerabilità note nelle versioni fissate: aggiorna constraints.txt."
        )
        return 1, lines
    lines.append("Nessuna vulnerabilità nota nelle versioni fissate.")
    return 0, lines


def main(argv: list[str]) -> int:
    requirements = Path(argv[1] if len(argv) > 1 else "constraints.txt")
    notes: list[str] = []
    for service in SERVICES:
        report, output = run_pip_audit(requirements, service)
        if report is None:
            last = output.splitlines()[-1] if output else "nessun messaggio"
            notes.append(f"{service}: pip-audit non ha prodotto un rapporto ({last})")
            continue
        code, lines = verdict(report, service)
        if code is None:
            notes += lines
            continue
        print("\n".join(lines))
        return code
    print("\n".join(notes))
    print(
        "AUDIT DELLE DIPENDENZE NON ESEGUITO: la fonte degli avvisi di sicurezza non è "
        "raggiungibile da questa macchina (nessun pacchetto verificato)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
