"""The five cross-cutting agencies that support the seven actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citta_del_noi.common.text_limits import DOCUMENT_TEXT_MAX, LONG_TEXT_MAX, SHORT_TEXT_MAX
from citta_del_noi.organizations.models import LegalForm


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


class NeedSource(models.TextChoices):
    SURVEY = "indagine", _("Indagine")
    DESK = "punto_comunita", _("Sportello di Punto Comunità")
    COUNCIL = "consiglio", _("Consiglio")
    SERVICE_DATA = "dati_servizi", _("Dati dei servizi")


class NeedStatus(models.TextChoices):
    ANSWERED = "risposto", _("Con risposta")
    PARTLY = "parziale", _("Con risposta parziale")
    NONE = "senza_risposta", _("Senza risposta")


class NoAnswerReason(models.TextChoices):
    NO_RESOURCES = "risorse", _("Mancano risorse")
    NO_PROVIDER = "gestore", _("Manca un soggetto che lo realizzi")
    OUT_OF_SCOPE = "fuori_ambito", _("Fuori dall'ambito del programma")
    NOT_ASSESSED = "da_valutare", _("Non ancora valutato")


# Free-text fields of a need: they refuse recognisable personal data.
NEED_TEXT_FIELDS = ("title", "description", "evidence")


class Need(Stamped):
    title = models.CharField(_("bisogno"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    target_group = models.ForeignKey(
        "cantieri.TargetGroup",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destinatari"),
    )
    quartieri = models.ManyToManyField(
        "territori.Quartiere",
        blank=True,
        related_name="+",
        verbose_name=_("quartieri"),
        help_text=_("Nessun quartiere: bisogno dell'intera città."),
    )
    source = models.CharField(_("fonte"), max_length=16, choices=NeedSource.choices)
    evidence = models.TextField(_("evidenze"), max_length=LONG_TEXT_MAX)
    identified_on = models.DateField(_("rilevato il"))
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=NeedStatus.choices,
        default=NeedStatus.NONE,
        editable=False,
    )
    reason = models.CharField(
        _("motivo della mancata risposta"),
        max_length=16,
        choices=NoAnswerReason.choices,
        default=NoAnswerReason.NOT_ASSESSED,
        blank=True,
    )
    activities = models.ManyToManyField(
        "cantieri.ActivityRecord",
        blank=True,
        related_name="+",
        verbose_name=_("attività che rispondono"),
    )
    service_units = models.ManyToManyField(
        ServiceUnit, blank=True, related_name="needs", verbose_name=_("servizi che rispondono")
    )
    decisions = models.ManyToManyField(
        "consigli.Decision",
        blank=True,
        related_name="+",
        verbose_name=_("decisioni dei consigli"),
    )
    published = models.BooleanField(_("pubblicato"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("bisogno")
        verbose_name_plural = _("registro dei bisogni")
        ordering = ["-identified_on", "title"]
        indexes = [models.Index(fields=["status"], name="agencies_need_status")]

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    name = models.CharField(_("etichetta"), max_length=60, unique=True)
    slug = models.SlugField(_("identificativo"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("etichetta")
        verbose_name_plural = _("etichette")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    RESEARCH = "ricerca", _("Rapporto di ricerca")
    PRACTICE = "buona_pratica", _("Buona pratica")


class LibraryDocument(Stamped):
    kind = models.CharField(_("tipo"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("titolo"), max_length=250)
    authors = models.CharField(_("autori"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(1990)])
    summary = models.TextField(_("sintesi"), max_length=LONG_TEXT_MAX)
    url = models.URLField(_("collegamento"), blank=True)
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="documents", verbose_name=_("etichette")
    )
    published = models.BooleanField(_("pubblicato"), default=False)

    class Meta:
        verbose_name = _("documento della biblioteca")
        verbose_name_plural = _("biblioteca: ricerche e buone pratiche")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# Comunicazione
# ---------------------------------------------------------------------------------------------


class NewsItem(Stamped):
    title = models.CharField(_("titolo"), max_length=200)
    summary = models.CharField(_("sommario"), max_length=300)
    body = models.TextField(_("testo"), max_length=DOCUMENT_TEXT_MAX)
    published_on = models.DateField(_("data di pubblicazione"))
    published = models.BooleanField(_("pubblicata"), default=False)

    class Meta:
        verbose_name = _("notizia")
        verbose_name_plural = _("notizie")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Event(Stamped):
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), max_length=LONG_TEXT_MAX)
    start = models.DateTimeField(_("inizio"))
    end = models.DateTimeField(_("fine"))
    location = models.CharField(_("luogo"), max_length=200)
    quartiere = models.ForeignKey(
        "territori.Quartiere",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartiere"),
    )
    published = models.BooleanField(_("pubblicato"), default=False)

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")
        ordering = ["start"]

    def __str__(self) -> str:
        return self.title


class Campaign(Stamped):
    name = models.CharField(_("campagna"), max_length=200)
    objective = models.TextField(_("obiettivo"), max_length=LONG_TEXT_MAX)
    audience = models.CharField(_("pubblico"), max_length=200)
    channels = models.CharField(
        _("canali"), max_length=300, help_text=_("Per esempio: sito, social, stampa, volantini.")
    )
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"))
    reach = models.PositiveIntegerField(_("persone raggiunte (misurate)"), null=True, blank=True)
    reach_method = models.CharField(_("come è stata misurata"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("campagna di comunicazione")
        verbose_name_plural = _("piano di comunicazione")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.name


class PageKind(models.TextChoices):
    AZIONE = "azione", _("Azione o cantiere")
    AGENCY = "agenzia", _("Agenzia")
    PUNTO = "punto", _("Punto Comunità")


class PublicPage(models.Model):
    """Editable text of the public page of a cantiere, an agency or a Punto Comunità."""

    kind = models.CharField(_("tipo"), max_length=8, choices=PageKind.choices)
    azione = models.OneToOneField(
        "cantieri.Azione", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="page"
    )
    punto = models.OneToOneField(
        "territori.PuntoComunita",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    intro = models.CharField(_("sottotitolo"), max_length=300, blank=True)
    body = models.TextField(
        _("testo della pagina"),
        blank=True,
        help_text=_("Testo semplice; una riga vuota separa i paragrafi."),
        max_length=DOCUMENT_TEXT_MAX,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pagina pubblica")
        verbose_name_plural = _("pagine pubbliche")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.azione or self.agency or self.punto}"


class Subscriber(models.Model):
    email = models.EmailField(_("email"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confermata il"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("cancellata il"), null=True, blank=True)

    class Meta:
        verbose_name = _("iscritto alla newsletter")
        verbose_name_plural = _("iscritti alla newsletter")

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NewsletterStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    SENDING = "invio", _("In invio")
    SENT = "inviata", _("Inviata")


class Newsletter(Stamped):
    subject = models.CharField(_("oggetto"), max_length=200)
    body = models.TextField(_("testo"), max_length=DOCUMENT_TEXT_MAX)
    status = models.CharField(
        _("stato"),
        max_length=8,
        choices=NewsletterStatus.choices,
        default=NewsletterStatus.DRAFT,
        editable=False,
    )
    sent_at = models.DateTimeField(_("inviata il"), null=True, blank=True, editable=False)
    recipients = models.PositiveIntegerField(_("destinatari"), default=0, editable=False)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletter")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


# ---------------------------------------------------------------------------------------------
# Finanza
# ---------------------------------------------------------------------------------------------


class SourceAllocation(Stamped):
    """The total a funding source makes available in one year."""

    source = models.ForeignKey(
        "cantieri.FundingSource",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fonte"),
    )
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(2015)])
    amount = models.DecimalField(
        _("totale (€)"), validators=[MinValueValidator(0)], max_digits=12, decimal_places=2
    )
    note = models.CharField(_("nota"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stanziamento della fonte")
        verbose_name_plural = _("stanziamenti delle fonti")
        ordering = ["-year", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="agencies_allocation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"


class BudgetLine(Stamped):
    source = models.ForeignKey(
        "cantieri.FundingSource",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fonte"),
    )
    year = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(2015)])
    azione = models.ForeignKey(
        "cantieri.Azione",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("azione"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("agenzia"),
    )
    description = models.CharField(_("voce"), max_length=200)
    amount = models.DecimalField(
        _("importo (€)"), validators=[MinValueValidator(0)], max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("voce di bilancio")
        verbose_name_plural = _("bilancio per azione, agenzia e anno")
        ordering = ["-year", "azione__number", "description"]

    def __str__(self) -> str:
        return f"{self.year} · {self.description}"


class ExpenditureKind(models.TextChoices):
    COMMITMENT = "impegno", _("Impegno")
    PAYMENT = "spesa", _("Spesa")


class Expenditure(Stamped):
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=_("voce di bilancio"),
    )
    kind = models.CharField(_("tipo"), max_length=8, choices=ExpenditureKind.choices)
    date = models.DateField(_("data"))
    amount = models.DecimalField(
        _("importo (€)"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=12,
        decimal_places=2,
    )
    description = models.CharField(_("descrizione"), max_length=300)
    activity = models.ForeignKey(
        "cantieri.ActivityRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attività collegata"),
    )

    class Meta:
        verbose_name = _("impegno o spesa")
        verbose_name_plural = _("impegni e spese")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.description


class Fundraising(Stamped):
    title = models.CharField(_("campagna"), max_length=200)
    description = models.TextField(_("descrizione"), max_length=LONG_TEXT_MAX)
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"))
    target_amount = models.DecimalField(_("obiettivo (€)"), max_digits=12, decimal_places=2)
    raised_amount = models.DecimalField(
        _("raccolto (€)"),
        default=0,
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
    )
    donations = models.PositiveIntegerField(_("numero di donazioni"), default=0)
    published = models.BooleanField(_("pubblicata"), default=False)

    class Meta:
        verbose_name = _("campagna di raccolta fondi")
        verbose_name_plural = _("campagne di raccolta fondi")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.title


class CallStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    PUBLISHED = "pubblicato", _("Pubblicato")
    CLOSED = "chiuso", _("Chiuso, in valutazione")
    AWARDED = "assegnato", _("Graduatoria approvata")


class Call(Stamped):
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), max_length=LONG_TEXT_MAX)
    budget = models.DecimalField(_("dotazione (€)"), max_digits=12, decimal_places=2)
    source = models.ForeignKey(
        "cantieri.FundingSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fonte"),
    )
    deadline = models.DateTimeField(_("scadenza per le domande"))
    status = models.CharField(
        _("stato"),
        max_length=10,
        choices=CallStatus.choices,
        default=CallStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bando")
        verbose_name_plural = _("bandi")
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.title


class CallCriterion(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bando")
    )
    name = models.CharField(_("criterio"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("peso"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("punteggio massimo"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "presentata", _("Presentata")
    AWARDED = "finanziata", _("Finanziata")
    NOT_AWARDED = "non_finanziata", _("Non finanziata")


class Application(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="applications", verbose_name=_("bando")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    title = models.CharField(_("titolo del progetto"), max_length=200)
    summary = models.TextField(_("sintesi del progetto"), max_length=LONG_TEXT_MAX)
    requested_amount = models.DecimalField(
        _("contributo richiesto (€)"),
        validators=[MinValueValidator(1)],
        max_digits=12,
        decimal_places=2,
    )
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("presentata il"))
    submitted_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="agencies_app_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.title}"


class EvaluatorAssignment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    evaluator = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("valutatore")
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("incarico di valutazione")
        verbose_name_plural = _("incarichi di valutazione")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="agencies_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.evaluator}"


class Score(models.Model):
    assignment = models.ForeignKey(
        EvaluatorAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(CallCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("punteggio"))
    comment = models.CharField(_("motivazione"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="agencies_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class GrantStatus(models.TextChoices):
    AWARDED = "assegnato", _("Assegnato")
    RUNNING = "in_corso", _("In corso")
    REPORTED = "rendicontato", _("Rendicontato")
    CLOSED = "chiuso", _("Chiuso")
    REVOKED = "revocato", _("Revocato")


class Grant(Stamped):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name=_("domanda")
    )
    amount = models.DecimalField(_("contributo assegnato (€)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("stato"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.AWARDED
    )
    notes = models.TextField(_("note di monitoraggio"), blank=True, max_length=SHORT_TEXT_MAX)

    class Meta:
        verbose_name = _("contributo assegnato")
        verbose_name_plural = _("contributi assegnati")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application} · {self.amount}"
