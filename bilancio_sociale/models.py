"""Editions of the Bilancio Sociale, their frozen data, published versions and contributions.

A published edition is immutable: `save()` refuses any change to it, to its snapshots, texts and
published versions, so no code path can alter what citizens have read. A correction publishes a
new `EditionVersion` (with an erratum note); the earlier versions stay downloadable.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX

COMMENT_MAX_LENGTH = 5000


class EditionImmutableError(ValidationError):
    """Raised when something tries to change a published edition."""

    def __init__(self, message: Any = None) -> None:
        super().__init__(
            message
            or _(
                "Questa edizione è pubblicata e non può essere modificata: "
                "per correggerla pubblica una nuova versione con una nota di errata corrige."
            )
        )


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    CONSULTATION = "consultation", _("In consultazione")
    APPROVED = "approved", _("Approvata")
    PUBLISHED = "published", _("Pubblicata")


class Edition(models.Model):
    slug = models.SlugField(_("identificativo"), unique=True)
    title = models.CharField(_("titolo"), max_length=200)
    period_start = models.DateField(_("inizio del periodo rendicontato"))
    period_end = models.DateField(_("fine del periodo rendicontato"))
    status = models.CharField(
        _("stato"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    consultation_opened_at = models.DateTimeField(
        _("consultazione aperta il"), null=True, blank=True
    )
    consultation_closes_on = models.DateField(
        _("la consultazione si chiude il"), null=True, blank=True
    )
    approved_at = models.DateTimeField(_("approvata il"), null=True, blank=True)
    approval_decision = models.ForeignKey(
        "consigli.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bilancio_editions",
        verbose_name=_("decisione del Consiglio di indirizzo"),
    )
    approval_note = models.TextField(
        _("nota sull'approvazione"), blank=True, max_length=SHORT_TEXT_MAX
    )
    published_at = models.DateTimeField(_("pubblicata il"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("edizione del Bilancio Sociale")
        verbose_name_plural = _("edizioni del Bilancio Sociale")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="bilancio_edition_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            stored = Edition.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == EditionStatus.PUBLISHED:
                raise EditionImmutableError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if Edition.objects.filter(pk=self.pk, status=EditionStatus.PUBLISHED).exists():
            raise EditionImmutableError()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def year_label(self) -> str:
        if self.period_start.year == self.period_end.year:
            return str(self.period_start.year)
        return f"{self.period_start.year}–{self.period_end.year}"


def _edition_locked(edition_id: int | None) -> bool:
    return bool(
        edition_id
        and Edition.objects.filter(pk=edition_id, status=EditionStatus.PUBLISHED).exists()
    )


class Snapshot(models.Model):
    """The frozen JSON of every registered section's data blocks for one edition."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="snapshots")
    data = models.JSONField(_("dati"), default=dict)
    taken_at = models.DateTimeField(_("acquisita il"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acquisita da"),
    )
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("istantanea dei dati")
        verbose_name_plural = _("istantanee dei dati")
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.edition} @ {self.taken_at:%d/%m/%Y %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and (_edition_locked(self.edition_id) or self.versions.exists()):
            raise EditionImmutableError()
        super().save(*args, **kwargs)


class SnapshotLog(models.Model):
    """Every snapshot taken or refreshed, with who, when and why."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="snapshot_logs")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="logs")
    action = models.CharField(_("operazione"), max_length=20)
    reason = models.TextField(_("motivo"), blank=True, max_length=SHORT_TEXT_MAX)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    changed_blocks = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("registro delle istantanee")
        verbose_name_plural = _("registro delle istantanee")

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%d/%m/%Y %H:%M}"


class SectionText(models.Model):
    """Narrative text of one section, written by staff (plain text, blank line = paragraph).

    `sub_key` is empty for the section's own text; otherwise it names a part of the section,
    e.g. "<azione slug>/obiettivi-contesto" in "obiettivi-attivita" (see narrative.py)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="texts")
    section_key = models.SlugField(_("sezione"), max_length=60)
    sub_key = models.CharField(_("parte della sezione"), max_length=120, blank=True, default="")
    body = models.TextField(_("testo"), blank=True, max_length=20000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("testo di sezione")
        verbose_name_plural = _("testi di sezione")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "section_key", "sub_key"],
                name="bilancio_one_text_per_section_part",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_id}:{self.section_key}" + (
            f"/{self.sub_key}" if self.sub_key else ""
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if _edition_locked(self.edition_id):
            raise EditionImmutableError()
        super().save(*args, **kwargs)


def version_upload_to(instance: EditionVersion, filename: str) -> str:
    return f"bilancio/{instance.edition.slug}/{filename}"


class EditionVersion(models.Model):
    """One published version: frozen snapshot and texts, its PDF and the PDF's SHA-256."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versione"))
    erratum = models.TextField(_("errata corrige"), blank=True, max_length=LONG_TEXT_MAX)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="versions")
    texts = models.JSONField(_("testi"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to=version_upload_to, max_length=300, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 del PDF"), max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    pdf_pages = models.PositiveIntegerField(default=0)
    pdf_built_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("pubblicata il"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("versione pubblicata")
        verbose_name_plural = _("versioni pubblicate")
        ordering = ["edition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="bilancio_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            stored = (
                EditionVersion.objects.filter(pk=self.pk)
                .values("number", "erratum", "snapshot_id", "texts", "pdf", "pdf_sha256")
                .first()
            )
            if stored:
                frozen_changed = (
                    stored["number"] != self.number
                    or stored["erratum"] != self.erratum
                    or stored["snapshot_id"] != self.snapshot_id
                    or stored["texts"] != self.texts
                )
                pdf_changed = stored["pdf"] and (
                    stored["pdf"] != self.pdf.name or stored["pdf_sha256"] != self.pdf_sha256
                )
                if frozen_changed or pdf_changed:
                    raise EditionImmutableError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise EditionImmutableError()


class AuthorKind(models.TextChoices):
    PARTNER = "partner", _("Organizzazione partner")
    COUNCIL = "council", _("Componente di consiglio")
    CITIZEN = "citizen", _("Cittadino o cittadina")


class Moderation(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("In attesa di conferma dell'email")
    PENDING = "pending", _("Da moderare")
    PUBLISHED = "published", _("Pubblicato")
    REJECTED = "rejected", _("Non pubblicato")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accolto")
    PARTLY = "partly", _("Accolto in parte")
    DECLINED = "declined", _("Non accolto")


class Contribution(models.Model):
    """A comment on one section during the consultation. Stored as plain text, always escaped."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="contributions")
    section_key = models.SlugField(_("sezione"), max_length=60)
    author_kind = models.CharField(_("chi scrive"), max_length=10, choices=AuthorKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bilancio_contributions",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    display_name = models.CharField(_("nome da mostrare"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    text = models.TextField(_("contributo"), max_length=COMMENT_MAX_LENGTH)
    consent_at = models.DateTimeField(_("consenso privacy il"), null=True, blank=True)
    confirm_token = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("email confermata il"), null=True, blank=True)
    moderation = models.CharField(
        _("moderazione"), max_length=12, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("esito"), max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("risposta"), blank=True, max_length=COMMENT_MAX_LENGTH)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the contributor was emailed that the answer is public (once: never emailed twice).
    answer_emailed_at = models.DateTimeField(_("risposta comunicata il"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contributo alla consultazione")
        verbose_name_plural = _("contributi alla consultazione")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["edition", "moderation"], name="bilancio_contrib_mod_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_author_kind_display()} · {self.section_key}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if _edition_locked(self.edition_id):
            raise EditionImmutableError()
        super().save(*args, **kwargs)
