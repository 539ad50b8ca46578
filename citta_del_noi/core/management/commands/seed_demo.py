"""Build the deterministic demo data set. Idempotent: a second run changes nothing.

manage.py seed_demo                      # the demo, at the sizes of the domain brief
manage.py seed_demo --activities 1000000 # the same, with one million activity records
"""

from __future__ import annotations

import random
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from citta_del_noi.core.seeding import DemoContext


def seeders() -> list[str]:
    """The `demo` module of every installed app that has one, in INSTALLED_APPS order (the
    shared layer first, then territori, cantieri, consigli, agencies, bilancio_sociale): each has
    seed(ctx: DemoContext). Core names no domain app: an app takes part by having the module."""
    return [f"{config.name}.demo" for config in apps.get_app_configs()]


class Command(BaseCommand):
    help = "Crea i dati dimostrativi (deterministici) del portale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2016, help="Seme del generatore casuale.")
        parser.add_argument(
            "--activities",
            type=int,
            default=None,
            help="Numero di attività da generare (default: qualche migliaio all'anno).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_reference", stdout=self.stdout)
        ctx = DemoContext(
            rng=random.Random(options["seed"]),
            stdout=self.stdout,
            activities=options["activities"],
        )
        for path in seeders():
            try:
                module = import_module(path)
            except ModuleNotFoundError as exc:
                if exc.name != path:
                    raise
                continue
            module.seed(ctx)
        self.stdout.write(self.style.SUCCESS("Dati dimostrativi pronti."))
