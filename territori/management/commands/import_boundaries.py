"""Import quartiere boundaries from a GeoJSON file (e.g. an OpenStreetMap export)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from territori.services import boundaries_import


class Command(BaseCommand):
    help = (
        "Importa i confini dei quartieri da un file GeoJSON: ogni elemento è abbinato a un "
        "quartiere per codice ISTAT o per nome. Tutto o niente; riporta gli elementi non abbinati."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Controlla senza salvare.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"File non trovato: {path}") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"Il file {path} non è un JSON valido: {exc}") from exc
        try:
            report = boundaries_import(geojson=data, dry_run=options["dry_run"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verb = "abbinati (prova, nulla salvato)" if options["dry_run"] else "importati"
        self.stdout.write(f"Confini {verb}: {len(report.matched)}")
        if report.unmatched:
            self.stdout.write(
                self.style.WARNING(
                    f"Elementi non abbinati ({len(report.unmatched)}): "
                    + ", ".join(report.unmatched)
                )
            )
        if report.missing:
            self.stdout.write(
                f"Quartieri senza confine nel file ({len(report.missing)}): "
                + ", ".join(report.missing)
            )
