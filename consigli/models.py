"""The two councils of the programme and their members."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.role_rows import RoleRowsQuerySet
from citta_del_noi.common.text_limits import DOCUMENT_TEXT_MAX, LONG_TEXT_MAX, SHORT_TEXT_MAX


class Consiglio(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    name = models.CharField(_("nome"), max_length=150)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    established = models.PositiveSmallIntegerField(_("anno di istituzione"), null=True, blank=True)
    quorum_fraction = models.DecimalField(
        _("quorum (frazione dei componenti)"),
        max_digits=3,
        decimal_places=2,
        default=0.5,
        help_text=_("Frazione dei componenti in carica che deve essere presente: 0,50 = metà."),
    )
    quorum_plus_one = models.BooleanField(
        _("maggioranza assoluta (metà più uno)"),
        default=True,
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
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("organizzazione rappresentata"),
    )
    role = models.CharField(
        _("ruolo"), max_length=20, choices=MemberRole.choices, default=MemberRole.COMPONENTE
    )
    term_start = models.DateField(_("in carica dal"))
    term_end = models.DateField(_("in carica fino al"), null=True, blank=True)

    objects = RoleRowsQuerySet.as_manager()  # bulk writes bump the role cache

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


def active_on_q(day: datetime.date) -> models.Q:
    """Seats whose term covers `day`."""
    return models.Q(term_start__lte=day) & (
        models.Q(term_end__isnull=True) | models.Q(term_end__gte=day)
    )


class WorkingGroup(models.Model):
    """A working group inside a council (members are seats of that council)."""

    consiglio = models.ForeignKey(
        Consiglio,
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("consiglio"),
    )
    name = models.CharField(_("nome"), max_length=150)
    description = models.TextField(_("mandato"), blank=True, max_length=LONG_TEXT_MAX)
    members = models.ManyToManyField(
        CouncilMember, blank=True, related_name="working_groups", verbose_name=_("componenti")
    )
    active = models.BooleanField(_("attivo"), default=True)

    class Meta:
        verbose_name = _("gruppo di lavoro")
        verbose_name_plural = _("gruppi di lavoro")
        ordering = ["consiglio", "name"]
        constraints = [
            models.UniqueConstraint(fields=["consiglio", "name"], name="unique_working_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("In programma")
    CONVENED = "convened", _("Convocata")
    HELD = "held", _("Svolta")
    CANCELLED = "cancelled", _("Annullata")


class Meeting(models.Model):
    consiglio = models.ForeignKey(
        Consiglio, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("consiglio")
    )
    title = models.CharField(_("titolo"), max_length=200)
    starts_at = models.DateTimeField(_("inizio"), db_index=True)
    ends_at = models.DateTimeField(_("fine prevista"), null=True, blank=True)
    location = models.CharField(_("luogo"), max_length=200, blank=True)
    status = models.CharField(
        _("stato"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    invitations_sent_at = models.DateTimeField(_("convocazione inviata il"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riunione")
        verbose_name_plural = _("riunioni")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["consiglio", "starts_at"], name="meeting_council_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"

    @property
    def date(self) -> datetime.date:

        return timezone.localtime(self.starts_at).date()


class AgendaItemKind(models.TextChoices):
    TOPIC = "topic", _("Argomento")
    MINUTES_APPROVAL = "minutes", _("Approvazione del verbale")
    FOLLOW_UP = "follow_up", _("Verifica di una decisione scaduta")
    ALERT = "alert", _("Segnalazione dal cruscotto")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("riunione")
    )
    position = models.PositiveSmallIntegerField(_("posizione"), default=0)
    kind = models.CharField(
        _("tipo"), max_length=10, choices=AgendaItemKind.choices, default=AgendaItemKind.TOPIC
    )
    title = models.CharField(_("argomento"), max_length=250)
    description = models.TextField(_("descrizione"), blank=True, max_length=LONG_TEXT_MAX)
    confidential = models.BooleanField(
        _("riservato"),
        default=False,
        help_text=_("I punti riservati non compaiono nella pagina pubblica del consiglio."),
    )
    azione = models.ForeignKey(
        "cantieri.Azione",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cantiere o azione"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenzia"),
    )
    quartiere = models.ForeignKey(
        "territori.Quartiere",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartiere"),
    )
    indicator = models.ForeignKey(
        "cantieri.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicatore"),
    )
    previous_decision = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_items",
        verbose_name=_("decisione precedente"),
    )
    minutes_to_approve = models.ForeignKey(
        "Minutes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_items",
        verbose_name=_("verbale da approvare"),
    )
    flag_key = models.CharField(_("segnalazione"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("punto all'ordine del giorno")
        verbose_name_plural = _("punti all'ordine del giorno")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


def meeting_document_path(instance: MeetingDocument, filename: str) -> str:
    return f"consigli/riunioni/{instance.meeting_id}/{filename}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("riunione")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("punto all'ordine del giorno"),
    )
    title = models.CharField(_("titolo"), max_length=200)
    file = models.FileField(_("file"), upload_to=meeting_document_path, max_length=300)
    confidential = models.BooleanField(_("riservato"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Presente")
    ABSENT = "absent", _("Assente")
    DELEGATED = "delegated", _("Assente con delega")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("presenza"), max_length=10, choices=AttendanceStatus.choices)
    delegate = models.ForeignKey(
        CouncilMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies",
        verbose_name=_("delegato"),
    )

    class Meta:
        verbose_name = _("presenza")
        verbose_name_plural = _("presenze")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.status}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    APPROVED = "approved", _("Approvato")


class Minutes(models.Model):
    """The minutes of a meeting: drafted by the secretary, approved at the next meeting, frozen."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("testo del verbale"), max_length=DOCUMENT_TEXT_MAX)
    confidential_text = models.TextField(
        _("parte riservata"),
        blank=True,
        help_text=_("Discussione dei punti riservati: visibile solo ai componenti."),
        max_length=DOCUMENT_TEXT_MAX,
    )
    status = models.CharField(
        _("stato"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_at = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approvato nella riunione"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verbale")
        verbose_name_plural = _("verbali")

    def __str__(self) -> str:
        return str(_("Verbale: %(meeting)s") % {"meeting": self.meeting})

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("commento"), max_length=DOCUMENT_TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commento al verbale")
        verbose_name_plural = _("commenti al verbale")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.text[:40]}"


class MinutesErratum(models.Model):
    """A change to approved minutes: the old and new text and the reason."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="errata")
    confidential = models.BooleanField(_("parte riservata"), default=False)
    previous_text = models.TextField(_("testo precedente"), max_length=DOCUMENT_TEXT_MAX)
    new_text = models.TextField(_("nuovo testo"), max_length=DOCUMENT_TEXT_MAX)
    reason = models.TextField(_("motivo"), max_length=SHORT_TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("errata corrige")
        verbose_name_plural = _("errata corrige")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.minutes_id}: {self.reason[:40]}"


class DecisionMode(models.TextChoices):
    CONSENSUS = "consensus", _("Per consenso")
    VOTE = "vote", _("Con votazione")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Aperta")
    IN_PROGRESS = "in_progress", _("In corso")
    DONE = "done", _("Attuata")
    DROPPED = "dropped", _("Abbandonata")


class Decision(models.Model):
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("punto all'ordine del giorno"),
    )
    text = models.TextField(_("testo della decisione"), max_length=DOCUMENT_TEXT_MAX)
    mode = models.CharField(
        _("modalità"), max_length=10, choices=DecisionMode.choices, default=DecisionMode.CONSENSUS
    )
    votes_for = models.PositiveSmallIntegerField(_("voti favorevoli"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("voti contrari"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("astenuti"), null=True, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsabile (persona)"),
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsabile (organizzazione)"),
    )
    due_date = models.DateField(_("scadenza"), null=True, blank=True)
    status = models.CharField(
        _("stato di attuazione"),
        max_length=12,
        choices=DecisionStatus.choices,
        default=DecisionStatus.OPEN,
    )
    drop_reason = models.TextField(
        _("motivo dell'abbandono"), blank=True, max_length=SHORT_TEXT_MAX
    )
    subject = models.CharField(
        _("oggetto formale"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "L'atto su cui il consiglio delibera (per esempio l'edizione del Bilancio Sociale "
            "che approva), scelto tra gli oggetti registrati dalle altre sezioni del portale."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decisione")
        verbose_name_plural = _("decisioni")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="decision_status_due")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_label(self) -> str:
        if self.owner_organization_id:
            return str(self.owner_organization)
        if self.owner_user_id:
            user = self.owner_user
            return (user.get_full_name() or user.email) if user else ""
        return ""


class DecisionConflict(models.Model):
    """A conflict of interest declared by a member on a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("nota"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conflitto di interessi")
        verbose_name_plural = _("conflitti di interessi")
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="unique_decision_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.note}"


class DecisionUpdate(models.Model):
    """One step of a decision's follow-up timeline."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("stato"), max_length=12, choices=DecisionStatus.choices)
    note = models.TextField(_("nota"), blank=True, max_length=SHORT_TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aggiornamento della decisione")
        verbose_name_plural = _("aggiornamenti delle decisioni")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.status}"
