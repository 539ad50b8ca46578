"""The agency and the abstract base of its records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX


class Agency(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=100)
    function = models.TextField(_("funzione"), max_length=LONG_TEXT_MAX)
    lead = models.CharField(
        _("ente di riferimento"),
        max_length=300,
        blank=True,
        help_text=_("Lasciare indicato 'da verificare' dove la fonte non è confermata."),
    )
    lead_verified = models.BooleanField(_("ente di riferimento verificato"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="agencies",
        verbose_name=_("referenti"),
        help_text=_("Persone che modificano i dati di questa agenzia."),
    )

    class Meta:
        verbose_name = _("agenzia")
        verbose_name_plural = _("agenzie")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------------

_USER = settings.AUTH_USER_MODEL


class Stamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
