"""Build the PDF of an edition from the shell: `manage.py build_bilancio <id or slug>`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bilancio_sociale.models import Edition, EditionStatus
from bilancio_sociale.services import version_build_pdf


class Command(BaseCommand):
    help = "Genera il PDF dell'ultima versione pubblicata di un'edizione e ne stampa il percorso."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="id o identificativo (slug) dell'edizione")
        parser.add_argument("--versione", dest="number", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        ref = str(options["edition"])
        qs = Edition.objects.all()
        edition = qs.filter(pk=int(ref)).first() if ref.isdigit() else None
        edition = edition or qs.filter(slug=ref).first()
        if edition is None:
            raise CommandError(f"Edizione «{ref}» non trovata.")
        if edition.status != EditionStatus.PUBLISHED:
            raise CommandError(
                "Si genera il PDF solo di un'edizione pubblicata: per vedere una bozza usa "
                "l'anteprima nel portale."
            )
        versions = edition.versions.order_by("-number")
        version = (
            versions.filter(number=options["number"]).first()
            if options["number"]
            else versions.first()
        )
        if version is None:
            raise CommandError("Versione non trovata.")

        def progress(pct: int, label: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{pct:3d}% {label}")

        path = version_build_pdf(version=version, progress=progress)
        self.stdout.write(path)
