"""Agency people: staff, volunteers, training, volunteer calls."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

from .base import Stamped

# ---------------------------------------------------------------------------------------------
# Risorse umane
# ---------------------------------------------------------------------------------------------


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinamento", _("Coordinamento")
    SOCIAL_WORKER = "assistente_sociale", _("Assistente sociale")
    EDUCATOR = "educatore", _("Educatore/educatrice")
    COMMUNITY = "operatore_comunita", _("Operatore di comunità")
    ADMIN = "amministrativo", _("Amministrativo")
    OTHER = "altro", _("Altro")


class ContractType(models.TextChoices):
    PERMANENT = "indeterminato", _("Dipendente a tempo indeterminato")
    FIXED = "determinato", _("Dipendente a tempo determinato")
    FREELANCE = "collaborazione", _("Collaborazione / libera professione")
    SECONDED = "distacco", _("Distacco da altro ente")


class Sex(models.TextChoices):
    FEMALE = "F", _("Femmine")
    MALE = "M", _("Maschi")
    UNKNOWN = "ND", _("Non rilevato")


class StaffAgeBand(models.TextChoices):
    UNDER_30 = "<30", _("Meno di 30 anni")
    FROM_30_TO_49 = "30-49", _("30-49 anni")
    FROM_50 = "50+", _("50 anni e più")


class StaffEntry(Stamped):
    """Aggregate staff figures: how many people of one profile, never individual persons."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("periodo"),
    )
    role = models.CharField(_("ruolo"), max_length=20, choices=StaffRole.choices)
    contract_type = models.CharField(
        _("tipo di contratto"), max_length=16, choices=ContractType.choices
    )
    sex = models.CharField(_("sesso"), max_length=2, choices=Sex.choices)
    age_band = models.CharField(_("fascia d'età"), max_length=6, choices=StaffAgeBand.choices)
    people = models.PositiveIntegerField(_("persone"), validators=[MinValueValidator(1)])
    hours = models.DecimalField(
        _("ore lavorate nel periodo"),
        max_digits=10,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("personale (dato aggregato)")
        verbose_name_plural = _("personale (dati aggregati)")
        ordering = ["reporting_period__start", "organization__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "organization",
                    "reporting_period",
                    "role",
                    "contract_type",
                    "sex",
                    "age_band",
                ],
                name="agencies_staffentry_unique_profile",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()} · {self.people}"


class VolunteerEntry(Stamped):
    """Volunteers NOT tied to recorded activities (governance, back office, events without a
    record). Volunteers of activities come from approved activity records; the two are added."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("periodo"),
    )
    volunteers = models.PositiveIntegerField(_("volontari"))
    volunteer_hours = models.DecimalField(
        _("ore di volontariato"),
        max_digits=10,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    description = models.CharField(_("in quali compiti"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("volontari non legati ad attività")
        verbose_name_plural = _("volontari non legati ad attività")
        ordering = ["reporting_period__start", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reporting_period"],
                name="agencies_volunteerentry_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.reporting_period}"


class TrainingCourse(Stamped):
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    provider = models.CharField(_("ente formatore"), max_length=200, blank=True)
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"), null=True, blank=True)
    evaluation_score = models.DecimalField(
        _("valutazione media (1-5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evaluation_notes = models.TextField(
        _("esito della valutazione"), blank=True, max_length=LONG_TEXT_MAX
    )

    class Meta:
        verbose_name = _("corso di formazione")
        verbose_name_plural = _("corsi di formazione")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(
        TrainingCourse,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("corso"),
    )
    date = models.DateField(_("data"))
    hours = models.DecimalField(
        _("ore"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    topic = models.CharField(_("argomento"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sessione di formazione")
        verbose_name_plural = _("sessioni di formazione")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.course} · {self.date}"


class TrainingParticipation(models.Model):
    course = models.ForeignKey(
        TrainingCourse,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("corso"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    participants = models.PositiveIntegerField(_("partecipanti"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("partecipazione alla formazione")
        verbose_name_plural = _("partecipazioni alla formazione")
        ordering = ["course", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "organization"], name="agencies_training_part_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.organization}"


class VolunteerCall(Stamped):
    """A public call for volunteers ("people raising")."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("cosa si chiede"), max_length=LONG_TEXT_MAX)
    quartieri = models.ManyToManyField(
        "territori.Quartiere", blank=True, related_name="+", verbose_name=_("quartieri")
    )
    contact_email = models.EmailField(
        _("email a cui inoltrare le candidature"),
        help_text=_("Le manifestazioni di interesse vengono inoltrate a questo indirizzo."),
    )
    open_until = models.DateField(_("aperta fino al"))
    published = models.BooleanField(_("pubblicata"), default=False)

    class Meta:
        verbose_name = _("ricerca di volontari")
        verbose_name_plural = _("ricerche di volontari")
        ordering = ["-open_until"]

    def __str__(self) -> str:
        return self.title


class VolunteerInterest(models.Model):
    """A citizen's interest in a call; deleted by the worker after the retention period."""

    call = models.ForeignKey(
        VolunteerCall,
        on_delete=models.CASCADE,
        related_name="interests",
        verbose_name=_("ricerca"),
    )
    name = models.CharField(_("nome e cognome"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("telefono"), max_length=30, blank=True)
    message = models.TextField(_("messaggio"), blank=True, max_length=SHORT_TEXT_MAX)
    consent = models.BooleanField(_("consenso al trattamento dei dati"))
    created_at = models.DateTimeField(auto_now_add=True)
    forwarded_at = models.DateTimeField(_("inoltrata il"), null=True, blank=True)
    delete_after = models.DateField(_("da cancellare dopo il"))

    class Meta:
        verbose_name = _("manifestazione di interesse")
        verbose_name_plural = _("manifestazioni di interesse")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["delete_after"], name="agencies_interest_expiry")]

    def __str__(self) -> str:
        return f"{self.call} · {self.created_at:%d/%m/%Y}"
