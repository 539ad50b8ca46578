"""Who may approve an edition: the formal act a council decision must be (issue 11).

An edition is approved only by a decision that belongs to the competent council
(settings.BILANCIO_APPROVING_COUNCIL, default the Consiglio di indirizzo), taken at a meeting
that has been held (not in the future, attendance recorded, quorum reached), after the end of
the edition's period, naming this edition as its subject, and approving no other edition.

The councils are reached through the approval resolver they register
(citta_del_noi/reporting/approval.py): the decision names its subject through the councils'
subject registry, and this module registers the kind "bilancio_sociale.edition" in the app's
ready().
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy

from citta_del_noi.core.integrity import Finding, IntegrityCheck, register_check
from citta_del_noi.reporting.approval import approval_resolver

from .models import Edition, EditionStatus, SnapshotLog

SUBJECT_KIND = "bilancio_sociale.edition"


def _fmt(day: Any) -> str:
    return date_format(day, "d/m/Y")


def edition_subject(edition: Edition) -> str:
    """The subject value a decision approving `edition` carries."""
    return approval_resolver().subject_value(SUBJECT_KIND, edition.pk)


def _subject_choices() -> list[tuple[str, str]]:
    """Editions a council can approve now: those in consultation."""
    editions = Edition.objects.filter(status=EditionStatus.CONSULTATION).order_by("-period_start")
    return [
        (
            str(e.pk),
            _g("%(title)s (periodo %(start)s–%(end)s)")
            % {"title": e.title, "start": _fmt(e.period_start), "end": _fmt(e.period_end)},
        )
        for e in editions
    ]


def _subject_label(object_id: str) -> str | None:
    if not object_id.isdigit():
        return None
    return Edition.objects.filter(pk=int(object_id)).values_list("title", flat=True).first()


def register_subject() -> None:
    approval_resolver().register_subject_kind(
        SUBJECT_KIND,
        gettext_lazy("Approvazione del Bilancio Sociale"),
        _subject_choices,
        _subject_label,
    )


def approving_council_slug() -> str:
    return settings.BILANCIO_APPROVING_COUNCIL


def approving_decision_problems(edition: Edition, decision: Any) -> list[str]:
    """Every condition the decision fails for approving `edition` (empty when it may)."""
    councils = approval_resolver()
    problems: list[str] = []
    meeting = decision.agenda_item.meeting
    council = meeting.consiglio
    competent = approving_council_slug()
    if council.slug != competent:
        problems.append(
            _g(
                "La decisione è del %(council)s: l'approvazione del Bilancio Sociale spetta al "
                "consiglio competente (%(competent)s)."
            )
            % {"council": council.name, "competent": _competent_name(competent)}
        )
    held = councils.meeting_held_problem(meeting)
    if held:
        problems.append(
            _g("La decisione non è stata presa in una riunione valida: %(problem)s")
            % {"problem": held}
        )
    if meeting.date <= edition.period_end:
        problems.append(
            _g(
                "La riunione del %(day)s non è successiva alla fine del periodo rendicontato "
                "(%(end)s): un bilancio si approva dopo la chiusura del suo periodo."
            )
            % {"day": _fmt(meeting.date), "end": _fmt(edition.period_end)}
        )
    if decision.subject != edition_subject(edition):
        if decision.subject:
            problems.append(
                _g(
                    "La decisione ha per oggetto «%(other)s», non questa edizione: serve una "
                    "decisione che approvi «%(title)s»."
                )
                % {"other": councils.subject_label(decision.subject), "title": edition.title}
            )
        else:
            problems.append(
                _g(
                    "La decisione non indica questa edizione come oggetto: nel registrarla, "
                    "il segretario deve scegliere «%(title)s» come atto adottato."
                )
                % {"title": edition.title}
            )
    other = (
        Edition.objects.filter(approval_decision=decision)
        .exclude(pk=edition.pk)
        .values_list("title", flat=True)
        .first()
    )
    if other:
        problems.append(
            _g("La decisione ha già approvato un'altra edizione («%(title)s»).") % {"title": other}
        )
    return problems


def _competent_name(slug: str) -> str:
    return approval_resolver().council_name(slug) or slug


def approving_decision_check(edition: Edition, decision: Any) -> None:
    """Raise a ValidationError on the "decision" field naming each condition that fails."""
    problems = approving_decision_problems(edition, decision)
    if problems:
        raise ValidationError({"decision": problems})


def editions_badly_approved() -> list[Any]:
    """Integrity check: approved or published editions whose decision fails a condition."""
    out = []
    editions = Edition.objects.filter(approval_decision__isnull=False).select_related(
        "approval_decision__agenda_item__meeting__consiglio"
    )
    for edition in editions.order_by("period_start"):
        for problem in approving_decision_problems(edition, edition.approval_decision):
            out.append(
                Finding(
                    record=_g("Edizione «%(title)s» (%(status)s)")
                    % {"title": edition.title, "status": edition.get_status_display()},
                    problem=problem,
                    repair=_g(
                        "registrare nel consiglio competente, in una riunione svolta con il "
                        "numero legale dopo la fine del periodo, una decisione che abbia per "
                        "oggetto questa edizione, e citarla nell'approvazione."
                    ),
                )
            )
    return out


def register_integrity_check() -> None:
    register_check(
        IntegrityCheck(
            key="bilancio_sociale.approval",
            title=gettext_lazy("Edizioni approvate da una decisione non valida"),
            run=editions_badly_approved,
        )
    )


def refuse_if_already_approved(edition: Edition) -> None:
    """Two staff record the approval at once: the second is told who came first (issue 12.6)."""
    if edition.status != EditionStatus.APPROVED:
        return
    entry = (
        SnapshotLog.objects.filter(edition=edition, action="approve")
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    by = entry.by if entry is not None else None
    name = (
        (by.get_full_name() or by.email) if by is not None else _g("un altro membro del personale")
    )
    when = entry.at if entry is not None else edition.approved_at
    raise ValidationError(
        _g("Edizione già approvata da %(name)s (%(when)s).")
        % {
            "name": name,
            "when": date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "",
        }
    )
