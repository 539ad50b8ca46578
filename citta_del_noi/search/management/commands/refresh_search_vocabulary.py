from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from citta_del_noi.search.services import refresh_vocabulary


class Command(BaseCommand):
    help = "Rebuild the 'forse cercavi' vocabulary from the public names and titles."

    def handle(self, *args: Any, **options: Any) -> None:
        n = refresh_vocabulary()
        self.stdout.write(f"search vocabulary: {n} words")
