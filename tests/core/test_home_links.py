"""Issue 16.1: each role's home ("La mia area") shows what that person must do next, and every
link of its panels opens for that person (none answers 403 or 404)."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from cantieri.models import ReportingPeriod
from citta_del_noi.jobs.models import Job, JobStatus
from citta_del_noi.organizations.models import MembershipRole
from citta_del_noi.organizations.services import membership_add
from consigli.models import Decision
from tests.world import make_user

pytestmark = pytest.mark.django_db
URL = reverse("core:area_riservata")
LOGGED_IN = ["partner_a", "partner_b", "partner_compiler", "staff_zone", "staff", "council",
             "agency", "admin"]  # fmt: skip


class _PanelLinks(HTMLParser):
    """The hrefs inside the element marked data-testid="home-panels" (the panels' grid)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "a" and found.get("href"):
                self.links.append(str(found["href"]))
        elif found.get("data-testid") == "home-panels":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A void element (<br>, <img>) opens nothing: undo the depth handle_starttag added.
        self.handle_starttag(tag, attrs)
        if self.depth:
            self.depth -= 1


def _panel_links(body: str) -> list[str]:
    parser = _PanelLinks()
    parser.feed(body)
    return parser.links


def _user(world, role: str):
    if role == "partner_compiler":
        # A compilatore records activities but does not submit applications to calls.
        user = make_user("compilatore.alfa@example.org")
        membership_add(user=user, organization=world.org_a, role=MembershipRole.COMPILATORE)
        return user
    return world.users[role]


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", LOGGED_IN)
def test_every_link_of_the_home_panels_opens_for_the_role(client, world, role) -> None:
    # A job in progress gives the staff's panel of running jobs a link too.
    Job.objects.create(
        kind="tests.report",
        params_hash="1" * 64,
        status=JobStatus.RUNNING,
        created_by=world.users["staff"],
    )
    body = _home(client, _user(world, role))
    links = [h for h in _panel_links(body) if h.startswith("/")]
    assert links, f"{role}: the home has no panel links"
    broken = {}
    for href in sorted(set(links)):
        status = client.get(href.replace("&amp;", "&")).status_code
        if status in (403, 404):
            broken[href] = status
    assert broken == {}, f"{role}: links that do not open: {broken}"


def test_hidden_links_are_those_the_views_refuse(client, world) -> None:
    compiler = _home(client, _user(world, "partner_compiler"))
    assert reverse("agencies:my_applications") not in _panel_links(compiler)
    zone = _home(client, world.users["staff_zone"])
    assert reverse("bilancio_sociale:staff_list") not in _panel_links(zone)
    assert 'data-testid="panel-periods-to-close"' not in zone
    staff = _home(client, world.users["staff"])
    assert reverse("bilancio_sociale:staff_list") in _panel_links(staff)


def test_council_member_sees_the_next_meeting_with_agenda_documents_and_minutes(
    client, world
) -> None:
    cons = world.cons["indirizzo"]
    Decision.objects.filter(pk=cons.pub_decision.pk).update(owner_user=world.users["council"])
    body = _home(client, world.users["council"])
    assert cons.council.name in body
    start = timezone.localtime(cons.upcoming.starts_at).strftime("%d/%m/%Y %H:%M")
    meeting = reverse("consigli:meeting_detail", args=[cons.upcoming.pk])
    assert f'Prossima riunione: <a href="{meeting}">{start}</a>' in body
    assert "Argomento in programma indirizzo" in body
    # Members see their council's reserved agenda items and documents.
    assert "PUNTO RISERVATO FUTURO INDIRIZZO" in body
    assert reverse("consigli:document_download", args=[cons.conf_doc.pk]) in body
    assert reverse("consigli:minutes_detail", args=[cons.draft_minutes.pk]) in body
    assert 'data-testid="panel-consigli-owned"' in body
    assert "Decisione pubblica indirizzo" in body
    assert "Decisioni aperte: ;" not in body
    assert "Decisioni aperte: 4; scadute: 2." in body
    assert 'data-testid="panel-consigli-alerts"' in body
    assert reverse("cruscotto:alerts") in body
    # Not the other council's meeting.
    assert "Argomento in programma progetto" not in body


def test_partner_sees_returned_records_with_the_comment_drafts_and_deadlines(client, world) -> None:
    returned = world.activity_a_returned
    returned.review_comment = "Manca il numero dei partecipanti per fascia d'età."
    returned.save(update_fields=["review_comment"])
    ReportingPeriod.objects.create(
        name="2099-H1",
        start=date(2099, 1, 1),
        end=date(2099, 6, 30),
        closes_on=timezone.localdate() + timedelta(days=20),
    )
    body = _home(client, world.users["partner_a"])
    assert reverse("cantieri:activity_detail", args=[returned.pk]) in body
    assert returned.title in body
    assert "Manca il numero dei partecipanti per fascia d&#x27;età." in body
    assert "2 bozze da completare e inviare." in body
    deadline = (timezone.localdate() + timedelta(days=20)).strftime("%d/%m/%Y")
    assert f"2099-H1: invio entro il {deadline}" in body
    other = _home(client, world.users["partner_b"])
    assert returned.title not in other


def test_staff_sees_reviews_by_zone_periods_to_close_contributions_and_jobs(client, world) -> None:
    job = Job.objects.create(
        kind="tests.report",
        params_hash="2" * 64,
        status=JobStatus.RUNNING,
        progress=40,
        created_by=world.users["partner_a"],
    )
    body = _home(client, world.users["staff"])
    assert "3 attività attendono la revisione." in body
    assert "<li>Nord: <strong>1</strong></li>" in body
    assert "<li>Sud: <strong>2</strong></li>" in body
    assert 'data-testid="panel-periods-to-close"' in body
    assert world.period_spare.name in body
    assert reverse("bilancio_sociale:moderation", args=[world.bs_consultation.pk]) in body
    assert reverse("jobs:detail", args=[job.pk]) in body
    zone = _home(client, world.users["staff_zone"])
    assert "1 attività attende la revisione." in zone
    assert "Sud: <strong>" not in zone
    # A partner's home lists only the partner's own jobs.
    assert reverse("jobs:detail", args=[job.pk]) in _home(client, world.users["partner_a"])
    assert reverse("jobs:detail", args=[job.pk]) not in _home(client, world.users["partner_b"])


def test_agency_referent_sees_their_agency_open_work(client, world) -> None:
    body = _home(client, world.users["agency"])
    assert 'data-testid="panel-agency-open-work"' in body
    assert "bisogni senza risposta o con risposta parziale" in body
    assert reverse("agencies:tool_list", args=["bisogni"]) in body
