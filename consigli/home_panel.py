"""The councils' panel of the role home (registered in apps.py): for each council of the viewer,
the next meeting with its agenda, documents and the minutes to approve there; the decisions
they own that are still open, the counts of the register and the dashboard's alerts.

Bounded whatever the number of councils (issue 14): one query for the councils with the id of
their next meeting, one for those meetings, one each for their agendas, documents and minutes
to approve (every council's at once, capped per meeting with a window), two for the decisions;
the alerts (eight queries over the summary tables, the same for every viewer) are cached like
the dashboard's body: under the summary version, for the dashboard's CACHE_SECONDS.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.cache import cache
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.utils import timezone

from cantieri import summary
from citta_del_noi.reporting.dashboard import DashboardFilters

from . import dashboard_selectors, selectors
from .models import AgendaItem, Meeting, MeetingDocument, MeetingStatus, Minutes, MinutesStatus

AGENDA_MAX = 8
DOCUMENTS_MAX = 6
OWNED_MAX = 5
ALERTS_CACHE_SECONDS = 300  # as the dashboard's body (consigli/dashboard_views.py)
_ALERTS_KEY = "consigli:home:alerts:v{version}"


def _capped(qs: QuerySet, partition: str, order: list[Any], cap: int) -> list:
    """The first `cap` rows of each `partition` (one query)."""
    return list(
        qs.annotate(_n=Window(RowNumber(), partition_by=[F(partition)], order_by=order))
        .filter(_n__lte=cap)
        .order_by(partition, *order)
    )


def _council_rows(user: Any) -> list[dict]:
    now = timezone.now()
    upcoming = Meeting.objects.filter(
        consiglio=OuterRef("pk"),
        starts_at__gt=now,
        status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CONVENED],
    ).order_by("starts_at", "pk")
    councils = list(
        selectors.councils_visible_to(user).annotate(next_id=Subquery(upcoming.values("pk")[:1]))
    )
    ids = [c.next_id for c in councils if c.next_id is not None]
    if not ids:
        return [
            {"council": c, "next": None, "agenda": [], "documents": [], "minutes": []}
            for c in councils
        ]
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=ids)}
    # The template shows the items' and documents' titles only: no related rows to join.
    agenda: dict[int, list] = defaultdict(list)
    for item in _capped(
        AgendaItem.objects.filter(meeting_id__in=ids),
        "meeting_id",
        [F("position").asc(), F("pk").asc()],
        AGENDA_MAX,
    ):
        agenda[item.meeting_id].append(item)
    documents: dict[int, list] = defaultdict(list)
    for doc in _capped(
        MeetingDocument.objects.filter(meeting_id__in=ids),
        "meeting_id",
        [F("pk").asc()],
        DOCUMENTS_MAX,
    ):
        documents[doc.meeting_id].append(doc)
    # Draft minutes of earlier meetings of the same council (selectors.minutes_pending_approval)
    earlier = Q(pk__in=[])
    for meeting in meetings.values():
        earlier |= Q(
            meeting__consiglio_id=meeting.consiglio_id, meeting__starts_at__lt=meeting.starts_at
        )
    minutes: dict[int, list] = defaultdict(list)
    for m in _capped(
        Minutes.objects.filter(earlier, status=MinutesStatus.DRAFT).select_related("meeting"),
        "meeting__consiglio_id",
        [F("meeting__starts_at").asc(), F("pk").asc()],
        DOCUMENTS_MAX,
    ):
        minutes[m.meeting.consiglio_id].append(m)
    rows = []
    for council in councils:
        nxt = meetings.get(council.next_id) if council.next_id else None
        rows.append(
            {
                "council": council,
                "next": nxt,
                "agenda": agenda[nxt.pk] if nxt else [],
                "documents": documents[nxt.pk] if nxt else [],
                "minutes": minutes[council.pk] if nxt else [],
            }
        )
    return rows


def home_panel_context(request: HttpRequest) -> dict:
    user = request.user
    return {
        "councils": _council_rows(user),
        "decisions": selectors.decision_status_counts(user),
        "owned": list(selectors.decisions_owned_open(user)[:OWNED_MAX]),
        "alerts": _alert_counts(),
    }


def _alert_counts() -> dict:
    """How many flags the dashboard raises over the whole programme (the same rules as the
    dashboard's alerts page, which lists them), cached under the summary version."""
    key = _ALERTS_KEY.format(version=summary.summary_version())
    found = cache.get(key)
    if found is None:
        alerts = dashboard_selectors.alerts(DashboardFilters())
        found = {
            "off_target": len(alerts["off_target"]),
            "no_activity": len(alerts["no_activity"]),
            "period": alerts["period"],
        }
        cache.set(key, found, ALERTS_CACHE_SECONDS)
    return found
