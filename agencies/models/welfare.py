"""Agency welfare services: target groups, service units and their yearly figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX
from citta_del_noi.organizations.models import LegalForm

from .base import Stamped

# ---------------------------------------------------------------------------------------------
# Conoscenza
# ---------------------------------------------------------------------------------------------


class WelfareTargetGroup(models.Model):
    """A target group of the welfare map (reference data edited by staff).

    Not the target groups of the activity records (cantieri.TargetGroup): the city's own
    categories of its welfare offer ("minori in tutela", "multiutenza", "lavoro", ...) are kept
    as they are, never merged into others."""

    code = models.SlugField(
        _("codice"),
        max_length=60,
        unique=True,
        help_text=_("Codice stabile usato nelle importazioni e nei dati aperti."),
    )
    label = models.CharField(_("nome"), max_length=150)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    aliases = models.TextField(
        _("altri nomi accettati"),
        blank=True,
        help_text=_(
            "Nomi accettati nella colonna «destinatari» dell'importazione, uno per riga "
            "(maiuscole, accenti e trattini non contano)."
        ),
        max_length=LONG_TEXT_MAX,
    )
    sensitive = models.BooleanField(
        _("categoria particolare"),
        default=False,
        help_text=_("Dati su salute o disabilità: soglia di riservatezza più alta per gli utenti."),
    )

    class Meta:
        verbose_name = _("destinatari della mappa del welfare")
        verbose_name_plural = _("destinatari della mappa del welfare")
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.replace(";", "\n").splitlines() if a.strip()]


# Latitude/longitude accepted for a unit: the province of Brescia and its surroundings.
LATITUDE_RANGE = (Decimal("45.0"), Decimal("46.5"))
LONGITUDE_RANGE = (Decimal("9.5"), Decimal("11.0"))


def latitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("latitudine"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
        help_text=_("Facoltativa, in gradi decimali (es. 45,539). Serve per la mappa."),
    )


def longitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("longitudine"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LONGITUDE_RANGE[0]),
            MaxValueValidator(LONGITUDE_RANGE[1]),
        ],
        help_text=_("Facoltativa, in gradi decimali (es. 10,220). Serve per la mappa."),
    )


class UnitKind(models.TextChoices):
    """The tipologia of a unit in the service finder."""

    SPORTELLO = "sportello", _("Sportello e informazioni")
    DIURNO = "diurno", _("Centro diurno")
    RESIDENZIALE = "residenziale", _("Servizio residenziale")
    DOMICILIARE = "domiciliare", _("Servizio domiciliare")
    EDUCATIVO = "educativo", _("Servizio educativo")
    ALTRO = "altro", _("Altro servizio")


class ServiceUnit(Stamped):
    """A unit of the city's welfare offer (the welfare map). Its figures are kept per year
    (`ServiceUnitYear`); the fields here describe the unit as of its most recent year."""

    code = models.SlugField(
        _("codice"),
        max_length=60,
        unique=True,
        help_text=_(
            "Codice stabile: reimportando lo stesso codice per un nuovo anno si aggiunge l'anno; "
            "per lo stesso anno la scheda viene aggiornata."
        ),
    )
    name = models.CharField(_("nome"), max_length=200)
    provider = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ente gestore"),
    )
    provider_name = models.CharField(_("ente gestore (se non partner)"), max_length=200, blank=True)
    target_group = models.ForeignKey(
        WelfareTargetGroup,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("destinatari"),
    )
    quartiere = models.ForeignKey(
        "territori.Quartiere",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartiere"),
        help_text=_("Vuoto: servizio cittadino."),
    )
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacità (posti o utenti)"), null=True, blank=True)
    active = models.BooleanField(_("attivo"), default=True)
    # --- the public service finder ---
    kind = models.CharField(
        _("tipologia"), max_length=20, choices=UnitKind.choices, default=UnitKind.ALTRO
    )
    access = models.TextField(
        _("come accedere"),
        blank=True,
        max_length=SHORT_TEXT_MAX,
        help_text=_("Per il cittadino: a chi rivolgersi, se serve un appuntamento o un invio."),
    )
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("sito web"), blank=True)
    latitude = latitude_field()
    longitude = longitude_field()

    class Meta:
        verbose_name = _("unità di offerta")
        verbose_name_plural = _("unità di offerta (mappa del welfare)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider_id else self.provider_name  # type: ignore[union-attr]

    @property
    def years_label(self) -> str:
        """The years of the map this unit is in ("2023, 2024"); prefetch "years" for lists."""
        return ", ".join(str(y.year) for y in sorted(self.years.all(), key=lambda y: y.year)) or "—"


# The funding sources of a unit's spending: (field, label). One field per source, so that the
# Bilancio's "who pays" table is one aggregate query.
SPENDING_SOURCES: list[tuple[str, Any]] = [
    ("spend_comune", _("Comune")),
    ("spend_families", _("Famiglie")),
    ("spend_regione", _("Regione / ATS")),
    ("spend_foundations", _("Fondazioni")),
    ("spend_other", _("Altri")),
]


def _money_field(label: Any) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )


class ServiceUnitYear(Stamped):
    """One reporting year of a service unit: who ran it, for whom, how many users or places,
    what it cost and who paid. A new year never changes an earlier one."""

    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.CASCADE, related_name="years", verbose_name=_("unità")
    )
    year = models.PositiveSmallIntegerField(
        _("anno"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_group = models.ForeignKey(
        WelfareTargetGroup,
        on_delete=models.PROTECT,
        related_name="unit_years",
        verbose_name=_("destinatari"),
    )
    provider = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ente gestore"),
    )
    provider_name = models.CharField(_("ente gestore (se non partner)"), max_length=200, blank=True)
    provider_legal_form = models.CharField(
        _("forma giuridica dell'ente gestore"), max_length=32, choices=LegalForm.choices
    )
    # "org:<pk>" or "nome:<slug of the name>": counts distinct providers in one query.
    provider_key = models.CharField(max_length=220, editable=False)
    run_by_comune = models.BooleanField(_("gestione diretta del Comune"), default=False)
    users = models.PositiveIntegerField(_("utenti"), null=True, blank=True)
    places = models.PositiveIntegerField(_("posti"), null=True, blank=True)
    spend_comune = _money_field(_("spesa a carico del Comune (€)"))
    spend_families = _money_field(_("spesa a carico delle famiglie (€)"))
    spend_regione = _money_field(_("spesa a carico di Regione / ATS (€)"))
    spend_foundations = _money_field(_("spesa a carico di fondazioni (€)"))
    spend_other = _money_field(_("spesa a carico di altri (€)"))

    class Meta:
        verbose_name = _("anno di un'unità di offerta")
        verbose_name_plural = _("anni delle unità di offerta")
        ordering = ["unit__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="agencies_unityear_unique")
        ]
        indexes = [models.Index(fields=["year", "target_group"], name="agencies_unityear_year")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    @property
    def spending_total(self) -> Decimal:
        return sum((getattr(self, f) for f, _label in SPENDING_SOURCES), Decimal(0))
