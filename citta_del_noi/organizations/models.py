"""Partner organisations and the people who act for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.role_rows import RoleRowsQuerySet

from .validators import normalize_codice_fiscale, validate_codice_fiscale


class LegalForm(models.TextChoices):
    ASSOCIAZIONE = "associazione", _("Associazione")
    COOPERATIVA_SOCIALE = "cooperativa_sociale", _("Cooperativa sociale")
    ENTE_ECCLESIASTICO = "ente_ecclesiastico", _("Ente ecclesiastico")
    ENTE_PRIVATO = "ente_privato", _("Ente privato")
    FONDAZIONE = "fondazione", _("Fondazione")
    UNIVERSITA = "universita", _("Università o ente di ricerca")
    ENTE_PUBBLICO = "ente_pubblico", _("Ente pubblico")
    SINDACATO = "sindacato", _("Organizzazione sindacale")
    ALTRO = "altro", _("Altro")


class Organization(models.Model):
    name = models.CharField(_("denominazione"), max_length=200, unique=True)
    slug = models.SlugField(_("identificativo"), max_length=200, unique=True)
    legal_form = models.CharField(_("forma giuridica"), max_length=32, choices=LegalForm.choices)
    codice_fiscale = models.CharField(
        _("codice fiscale"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_codice_fiscale],
        help_text=_("Vuoto solo finché il dato non è verificato."),
    )
    is_project_partner = models.BooleanField(
        _("partner del progetto"),
        default=False,
        help_text=_("Ente firmatario del partenariato di Brescia Città del Noi."),
    )
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("sito web"), blank=True)
    active = models.BooleanField(_("attiva"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        ordering = ["name"]
        permissions = [
            ("record_activities", _("Registra attività per conto dell'organizzazione")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.codice_fiscale:
            self.codice_fiscale = normalize_codice_fiscale(self.codice_fiscale)
        else:
            self.codice_fiscale = None
        super().save(*args, **kwargs)


class MembershipRole(models.TextChoices):
    """What a member may do for the organisation (rules in organizations/rules.py)."""

    REFERENTE = "referente", _("Referente")
    COMPILATORE = "compilatore", _("Compilatore")
    LETTORE = "lettore", _("Lettore")


# Roles whose members record drafts (they hold the guardian permission record_activities).
RECORDING_ROLES = (MembershipRole.REFERENTE, MembershipRole.COMPILATORE)


class Membership(models.Model):
    """A user who acts for an organisation, with a role: the referent submits records and
    manages the members, the compilatore records drafts, the lettore reads. Created and changed
    through the services (membership_add, member_invite, member_change_role, member_remove)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("ruolo"),
        max_length=16,
        choices=MembershipRole.choices,
        default=MembershipRole.REFERENTE,
        help_text=_(
            "Referente: invia le attività e gestisce i membri. Compilatore: registra bozze. "
            "Lettore: consulta ed esporta."
        ),
    )
    active = models.BooleanField(_("attiva"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleRowsQuerySet.as_manager()  # bulk writes bump the role cache

    class Meta:
        verbose_name = _("membro di organizzazione")
        verbose_name_plural = _("membri di organizzazione")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"
