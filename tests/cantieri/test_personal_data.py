"""Issue 11 point 2: no personal data in activity records, imports, corrections and their
history; staff redaction rewrites the history (GDPR art. 17)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cantieri import services
from cantieri.models import (
    ActivityCorrection,
    ActivityImport,
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    Azione,
)
from tests.cantieri.test_imports import HEADERS, confirm, row, upload

from .factories import figures, item, period, quartiere_in

pytestmark = pytest.mark.django_db

PERSONAL = "Mario Rossi RSSMRA80A01H501U"
CF = "RSSMRA80A01H501U"


def form_data(world: Any, **over: Any) -> dict[str, Any]:
    rp = period()
    data: dict[str, Any] = {
        "organization": world.org_a.pk,
        "title": "Laboratorio di cucito",
        "azione": Azione.objects.get(slug="anziani").pk,
        "kind": ActivityKind.objects.get(slug="laboratorio").pk,
        "reporting_period": rp.pk,
        "period_start": "2019-02-01",
        "period_end": "2019-02-28",
        "quartieri": [quartiere_in("nord").pk],
        "description": "",
        "in_kind_description": "",
        "spaces": "",
        "dest-TOTAL_FORMS": 0,
        "dest-INITIAL_FORMS": 0,
        "fondi-TOTAL_FORMS": 0,
        "fondi-INITIAL_FORMS": 0,
    }
    data.update({k: str(v) for k, v in figures(10).items()})
    data.update(over)
    return data


def client_for(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def history_rows_containing(text: str) -> int:
    """Rows of the activity history table holding the text in any column (raw SQL)."""
    table = ActivityRecord.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} AS h WHERE h::text LIKE %s",  # noqa: S608
            [f"%{text}%"],
        )
        return cursor.fetchone()[0]


def test_activity_form_refuses_a_codice_fiscale_in_the_description(world) -> None:
    partner = client_for(world, "partner_a")
    response = partner.post(
        reverse("cantieri:activity_create"), form_data(world, description=PERSONAL)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "un codice fiscale (RSSMRA…501U)" in body
    assert "solo dati aggregati" in body
    assert not ActivityRecord.objects.filter(title="Laboratorio di cucito").exists()
    assert history_rows_containing(CF) == 0
    # The same form without the personal data is saved.
    ok = partner.post(
        reverse("cantieri:activity_create"),
        form_data(world, description="Dieci incontri con le famiglie del quartiere"),
    )
    assert ok.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "found"),
    [
        ("title", "Incontro con mario.rossi@example.com", "un indirizzo email"),
        ("spaces", "Sala civica, chiamare 347 123 4567", "un numero di telefono"),
        ("in_kind_description", "Bonifico su IT60X0542811101000000123456", "un IBAN"),
    ],
)
def test_other_text_fields_refuse_personal_data(world, field, value, found) -> None:
    response = client_for(world, "partner_a").post(
        reverse("cantieri:activity_create"), form_data(world, **{field: value})
    )
    assert response.status_code == 200
    assert found in response.content.decode()
    assert not ActivityRecord.objects.filter(period_start__month=2, period_end__day=28).exists()


def test_the_saving_service_refuses_too(world) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            organization=world.org_a, by=world.users["partner_a"], item=item(description=PERSONAL)
        )
    assert "RSSMRA…501U" in exc.value.message_dict["description"][0]


def test_report_figures_are_accepted(world) -> None:
    text = "Nel 2019, ore 10-12, 33 quartieri, spesa 1.250 €, incontro del 03/05/2019"
    response = client_for(world, "partner_a").post(
        reverse("cantieri:activity_create"), form_data(world, description=text)
    )
    assert response.status_code == 302
    assert ActivityRecord.objects.get(title="Laboratorio di cucito").description == text


def test_import_row_with_personal_data_is_reported_and_never_stored(world) -> None:
    period()
    partner = client_for(world, "partner_a")
    headers = [*HEADERS, "Descrizione"]
    rows = [
        [*row("R1"), PERSONAL],
        [*row("R2", title="Compagnia"), "Merenda insieme"],
    ]
    lines = [";".join(headers)] + [";".join(str(v) for v in r) for r in rows]
    content = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    response = upload(partner, world, "attivita.csv", content)
    assert response.status_code == 302
    page = partner.get(response["Location"]).content.decode()
    assert "Righe valide: 1" in page
    assert "un codice fiscale (RSSMRA…501U)" in page
    imp = ActivityImport.objects.latest("pk")
    assert CF not in str(imp.preview)
    confirm(partner, response["Location"], {})
    imp.refresh_from_db()
    assert imp.report["created"] == 1 and imp.report["rejected"] == 1
    rejected = [r for r in imp.report["rows"] if r["outcome"] == "rejected"][0]
    assert rejected["errors"][0]["column"] == "Descrizione"
    assert "RSSMRA…501U" in rejected["errors"][0]["message"]
    assert CF not in str(imp.report)
    assert not ActivityRecord.objects.filter(import_key="R1").exists()
    report = partner.get(reverse("cantieri:import_report", args=[imp.pk])).content.decode()
    assert "RSSMRA…501U" in report and CF not in report


def _approved_record(world: Any, **over: Any) -> ActivityRecord:
    partner, staff = world.users["partner_a"], world.users["staff"]
    a = services.activity_create(organization=world.org_a, by=partner, item=item(**over))
    services.activity_submit(activity=a, by=partner)
    services.activity_approve(activity=a, by=staff)
    return a


def test_correction_refuses_personal_data_in_data_and_reason(world) -> None:
    a = _approved_record(world)
    partner = client_for(world, "partner_a")
    url = reverse("cantieri:activity_correct", args=[a.pk])
    response = partner.post(
        url,
        form_data(
            world,
            title="Ginnastica dolce",
            description=PERSONAL,
            reason="Aggiunta la descrizione dell'attività",
        ),
    )
    assert response.status_code == 200
    assert "un codice fiscale (RSSMRA…501U)" in response.content.decode()
    response = partner.post(
        url,
        form_data(
            world,
            title="Ginnastica dolce",
            participants_total="12",
            reason="Lo ha chiesto Mario Rossi, tel. 347 123 4567",
        ),
    )
    assert response.status_code == 200
    assert "un numero di telefono (347…67)" in response.content.decode()
    assert not ActivityCorrection.objects.exists()
    assert history_rows_containing(CF) == 0 and history_rows_containing("4567") == 0


def test_return_comment_refuses_personal_data(world) -> None:
    partner = world.users["partner_a"]
    a = services.activity_create(organization=world.org_a, by=partner, item=item())
    services.activity_submit(activity=a, by=partner)
    response = client_for(world, "staff").post(
        reverse("cantieri:activity_return", args=[a.pk]),
        {"comment": "Scrivere a mario.rossi@example.com"},
    )
    assert response.status_code == 400
    assert "un indirizzo email" in response.content.decode()
    a.refresh_from_db()
    assert a.status == ActivityStatus.SUBMITTED


def _record_with_personal_data_in_history(world: Any) -> ActivityRecord:
    """Data entered before this change: the text is in the record, its history and a
    correction's list of changes."""
    a = _approved_record(world)
    partner = world.users["partner_a"]
    ActivityRecord.objects.filter(pk=a.pk).update(description=f"Con {PERSONAL}")
    a.refresh_from_db()
    a._history_user = partner  # type: ignore[attr-defined]
    a.save()
    a.description = f"Con {PERSONAL}, 12 partecipanti"
    a.save()
    ActivityCorrection.objects.create(
        activity=a,
        reason="Descrizione completata",
        requested_by=partner,
        changes={"description": [f"Con {PERSONAL}", f"Con {PERSONAL}, 12 partecipanti"]},
    )
    assert history_rows_containing(CF) == 2
    return a


def test_staff_redaction_removes_the_text_from_record_history_and_corrections(world) -> None:
    a = _record_with_personal_data_in_history(world)
    staff = client_for(world, "staff")
    url = reverse("cantieri:activity_redact", args=[a.pk])
    assert staff.get(url).status_code == 200
    refused = staff.post(url, {"field": "description", "passage": "", "reason": "corto"})
    assert refused.status_code == 400 and "almeno 10 caratteri" in refused.content.decode()
    response = staff.post(
        url,
        {
            "field": "description",
            "passage": "Mario Rossi",
            "reason": "Richiesta dell'interessato (art. 17 GDPR)",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.description == "Con [testo rimosso] [testo rimosso], 12 partecipanti"
    assert history_rows_containing(CF) == 0
    assert history_rows_containing("Mario Rossi") == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM cantieri_activitycorrection AS c WHERE c::text LIKE %s",
            [f"%{CF}%"],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT COUNT(*) FROM privacy_redactionlog AS r WHERE r::text LIKE %s", ["%Mario%"]
        )
        assert cursor.fetchone()[0] == 0
    # The history page shows who removed what and when, not the value.
    page = staff.get(reverse("cantieri:activity_detail", args=[a.pk])).content.decode()
    assert 'data-testid="redactions"' in page
    assert "Richiesta dell&#x27;interessato (art. 17 GDPR)" in page
    redactions = page[page.index('data-testid="redactions"') :]
    user = world.users["staff"]
    assert "Descrizione" in redactions
    assert (user.get_full_name() or user.email) in redactions
    assert CF not in page and "Mario Rossi" not in page


def test_redaction_of_the_whole_field_and_only_by_staff(world) -> None:
    a = _record_with_personal_data_in_history(world)
    url = reverse("cantieri:activity_redact", args=[a.pk])
    data = {"field": "description", "reason": "Dati personali inseriti per errore"}
    assert client_for(world, "partner_a").post(url, data).status_code == 403
    assert client_for(world, "staff").post(url, data).status_code == 302
    a.refresh_from_db()
    assert a.description == "[testo rimosso]"
    assert history_rows_containing(CF) == 0
    assert history_rows_containing("12 partecipanti") == 0


def test_history_shows_italian_labels_and_status_names(world) -> None:
    a = _approved_record(world)
    page = client_for(world, "staff").get(reverse("cantieri:activity_detail", args=[a.pk]))
    body = page.content.decode()
    history = body[body.index('data-testid="history"') :]
    assert "Creato" in history and "Modificato" in history
    assert "Stato</strong>: Bozza → Inviata" in history
    assert "Stato</strong>: Inviata → Approvata" in history
    for raw in ("Changed", "Created", "submitted →", "→ approved", ">~<", ">+<"):
        assert raw not in history, raw
