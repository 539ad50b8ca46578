"""Reads of the Bilancio Sociale. Views, exports and the PDF build go through these."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import ngettext

from citta_del_noi.accounts import roles
from citta_del_noi.jobs.selectors import jobs_visible_to
from citta_del_noi.reporting.approval import approval_resolver

from . import monitoring, narrative
from .approval import approving_council_slug, edition_subject
from .collect import collect_sections, texts_of
from .disclosure import audit_snapshot
from .models import (
    AuthorKind,
    Contribution,
    Edition,
    EditionStatus,
    EditionVersion,
    Moderation,
    Outcome,
    Snapshot,
    SnapshotLog,
)
from .narrative import current_azioni
from .registry import Period, get_section, sections
from .render import build_document

# --- who may do what ------------------------------------------------------------------------


def can_manage(user: roles.AnyUser) -> bool:
    """City-wide Comune staff (and administrators) manage the report: staff limited to some
    zones do not (the report covers the whole city). The staff views and the home panel use
    this one rule."""
    return roles.is_comune_staff(user) and roles.staff_zone_ids(user) is None


def contributor_kind(user: roles.AnyUser) -> str:
    """How a viewer takes part in the consultation: partner, council member or citizen."""
    if roles.is_partner(user):
        return AuthorKind.PARTNER
    if roles.is_council_member(user):
        return AuthorKind.COUNCIL
    return AuthorKind.CITIZEN


# --- public ---------------------------------------------------------------------------------


def _versions_prefetch() -> Prefetch:
    return Prefetch("versions", queryset=EditionVersion.objects.order_by("-number"))


def editions_published() -> QuerySet[Edition]:
    return (
        Edition.objects.filter(status=EditionStatus.PUBLISHED)
        # the approval is printed with every edition (page and PDF)
        .select_related(
            "approval_decision__agenda_item__meeting__consiglio",
            "approval_decision__agenda_item__meeting__minutes",
        )
        .prefetch_related(_versions_prefetch())
        .order_by("-period_start")
    )


def editions_in_consultation() -> QuerySet[Edition]:
    return Edition.objects.filter(status=EditionStatus.CONSULTATION).order_by("-period_start")


def edition_public(slug: str) -> Edition:
    """A published edition (404 otherwise)."""
    edition = editions_published().filter(slug=slug).first()
    if edition is None:
        raise Http404(_g("Edizione non trovata."))
    return edition


def edition_in_consultation(slug: str) -> Edition:
    edition = editions_in_consultation().filter(slug=slug).first()
    if edition is None:
        raise Http404(_g("Nessuna consultazione aperta per questa edizione."))
    return edition


def latest_version(edition: Edition) -> EditionVersion | None:
    versions = list(edition.versions.all())  # prefetched, newest first
    return versions[0] if versions else None


def version_public(edition: Edition, number: int) -> EditionVersion:
    for version in edition.versions.all():
        if version.number == number:
            return version
    raise Http404(_g("Versione non trovata."))


def previous_editions_limit() -> int:
    """How many earlier editions every figure shows beside it (setting, default 3): their
    values sit inline in each cell, so the tables of the page and the PDF stay readable."""
    return max(0, int(getattr(settings, "BILANCIO_PREVIOUS_EDITIONS", 3)))


def previous_published_count(edition: Edition, shown: int) -> int:
    """All earlier published editions, knowing that `shown` of them are beside the figures."""
    if shown < previous_editions_limit():
        return shown
    return editions_published().filter(period_end__lt=edition.period_start).count()


def previous_published(
    edition: Edition, limit: int | None = None
) -> list[tuple[Edition, EditionVersion]]:
    """Earlier published editions (newest first) with their latest version, for comparisons."""
    if limit is None:
        limit = previous_editions_limit()
    out: list[tuple[Edition, EditionVersion]] = []
    qs = (
        editions_published()
        .filter(period_end__lt=edition.period_start)
        .select_related(None)
        .order_by("-period_start")[:limit]
    )
    for other in qs:
        version = latest_version(other)
        if version is not None:
            out.append((other, version))
    return out


def snapshot_data(snapshot_id: int) -> dict[str, Any]:
    return Snapshot.objects.values_list("data", flat=True).get(pk=snapshot_id)


def consultation_closed(edition: Edition, today: Any = None) -> bool:
    """The closing date has passed (the consultation stays open through that whole day)."""
    closes_on = edition.consultation_closes_on
    return closes_on is not None and (today or timezone.localdate()) > closes_on


def approval_public(edition: Edition) -> dict[str, Any] | None:
    """What citizens may read of the Consiglio di indirizzo's approval of an edition.

    The decision's text and the link to the minutes only when the council publishes them
    (minutes approved, item not confidential); otherwise the meeting and its date.
    """
    decision = edition.approval_decision
    if decision is None:
        return None
    meeting = decision.agenda_item.meeting
    minutes = getattr(meeting, "minutes", None)
    public = approval_resolver().decision_published(decision)
    return {
        "council": meeting.consiglio,
        "meeting": meeting.title,
        "date": timezone.localtime(meeting.starts_at).date(),
        "text": decision.text if public else "",
        "minutes": minutes if public else None,
    }


def approval_decision_choices(user: roles.AnyUser, edition: Edition) -> QuerySet:
    """The decisions the viewer may cite for approving `edition` (the councils' own selector):
    those naming this edition first, then the competent council's. The approval service says
    which condition an unfit one fails."""

    return (
        approval_resolver()
        .decisions_visible_to(user)
        .exclude(status="dropped")
        .annotate(
            names_edition=Case(
                When(subject=edition_subject(edition), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            competent=Case(
                When(agenda_item__meeting__consiglio__slug=approving_council_slug(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("names_edition", "competent", "-agenda_item__meeting__starts_at", "-pk")
    )


def approval_line(edition: Edition) -> str:
    """One sentence on the approval, for the PDF's cover."""
    info = approval_public(edition)
    if info is None:
        return ""
    return _g("Approvato dal Consiglio di indirizzo nella riunione «%(meeting)s» del %(date)s.") % {
        "meeting": info["meeting"],
        "date": info["date"].strftime("%d/%m/%Y"),
    }


def contributions_waiting(edition: Edition) -> dict[str, int]:
    """Contributions still waiting for staff: to moderate, or published without an answer."""
    return edition.contributions.aggregate(
        pending=Count("pk", filter=Q(moderation=Moderation.PENDING)),
        unanswered=Count("pk", filter=Q(moderation=Moderation.PUBLISHED, outcome="")),
        rejected=Count("pk", filter=Q(moderation=Moderation.REJECTED)),
        published=Count("pk", filter=Q(moderation=Moderation.PUBLISHED)),
    )


def published_contributions(edition: Edition) -> QuerySet[Contribution]:
    return edition.contributions.filter(moderation=Moderation.PUBLISHED).select_related(
        "organization"
    )


# --- staff ----------------------------------------------------------------------------------


def editions_for_staff(user: roles.AnyUser) -> QuerySet[Edition]:
    if not can_manage(user):
        return Edition.objects.none()
    return Edition.objects.annotate(
        n_versions=Count("versions", distinct=True),
        n_pending=Count(
            "contributions", filter=Q(contributions__moderation=Moderation.PENDING), distinct=True
        ),
    ).order_by("-period_start")


def editions_to_moderate(user: roles.AnyUser) -> QuerySet[Edition]:
    """The editions with consultation contributions waiting for moderation (n_pending each)."""
    pending = Contribution.objects.filter(edition=OuterRef("pk"), moderation=Moderation.PENDING)
    return editions_for_staff(user).filter(Exists(pending))


def edition_for_staff(user: roles.AnyUser, pk: int) -> Edition:
    edition = editions_for_staff(user).filter(pk=pk).first()
    if edition is None:
        raise Http404
    return edition


def current_snapshot(edition: Edition) -> Snapshot | None:
    return edition.snapshots.order_by("-taken_at", "-pk").first()


def current_snapshot_meta(edition: Edition) -> Snapshot | None:
    """The current snapshot without its data (when it was taken, how long it took)."""
    return edition.snapshots.defer("data").order_by("-taken_at", "-pk").first()


def current_snapshot_mark(edition: Edition) -> tuple[int, Any] | None:
    """(id, taken_at) of the current snapshot, without its data (a cache key's part)."""
    return edition.snapshots.order_by("-taken_at", "-pk").values_list("pk", "taken_at").first()


def latest_jobs_for_targets(*, user: Any, targets: list[Any], kind: str) -> dict[int, Any]:
    """The newest job of `kind` about each target (e.g. each version's PDF build) that the
    user may see: one query whatever the number of targets (a window per target)."""
    if not targets:
        return {}
    ct = ContentType.objects.get_for_model(targets[0])
    found = (
        jobs_visible_to(user)
        .filter(target_ct=ct, target_id__in=[str(t.pk) for t in targets], kind=kind)
        .annotate(
            _n=Window(
                RowNumber(),
                partition_by=[F("target_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(_n=1)
    )
    return {int(job.target_id): job for job in found}


def snapshot_logs(edition: Edition) -> QuerySet[SnapshotLog]:
    return edition.snapshot_logs.select_related("by").order_by("-at", "-pk")


def contributions_for_staff(edition: Edition) -> QuerySet[Contribution]:
    return (
        edition.contributions.exclude(moderation=Moderation.UNCONFIRMED)
        .select_related("organization", "user")
        .order_by("moderation", "created_at", "pk")
    )


def contribution_public(pk: int) -> Contribution:
    """A contribution that moderation published (404 otherwise: nothing else is revealed)."""
    contribution = (
        Contribution.objects.select_related("edition")
        .filter(pk=pk, moderation=Moderation.PUBLISHED)
        .first()
    )
    if contribution is None:
        raise Http404(_g("Contributo non trovato."))
    return contribution


def contribution_for_staff(user: roles.AnyUser, pk: int) -> Contribution:
    if not can_manage(user):
        raise Http404
    contribution = Contribution.objects.select_related("edition").filter(pk=pk).first()
    if contribution is None:
        raise Http404
    return contribution


def section_titles() -> dict[str, str]:
    return {s.key: str(s.title) for s in sections()}


def section_choices() -> list[tuple[str, str]]:
    """(key, title) of every registered section, in the report's order (form choices)."""
    return [(s.key, str(s.title)) for s in sections()]


# --- participation figures (the "partecipazione" section's provider) ------------------------


def participation_figures(period: Period) -> dict[str, Any] | None:
    edition = (
        Edition.objects.filter(period_start=period.start, period_end=period.end)
        .exclude(status=EditionStatus.DRAFT)
        .first()
    )
    if edition is None:
        return None
    counted = edition.contributions.exclude(moderation=Moderation.UNCONFIRMED)
    per_kind = {
        row["author_kind"]: row
        for row in counted.values("author_kind").annotate(
            contributi=Count("pk"),
            autori=Count("user_id", distinct=True),
            email=Count("email", distinct=True),
            organizzazioni=Count("organization_id", distinct=True),
            accolti=Count("pk", filter=Q(outcome=Outcome.ACCEPTED)),
            parziali=Count("pk", filter=Q(outcome=Outcome.PARTLY)),
            respinti=Count("pk", filter=Q(outcome=Outcome.DECLINED)),
        )
    }
    rows = []
    for kind in AuthorKind:
        agg = per_kind.get(kind.value, {})
        people = agg.get("email", 0) if kind == AuthorKind.CITIZEN else agg.get("autori", 0)
        rows.append(
            {
                "_key": kind.value,
                "chi": str(kind.label),
                "persone": people,
                "contributi": agg.get("contributi", 0),
                "accolti": agg.get("accolti", 0),
                "parziali": agg.get("parziali", 0),
                "respinti": agg.get("respinti", 0),
            }
        )
    summary = {
        "kind": "table",
        "columns": [
            {"key": "chi", "label": _g("Chi ha partecipato"), "type": "text"},
            {"key": "persone", "label": _g("Persone"), "type": "people"},
            {"key": "contributi", "label": _g("Contributi"), "type": "number"},
            {"key": "accolti", "label": _g("Accolti"), "type": "number"},
            {"key": "parziali", "label": _g("Accolti in parte"), "type": "number"},
            {"key": "respinti", "label": _g("Non accolti"), "type": "number"},
        ],
        "rows": rows,
        "totals": {
            k: sum(r[k] for r in rows) for k in ("contributi", "accolti", "parziali", "respinti")
        },
        "chart": {"type": "stacked", "x": "chi", "series": ["accolti", "parziali", "respinti"]},
        "note": " ".join(
            [
                _g(
                    "Hanno potuto commentare ogni sezione i referenti delle organizzazioni "
                    "partner, i componenti dei consigli e i cittadini (con conferma dell'email)."
                ),
                _answers_sentence(edition),
            ]
        ).strip(),
    }
    titles = section_titles()
    answers_rows = [
        {
            "_key": f"c{c['pk']}",
            "sezione": titles.get(c["section_key"], c["section_key"]),
            "chi": (
                c["organization__name"]
                if c["author_kind"] == AuthorKind.PARTNER and c["organization__name"]
                else str(AuthorKind(c["author_kind"]).label)
            ),
            "contributo": c["text"],
            "esito": str(Outcome(c["outcome"]).label) if c["outcome"] else _g("In attesa"),
            "risposta": c["answer"],
        }
        for c in counted.filter(moderation=Moderation.PUBLISHED)
        .order_by("created_at", "pk")
        .values(
            "pk", "section_key", "author_kind", "organization__name", "text", "outcome", "answer"
        )
    ]
    answers: dict[str, Any]
    if answers_rows:
        answers = {
            "kind": "table",
            "columns": [
                {"key": "sezione", "label": _g("Sezione"), "type": "text"},
                {"key": "chi", "label": _g("Chi"), "type": "text"},
                {"key": "contributo", "label": _g("Contributo"), "type": "text"},
                {"key": "esito", "label": _g("Esito"), "type": "text"},
                {"key": "risposta", "label": _g("Risposta"), "type": "text"},
            ],
            "rows": answers_rows,
        }
    else:
        answers = {"kind": "empty", "note": _g("Nessun contributo pubblicato.")}
    return {"summary": summary, "answers": answers}


def _answers_sentence(edition: Edition) -> str:
    """The sentence on the answers: "every contribution was answered" only when true."""
    counts = contributions_waiting(edition)
    total = counts["pending"] + counts["unanswered"]
    if total:
        return ngettext(
            "%(n)s contributo attende ancora la moderazione o una risposta.",
            "%(n)s contributi attendono ancora la moderazione o una risposta.",
            total,
        ) % {"n": total}
    if not counts["published"]:
        return ""
    if not counts["rejected"]:
        return _g("Ogni contributo ha ricevuto una risposta pubblica.")
    return ngettext(
        "Ogni contributo pubblicato ha ricevuto una risposta pubblica; %(n)s contributo non è "
        "stato pubblicato dopo la moderazione.",
        "Ogni contributo pubblicato ha ricevuto una risposta pubblica; %(n)s contributi non sono "
        "stati pubblicati dopo la moderazione.",
        counts["rejected"],
    ) % {"n": counts["rejected"]}


# --- documents (what HTML, PDF and open data render) ----------------------------------------


def period_label(edition: Edition) -> str:
    return f"{edition.period_start:%d/%m/%Y} – {edition.period_end:%d/%m/%Y}"


def _previous_snapshots(edition: Edition) -> list[tuple[str, dict[str, Any]]]:
    return [
        (other.year_label, snapshot_data(version.snapshot_id))
        for other, version in previous_published(edition)
    ]


def previous_snapshot_data(edition: Edition) -> list[dict[str, Any]]:
    """The raw snapshots of the earlier published editions shown beside the figures (newest
    first): the disclosure audit counts their published values as known to every reader."""
    return [data for _label, data in _previous_snapshots(edition)]


def disclosure_audit(edition: Edition) -> Any:
    """The disclosure audit of the edition's current snapshot (None before the first one): every
    hidden count, why, and the interval a reader can infer from everything published."""

    snapshot = current_snapshot(edition)
    if snapshot is None:
        return None
    return audit_snapshot(snapshot.data, previous=previous_snapshot_data(edition))


def document_for_version(version: EditionVersion, *, with_charts: bool = True) -> Any:

    edition = version.edition
    document = build_document(
        snapshot=snapshot_data(version.snapshot_id),
        texts=version.texts,
        title=edition.title,
        period_label=period_label(edition),
        previous=_previous_snapshots(edition),
        erratum=version.erratum,
        version_number=version.number,
        with_charts=with_charts,
    )
    document.approval = approval_line(edition)
    return document


def document_for_draft(edition: Edition, *, only_section: str | None = None) -> tuple[Any, bool]:
    """Staff preview: the current snapshot (or live data when none was taken yet).

    Returns (document, live) where live is True when the data were computed now.
    """

    snapshot = current_snapshot(edition)
    if snapshot is not None:
        data, live = snapshot.data, False
    else:
        period = Period(start=edition.period_start, end=edition.period_end)
        only = {only_section} if only_section else None
        data = {"edition": edition.slug, "sections": collect_sections(period, only=only)}
        live = True
    document = build_document(
        snapshot=data,
        texts=texts_of(edition),
        title=edition.title,
        period_label=period_label(edition),
        previous=_previous_snapshots(edition),
        only_section=only_section,
        # live data of one section lack the frozen list of actions: the per-azione texts
        # are shown for the actions recorded now
        azioni=current_azioni() if live else None,
    )
    return document, live


def correction_targets(edition: Edition) -> list[tuple[str, str]]:
    """The texts a correction may replace: every section's, and the per-azione texts of the
    actions frozen in the last published version."""

    choices = section_choices()
    last = edition.versions.select_related("snapshot").order_by("-number").first()
    section = get_section(narrative.AZIONI_SECTION)
    if last is not None and section is not None:
        azioni = narrative.azioni_from_snapshot(last.snapshot.data)
        choices += narrative.correction_choices(str(section.title), azioni)
    if get_section(monitoring.SECTION) is not None:
        choices += monitoring.correction_choices(str(monitoring.TITLE))
    return choices
