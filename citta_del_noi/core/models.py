"""Bookkeeping of the portal itself, and the accessibility statement (accessibility_models.py)."""

from django.db import models

from .accessibility_models import AccessibilityStatement, NonAccessibleContent


class SeedMarker(models.Model):
    """Remembers which parts of the demo data `seed_demo` has built, so a rerun changes nothing."""

    key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


__all__ = ["AccessibilityStatement", "NonAccessibleContent", "SeedMarker"]
