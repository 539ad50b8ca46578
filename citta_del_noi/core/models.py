"""Bookkeeping of the portal itself."""

from django.db import models


class SeedMarker(models.Model):
    """Remembers which parts of the demo data `seed_demo` has built, so a rerun changes nothing."""

    key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
