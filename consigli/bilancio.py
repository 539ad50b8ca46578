"""The Bilancio Sociale's "Governance e partecipazione" section and the home panel."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.reporting.bilancio import BlockData, DataBlock, Period

from .models import (
    Attendance,
    AttendanceStatus,
    Consiglio,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
)


def _meetings_in(period: Period) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        starts_at__date__gte=period.start,
        starts_at__date__lte=period.end,
        status=MeetingStatus.HELD,
    )


def meetings_block(period: Period) -> BlockData:
    rows = {
        r["consiglio_id"]: r["n"]
        for r in _meetings_in(period).values("consiglio_id").annotate(n=Count("pk")).order_by()
    }
    councils = list(Consiglio.objects.order_by("pk"))
    data_rows = [{"consiglio": c.name, "riunioni": rows.get(c.pk, 0)} for c in councils]
    if not any(r["riunioni"] for r in data_rows):
        return {"kind": "empty", "note": _("Nessuna riunione svolta nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "consiglio", "label": _("Consiglio"), "type": "text"},
            {"key": "riunioni", "label": _("Riunioni svolte"), "type": "number"},
        ],
        "rows": data_rows,
        "totals": {"riunioni": sum(r["riunioni"] for r in data_rows)},
        "chart": {"type": "bar", "x": "consiglio", "series": ["riunioni"]},
        "source": _("Registro delle riunioni dei consigli."),
    }


def attendance_block(period: Period) -> BlockData:
    agg = {
        r["meeting__consiglio_id"]: r
        for r in Attendance.objects.filter(meeting__in=_meetings_in(period))
        .values("meeting__consiglio_id")
        .annotate(
            recorded=Count("pk"),
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            delegated=Count("pk", filter=Q(status=AttendanceStatus.DELEGATED)),
        )
        .order_by()
    }
    rows = []
    for council in Consiglio.objects.order_by("pk"):
        r = agg.get(council.pk)
        if not r or not r["recorded"]:
            continue
        rows.append(
            {
                "consiglio": council.name,
                "presenze": r["present"],
                "deleghe": r["delegated"],
                "tasso": round(100 * (r["present"] + r["delegated"]) / r["recorded"], 1),
            }
        )
    if not rows:
        return {"kind": "empty", "note": _("Nessuna presenza registrata nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "consiglio", "label": _("Consiglio"), "type": "text"},
            {"key": "presenze", "label": _("Presenze"), "type": "number"},
            {"key": "deleghe", "label": _("Assenze con delega"), "type": "number"},
            {"key": "tasso", "label": _("Tasso di partecipazione"), "type": "percent"},
        ],
        "rows": rows,
        "chart": {"type": "bar", "x": "consiglio", "series": ["tasso"]},
        "note": _(
            "Tasso: presenti e rappresentati per delega sul totale dei componenti convocati "
            "alle riunioni svolte nel periodo."
        ),
    }


def decisions_block(period: Period) -> BlockData:
    today = timezone.localdate()
    qs = Decision.objects.filter(
        agenda_item__meeting__starts_at__date__gte=period.start,
        agenda_item__meeting__starts_at__date__lte=period.end,
    )
    agg = {
        r["agenda_item__meeting__consiglio_id"]: r
        for r in qs.values("agenda_item__meeting__consiglio_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status=DecisionStatus.OPEN)),
            in_progress=Count("pk", filter=Q(status=DecisionStatus.IN_PROGRESS)),
            done=Count("pk", filter=Q(status=DecisionStatus.DONE)),
            dropped=Count("pk", filter=Q(status=DecisionStatus.DROPPED)),
            overdue=Count(
                "pk",
                filter=Q(
                    status__in=[DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS], due_date__lt=today
                ),
            ),
        )
        .order_by()
    }
    rows = []
    for council in Consiglio.objects.order_by("pk"):
        r = agg.get(council.pk)
        if not r:
            continue
        rows.append(
            {
                "consiglio": council.name,
                **{k: r[k] for k in ("total", "open", "in_progress", "done", "dropped", "overdue")},
            }
        )
    if not rows:
        return {"kind": "empty", "note": _("Nessuna decisione nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "consiglio", "label": _("Consiglio"), "type": "text"},
            {"key": "total", "label": _("Decisioni"), "type": "number"},
            {"key": "open", "label": _("Aperte"), "type": "number"},
            {"key": "in_progress", "label": _("In corso"), "type": "number"},
            {"key": "done", "label": _("Attuate"), "type": "number"},
            {"key": "dropped", "label": _("Abbandonate"), "type": "number"},
            {"key": "overdue", "label": _("Scadute e non attuate"), "type": "number"},
        ],
        "rows": rows,
        "totals": {
            k: sum(r[k] for r in rows)
            for k in ("total", "open", "in_progress", "done", "dropped", "overdue")
        },
        "chart": {
            "type": "stacked",
            "x": "consiglio",
            "series": ["open", "in_progress", "done", "dropped"],
        },
        "note": _("Stato di attuazione alla data della stesura del bilancio."),
    }


BLOCKS = [
    DataBlock(key="riunioni", title=gettext_lazy("Riunioni dei consigli"), provider=meetings_block),
    DataBlock(
        key="presenze",
        title=gettext_lazy("Partecipazione alle riunioni"),
        provider=attendance_block,
    ),
    DataBlock(
        key="decisioni", title=gettext_lazy("Decisioni e loro attuazione"), provider=decisions_block
    ),
]
