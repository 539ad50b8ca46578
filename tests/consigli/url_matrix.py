"""Permission matrix of the councils' URLs and of the dashboards (/cruscotto/)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from consigli import services
from consigli.models import AttendanceStatus, Consiglio
from tests.consigli.factories import add_document, add_item, council_people, future_meeting
from tests.url_matrix import Row

ROLES = ["anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin"]
PUBLIC = dict.fromkeys(ROLES, 200)
# Reserved pages of the council the "council" user sits on (indirizzo).
OWN = {
    "anonymous": 302,
    "partner_a": 403,
    "partner_b": 403,
    "staff_zone": 200,
    "staff": 200,
    "council": 200,
    "agency": 403,
    "admin": 200,
}
# Reserved pages of the other council (progetto): the member gets 404.
OTHER = {**OWN, "council": 404}
# President's or secretary's forms on indirizzo: an ordinary member gets 403.
ROLE_FORM = {**OWN, "council": 403}
# Their POST actions: done (302) by staff and admins, refused (403) to an ordinary member.
ROLE_POST = {**ROLE_FORM, "staff_zone": 302, "staff": 302, "admin": 302}
MEMBER_POST = {**ROLE_POST, "council": 302}
DASHBOARD = OWN


def _secret_texts(w: Any, slug: str) -> list[str]:
    c = w.cons[slug]
    return [
        c.conf_item.title,
        c.conf_decision.text,
        c.minutes.confidential_text,
        c.upcoming_conf_item.title,
    ]


def _hidden_from_public(w: Any, role: str) -> list[str]:
    return _secret_texts(w, "indirizzo") + _secret_texts(w, "progetto")


def _hidden_from_council(w: Any, role: str) -> list[str]:
    """The indirizzo member never sees progetto's confidential items."""
    return _secret_texts(w, "progetto") if role == "council" else []


def build_council(slug: str) -> SimpleNamespace:
    council = Consiglio.objects.get(slug=slug)
    people = council_people(council, slug)
    pres = people["president"]
    now = timezone.now()
    past = services.meeting_schedule(
        consiglio=council,
        title=f"Prima riunione {slug}",
        starts_at=now - timedelta(days=60),
        by=pres,
    )
    item = add_item(past, f"Punto pubblico {slug}")
    conf_item = add_item(past, f"PUNTO RISERVATO {slug.upper()}", confidential=True)
    seats = [people["president_seat"], people["secretary_seat"], *people["member_seats"]]
    services.attendance_record(
        meeting=past,
        entries=[
            services.AttendanceEntry(member=s, status=AttendanceStatus.PRESENT) for s in seats
        ],
        by=pres,
    )
    pub_decision = services.decision_record(
        agenda_item=item,
        data=services.DecisionInput(
            text=f"Decisione pubblica {slug}", due_date=(now - timedelta(days=10)).date()
        ),
        by=pres,
    )
    conf_decision = services.decision_record(
        agenda_item=conf_item,
        data=services.DecisionInput(text=f"DECISIONE RISERVATA {slug.upper()}"),
        by=pres,
    )
    minutes = services.minutes_save(
        meeting=past,
        text=f"Testo del verbale {slug}",
        confidential_text=f"TESTO RISERVATO {slug.upper()}",
        by=pres,
    )
    second = services.meeting_schedule(
        consiglio=council,
        title=f"Seconda riunione {slug}",
        starts_at=now - timedelta(days=30),
        by=pres,
    )
    services.attendance_record(  # held with quorum: it can approve the minutes
        meeting=second,
        entries=[
            services.AttendanceEntry(member=s, status=AttendanceStatus.PRESENT) for s in seats
        ],
        by=pres,
    )
    services.minutes_approve(minutes=minutes, at_meeting=second, by=pres)
    upcoming = future_meeting(council, pres, title=f"Prossima riunione {slug}")
    upcoming_item = add_item(upcoming, f"Argomento in programma {slug}")
    upcoming_conf_item = add_item(
        upcoming, f"PUNTO RISERVATO FUTURO {slug.upper()}", confidential=True
    )
    services.decision_record(  # makes upcoming_item undeletable (the delete row fails safely)
        agenda_item=upcoming_item,
        data=services.DecisionInput(text="Decisione preliminare"),
        by=pres,
    )
    draft_minutes = services.minutes_save(meeting=second, text="Bozza seconda riunione", by=pres)
    return SimpleNamespace(
        council=council,
        people=people,
        past=past,
        second=second,
        upcoming=upcoming,
        item=item,
        conf_item=conf_item,
        pub_decision=pub_decision,
        conf_decision=conf_decision,
        minutes=minutes,
        draft_minutes=draft_minutes,
        upcoming_item=upcoming_item,
        upcoming_conf_item=upcoming_conf_item,
        doc=add_document(past, f"Documento pubblico {slug}"),
        conf_doc=add_document(upcoming, f"DOCUMENTO RISERVATO {slug.upper()}", confidential=True),
    )


def build(world: Any) -> None:
    world.cons = {slug: build_council(slug) for slug in ("indirizzo", "progetto")}


def ind(w: Any) -> SimpleNamespace:
    return w.cons["indirizzo"]


def prog(w: Any) -> SimpleNamespace:
    return w.cons["progetto"]


MATRIX = {
    # Public pages.
    "consigli:public_list": Row(expect=PUBLIC),
    "consigli:public_detail": Row(
        expect=PUBLIC,
        kwargs=lambda w: {"slug": "indirizzo"},
        must_not_contain=_hidden_from_public,
    ),
    "consigli:public_minutes": Row(
        expect=PUBLIC,
        kwargs=lambda w: {"slug": "progetto", "pk": prog(w).minutes.pk},
        must_not_contain=_hidden_from_public,
    ),
    "consigli:document_download": Row(
        expect={**dict.fromkeys(ROLES, 404), "staff_zone": 200, "staff": 200, "admin": 200},
        kwargs=lambda w: {"pk": prog(w).conf_doc.pk},
    ),
    # Reserved pages.
    "consigli:council_home": Row(expect=OWN, kwargs=lambda w: {"slug": "indirizzo"}),
    "consigli:meeting_detail": Row(expect=OTHER, kwargs=lambda w: {"pk": prog(w).upcoming.pk}),
    "consigli:meeting_ics": Row(expect=OTHER, kwargs=lambda w: {"pk": prog(w).upcoming.pk}),
    "consigli:minutes_detail": Row(expect=OTHER, kwargs=lambda w: {"pk": prog(w).minutes.pk}),
    "consigli:decision_list": Row(expect=OWN, must_not_contain=_hidden_from_council),
    "consigli:decision_detail": Row(
        expect=OTHER, kwargs=lambda w: {"pk": prog(w).conf_decision.pk}
    ),
    # President's forms and actions (on indirizzo, where "council" is an ordinary member).
    "consigli:meeting_create": Row(expect=ROLE_FORM, kwargs=lambda w: {"slug": "indirizzo"}),
    "consigli:meeting_edit": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).upcoming.pk}),
    "consigli:agenda_item_add": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).upcoming.pk}),
    "consigli:agenda_item_edit": Row(
        expect=ROLE_FORM,
        kwargs=lambda w: {"pk": ind(w).upcoming.pk, "item": ind(w).upcoming_item.pk},
    ),
    "consigli:agenda_item_move": Row(
        expect=ROLE_POST,
        method="post",
        data=lambda w: {"direction": "down"},
        kwargs=lambda w: {"pk": ind(w).upcoming.pk, "item": ind(w).upcoming_item.pk},
    ),
    "consigli:agenda_item_delete": Row(
        expect=ROLE_POST,
        method="post",
        kwargs=lambda w: {"pk": ind(w).upcoming.pk, "item": ind(w).upcoming_item.pk},
    ),
    "consigli:meeting_convene": Row(
        expect=ROLE_POST, method="post", kwargs=lambda w: {"pk": ind(w).upcoming.pk}
    ),
    "consigli:meeting_cancel": Row(
        expect=ROLE_POST, method="post", kwargs=lambda w: {"pk": ind(w).past.pk}
    ),
    # Secretary's forms and actions.
    "consigli:agenda_item_confidential": Row(
        expect=ROLE_POST,
        method="post",
        data=lambda w: {"confidential": "1"},
        kwargs=lambda w: {"pk": ind(w).upcoming.pk, "item": ind(w).upcoming_conf_item.pk},
    ),
    "consigli:document_add": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).upcoming.pk}),
    "consigli:attendance": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).past.pk}),
    "consigli:minutes_edit": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).second.pk}),
    "consigli:minutes_erratum": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).minutes.pk}),
    "consigli:minutes_approve": Row(  # already approved: refused with a message (302)
        expect=ROLE_POST,
        method="post",
        kwargs=lambda w: {
            "pk": ind(w).second.pk,
            "item": ind(w).second.agenda_items.get(minutes_to_approve__isnull=False).pk,
        },
    ),
    "consigli:decision_create": Row(expect=ROLE_FORM, kwargs=lambda w: {"pk": ind(w).past.pk}),
    "consigli:decision_update": Row(
        expect=ROLE_POST,
        method="post",
        kwargs=lambda w: {"pk": ind(w).pub_decision.pk},
        data=lambda w: {"status": "in_progress", "note": "Avviata"},
    ),
    # Members' actions.
    "consigli:minutes_comment": Row(
        expect=MEMBER_POST,
        method="post",
        kwargs=lambda w: {"pk": ind(w).draft_minutes.pk},
        data=lambda w: {"text": "Osservazione"},
    ),
    "consigli:minutes_pdf": Row(
        expect=MEMBER_POST, method="post", kwargs=lambda w: {"pk": ind(w).minutes.pk}
    ),
    # Dashboards.
    "cruscotto:index": Row(expect=DASHBOARD, must_not_contain=_hidden_from_council),
    "cruscotto:territorio": Row(expect=DASHBOARD),
    "cruscotto:alerts": Row(expect=DASHBOARD),
    "cruscotto:flag_to_agenda": Row(
        expect=ROLE_POST,
        method="post",
        data=lambda w: {"key": "ind-0-all", "consiglio": "indirizzo"},
    ),
}
