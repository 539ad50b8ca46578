"""An agency's open work for the role home: per tool of the agency, how many items still ask for
something (milestones to complete, co-design rounds under way, needs without a full answer,
newsletters in draft). One query for every tool of the given agencies (a UNION of counts)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, Q, Value
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import models as m
from .tools import TOOLS


@dataclass(frozen=True)
class OpenWork:
    tool: str
    label: str | Promise
    open_q: Q


OPEN_WORK = (
    OpenWork(
        "tappe",
        _("tappe del piano da completare"),
        Q(
            status__in=[
                m.MilestoneStatus.PLANNED,
                m.MilestoneStatus.IN_PROGRESS,
                m.MilestoneStatus.LATE,
            ]
        ),
    ),
    OpenWork(
        "tavoli",
        _("tavoli di co-progettazione previsti o in corso"),
        Q(status__in=[m.RoundStatus.PLANNED, m.RoundStatus.OPEN]),
    ),
    OpenWork(
        "bisogni",
        _("bisogni senza risposta o con risposta parziale"),
        Q(status__in=[m.NeedStatus.NONE, m.NeedStatus.PARTLY]),
    ),
    OpenWork(
        "newsletter",
        _("newsletter in bozza"),
        Q(status=m.NewsletterStatus.DRAFT),
    ),
)


def open_work_of(agency_slug: str) -> list[dict]:
    """The agency's tools with open items, each with its count (zero-count tools left out)."""
    return open_work_of_agencies([agency_slug]).get(agency_slug, [])


def open_work_of_agencies(agency_slugs: list[str]) -> dict[str, list[dict]]:
    """`open_work_of` for several agencies in one query (a UNION of one count per tool)."""
    works = [w for w in OPEN_WORK if TOOLS[w.tool].agency in agency_slugs]
    if not works:
        return {}
    parts = [
        TOOLS[w.tool]
        .model.objects.filter(w.open_q)
        .order_by()
        .annotate(tool=Value(w.tool, output_field=CharField()))
        .values("tool")
        .annotate(n=Count("pk"))
        for w in works
    ]
    counts = {row["tool"]: row["n"] for row in parts[0].union(*parts[1:], all=True)}
    out: dict[str, list[dict]] = {}
    for work in works:
        tool = TOOLS[work.tool]
        if counts.get(work.tool):
            out.setdefault(tool.agency, []).append(
                {"tool": tool, "label": work.label, "n": counts[work.tool]}
            )
    return out
