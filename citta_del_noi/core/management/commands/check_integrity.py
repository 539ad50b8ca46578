"""List the existing records that break the portal's rules (see citta_del_noi/core/integrity).

    python manage.py check_integrity

Exit status 1 when something is found (so a deployment script can notice), 0 otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from citta_del_noi.core.integrity import run_checks


class Command(BaseCommand):
    help = _("Elenca i dati esistenti che violano le regole del portale, per ripararli.")

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for check, findings in run_checks():
            if not findings:
                self.stdout.write(f"OK   {check.title}")
                continue
            total += len(findings)
            self.stdout.write(f"{len(findings):>4} {check.title}")
            for finding in findings:
                self.stdout.write(f"     - {finding.record}: {finding.problem}")
                if finding.repair:
                    self.stdout.write(
                        "       " + _("Come riparare: %(how)s") % {"how": finding.repair}
                    )
        if total:
            raise CommandError(_("%(n)d record da riparare.") % {"n": total}, returncode=1)
        self.stdout.write(_("Nessun problema trovato."))
