"""An agency's open work for the role home: per tool of the agency, how many items still ask for
something (milestones to complete, co-design rounds under way, needs without a full answer,
newsletters in draft). One aggregated query per tool; only the tools of the given agencies."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
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
    out = []
    for work in OPEN_WORK:
        tool = TOOLS[work.tool]
        if tool.agency != agency_slug:
            continue
        n = tool.model.objects.filter(work.open_q).count()
        if n:
            out.append({"tool": tool, "label": work.label, "n": n})
    return out
