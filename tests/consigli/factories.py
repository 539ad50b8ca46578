"""Objects the councils' tests share (built on top of tests/world.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from consigli import services
from consigli.models import (
    AgendaItem,
    Consiglio,
    CouncilMember,
    Meeting,
    MeetingDocument,
    MemberCategory,
    MemberRole,
)
from tests.world import make_user


def aware(y: int, m: int, d: int, h: int = 17) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h, 0))


def seat(
    consiglio: Consiglio,
    user: Any,
    role: str = MemberRole.COMPONENTE,
    start: date = date(2016, 1, 1),
    end: date | None = None,
) -> CouncilMember:
    return CouncilMember.objects.create(
        consiglio=consiglio,
        user=user,
        role=role,
        category=MemberCategory.TERZO_SETTORE,
        term_start=start,
        term_end=end,
    )


def council_people(consiglio: Consiglio, prefix: str, members: int = 3) -> dict[str, Any]:
    """A president, a secretary and `members` ordinary members for a council."""
    president = make_user(
        f"presidente.{prefix}@example.org", first_name="Piera", last_name=f"Presidente {prefix}"
    )
    secretary = make_user(
        f"segretario.{prefix}@example.org", first_name="Sergio", last_name=f"Segretario {prefix}"
    )
    out: dict[str, Any] = {
        "president": president,
        "secretary": secretary,
        "president_seat": seat(consiglio, president, MemberRole.PRESIDENTE),
        "secretary_seat": seat(consiglio, secretary, MemberRole.SEGRETARIO),
        "member_seats": [],
    }
    for i in range(members):
        user = make_user(
            f"membro{i}.{prefix}@example.org", first_name="Membro", last_name=f"{i} {prefix}"
        )
        out["member_seats"].append(seat(consiglio, user))
    return out


def future_meeting(consiglio: Consiglio, by: Any, days: int = 30, title: str = "") -> Meeting:
    starts = timezone.now() + timedelta(days=days)
    return services.meeting_schedule(
        consiglio=consiglio,
        title=title or f"Riunione del {consiglio.slug}",
        starts_at=starts,
        by=by,
    )


def add_item(
    meeting: Meeting, title: str, *, confidential: bool = False, by: Any = None
) -> AgendaItem:
    return services.agenda_item_add(
        meeting=meeting,
        fields=services.AgendaFields(title=title, confidential=confidential),
        by=by,
    )


def add_document(meeting: Meeting, title: str, *, confidential: bool = False) -> MeetingDocument:
    return services.document_add(
        meeting=meeting,
        title=title,
        file=ContentFile(b"%PDF-1.4 prova", name="allegato.pdf"),
        by=None,
        confidential=confidential,
    )
