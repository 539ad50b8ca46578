"""Load the programme's reference data. Create-only: a second run changes nothing."""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from citta_del_noi.accounts.groups import ensure_groups

LOADERS = [
    "territori.reference",
    "citta_del_noi.organizations.reference",
    "cantieri.reference",
    "agencies.reference",
    "consigli.reference",
    "citta_del_noi.core.accessibility_reference",
]


class Command(BaseCommand):
    help = (
        "Carica i dati di riferimento del programma (zone, quartieri, azioni, agenzie, consigli)."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        ensure_groups()
        for path in LOADERS:
            created = import_module(path).load()
            summary = ", ".join(f"{k}: {v}" for k, v in created.items())
            self.stdout.write(f"{path}: nuovi record — {summary}")
        self.stdout.write(self.style.SUCCESS("Dati di riferimento caricati."))
