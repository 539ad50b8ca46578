"""Load the programme's reference data. Create-only: a second run changes nothing."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from citta_del_noi.accounts.groups import ensure_groups


def loaders() -> list[ModuleType]:
    """The `reference` module of every installed app that has one (each has load() -> counts),
    ordered by its ORDER (territori 10, organizations 20, cantieri 30, agencies 40, consigli 50):
    core names no domain app, an app takes part by having the module."""
    found = []
    for config in apps.get_app_configs():
        path = f"{config.name}.reference"
        try:
            found.append(import_module(path))
        except ModuleNotFoundError as exc:
            if exc.name != path:
                raise
    return sorted(found, key=lambda module: module.ORDER)


class Command(BaseCommand):
    help = (
        "Carica i dati di riferimento del programma (zone, quartieri, azioni, agenzie, consigli)."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        ensure_groups()
        for module in loaders():
            path = module.__name__
            created = module.load()
            summary = ", ".join(f"{k}: {v}" for k, v in created.items())
            self.stdout.write(f"{path}: nuovi record — {summary}")
        self.stdout.write(self.style.SUCCESS("Dati di riferimento caricati."))
