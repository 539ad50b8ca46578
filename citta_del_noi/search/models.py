"""The suggestion vocabulary ("forse cercavi"): the distinct words of the providers' public
names and titles, rebuilt by `services.refresh_vocabulary`. On PostgreSQL a GIN index with
`gin_trgm_ops` (migration 0002) serves `word % term`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

WORD_MAX = 40  # longer "words" (codes, URLs) are never suggested


class SearchTerm(models.Model):
    word = models.CharField(_("parola"), max_length=WORD_MAX, unique=True)
    frequency = models.PositiveIntegerField(_("occorrenze"), default=1)

    class Meta:
        verbose_name = _("parola suggerita")
        verbose_name_plural = _("parole suggerite")

    def __str__(self) -> str:
        return self.word
