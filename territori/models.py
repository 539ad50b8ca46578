"""The city's territory: zones, quartieri, social-service offices, Punti Comunità, population."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX


class Zona(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("zona")
        verbose_name_plural = _("zone")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ServizioSocialeTerritoriale(models.Model):
    """The Comune's social-service office of a zone (SST)."""

    zona = models.OneToOneField(Zona, on_delete=models.PROTECT, related_name="sst")
    name = models.CharField(_("nome"), max_length=100)
    address = models.CharField(_("indirizzo"), max_length=200)
    valid_from = models.PositiveSmallIntegerField(
        _("anno dell'indirizzo"),
        null=True,
        blank=True,
        help_text=_("Anno a cui si riferisce l'indirizzo indicato."),
    )

    class Meta:
        verbose_name = _("servizio sociale territoriale")
        verbose_name_plural = _("servizi sociali territoriali")
        ordering = ["zona__order"]

    def __str__(self) -> str:
        return self.name


class Quartiere(models.Model):
    """A quartiere. Its council zone and its serving SST are two separate links (can differ)."""

    name = models.CharField(_("nome"), max_length=100, unique=True)
    slug = models.SlugField(_("identificativo"), unique=True)
    istat_code = models.CharField(_("codice ISTAT ASC"), max_length=8, unique=True)
    zona = models.ForeignKey(
        Zona,
        on_delete=models.PROTECT,
        related_name="quartieri",
        verbose_name=_("zona del Consiglio di Quartiere"),
    )
    sst = models.ForeignKey(
        ServizioSocialeTerritoriale,
        on_delete=models.PROTECT,
        related_name="quartieri_serviti",
        verbose_name=_("servizio sociale territoriale di riferimento"),
    )
    boundary_geojson = models.JSONField(
        _("confine (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Facoltativo: importato da un file GeoJSON fornito dall'operatore."),
    )

    class Meta:
        verbose_name = _("quartiere")
        verbose_name_plural = _("quartieri")
        ordering = ["zona__order", "name"]

    def __str__(self) -> str:
        return self.name


class PopolazioneQuartiere(models.Model):
    quartiere = models.ForeignKey(Quartiere, on_delete=models.CASCADE, related_name="popolazione")
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(1990)])
    residents = models.PositiveIntegerField(_("residenti"))
    foreign_residents = models.PositiveIntegerField(_("residenti stranieri"), null=True, blank=True)
    source = models.CharField(_("fonte"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("popolazione del quartiere")
        verbose_name_plural = _("popolazione dei quartieri")
        ordering = ["quartiere", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["quartiere", "year"], name="unique_population_year")
        ]

    def __str__(self) -> str:
        return f"{self.quartiere} {self.year}: {self.residents}"


class PuntoComunita(models.Model):
    """A neighbourhood help desk run by volunteers under an agreement with the SST."""

    name = models.CharField(_("nome"), max_length=150, unique=True)
    slug = models.SlugField(_("identificativo"), max_length=150, unique=True)
    quartiere = models.ForeignKey(
        Quartiere, on_delete=models.PROTECT, related_name="punti_comunita"
    )
    lead_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="punti_comunita_guidati",
        verbose_name=_("ente capofila"),
    )
    network = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="punti_comunita_rete",
        verbose_name=_("rete di organizzazioni"),
    )
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    opening_hours = models.TextField(_("orari di apertura"), blank=True, max_length=LONG_TEXT_MAX)
    weekly_hours = models.DecimalField(
        _("ore settimanali di apertura"),
        max_digits=4,
        decimal_places=1,
        default=6,
        validators=[MinValueValidator(0)],
    )
    description = models.TextField(_("cosa offre"), blank=True, max_length=LONG_TEXT_MAX)
    opened_on = models.DateField(_("data di apertura"), null=True, blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Optional, for the service finder's map: the province of Brescia and its surroundings.
    latitude = models.DecimalField(
        _("latitudine"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("45.0")), MaxValueValidator(Decimal("46.5"))],
    )
    longitude = models.DecimalField(
        _("longitudine"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("9.5")), MaxValueValidator(Decimal("11.0"))],
    )
    closed_on = models.DateField(_("data di chiusura"), null=True, blank=True)

    class Meta:
        verbose_name = _("Punto Comunità")
        verbose_name_plural = _("Punti Comunità")
        ordering = ["quartiere__zona__order", "quartiere__name", "name"]

    def __str__(self) -> str:
        return self.name
