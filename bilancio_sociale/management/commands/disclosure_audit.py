"""`manage.py disclosure_audit [EDITION]`: the disclosure audit staff see before approval.

For each edition (its slug or id; every edition with a snapshot when omitted): every hidden count
of people, why it is hidden, and the smallest and largest value a reader can infer from
everything published. Exits with status 1 when any hidden count can be recomputed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bilancio_sociale.models import Edition
from bilancio_sociale.selectors import disclosure_audit


class Command(BaseCommand):
    help = "Controllo di riservatezza delle edizioni del Bilancio Sociale (uscita 1 se fallisce)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("edition", nargs="?", help="slug o id dell'edizione (tutte se assente)")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options.get("edition")
        editions = Edition.objects.order_by("period_start")
        if wanted:
            editions = editions.filter(slug=wanted) | (
                editions.filter(pk=int(wanted)) if wanted.isdigit() else editions.none()
            )
            if not editions.exists():
                raise CommandError(f"Edizione «{wanted}» non trovata.")
        failed = 0
        for edition in editions:
            audit = disclosure_audit(edition)
            if audit is None:
                self.stdout.write(
                    f"{edition.slug}: nessuna istantanea dei dati, niente da controllare"
                )
                continue
            status = "SUPERATO" if audit.passed else "NON SUPERATO"
            self.stdout.write(
                f"{edition.slug}: {status} — {len(audit.rows)} celle nascoste, "
                f"{len(audit.exposed)} ricalcolabili; {audit.cells} conteggi di persone, "
                f"{audit.linear_programmes} problemi lineari, {audit.seconds:.2f} s"
            )
            for row in audit.rows:
                required = f"{row.required[0]} – {row.required[1]}" if row.required else "—"
                outcome = "RICALCOLABILE" if row.exposed else "protetto"
                self.stdout.write(
                    f"  [{outcome}] {row.block} · {row.cell}: {row.label} ({row.reason}); "
                    f"intervallo {row.interval}, da coprire {required}"
                )
            if not audit.passed:
                failed += 1
        if failed:
            raise SystemExit(1)
