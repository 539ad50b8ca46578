"""Citizens' contributions to the consultation: submit, confirm, moderate, answer, purge."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _g

from citta_del_noi.accounts import roles
from citta_del_noi.jobs.queue import enqueue
from citta_del_noi.notifications.links import portal_url
from citta_del_noi.notifications.services import notify
from citta_del_noi.privacy.validators import refuse_personal_data

from ..models import (
    COMMENT_MAX_LENGTH,
    AuthorKind,
    Contribution,
    Edition,
    EditionImmutableError,
    EditionStatus,
    Moderation,
    Outcome,
)
from ..registry import get_section
from ..selectors import (
    consultation_closed,
    contributor_kind,
    section_titles,
)

# Enqueued by name (bilancio_sociale/tasks.py imports this module, not the reverse).
ANSWER_EMAIL_TASK = "bilancio_sociale.contribution_answer_email"


# --- contributions --------------------------------------------------------------------------


def _validate_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _g("Scrivi il tuo contributo.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _g(
                    "Il contributo è troppo lungo: al massimo %(max)s caratteri (ne hai "
                    "scritti %(n)s)."
                )
                % {
                    "max": f"{COMMENT_MAX_LENGTH:,}".replace(",", "."),
                    "n": f"{len(text):,}".replace(",", "."),
                }
            }
        )
    refuse_personal_data({"text": text}, ["text"])
    return text


def contribution_submit(
    *,
    edition: Edition,
    section_key: str,
    text: str,
    user: Any = None,
    email: str = "",
    display_name: str = "",
    consent: bool = False,
    confirm_url_builder: Any = None,
) -> Contribution:
    """Partners and council members (logged in) or citizens (email confirmation, consent)."""

    if edition.status != EditionStatus.CONSULTATION:
        raise ValidationError(_g("La consultazione su questa edizione non è aperta."))
    if consultation_closed(edition):
        raise ValidationError(
            _g("La consultazione si è chiusa il %(date)s: non si accettano più contributi.")
            % {"date": edition.consultation_closes_on.strftime("%d/%m/%Y")}  # type: ignore[union-attr]
        )
    if get_section(section_key) is None:
        raise ValidationError({"section_key": _g("Scegli una sezione del bilancio.")})
    text = _validate_text(text)
    if not consent:
        raise ValidationError(
            {"consent": _g("Per inviare il contributo devi accettare l'informativa privacy.")}
        )
    kind = (
        contributor_kind(user) if user is not None and user.is_authenticated else AuthorKind.CITIZEN
    )
    contribution = Contribution(
        edition=edition,
        section_key=section_key,
        author_kind=kind,
        text=text,
        display_name=display_name.strip()[:120],
        consent_at=timezone.now(),
    )
    if kind == AuthorKind.CITIZEN:
        if user is not None and user.is_authenticated and not email:
            email = user.email
        if not email:
            raise ValidationError(
                {"email": _g("Indica la tua email: ti mandiamo un link di conferma.")}
            )
        contribution.email = email.strip().lower()
        contribution.moderation = Moderation.UNCONFIRMED
        contribution.confirm_token = secrets.token_urlsafe(32)
    else:
        contribution.user = user
        contribution.email = user.email
        contribution.confirmed_at = timezone.now()
        contribution.moderation = Moderation.PENDING
        if kind == AuthorKind.PARTNER:
            org_ids = sorted(roles.partner_organization_ids(user))
            contribution.organization_id = org_ids[0] if org_ids else None
    with transaction.atomic():
        contribution.save()
        if kind == AuthorKind.CITIZEN and confirm_url_builder is not None:
            link = confirm_url_builder(contribution.confirm_token)
            transaction.on_commit(lambda: _send_confirmation(contribution, link))
    return contribution


def _send_confirmation(contribution: Contribution, link: str) -> None:
    send_mail(
        subject=_g("Conferma il tuo contributo al Bilancio Sociale"),
        message=_g(
            "Grazie per il tuo contributo al Bilancio Sociale partecipativo «%(title)s».\n\n"
            "Per confermarlo apri questo collegamento:\n%(link)s\n\n"
            "Il contributo sarà letto dal personale del Comune prima di essere pubblicato, senza "
            "il tuo nome né la tua email. Se non hai scritto tu, ignora questo messaggio: senza "
            "conferma il contributo non viene considerato."
        )
        % {"title": contribution.edition.title, "link": link},
        from_email=None,
        recipient_list=[contribution.email],
    )


@transaction.atomic
def contribution_confirm(*, token: str) -> Contribution | None:
    if not token:
        return None
    contribution = Contribution.objects.select_for_update().filter(confirm_token=token).first()
    if contribution is None:
        return None
    if contribution.moderation == Moderation.UNCONFIRMED:
        contribution.moderation = Moderation.PENDING
        contribution.confirmed_at = timezone.now()
        contribution.save(update_fields=["moderation", "confirmed_at"])
    return contribution


def _refuse_if_closed_for_answers(contribution: Contribution) -> None:
    if contribution.edition.status == EditionStatus.PUBLISHED:
        raise EditionImmutableError()
    if contribution.moderation == Moderation.UNCONFIRMED:
        raise ValidationError(_g("Il contributo non è ancora stato confermato via email."))


@transaction.atomic
def contribution_moderate(*, contribution: Contribution, publish: bool, by: Any) -> Contribution:
    _refuse_if_closed_for_answers(contribution)
    contribution.moderation = Moderation.PUBLISHED if publish else Moderation.REJECTED
    contribution.moderated_by = by
    contribution.moderated_at = timezone.now()
    contribution.save(update_fields=["moderation", "moderated_by", "moderated_at"])
    contribution_answer_announce(contribution=contribution)
    return contribution


@transaction.atomic
def contribution_answer(
    *, contribution: Contribution, outcome: str, answer: str, by: Any
) -> Contribution:
    _refuse_if_closed_for_answers(contribution)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _g("Scegli l'esito del contributo.")})
    answer = (answer or "").replace("\r\n", "\n").strip()
    if outcome in (Outcome.DECLINED, Outcome.PARTLY) and not answer:
        raise ValidationError(
            {
                "answer": _g(
                    "Spiega il motivo: è obbligatorio se il contributo non è accolto del tutto."
                )
            }
        )
    if len(answer) > COMMENT_MAX_LENGTH:
        raise ValidationError({"answer": _g("La risposta è troppo lunga.")})
    refuse_personal_data({"answer": answer}, ["answer"])
    contribution.outcome = outcome
    contribution.answer = answer
    contribution.answered_by = by
    contribution.answered_at = timezone.now()
    contribution.save(update_fields=["outcome", "answer", "answered_by", "answered_at"])
    contribution_answer_announce(contribution=contribution)
    return contribution


def _answer_is_public(contribution: Contribution) -> bool:
    return contribution.moderation == Moderation.PUBLISHED and bool(contribution.outcome)


def contribution_answer_announce(*, contribution: Contribution) -> bool:
    """Once the answer to a contribution is public (published and answered), email the
    contributor, if their address was confirmed, after the transaction commits. Once only."""
    if not (
        _answer_is_public(contribution)
        and contribution.email
        and contribution.confirmed_at
        and contribution.answer_emailed_at is None
    ):
        return False
    contribution_id = contribution.pk
    transaction.on_commit(lambda: enqueue(ANSWER_EMAIL_TASK, contribution_id))
    return True


def contribution_answer_email_send(*, contribution_id: int) -> bool:
    """Email the contributor the published answer, with a link to it on PORTAL_BASE_URL.
    The row is claimed first (conditional update), so a duplicate delivery sends nothing; a
    contributor with an account also finds it among their notices."""

    contribution = (
        Contribution.objects.select_related("edition", "user")
        .filter(
            pk=contribution_id,
            moderation=Moderation.PUBLISHED,
            answer_emailed_at__isnull=True,
            confirmed_at__isnull=False,
        )
        .exclude(outcome="")
        .exclude(email="")
        .first()
    )
    if contribution is None:
        return False
    # a queryset update: the claim must not depend on the edition's lock in save()
    claimed = Contribution.objects.filter(
        pk=contribution.pk, answer_emailed_at__isnull=True
    ).update(answer_emailed_at=timezone.now())
    if not claimed:
        return False
    path = reverse("bilancio_sociale:contribution_public", args=[contribution.pk])
    with translation.override(settings.LANGUAGE_CODE):
        section = section_titles().get(contribution.section_key, contribution.section_key)
        title = _g("Risposta al tuo contributo al Bilancio Sociale «%(title)s»") % {
            "title": contribution.edition.title
        }
        summary = _g(
            "Il personale del Comune ha pubblicato la risposta al tuo contributo sulla sezione "
            "«%(section)s».\n\nEsito: %(outcome)s\nRisposta: %(answer)s"
        ) % {
            "section": section,
            "outcome": Outcome(contribution.outcome).label,
            "answer": contribution.answer or "-",
        }
        body = _g(
            "Grazie per aver partecipato alla consultazione sul Bilancio Sociale «%(title)s».\n\n"
            "%(summary)s\n\nIl tuo contributo:\n%(text)s\n\n"
            "Contributo e risposta sono pubblici a questo indirizzo:\n%(url)s\n\n"
            "Brescia Città del Noi — Comune di Brescia\n"
        ) % {
            "title": contribution.edition.title,
            "summary": summary,
            "text": contribution.text,
            "url": portal_url(path),
        }
    try:
        send_mail(
            subject=title,
            message=body,
            from_email=None,
            recipient_list=[contribution.email],
        )
    except Exception:
        Contribution.objects.filter(pk=contribution.pk).update(answer_emailed_at=None)
        raise
    user = contribution.user
    if user is not None and user.is_active:
        notify(
            users=[user],
            kind="bilancio_sociale.answer_published",
            title=title,
            body=summary,
            link=path,
            email=False,  # the email above already told them
        )
    return True


# --- retention of contributors' personal data -----------------------------------------------

UNCONFIRMED_RETENTION_DAYS = 7
CONTRIBUTOR_DATA_RETENTION_DAYS = 365


@transaction.atomic
def contributions_purge_personal_data(*, now: Any = None) -> dict[str, int]:
    """What the privacy notice promises: unconfirmed contributions are deleted after 7 days;
    the email and name of contributors are erased a year after the edition is published (the
    text and the answer stay public, without who wrote them)."""
    now = now or timezone.now()
    deleted, _ = Contribution.objects.filter(
        moderation=Moderation.UNCONFIRMED,
        created_at__lt=now - timedelta(days=UNCONFIRMED_RETENTION_DAYS),
    ).delete()
    old_editions = Edition.objects.filter(
        status=EditionStatus.PUBLISHED,
        published_at__lt=now - timedelta(days=CONTRIBUTOR_DATA_RETENTION_DAYS),
    )
    # queryset update: contributions of a published edition are otherwise frozen by save()
    erased = (
        Contribution.objects.filter(edition__in=old_editions)
        .exclude(email="", display_name="", confirm_token="")
        .update(email="", display_name="", confirm_token="")
    )
    return {"deleted": deleted, "erased": erased}
