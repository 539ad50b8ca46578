"""Every write on the agencies' records (keyword-only arguments, one transaction each)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cantieri.models import ActivityRecord, ActivityStatus
from citta_del_noi.jobs.queue import enqueue
from citta_del_noi.organizations import rules as org_rules
from citta_del_noi.organizations.models import Membership
from citta_del_noi.privacy.services import field_redact
from citta_del_noi.privacy.validators import refuse_personal_data

from . import selectors
from .models import (
    NEED_TEXT_FIELDS,
    Application,
    ApplicationStatus,
    BudgetLine,
    Call,
    CallStatus,
    EvaluatorAssignment,
    Grant,
    LibraryDocument,
    Need,
    NeedStatus,
    Newsletter,
    NewsletterStatus,
    NoAnswerReason,
    PublicPage,
    Score,
    ServiceUnit,
    SourceAllocation,
    Subscriber,
    Tag,
    VolunteerCall,
    VolunteerInterest,
    WelfareTargetGroup,
)
from .rules import can_edit_pages, can_manage

CONFIRM_SALT = "agencies.newsletter.confirm"
UNSUBSCRIBE_SALT = "agencies.newsletter.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def interest_retention_days() -> int:
    return int(getattr(settings, "VOLUNTEER_INTEREST_RETENTION_DAYS", 180))


# --- generic tools ---------------------------------------------------------------------------


@transaction.atomic
def tool_save(*, tool: Any, form: Any, by: Any) -> Any:
    """Save a tool's form; the rules of its model (TOOL_RULES_BEFORE_SAVE on the form's data,
    TOOL_RULES_AFTER_SAVE on the saved row) run inside the same transaction."""
    if not _can_manage(by, tool.agency):
        raise PermissionDenied
    model = type(form.instance)
    for before in TOOL_RULES_BEFORE_SAVE.get(model, ()):
        before(form=form, by=by)
    obj = form.save()
    for after in TOOL_RULES_AFTER_SAVE.get(model, ()):
        after(obj=obj, form=form, by=by)
    return obj


def need_texts_hold_no_personal_data(*, form: Any, by: Any) -> None:
    refuse_personal_data(form.cleaned_data, NEED_TEXT_FIELDS)


def budget_lines_stay_within_the_allocation(*, obj: BudgetLine, form: Any, by: Any) -> None:
    budget_line_check(
        source=obj.source, year=obj.year, amount=obj.amount, exclude_pk=obj.pk, lock=True
    )


def need_status_follows_its_responses(*, obj: Need, form: Any, by: Any) -> None:
    need_recompute_status(need=obj, by=by)


def library_document_tags_follow_the_text(*, obj: LibraryDocument, form: Any, by: Any) -> None:
    """The comma-separated tags of the form become the document's tags (created if new)."""
    library_document_tags_set(document=obj, text=form.cleaned_data.get("tags_text", ""))


def library_document_tags_set(*, document: LibraryDocument, text: str) -> None:
    tags = []
    for name in {n.strip() for n in text.split(",")}:
        if name and slugify(name):
            tag, _c = Tag.objects.get_or_create(
                slug=slugify(name)[:60], defaults={"name": name[:60]}
            )
            tags.append(tag)
    document.tags.set(tags)


BeforeSave = Callable[..., None]
AfterSave = Callable[..., None]
TOOL_RULES_BEFORE_SAVE: dict[type, tuple[BeforeSave, ...]] = {
    Need: (need_texts_hold_no_personal_data,),
}
TOOL_RULES_AFTER_SAVE: dict[type, tuple[AfterSave, ...]] = {
    BudgetLine: (budget_lines_stay_within_the_allocation,),
    Need: (need_status_follows_its_responses,),
    LibraryDocument: (library_document_tags_follow_the_text,),
}


def _can_manage(user: Any, agency_slug: str) -> bool:

    return can_manage(user, agency_slug)


# --- Finanza: budget lines -------------------------------------------------------------------


def budget_line_check(
    *, source: Any, year: int, amount: Decimal, exclude_pk: int | None = None, lock: bool = False
) -> None:
    """Refuse a budget line when the lines of the source and year would exceed its total."""

    qs = SourceAllocation.objects.filter(source=source, year=year)
    if lock:
        qs = qs.select_for_update()
    allocation = qs.first()
    if allocation is None:
        raise ValidationError(
            {
                "source": _(
                    "Per la fonte «%(source)s» non è registrato uno stanziamento per il %(year)s: "
                    "inserirlo prima della voce di bilancio."
                )
                % {"source": source, "year": year}
            }
        )
    used = selectors.budgeted_total(source_id=source.pk, year=year, exclude_pk=exclude_pk)
    if used + amount > allocation.amount:
        available = max(allocation.amount - used, Decimal("0"))
        raise ValidationError(
            {
                "amount": _(
                    "Le voci di bilancio supererebbero il totale della fonte per il %(year)s "
                    "(%(total)s €): restano disponibili %(available)s €."
                )
                % {
                    "year": year,
                    "total": formats.number_format(allocation.amount, 2, use_l10n=True),
                    "available": formats.number_format(available, 2, use_l10n=True),
                }
            }
        )


# --- Conoscenza: needs -----------------------------------------------------------------------


def need_recompute_status(*, need: Need, by: Any = None) -> Need:
    """The status of a need follows the responses linked to it:

    - no response → "senza risposta";
    - approved activities or active service units that together cover every quartiere of the
      need (a city-wide activity or service covers all; a need without quartieri is city-wide
      and any such response answers it) → "con risposta";
    - any other combination (some quartieri covered, or only council decisions, which commit
      but do not yet deliver) → "con risposta parziale".
    An answered need has no reason; an unanswered or partly answered one keeps its reason
    ("non ancora valutato" when none was given).
    """
    acts = need.activities.filter(status=ActivityStatus.APPROVED)
    units = need.service_units.filter(active=True)
    has_decisions = need.decisions.exclude(status="dropped").exists()
    need_quartieri = set(need.quartieri.values_list("pk", flat=True))
    has_concrete = acts.exists() or units.exists()
    if not has_concrete and not has_decisions:
        status = NeedStatus.NONE
    elif not has_concrete:
        status = NeedStatus.PARTLY
    else:
        city_wide = (
            acts.filter(city_wide=True).exists() or units.filter(quartiere__isnull=True).exists()
        )
        covered = set(
            ActivityRecord.quartieri.through.objects.filter(
                activityrecord_id__in=acts.values("pk")
            ).values_list("quartiere_id", flat=True)
        ) | set(units.exclude(quartiere__isnull=True).values_list("quartiere_id", flat=True))
        if not need_quartieri or city_wide or need_quartieri <= covered:
            status = NeedStatus.ANSWERED
        else:
            status = NeedStatus.PARTLY
    reason = need.reason
    if status == NeedStatus.ANSWERED:
        reason = ""
    elif not reason:
        reason = NoAnswerReason.NOT_ASSESSED
    if (status, reason) != (need.status, need.reason):
        # A save, not an update: the change of status goes into the need's history.
        need.status, need.reason = status, reason
        if by is not None:
            need._history_user = by  # type: ignore[attr-defined]
        need._change_reason = _("Stato aggiornato dalle risposte collegate")  # type: ignore[attr-defined]
        need.save(update_fields=["status", "reason", "updated_at"])
    return need


@transaction.atomic
def need_link(
    *,
    need: Need,
    by: Any,
    activity: ActivityRecord | None = None,
    service_unit: ServiceUnit | None = None,
    decision: Any = None,
) -> Need:
    if not _can_manage(by, "conoscenza"):
        raise PermissionDenied
    if activity is not None:
        if activity.status != ActivityStatus.APPROVED:
            raise ValidationError({"activity": _("Si possono collegare solo attività approvate.")})
        need.activities.add(activity)
    if service_unit is not None:
        need.service_units.add(service_unit)
    if decision is not None:
        need.decisions.add(decision)
    return need_recompute_status(need=need, by=by)


@transaction.atomic
def need_unlink(*, need: Need, by: Any, kind: str, pk: int) -> Need:
    if not _can_manage(by, "conoscenza"):
        raise PermissionDenied
    attr = {"activity": "activities", "service": "service_units", "decision": "decisions"}.get(kind)
    if attr is None:
        raise ValidationError(_("Tipo di risposta sconosciuto."))
    getattr(need, attr).remove(pk)
    return need_recompute_status(need=need, by=by)


def need_redact(*, need: Need, field: str, by: Any, reason: str, passage: str = "") -> Any:
    """Staff remove personal data from a field of a need and from its whole history."""
    return field_redact(instance=need, field=field, by=by, reason=reason, passage=passage)


# --- Risorse umane: people raising -----------------------------------------------------------


@transaction.atomic
def interest_submit(*, call: VolunteerCall, data: dict[str, Any]) -> VolunteerInterest:
    if not data.get("consent"):
        raise ValidationError(
            {
                "consent": _(
                    "Per inviare la disponibilità serve il consenso al trattamento dei dati."
                )
            }
        )
    interest = VolunteerInterest.objects.create(
        call=call,
        name=data["name"],
        email=data["email"],
        phone=data.get("phone", ""),
        message=data.get("message", ""),
        consent=True,
        delete_after=timezone.localdate() + timedelta(days=interest_retention_days()),
    )
    transaction.on_commit(lambda: enqueue("agencies.tasks.forward_volunteer_interest", interest.pk))
    return interest


def interest_forward(*, interest_id: int) -> bool:
    """Email the interest to the organisation; once only."""
    with transaction.atomic():
        interest = (
            VolunteerInterest.objects.select_for_update()
            .select_related("call__organization")
            .filter(pk=interest_id, forwarded_at__isnull=True)
            .first()
        )
        if interest is None:
            return False
        call = interest.call
        body = _(
            "Una persona ha risposto alla ricerca di volontari «%(call)s».\n\n"
            "Nome: %(name)s\nEmail: %(email)s\nTelefono: %(phone)s\n\nMessaggio:\n%(message)s\n\n"
            "Ha dato il consenso al trattamento dei dati per essere ricontattata. Il portale "
            "cancellerà la richiesta il %(until)s."
        ) % {
            "call": call.title,
            "name": interest.name,
            "email": interest.email,
            "phone": interest.phone or "-",
            "message": interest.message or "-",
            "until": formats.date_format(interest.delete_after, "SHORT_DATE_FORMAT"),
        }
        EmailMessage(
            subject=_("Nuova disponibilità di volontariato: %(call)s") % {"call": call.title},
            body=body,
            to=[call.contact_email],
            reply_to=[interest.email],
        ).send()
        interest.forwarded_at = timezone.now()
        interest.save(update_fields=["forwarded_at"])
        return True


def interests_purge_expired(*, today: Any = None) -> int:
    """Delete every interest whose retention period ended (run by Celery beat)."""
    today = today or timezone.localdate()
    deleted, _detail = VolunteerInterest.objects.filter(delete_after__lt=today).delete()
    return deleted


# --- Comunicazione: pages and newsletter ------------------------------------------------------


@transaction.atomic
def page_save(*, kind: str, target: Any, intro: str, body: str, by: Any) -> PublicPage:

    if not can_edit_pages(by):
        raise PermissionDenied
    field = {"azione": "azione", "agenzia": "agency", "punto": "punto"}[kind]
    page, _created = PublicPage.objects.get_or_create(kind=kind, **{field: target})
    page.intro, page.body, page.updated_by = intro, body, by
    page.save()
    return page


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def confirm_url(subscriber: Subscriber) -> str:
    token = TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))
    return _absolute(reverse("agencies:newsletter_confirm", kwargs={"token": token}))


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))
    return _absolute(reverse("agencies:newsletter_unsubscribe", kwargs={"token": token}))


@transaction.atomic
def subscribe(*, email: str) -> Subscriber:
    """Double opt-in: the address is active only after the link in the email is followed."""
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    if subscriber.is_active:
        return subscriber
    if subscriber.unsubscribed_at:
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = None
        subscriber.save(update_fields=["unsubscribed_at", "confirmed_at"])
    url = confirm_url(subscriber)
    transaction.on_commit(
        lambda: EmailMessage(
            subject=_("Conferma l'iscrizione alla newsletter di Brescia Città del Noi"),
            body=_(
                "Per confermare l'iscrizione alla newsletter apri questo collegamento entro "
                "7 giorni:\n%(url)s\n\nSe non hai chiesto tu l'iscrizione, ignora questo "
                "messaggio: senza conferma non riceverai nulla."
            )
            % {"url": url},
            to=[email],
        ).send()
    )
    return subscriber


def subscriber_from_token(token: str, *, salt: str, max_age: int | None = None) -> Subscriber:
    try:
        value = TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ValidationError(_("Il collegamento è scaduto: ripeti l'iscrizione.")) from exc
    except BadSignature as exc:
        raise ValidationError(_("Il collegamento non è valido.")) from exc
    subscriber = Subscriber.objects.filter(pk=int(value)).first()
    if subscriber is None:
        raise ValidationError(_("Il collegamento non è valido."))
    return subscriber


def subscription_confirm(*, token: str) -> Subscriber:
    subscriber = subscriber_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscriber.confirmed_at is None and subscriber.unsubscribed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def unsubscribe(*, token: str) -> Subscriber:
    subscriber = subscriber_from_token(token, salt=UNSUBSCRIBE_SALT)
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def newsletter_send(*, newsletter: Newsletter, by: Any) -> Newsletter:
    """Queue the sending: the worker sends it (task agencies.tasks.send_newsletter)."""
    if not _can_manage(by, "comunicazione"):
        raise PermissionDenied
    with transaction.atomic():
        updated = Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.DRAFT).update(
            status=NewsletterStatus.SENDING
        )
        if not updated:
            raise ValidationError(_("Questa newsletter è già stata inviata o è in invio."))
        transaction.on_commit(lambda: enqueue("agencies.tasks.send_newsletter", newsletter.pk))
    newsletter.refresh_from_db()
    return newsletter


def newsletter_deliver(*, newsletter_id: int) -> int:
    """Send to every confirmed subscriber, with List-Unsubscribe (RFC 2369 + RFC 8058)."""
    newsletter = Newsletter.objects.filter(
        pk=newsletter_id, status=NewsletterStatus.SENDING
    ).first()
    if newsletter is None:
        return 0
    subscribers = Subscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")
    sent = 0
    connection = get_connection()
    batch: list[EmailMessage] = []
    for subscriber in subscribers.iterator(chunk_size=500):
        url = unsubscribe_url(subscriber)
        body = (
            newsletter.body
            + "\n\n--\n"
            + _("Per non ricevere più la newsletter: %(url)s") % {"url": url}
        )
        batch.append(
            EmailMessage(
                subject=newsletter.subject,
                body=body,
                to=[subscriber.email],
                connection=connection,
                headers={
                    "List-Unsubscribe": f"<{url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        )
        if len(batch) >= 100:
            sent += connection.send_messages(batch) or 0
            batch = []
    if batch:
        sent += connection.send_messages(batch) or 0
    Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.SENDING).update(
        status=NewsletterStatus.SENT, sent_at=timezone.now(), recipients=sent
    )
    return sent


# --- Finanza: calls for proposals ------------------------------------------------------------


def _require_finanza(by: Any) -> None:
    if not _can_manage(by, "finanza"):
        raise PermissionDenied


@transaction.atomic
def call_publish(*, call: Call, by: Any) -> Call:
    _require_finanza(by)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(_("Il bando è già pubblicato."))
    if not call.criteria.exists():
        raise ValidationError(_("Prima di pubblicare il bando inserire i criteri di valutazione."))
    if call.deadline <= timezone.now():
        raise ValidationError(_("La scadenza del bando è già passata: correggerla prima."))
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at", "updated_at"])
    return call


@transaction.atomic
def call_close(*, call: Call, by: Any) -> Call:
    _require_finanza(by)
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError(_("Si può chiudere solo un bando pubblicato."))
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status", "updated_at"])
    return call


@transaction.atomic
def application_submit(
    *,
    call: Call,
    organization: Any,
    by: Any,
    title: str,
    summary: str,
    requested_amount: Decimal,
) -> Application:
    if not org_rules.can_submit(by, organization):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    if call.status != CallStatus.PUBLISHED or now > call.deadline:
        raise ValidationError(
            _("Il termine per presentare domanda è scaduto il %(deadline)s.")
            % {
                "deadline": formats.date_format(
                    timezone.localtime(call.deadline), "DATETIME_FORMAT"
                )
            }
        )
    if Application.objects.filter(call=call, organization=organization).exists():
        raise ValidationError(
            {"organization": _("Questa organizzazione ha già presentato domanda per il bando.")}
        )
    if requested_amount > call.budget:
        raise ValidationError(
            {"requested_amount": _("Il contributo richiesto supera la dotazione del bando.")}
        )
    return Application.objects.create(
        call=call,
        organization=organization,
        title=title,
        summary=summary,
        requested_amount=requested_amount,
        submitted_at=now,
        submitted_by=by,
    )


def _conflict(evaluator: Any, application: Application) -> bool:

    return Membership.objects.filter(
        user=evaluator, organization_id=application.organization_id, active=True
    ).exists()


CONFLICT_MESSAGE = (
    "Conflitto di interessi: la persona è referente dell'organizzazione che ha presentato "
    "la domanda e non può valutarla."
)


@transaction.atomic
def evaluator_assign(*, application: Application, evaluator: Any, by: Any) -> EvaluatorAssignment:
    _require_finanza(by)
    if _conflict(evaluator, application):
        raise ValidationError({"email": _(CONFLICT_MESSAGE)})
    assignment, _created = EvaluatorAssignment.objects.get_or_create(
        application=application, evaluator=evaluator
    )
    return assignment


@transaction.atomic
def scores_save(
    *, assignment: EvaluatorAssignment, by: Any, scores: dict[int, tuple[int, str]]
) -> EvaluatorAssignment:
    if assignment.evaluator_id != by.pk:
        raise PermissionDenied
    application = assignment.application
    if _conflict(by, application):
        raise ValidationError(_(CONFLICT_MESSAGE))
    if application.call.status == CallStatus.AWARDED:
        raise ValidationError(_("La graduatoria è già approvata: i punteggi non si modificano."))
    criteria = {c.pk: c for c in application.call.criteria.all()}
    errors = {}
    for cid, criterion in criteria.items():
        if cid not in scores:
            errors[f"c{cid}"] = _("Indicare il punteggio.")
        elif scores[cid][0] > criterion.max_score:
            errors[f"c{cid}"] = _("Il punteggio massimo per questo criterio è %(max)s.") % {
                "max": criterion.max_score
            }
    if errors:
        raise ValidationError(errors)
    for cid, (value, comment) in scores.items():
        Score.objects.update_or_create(
            assignment=assignment,
            criterion_id=cid,
            defaults={"score": value, "comment": comment},
        )
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["completed_at"])
    return assignment


@transaction.atomic
def application_award(*, application: Application, amount: Decimal, by: Any) -> Grant:
    _require_finanza(by)
    call = Call.objects.select_for_update().get(pk=application.call_id)
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Si assegna solo dopo la chiusura del bando."))
    if amount <= 0 or amount > application.requested_amount:
        raise ValidationError(
            {"amount": _("L'importo deve essere positivo e non superiore a quanto richiesto.")}
        )
    already = (
        Grant.objects.filter(application__call=call)
        .exclude(application=application)
        .values_list("amount", flat=True)
    )
    if sum(already, Decimal("0")) + amount > call.budget:
        raise ValidationError(
            {"amount": _("Gli importi assegnati superano la dotazione del bando.")}
        )
    grant, _created = Grant.objects.update_or_create(
        application=application, defaults={"amount": amount}
    )
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.AWARDED)
    return grant


@transaction.atomic
def call_finalize(*, call: Call, by: Any) -> Call:
    """Approve the ranking: the applications without a grant are not funded."""
    _require_finanza(by)
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Il bando non è in valutazione."))
    Application.objects.filter(call=call).filter(Q(grant__isnull=True)).update(
        status=ApplicationStatus.NOT_AWARDED
    )
    call.status = CallStatus.AWARDED
    call.save(update_fields=["status", "updated_at"])
    return call


# --- welfare map -----------------------------------------------------------------------------


def welfare_label_key(value: Any) -> str:
    """The comparison key of a label typed in an import: case, accents, spaces and dashes (and
    any other punctuation) do not count. "Multi-utenza", "multiutenza" and "MULTI UTENZA" match."""
    text = unicodedata.normalize("NFKD", str(value or "")).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def welfare_group_index(groups: Iterable[WelfareTargetGroup]) -> dict[str, WelfareTargetGroup]:
    """Comparison key (see `welfare_label_key`) → group, for the code, the label and every alias
    of each group. Built once per import."""
    index: dict[str, WelfareTargetGroup] = {}
    for group in groups:
        for name in (group.code, group.label, *group.alias_list()):
            index.setdefault(welfare_label_key(name), group)
    return index


def welfare_group_resolve(
    value: str, groups: Iterable[WelfareTargetGroup] | dict[str, WelfareTargetGroup]
) -> WelfareTargetGroup | None:
    """The welfare-map target group an import cell names: its code, its label or one of its
    aliases, matched leniently (case, accents, spaces and dashes do not count). None when
    nothing matches. `groups`: the groups, or their `welfare_group_index`."""
    key = welfare_label_key(value)
    if not key:
        return None
    index = groups if isinstance(groups, dict) else welfare_group_index(groups)
    return index.get(key)


def welfare_groups_accepted(groups: Iterable[WelfareTargetGroup]) -> str:
    """The accepted values of the "destinatari" column, for the import's error message."""
    return ", ".join(f"{g.label} ({g.code})" for g in groups)


def unit_year_provider_key(*, provider: Any, provider_name: str) -> str:
    """The identity of a unit-year's provider, so providers are counted once however many units
    they run: a registered organisation by id, any other by its name (leniently)."""
    if provider is not None:
        return f"org:{provider.pk}"
    return f"nome:{welfare_label_key(provider_name)}"[:220]
