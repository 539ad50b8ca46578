"""The programme's seven actions and the activity records partners keep for them.

Activity records hold **aggregate** figures only. No personal data of the people served is
ever stored: there is deliberately no field for a beneficiary's name or fiscal code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citta_del_noi.common import storage as core_storage
from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

from .indicator_choices import (
    IndicatorAggregation,
    IndicatorComputation,
    check_aggregation,
    default_aggregation,
)


class TargetGroup(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=100)
    sensitive = models.BooleanField(
        _("categoria particolare"),
        default=False,
        help_text=_("Dati su salute o disabilità (art. 9 GDPR): soglia di riservatezza più alta."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("gruppo di destinatari")
        verbose_name_plural = _("gruppi di destinatari")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Azione(models.Model):
    """Azione 1 (system action, governance) and the six thematic cantieri (Azioni 2–7)."""

    class Kind(models.TextChoices):
        SISTEMA = "sistema", _("Azione di sistema")
        CANTIERE = "cantiere", _("Cantiere tematico")

    number = models.PositiveSmallIntegerField(_("numero"), unique=True)
    slug = models.SlugField(
        _("identificativo stabile"),
        unique=True,
        help_text=_("Non cambia mai: lo usano collegamenti, importazioni e dati aperti."),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("nome"), max_length=150)
    theme = models.CharField(_("tema"), max_length=150)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    name_confirmed = models.BooleanField(
        _("nome confermato"),
        default=False,
        help_text=_("Falso per i titoli di lavoro non ancora verificati."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="azioni", verbose_name=_("destinatari")
    )

    class Meta:
        verbose_name = _("azione")
        verbose_name_plural = _("azioni")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_cantiere(self) -> bool:
        return self.kind == self.Kind.CANTIERE


class ActivityKind(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=100)

    class Meta:
        verbose_name = _("tipo di attività")
        verbose_name_plural = _("tipi di attività")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.Model):
    """Where money comes from: the foundation grant, the Comune, partners, donations…"""

    class Sector(models.TextChoices):
        PUBLIC = "pubblico", _("Pubblica")
        PRIVATE = "privato", _("Privata")

    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=150)
    sector = models.CharField(_("natura"), max_length=10, choices=Sector.choices)
    is_main_grant = models.BooleanField(
        _("contributo principale"),
        default=False,
        help_text=_("Il contributo di Fondazione Cariplo: base del calcolo della leva."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("fonte di finanziamento")
        verbose_name_plural = _("fonti di finanziamento")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(models.Model):
    """A period partners report on. Once locked, records change only by documented correction."""

    name = models.CharField(_("nome"), max_length=50, unique=True)
    start = models.DateField(_("inizio"))
    end = models.DateField(_("fine"))
    closes_on = models.DateField(
        _("scadenza per l'invio"), help_text=_("Ultimo giorno per inviare i dati del periodo.")
    )
    locked_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chiuso da"),
    )

    class Meta:
        verbose_name = _("periodo di rendicontazione")
        verbose_name_plural = _("periodi di rendicontazione")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    SUBMITTED = "submitted", _("Inviata")
    RETURNED = "returned", _("Restituita per correzioni")
    APPROVED = "approved", _("Approvata")


class AgeBand(models.TextChoices):
    """Age bands of participants (the columns of the record's age figures)."""

    A0_5 = "age_0_5", _("0–5 anni")
    A6_13 = "age_6_13", _("6–13 anni")
    A14_17 = "age_14_17", _("14–17 anni")
    A18_29 = "age_18_29", _("18–29 anni")
    A30_64 = "age_30_64", _("30–64 anni")
    A65_79 = "age_65_79", _("65–79 anni")
    A80 = "age_80_plus", _("80 anni e oltre")
    UNKNOWN = "age_unknown", _("età non rilevata")


_COUNT: dict[str, Any] = {"default": 0, "validators": [MinValueValidator(0)]}


class ActivityRecord(models.Model):
    """What an organisation ran in a period, for one action, with aggregate figures only.

    Privacy: this model never stores who the participants are. Only counts.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("organizzazione"),
    )
    azione = models.ForeignKey(
        Azione,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("azione o cantiere"),
    )
    kind = models.ForeignKey(
        ActivityKind,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("tipo di attività"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("periodo di rendicontazione"),
    )
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(
        _("descrizione"),
        blank=True,
        help_text=_(
            "Descrivi l'attività senza nominare le persone coinvolte: il portale raccoglie solo "
            "dati aggregati, mai dati personali dei beneficiari."
        ),
        max_length=LONG_TEXT_MAX,
    )
    period_start = models.DateField(_("dal"))
    period_end = models.DateField(_("al"))
    city_wide = models.BooleanField(_("intera città"), default=False)
    quartieri = models.ManyToManyField(
        "territori.Quartiere", blank=True, related_name="activities", verbose_name=_("quartieri")
    )
    punto_comunita = models.ForeignKey(
        "territori.PuntoComunita",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Punto Comunità"),
    )
    # Participants (aggregate).
    participants_total = models.PositiveIntegerField(_("partecipanti totali"), **_COUNT)
    participants_new = models.PositiveIntegerField(_("nuovi partecipanti"), **_COUNT)
    participants_returning = models.PositiveIntegerField(_("partecipanti già coinvolti"), **_COUNT)
    participants_female = models.PositiveIntegerField(_("femmine"), **_COUNT)
    participants_male = models.PositiveIntegerField(_("maschi"), **_COUNT)
    participants_sex_unknown = models.PositiveIntegerField(_("sesso non rilevato"), **_COUNT)
    age_0_5 = models.PositiveIntegerField(AgeBand.A0_5.label, **_COUNT)
    age_6_13 = models.PositiveIntegerField(AgeBand.A6_13.label, **_COUNT)
    age_14_17 = models.PositiveIntegerField(AgeBand.A14_17.label, **_COUNT)
    age_18_29 = models.PositiveIntegerField(AgeBand.A18_29.label, **_COUNT)
    age_30_64 = models.PositiveIntegerField(AgeBand.A30_64.label, **_COUNT)
    age_65_79 = models.PositiveIntegerField(AgeBand.A65_79.label, **_COUNT)
    age_80_plus = models.PositiveIntegerField(AgeBand.A80.label, **_COUNT)
    age_unknown = models.PositiveIntegerField(AgeBand.UNKNOWN.label, **_COUNT)
    # People and time.
    volunteers = models.PositiveIntegerField(_("volontari coinvolti"), **_COUNT)
    volunteer_hours = models.DecimalField(
        _("ore di volontariato"), max_digits=9, decimal_places=1, **_COUNT
    )
    staff_hours = models.DecimalField(
        _("ore di personale retribuito"), max_digits=9, decimal_places=1, **_COUNT
    )
    # Non-monetary resources (money is in ActivityFunding, one row per source).
    in_kind_value = models.DecimalField(
        _("valore dei beni in natura (€)"), max_digits=12, decimal_places=2, **_COUNT
    )
    in_kind_description = models.CharField(_("beni in natura"), max_length=300, blank=True)
    spaces = models.CharField(_("spazi utilizzati"), max_length=300, blank=True)
    # Workflow.
    status = models.CharField(
        _("stato"),
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(
        _("commento della revisione"), blank=True, max_length=SHORT_TEXT_MAX
    )
    submitted_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approvata il"), null=True, blank=True)
    import_key = models.CharField(
        _("chiave di importazione"),
        max_length=100,
        blank=True,
        help_text=_("Codice stabile della riga nel foglio del partner: reimportare aggiorna."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("attività")
        verbose_name_plural = _("attività")
        ordering = ["-period_start", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "azione", "period_start"], name="act_status_azione_start"
            ),
            models.Index(fields=["organization", "reporting_period"], name="act_org_period"),
            models.Index(fields=["reporting_period", "status"], name="act_period_status"),
            models.Index(fields=["status", "period_start"], name="act_status_start"),
            models.Index(fields=["status", "submitted_at"], name="act_status_submitted"),
            # The summary's watermark (cantieri/summary.py) reads the latest of each.
            models.Index(fields=["approved_at"], name="act_approved_at"),
            models.Index(fields=["updated_at"], name="act_updated_at"),
            # The lists' order and the zone set are indexed by migration 0009_list_indexes (covering
            # indexes with the PostgreSQL-only column `zone_ids`; see cantieri/zones.py).
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="activity_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["organization", "import_key"],
                condition=~models.Q(import_key=""),
                name="unique_import_key_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    AGE_FIELDS = tuple(band.value for band in AgeBand)


class ActivityTargetCount(models.Model):
    """Participants of a record by target group."""

    activity = models.ForeignKey(
        ActivityRecord, on_delete=models.CASCADE, related_name="target_counts"
    )
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("partecipanti"), **_COUNT)

    class Meta:
        verbose_name = _("partecipanti per destinatari")
        verbose_name_plural = _("partecipanti per destinatari")
        constraints = [
            models.UniqueConstraint(fields=["activity", "target_group"], name="unique_target_count")
        ]

    def __str__(self) -> str:
        return f"{self.target_group_id}: {self.participants}"


class ActivityFunding(models.Model):
    """Money used by a record, per funding source."""

    activity = models.ForeignKey(ActivityRecord, on_delete=models.CASCADE, related_name="fundings")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("importo (€)"), max_digits=12, decimal_places=2, **_COUNT)

    class Meta:
        verbose_name = _("risorse per fonte")
        verbose_name_plural = _("risorse per fonte")
        constraints = [
            models.UniqueConstraint(fields=["activity", "source"], name="unique_activity_funding")
        ]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.amount}"


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output (realizzazione)")
    OUTCOME = "outcome", _("Outcome (risultato)")


PEOPLE_COMPUTATIONS = frozenset(
    {
        IndicatorComputation.PARTICIPANTS,
        IndicatorComputation.NEW_PARTICIPANTS,
        IndicatorComputation.VOLUNTEERS,
    }
)
PEOPLE_UNITS = frozenset(
    {"persone", "partecipanti", "volontari", "beneficiari", "utenti", "famiglie", "nuclei"}
)


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("Più alto è meglio")
    LOWER = "lower", _("Più basso è meglio")


AGGREGATION_HELP = _(
    "Come si ottiene il valore di più periodi o di più luoghi (zone, quartieri). "
    "Somma: i valori dei periodi e dei luoghi si sommano (persone, ore, attività). "
    "Media ponderata: numeratori e denominatori si sommano separatamente e poi si dividono "
    "(per le misurazioni: ogni valore pesa quanto la sua base, es. il numero di rispondenti); "
    "senza denominatore è la media semplice. "
    "Media semplice: media dei valori dei periodi. "
    "Ultimo valore: il valore dell'ultimo periodo con dati. "
    "Valore massimo: il valore più alto di un periodo. "
    "Conteggio distinto: gli elementi diversi raggiunti in tutti i periodi e luoghi (quartieri, "
    "organizzazioni), mai più di quelli che esistono. "
    "Nei luoghi i valori calcolati dalle attività si sommano sempre (ogni attività è ripartita "
    "tra i suoi quartieri). Percentuali e tassi non si sommano mai. "
    "L'obiettivo di più periodi segue la stessa regola (somma, media, ultimo, massimo). "
    "Se lasciata vuota vale la regola del significato: conteggio distinto per quartieri e "
    "organizzazioni, media ponderata per percentuali e tassi, ultimo valore per le altre "
    "misurazioni, somma per il resto."
)


class Indicator(models.Model):
    """An output or outcome indicator of an action, with baseline and targets."""

    azione = models.ForeignKey(
        Azione,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("azione o cantiere"),
    )
    code = models.SlugField(
        _("codice"),
        max_length=50,
        unique=True,
        help_text=_("Codice stabile dell'indicatore (es. c2-partecipanti)."),
    )
    name = models.CharField(_("nome"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField(_("unità di misura"), max_length=50)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    computation = models.CharField(
        _("calcolo"),
        max_length=30,
        choices=IndicatorComputation.choices,
        help_text=_("Calcolato dalle attività approvate oppure misurato a mano (con la fonte)."),
    )
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("gruppo di destinatari"),
        help_text=_("Se indicato, conta solo i partecipanti di questo gruppo."),
    )
    baseline_value = models.DecimalField(
        _("valore di partenza"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("anno di partenza"), null=True, blank=True)
    direction = models.CharField(
        _("direzione"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER,
        help_text=_(
            "Decide quando l'obiettivo è raggiunto: valore almeno pari all'obiettivo se più alto "
            "è meglio, al più pari all'obiettivo se più basso è meglio (es. abbandono scolastico)."
        ),
    )
    aggregation = models.CharField(
        _("aggregazione"),
        max_length=15,
        choices=IndicatorAggregation.choices,
        blank=True,
        default="",
        help_text=AGGREGATION_HELP,
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["azione__number", "order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_aggregation(self)

    @property
    def aggregation_rule(self) -> str:
        """The aggregation that applies: the declared one, else the one its meaning implies."""
        return self.aggregation or default_aggregation(self.computation, self.unit)

    @property
    def is_manual(self) -> bool:
        return self.computation == IndicatorComputation.MANUAL

    @property
    def counts_people(self) -> bool:
        """Its value is a number of people (participants, volunteers, or a measured count whose
        unit is people): published figures are then subject to disclosure control."""
        if self.computation in PEOPLE_COMPUTATIONS:
            return True
        return self.is_manual and self.unit.strip().lower() in PEOPLE_UNITS


class IndicatorTarget(models.Model):
    """The value an indicator should reach in a reporting period or in a year."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicatore"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("periodo di rendicontazione"),
    )
    year = models.PositiveSmallIntegerField(_("anno"), null=True, blank=True)
    value = models.DecimalField(_("valore obiettivo"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("obiettivo dell'indicatore")
        verbose_name_plural = _("obiettivi degli indicatori")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reporting_period__isnull=False) | models.Q(year__isnull=False),
                name="target_period_or_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "reporting_period"],
                condition=models.Q(reporting_period__isnull=False),
                name="unique_target_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(reporting_period__isnull=True),
                name="unique_target_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.reporting_period or self.year}: {self.value}"


class Measurement(models.Model):
    """A manually entered value of an indicator, with its source."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicatore"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("periodo di rendicontazione"),
    )
    measured_on = models.DateField(_("data della misurazione"))
    value = models.DecimalField(_("valore"), max_digits=14, decimal_places=2)
    base = models.PositiveIntegerField(
        _("base (denominatore)"),
        null=True,
        blank=True,
        help_text=_(
            "Per percentuali e tassi: su quante persone o casi è calcolato il valore (es. il "
            "numero di rispondenti). Serve alla media ponderata di più periodi."
        ),
    )
    source = models.CharField(
        _("fonte"), max_length=300, help_text=_("Da dove viene il dato (indagine, registro…).")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inserita da"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("misurazione")
        verbose_name_plural = _("misurazioni")
        ordering = ["-measured_on", "-pk"]
        indexes = [models.Index(fields=["indicator", "measured_on"], name="measure_ind_date")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class ActivityCorrection(models.Model):
    """A documented change to a record of a locked period: who, when, why. Reopens review."""

    activity = models.ForeignKey(
        ActivityRecord,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("attività"),
    )
    reason = models.TextField(_("motivo della correzione"), max_length=SHORT_TEXT_MAX)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("richiesta da"),
    )
    created_at = models.DateTimeField(_("aperta il"), auto_now_add=True)
    changes = models.JSONField(_("modifiche"), default=dict, blank=True)

    class Meta:
        verbose_name = _("correzione documentata")
        verbose_name_plural = _("correzioni documentate")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity} — {self.created_at:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One reminder sent: makes reminder tasks idempotent (never twice for the same key)."""

    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=200)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_reminder")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


def private_storage() -> Storage:
    """Uploaded spreadsheets are never served by URL (citta_del_noi/common/storage.py)."""
    return core_storage.private_storage()


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Anteprima")
    RUNNING = "running", _("In corso")
    DONE = "done", _("Completata")
    FAILED = "failed", _("Non riuscita")


class ActivityImport(models.Model):
    """An uploaded spreadsheet between preview and confirmation, then its report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("caricato da"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organizzazione"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    file_format = models.CharField(max_length=5)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    preview = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    job_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importazione di attività")
        verbose_name_plural = _("importazioni di attività")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


# --- Summary tables of approved records (maintained by cantieri.summary; never edited by hand) -


class ActivityFact(models.Model):
    """Approved activity records summed by reporting period, action and quartiere.

    A record in several quartieri is shared out equally (participants, volunteers, hours and
    money divided by the number of quartieri); `records` counts it in each quartiere it
    touches, `records_primary` counts it once (in its first quartiere). City-wide records and
    records without a quartiere have quartiere = NULL.
    """

    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    quartiere = models.ForeignKey(
        "territori.Quartiere", on_delete=models.CASCADE, null=True, related_name="+"
    )
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    records = models.IntegerField(default=0)
    records_primary = models.IntegerField(default=0)
    participants = models.FloatField(default=0)
    participants_new = models.FloatField(default=0)
    volunteers = models.FloatField(default=0)
    volunteer_hours = models.FloatField(default=0)
    staff_hours = models.FloatField(default=0)
    in_kind_value = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="fact_period_azione"),
            models.Index(fields=["zona", "reporting_period"], name="fact_zona_period"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.quartiere_id}"


class ActivityTargetFact(models.Model):
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    target_group = models.ForeignKey(
        "cantieri.TargetGroup", on_delete=models.CASCADE, related_name="+"
    )
    records = models.IntegerField(default=0)
    participants = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="tfact_period_azione"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.target_group_id}"


class ActivityFundingFact(models.Model):
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    source = models.ForeignKey("cantieri.FundingSource", on_delete=models.CASCADE, related_name="+")
    amount = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="ffact_period_azione"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.source_id}"


class ActivityOrgFact(models.Model):
    """Which organisations have approved records in a period, action and zone (for distinct
    counts: an organisation working in two zones has a row in each; zona NULL for city-wide
    records and records without a quartiere)."""

    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    records = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="ofact_period_azione"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.organization_id}"


class SummaryState(models.Model):
    """One row: when the summary tables were refreshed and the source watermark then."""

    key = models.CharField(max_length=20, unique=True, default="activity")
    refreshed_at = models.DateTimeField(null=True)
    approved_count = models.BigIntegerField(default=0)
    max_approved_at = models.DateTimeField(null=True)
    max_updated_at = models.DateTimeField(null=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
