"""Permission matrix of the agencies' URLs (see tests/url_matrix.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.signing import TimestampSigner
from django.utils import timezone

from agencies import models as m
from agencies.services import CONFIRM_SALT, UNSUBSCRIBE_SALT
from cantieri.models import Azione, TargetGroup
from territori.models import PuntoComunita, Quartiere
from tests.url_matrix import Row

ROLES = ["anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin"]
ALL_200 = dict.fromkeys(ROLES, 200)
ALL_404 = dict.fromkeys(ROLES, 404)
LOGIN_ONLY = {**ALL_200, "anonymous": 302}
# tools of the agency the "agency" user is referent of (conoscenza)
OWN_TOOL = {
    "anonymous": 302,
    "partner_a": 403,
    "partner_b": 403,
    "staff_zone": 200,
    "staff": 200,
    "council": 403,
    "agency": 200,
    "admin": 200,
}
# tools of another agency
OTHER_TOOL = {**OWN_TOOL, "agency": 403}
OTHER_TOOL_POST = {r: (302 if s == 200 else s) for r, s in OTHER_TOOL.items()}
OWN_TOOL_POST = {r: (302 if s == 200 else s) for r, s in OWN_TOOL.items()}
PARTNERS_ONLY = {
    "anonymous": 302,
    "partner_a": 200,
    "partner_b": 200,
    "staff_zone": 403,
    "staff": 403,
    "council": 403,
    "agency": 403,
    "admin": 403,
}
EVALUATOR_ONLY = {**ALL_404, "anonymous": 302, "council": 200}


def build(world) -> None:
    today = timezone.localdate()
    now = timezone.now()
    group = TargetGroup.objects.order_by("pk")[0]
    quartiere = Quartiere.objects.order_by("name")[0]
    world.quartiere = quartiere
    world.need = m.Need.objects.create(
        title="Bisogno pubblico di prova",
        target_group=group,
        source=m.NeedSource.SURVEY,
        evidence="Indagine",
        identified_on=today,
        published=True,
    )
    world.need.quartieri.add(quartiere)
    world.need_hidden = m.Need.objects.create(
        title="Bisogno riservato non pubblicato",
        target_group=group,
        source=m.NeedSource.DESK,
        evidence="Sportello",
        identified_on=today,
    )
    objective = m.Objective.objects.create(
        azione=Azione.objects.order_by("pk")[0], title="Obiettivo"
    )
    world.milestone = m.Milestone.objects.create(
        objective=objective, title="Tappa di prova", due_date=today
    )
    world.news = m.NewsItem.objects.create(
        title="Notizia pubblica", summary="s", body="b", published_on=today, published=True
    )
    world.news_hidden = m.NewsItem.objects.create(
        title="Notizia in bozza riservata", summary="s", body="b", published_on=today
    )
    world.event = m.Event.objects.create(
        title="Evento pubblico",
        description="d",
        start=now + timedelta(days=3),
        end=now + timedelta(days=3, hours=2),
        location="Sala",
        published=True,
    )
    world.event_hidden = m.Event.objects.create(
        title="Evento in bozza riservato",
        description="d",
        start=now + timedelta(days=3),
        end=now + timedelta(days=3, hours=2),
        location="Sala",
    )
    world.volunteer_call = m.VolunteerCall.objects.create(
        organization=world.org_a,
        title="Cerchiamo volontari",
        description="d",
        contact_email="vol@example.org",
        open_until=today + timedelta(days=30),
        published=True,
    )
    world.subscriber = m.Subscriber.objects.create(email="lettore@example.org")
    world.confirm_token = TimestampSigner(salt=CONFIRM_SALT).sign(str(world.subscriber.pk))
    world.unsubscribe_token = TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(world.subscriber.pk))
    world.newsletter = m.Newsletter.objects.create(subject="Prova", body="Testo")
    world.call_draft = m.Call.objects.create(
        title="Bando in bozza riservato",
        description="d",
        budget=Decimal("50000"),
        deadline=now + timedelta(days=30),
    )
    m.CallCriterion.objects.create(call=world.call_draft, name="Qualità", weight=50, max_score=10)
    world.call_open = m.Call.objects.create(
        title="Bando aperto",
        description="d",
        budget=Decimal("50000"),
        deadline=now + timedelta(days=30),
        status=m.CallStatus.PUBLISHED,
        published_at=now,
    )
    world.criterion = m.CallCriterion.objects.create(
        call=world.call_open, name="Qualità", weight=50, max_score=10
    )
    world.application = m.Application.objects.create(
        call=world.call_open,
        organization=world.org_a,
        title="Domanda riservata di Alfa",
        summary="s",
        requested_amount=Decimal("10000"),
        submitted_at=now,
        submitted_by=world.users["partner_a"],
    )
    world.assignment = m.EvaluatorAssignment.objects.create(
        application=world.application, evaluator=world.users["council"]
    )
    world.call_closed = m.Call.objects.create(
        title="Bando chiuso",
        description="d",
        budget=Decimal("50000"),
        deadline=now - timedelta(days=1),
        status=m.CallStatus.CLOSED,
        published_at=now,
    )
    world.application_closed = m.Application.objects.create(
        call=world.call_closed,
        organization=world.org_b,
        title="Domanda di Beta",
        summary="s",
        requested_amount=Decimal("10000"),
        submitted_at=now - timedelta(days=2),
        submitted_by=world.users["partner_b"],
    )
    world.azione = Azione.objects.first()
    punto = PuntoComunita.objects.first()
    if punto is None:
        punto = PuntoComunita.objects.create(
            name="Punto di prova",
            slug="punto-di-prova",
            quartiere=quartiere,
            lead_organization=world.org_a,
        )
    world.punto = punto
    world.date_start = date(2024, 1, 1)
    welfare = m.WelfareTargetGroup.objects.get_or_create(code="matrice", defaults={"label": "M"})[0]
    world.finder_unit = m.ServiceUnit.objects.create(
        code="matrice-attiva", name="Unità attiva", provider_name="Ente", target_group=welfare
    )
    world.finder_hidden = m.ServiceUnit.objects.create(
        code="matrice-chiusa",
        name="Unità non attiva",
        provider_name="Ente",
        target_group=welfare,
        active=False,
    )


MATRIX = {
    "agencies:index": Row(expect=ALL_200),
    "agencies:agency_detail": Row(expect=ALL_200, kwargs=lambda w: {"slug": "finanza"}),
    "agencies:azione_page": Row(expect=ALL_200, kwargs=lambda w: {"slug": w.azione.slug}),
    "agencies:punto_page": Row(expect=ALL_200, kwargs=lambda w: {"slug": w.punto.slug}),
    "agencies:page_edit": Row(
        expect={**OTHER_TOOL}, kwargs=lambda w: {"kind": "agenzia", "slug": "governance"}
    ),
    "agencies:workspace": Row(expect=OWN_TOOL),
    "agencies:tool_list": Row(expect=OWN_TOOL, kwargs=lambda w: {"tool": "bisogni"}),
    "agencies:tool_create": Row(expect=OTHER_TOOL, kwargs=lambda w: {"tool": "bilancio"}),
    "agencies:tool_detail": Row(
        expect=OWN_TOOL, kwargs=lambda w: {"tool": "bisogni", "pk": w.need.pk}
    ),
    "agencies:tool_edit": Row(
        expect=OTHER_TOOL, kwargs=lambda w: {"tool": "tappe", "pk": w.milestone.pk}
    ),
    "agencies:need_link": Row(expect=OWN_TOOL, kwargs=lambda w: {"pk": w.need.pk}),
    "agencies:need_unlink": Row(
        expect=OWN_TOOL_POST,
        kwargs=lambda w: {"pk": w.need.pk},
        method="post",
        data=lambda w: {"kind": "service", "target": "0"},
    ),
    # The need's history: whoever manages the needs register; redaction: Comune staff only.
    "agencies:need_history": Row(expect=OWN_TOOL, kwargs=lambda w: {"pk": w.need.pk}),
    "agencies:need_redact": Row(
        expect={**OWN_TOOL, "agency": 403}, kwargs=lambda w: {"pk": w.need.pk}
    ),
    "agencies:serviceunit_import": Row(expect=OWN_TOOL),
    "agencies:serviceunit_template": Row(expect=OWN_TOOL, kwargs=lambda w: {"fmt": "csv"}),
    "agencies:newsletter_send": Row(
        expect=OTHER_TOOL_POST, kwargs=lambda w: {"pk": w.newsletter.pk}, method="post"
    ),
    "agencies:call_manage": Row(expect=OTHER_TOOL, kwargs=lambda w: {"pk": w.call_open.pk}),
    "agencies:call_assign": Row(
        expect=OTHER_TOOL_POST,
        kwargs=lambda w: {"pk": w.call_open.pk},
        method="post",
        data=lambda w: {"application": w.application.pk, "email": "staff@example.org"},
    ),
    "agencies:call_award": Row(
        expect=OTHER_TOOL_POST,
        kwargs=lambda w: {"pk": w.call_closed.pk},
        method="post",
        data=lambda w: {"application": w.application_closed.pk, "amount": "5000"},
    ),
    "agencies:call_action": Row(
        expect=OTHER_TOOL_POST,
        kwargs=lambda w: {"pk": w.call_draft.pk, "action": "pubblica"},
        method="post",
    ),
    "agencies:news_list": Row(
        expect=ALL_200, must_not_contain=lambda w, r: ["Notizia in bozza riservata"]
    ),
    "agencies:news_detail": Row(expect=ALL_200, kwargs=lambda w: {"pk": w.news.pk}),
    "agencies:event_list": Row(
        expect=ALL_200, must_not_contain=lambda w, r: ["Evento in bozza riservato"]
    ),
    "agencies:event_detail": Row(expect=ALL_200, kwargs=lambda w: {"pk": w.event.pk}),
    "agencies:event_feed": Row(
        expect=ALL_200, must_not_contain=lambda w, r: ["Evento in bozza riservato"]
    ),
    "agencies:volunteer_call_list": Row(expect=ALL_200),
    "agencies:volunteer_call_detail": Row(
        expect=ALL_200, kwargs=lambda w: {"pk": w.volunteer_call.pk}
    ),
    "agencies:needs_public": Row(
        expect=ALL_200, must_not_contain=lambda w, r: ["Bisogno riservato non pubblicato"]
    ),
    "agencies:welfare_map": Row(expect=ALL_200),
    "finder:index": Row(
        expect=ALL_200, query="?tipo=altro", must_not_contain=lambda w, r: ["Unità non attiva"]
    ),
    "finder:unit": Row(expect=ALL_200, kwargs=lambda w: {"pk": w.finder_unit.pk}),
    "agencies:library": Row(expect=ALL_200),
    "agencies:newsletter_subscribe": Row(expect=ALL_200),
    "agencies:newsletter_confirm": Row(expect=ALL_200, kwargs=lambda w: {"token": w.confirm_token}),
    "agencies:newsletter_unsubscribe": Row(
        expect=ALL_200, kwargs=lambda w: {"token": w.unsubscribe_token}
    ),
    "agencies:call_public_list": Row(
        expect=ALL_200, must_not_contain=lambda w, r: ["Bando in bozza riservato"]
    ),
    "agencies:call_public_detail": Row(
        expect=ALL_200,
        kwargs=lambda w: {"pk": w.call_open.pk},
        must_not_contain=lambda w, r: [] if r == "partner_a" else ["Domanda riservata di Alfa"],
    ),
    "agencies:call_apply": Row(expect=PARTNERS_ONLY, kwargs=lambda w: {"pk": w.call_open.pk}),
    "agencies:my_applications": Row(
        expect=PARTNERS_ONLY,
        must_not_contain=lambda w, r: [] if r == "partner_a" else ["Domanda riservata di Alfa"],
    ),
    "agencies:evaluations": Row(
        expect=LOGIN_ONLY,
        must_not_contain=lambda w, r: [] if r == "council" else ["Domanda riservata di Alfa"],
    ),
    "agencies:evaluation_score": Row(
        expect=EVALUATOR_ONLY, kwargs=lambda w: {"pk": w.assignment.pk}
    ),
}
