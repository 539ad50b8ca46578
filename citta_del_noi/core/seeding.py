"""The demo-data context shared by every app's seeder (see `manage.py seed_demo`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Protocol

from .models import SeedMarker


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


@dataclass
class DemoContext:
    rng: random.Random
    stdout: Writer
    activities: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def done(self, key: str) -> bool:
        """True if the part `key` was seeded by an earlier run (then the seeder skips it)."""
        return SeedMarker.objects.filter(key=key).exists()

    def mark(self, key: str) -> None:
        SeedMarker.objects.get_or_create(key=key)

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")
