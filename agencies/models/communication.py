"""Agency communication: tags, library, news, events, campaigns, pages, newsletters."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from citta_del_noi.common.text_limits import DOCUMENT_TEXT_MAX, LONG_TEXT_MAX

from .base import _USER, Agency, Stamped


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
