"""Roles inside an organisation on activity records (issue 11 point 4): a lettore reads and
exports, a compilatore records drafts (by hand and by import) but does not submit, the referent
does everything. Tried through the pages a user would use."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse

from cantieri import services
from cantieri.models import ActivityImport, ActivityKind, ActivityRecord, ActivityStatus, Azione
from citta_del_noi.organizations.models import MembershipRole
from citta_del_noi.organizations.services import membership_add
from tests.world import make_user

from .factories import figures, item, period, quartiere_in, record
from .test_imports import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(world):
    """A compilatore and a lettore of Cooperativa Alfa (besides its referent partner_a)."""
    compilatore = make_user("compilatore.a@example.org", first_name="Carla", last_name="Compila")
    membership_add(user=compilatore, organization=world.org_a, role=MembershipRole.COMPILATORE)
    lettore = make_user("lettore.a@example.org", first_name="Luca", last_name="Legge")
    membership_add(user=lettore, organization=world.org_a, role=MembershipRole.LETTORE)
    return {"compilatore": compilatore, "lettore": lettore}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(world, title: str, **extra) -> dict:
    rp = period()
    data = {
        "organization": world.org_a.pk,
        "title": title,
        "azione": Azione.objects.get(slug="anziani").pk,
        "kind": ActivityKind.objects.get(slug="laboratorio").pk,
        "reporting_period": rp.pk,
        "period_start": "2019-03-01",
        "period_end": "2019-03-01",
        "quartieri": [quartiere_in("nord").pk],
        "dest-TOTAL_FORMS": 0,
        "dest-INITIAL_FORMS": 0,
        "fondi-TOTAL_FORMS": 0,
        "fondi-INITIAL_FORMS": 0,
        **{name: str(value) for name, value in figures().items()},
    }
    data.update(extra)
    return data


def test_lettore_reads_but_cannot_create_edit_submit_or_import(world, members) -> None:
    lettore = client_for(members["lettore"])
    draft = record(world.org_a, title="Bozza Alfa da leggere")

    listing = lettore.get(reverse("cantieri:activity_list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Bozza Alfa da leggere" in body
    assert reverse("cantieri:activity_create") not in body
    assert reverse("cantieri:import_upload") not in body
    detail = lettore.get(reverse("cantieri:activity_detail", args=[draft.pk])).content.decode()
    assert reverse("cantieri:activity_edit", args=[draft.pk]) not in detail
    assert reverse("cantieri:activity_submit", args=[draft.pk]) not in detail

    assert lettore.get(reverse("cantieri:activity_create")).status_code == 403
    response = lettore.post(reverse("cantieri:activity_create"), form_data(world, "Del lettore"))
    assert response.status_code == 403
    assert not ActivityRecord.objects.filter(title="Del lettore").exists()

    response = lettore.post(
        reverse("cantieri:activity_edit", args=[draft.pk]), form_data(world, "Cambiata")
    )
    assert response.status_code == 403
    assert lettore.post(reverse("cantieri:activity_submit", args=[draft.pk])).status_code == 403
    assert lettore.post(reverse("cantieri:activity_delete", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Bozza Alfa da leggere" and draft.status == ActivityStatus.DRAFT

    assert lettore.get(reverse("cantieri:import_upload")).status_code == 403
    response = lettore.post(
        reverse("cantieri:import_upload"),
        {
            "organization": world.org_a.pk,
            "file": SimpleUploadedFile("a.csv", csv_bytes([row("L1")])),
        },
    )
    assert response.status_code == 403
    assert not ActivityImport.objects.filter(user=members["lettore"]).exists()


def test_lettore_exports_the_organisation_records_and_nothing_more(world, members) -> None:
    record(world.org_a, title="Bozza Alfa esportata")
    record(world.org_b, title="Bozza Beta mai vista")
    response = client_for(members["lettore"]).get(reverse("cantieri:activity_export", args=["csv"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert "Bozza Alfa esportata" in content
    assert "Bozza Beta mai vista" not in content


def test_compilatore_records_drafts_but_cannot_submit(world, members) -> None:
    compilatore = client_for(members["compilatore"])
    page = compilatore.get(reverse("cantieri:activity_create"))
    assert page.status_code == 200
    assert 'name="submit"' not in page.content.decode()

    response = compilatore.post(
        reverse("cantieri:activity_create"), form_data(world, "Bozza della compilatrice")
    )
    assert response.status_code == 302
    draft = ActivityRecord.objects.get(title="Bozza della compilatrice")
    assert draft.status == ActivityStatus.DRAFT and draft.organization == world.org_a

    # Asking to submit by a hand-made POST is refused and saves nothing.
    response = compilatore.post(
        reverse("cantieri:activity_create"), form_data(world, "Inviata a forza", submit="1")
    )
    assert response.status_code == 403
    assert not ActivityRecord.objects.filter(title="Inviata a forza").exists()
    response = compilatore.post(
        reverse("cantieri:activity_edit", args=[draft.pk]),
        form_data(world, "Titolo cambiato e inviato", submit="1"),
    )
    assert response.status_code == 403
    assert compilatore.post(reverse("cantieri:activity_submit", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ActivityStatus.DRAFT and draft.title == "Bozza della compilatrice"

    # Editing the draft is allowed; the detail page offers edit but not submit.
    response = compilatore.post(
        reverse("cantieri:activity_edit", args=[draft.pk]), form_data(world, "Bozza rivista")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Bozza rivista"
    detail = compilatore.get(reverse("cantieri:activity_detail", args=[draft.pk])).content.decode()
    assert reverse("cantieri:activity_edit", args=[draft.pk]) in detail
    assert reverse("cantieri:activity_submit", args=[draft.pk]) not in detail

    # The referent sends it.
    referent = client_for(world.users["partner_a"])
    assert referent.post(reverse("cantieri:activity_submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ActivityStatus.SUBMITTED


def test_compilatore_imports_drafts_but_cannot_submit_them(world, members) -> None:
    period()
    compilatore = client_for(members["compilatore"])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the preview job
        response = compilatore.post(
            reverse("cantieri:import_upload"),
            {
                "organization": world.org_a.pk,
                "file": SimpleUploadedFile("a.csv", csv_bytes([row("C1", title="Da importare")])),
            },
        )
    assert response.status_code == 302
    preview = compilatore.get(response["Location"])
    assert 'name="submit_now"' not in preview.content.decode()
    assert compilatore.post(response["Location"], {"submit_now": "on"}).status_code == 403
    assert not ActivityRecord.objects.filter(title="Da importare").exists()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the apply job
        compilatore.post(response["Location"], {})
    imported = ActivityRecord.objects.get(title="Da importare")
    assert imported.status == ActivityStatus.DRAFT


def test_compilatore_cannot_request_a_correction(world, members) -> None:
    approved = record(world.org_a, title="Approvata Alfa", status=ActivityStatus.APPROVED)
    compilatore = client_for(members["compilatore"])
    assert (
        compilatore.get(reverse("cantieri:activity_correct", args=[approved.pk])).status_code == 403
    )
    referent = client_for(world.users["partner_a"])
    assert referent.get(reverse("cantieri:activity_correct", args=[approved.pk])).status_code == 200


def test_services_follow_the_role_too(world, members) -> None:
    """Imports and any future API call the services: they refuse what the role does not allow."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.activity_create(organization=world.org_a, by=members["lettore"], item=item())
    draft = services.activity_create(
        organization=world.org_a, by=members["compilatore"], item=item()
    )
    with pytest.raises(PermissionDenied):
        services.activity_submit(activity=draft, by=members["compilatore"])
    services.activity_submit(activity=draft, by=world.users["partner_a"])


def test_a_removed_member_loses_reading_and_export(world, members) -> None:
    from citta_del_noi.organizations.models import Membership
    from citta_del_noi.organizations.services import member_remove

    draft = record(world.org_a, title="Bozza Alfa riservata ai membri")
    membership = Membership.objects.get(user=members["lettore"])
    member_remove(membership=membership, by=world.users["partner_a"])
    lettore = client_for(members["lettore"])
    assert lettore.get(reverse("cantieri:activity_export", args=["csv"])).status_code == 403
    assert lettore.get(reverse("cantieri:activity_detail", args=[draft.pk])).status_code == 404
