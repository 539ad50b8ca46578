"""Agency planning: objectives, milestones, agreements, co-design rounds, stakeholders."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

from .base import Stamped

# ---------------------------------------------------------------------------------------------
# Governance
# ---------------------------------------------------------------------------------------------


class Objective(Stamped):
    azione = models.ForeignKey(
        "cantieri.Azione",
        on_delete=models.PROTECT,
        related_name="objectives",
        verbose_name=_("azione"),
    )
    title = models.CharField(_("obiettivo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)

    class Meta:
        verbose_name = _("obiettivo del piano")
        verbose_name_plural = _("obiettivi del piano")
        ordering = ["azione__number", "title"]

    def __str__(self) -> str:
        return self.title


class MilestoneStatus(models.TextChoices):
    PLANNED = "prevista", _("Prevista")
    IN_PROGRESS = "in_corso", _("In corso")
    DONE = "completata", _("Completata")
    LATE = "in_ritardo", _("In ritardo")
    DROPPED = "abbandonata", _("Abbandonata")


class Milestone(Stamped):
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("obiettivo"),
    )
    title = models.CharField(_("tappa"), max_length=200)
    due_date = models.DateField(_("scadenza"))
    status = models.CharField(
        _("stato"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("avanzamento (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    responsible_organizations = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="+",
        verbose_name=_("organizzazioni responsabili"),
    )
    notes = models.TextField(_("note"), blank=True, max_length=SHORT_TEXT_MAX)
    history = HistoricalRecords(m2m_fields=[responsible_organizations])

    class Meta:
        verbose_name = _("tappa")
        verbose_name_plural = _("tappe")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class AgreementKind(models.TextChoices):
    PARTNERSHIP = "partenariato", _("Accordo di partenariato")
    PACT = "patto", _("Patto di collaborazione / di comunità")


class Agreement(Stamped):
    kind = models.CharField(_("tipo"), max_length=12, choices=AgreementKind.choices)
    title = models.CharField(_("titolo"), max_length=200)
    object = models.TextField(_("oggetto"), max_length=LONG_TEXT_MAX)
    parties = models.ManyToManyField(
        "organizations.Organization", related_name="+", verbose_name=_("parti")
    )
    valid_from = models.DateField(_("valido dal"))
    valid_to = models.DateField(_("valido fino al"), null=True, blank=True)
    quartieri = models.ManyToManyField(
        "territori.Quartiere",
        blank=True,
        related_name="+",
        verbose_name=_("quartieri coperti"),
        help_text=_("Nessun quartiere: l'accordo copre l'intera città."),
    )
    published = models.BooleanField(_("pubblicato"), default=False)

    class Meta:
        verbose_name = _("accordo o patto")
        verbose_name_plural = _("accordi e patti")
        ordering = ["-valid_from", "title"]

    def __str__(self) -> str:
        return self.title


class RoundKind(models.TextChoices):
    COPROGRAMMING = "coprogrammazione", _("Co-programmazione")
    CODESIGN = "coprogettazione", _("Co-progettazione")


class RoundStatus(models.TextChoices):
    PLANNED = "prevista", _("Prevista")
    OPEN = "in_corso", _("In corso")
    CLOSED = "conclusa", _("Conclusa")


class CoDesignRound(Stamped):
    kind = models.CharField(_("tipo"), max_length=20, choices=RoundKind.choices)
    title = models.CharField(_("titolo"), max_length=200)
    azione = models.ForeignKey(
        "cantieri.Azione",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("azione"),
    )
    legal_basis = models.CharField(
        _("riferimento normativo"),
        max_length=200,
        default="art. 55 D.Lgs. 117/2017 (Codice del Terzo settore)",
    )
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"), null=True, blank=True)
    status = models.CharField(
        _("stato"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    participants = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="+",
        verbose_name=_("organizzazioni partecipanti"),
    )
    outcome = models.TextField(_("esito"), blank=True, max_length=LONG_TEXT_MAX)

    class Meta:
        verbose_name = _("tavolo di co-programmazione o co-progettazione")
        verbose_name_plural = _("tavoli di co-programmazione e co-progettazione")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title


class StakeholderGroup(models.TextChoices):
    PUBLIC = "ente_pubblico", _("Ente pubblico")
    THIRD_SECTOR = "terzo_settore", _("Terzo settore")
    UNIONS = "sindacati", _("Sindacati")
    RESEARCH = "ricerca", _("Università e ricerca")
    FUNDERS = "finanziatori", _("Finanziatori")
    BUSINESS = "imprese", _("Imprese")
    CITIZENS = "cittadini", _("Cittadini e gruppi informali")


class Involvement(models.TextChoices):
    INFORM = "informazione", _("Informazione")
    CONSULT = "consultazione", _("Consultazione")
    INVOLVE = "coinvolgimento", _("Coinvolgimento")
    COLLABORATE = "collaborazione", _("Collaborazione")
    CODECIDE = "codecisione", _("Co-decisione")


class Frequency(models.TextChoices):
    WEEKLY = "settimanale", _("Settimanale")
    MONTHLY = "mensile", _("Mensile")
    QUARTERLY = "trimestrale", _("Trimestrale")
    YEARLY = "annuale", _("Annuale")
    OCCASIONAL = "occasionale", _("Occasionale")


class Stakeholder(Stamped):
    name = models.CharField(_("portatore di interesse"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    group = models.CharField(_("gruppo"), max_length=20, choices=StakeholderGroup.choices)
    involvement = models.CharField(
        _("modalità di coinvolgimento"), max_length=20, choices=Involvement.choices
    )
    frequency = models.CharField(_("frequenza"), max_length=12, choices=Frequency.choices)
    notes = models.TextField(_("note"), blank=True, max_length=SHORT_TEXT_MAX)

    class Meta:
        verbose_name = _("portatore di interesse")
        verbose_name_plural = _("mappa dei portatori di interesse")
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name
