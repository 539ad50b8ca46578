"""The two councils of the programme and their members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consiglio(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=150)
    description = models.TextField(_("descrizione"), blank=True)
    established = models.PositiveSmallIntegerField(_("anno di istituzione"), null=True, blank=True)
    quorum_fraction = models.DecimalField(
        _("quorum (frazione dei componenti)"), max_digits=3, decimal_places=2, default=0.5,
        help_text=_("Frazione dei componenti in carica che deve essere presente: 0,50 = metà."),
    )
    quorum_plus_one = models.BooleanField(
        _("maggioranza assoluta (metà più uno)"), default=True,
    )

    class Meta:
        verbose_name = _("consiglio")
        verbose_name_plural = _("consigli")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class MemberCategory(models.TextChoices):
    TERZO_SETTORE = "terzo_settore", _("Ente del terzo settore")
    SINDACATO = "sindacato", _("Organizzazione sindacale")
    RICERCA = "ricerca", _("Ente di ricerca e formazione")
    ESPERTO = "esperto", _("Esperto")
    COMUNE = "comune", _("Comune di Brescia")
    PARTNER = "partner", _("Partner del progetto")


class MemberRole(models.TextChoices):
    PRESIDENTE = "presidente", _("Presidente")
    SEGRETARIO = "segretario", _("Segretario")
    COMPONENTE = "componente", _("Componente")


class CouncilMember(models.Model):
    """A seat held by a person for a term. Access to the council lasts as long as the term."""

    consiglio = models.ForeignKey(Consiglio, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats"
    )
    category = models.CharField(_("categoria"), max_length=20, choices=MemberCategory.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
        related_name="council_seats", verbose_name=_("organizzazione rappresentata"),
    )
    role = models.CharField(
        _("ruolo"), max_length=20, choices=MemberRole.choices, default=MemberRole.COMPONENTE
    )
    term_start = models.DateField(_("in carica dal"))
    term_end = models.DateField(_("in carica fino al"), null=True, blank=True)

    class Meta:
        verbose_name = _("componente")
        verbose_name_plural = _("componenti")
        ordering = ["consiglio", "role", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="council_term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.consiglio})"
