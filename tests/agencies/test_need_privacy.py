"""Issue 11: the needs register refuses personal data, keeps a readable history, and staff
can redact a field from it (GDPR art. 17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agencies import models as m
from agencies import rules, services
from tests.agencies import helpers as h

pytestmark = pytest.mark.django_db

CF = "RSSMRA80A01H501U"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _need_data(world, **over) -> dict:
    return {
        "title": "Solitudine degli anziani",
        "target_group": world.need.target_group_id,
        "source": "indagine",
        "evidence": "Indagine 2024 sui residenti over 75",
        "identified_on": "2024-03-01",
        "reason": "da_valutare",
        **over,
    }


def _history_rows_containing(text: str) -> int:
    table = m.Need.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} AS h WHERE h::text LIKE %s",  # noqa: S608
            [f"%{text}%"],
        )
        return cursor.fetchone()[0]


def test_need_form_refuses_personal_data_next_to_the_field(world) -> None:
    client = _client(world.users["agency"])
    response = client.post(
        reverse("agencies:tool_create", args=["bisogni"]),
        _need_data(world, description=f"Segnalato da Mario Rossi {CF}"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "un codice fiscale (RSSMRA…501U)" in body and "solo dati aggregati" in body
    assert not m.Need.objects.filter(title="Solitudine degli anziani").exists()
    response = client.post(
        reverse("agencies:tool_create", args=["bisogni"]),
        _need_data(world, evidence="Sportello: chiamare il 030 2977123"),
    )
    assert "un numero di telefono" in response.content.decode()
    assert not m.Need.objects.filter(title="Solitudine degli anziani").exists()


def test_need_service_refuses_personal_data_too(world) -> None:
    from django.core.exceptions import ValidationError

    from agencies.forms import NeedForm
    from agencies.tools import get_tool

    tool = get_tool("bisogni")
    form = NeedForm(
        _need_data(world, title="Bisogno"),
        scope=rules.tool_scope(world.users["agency"], "conoscenza"),
    )
    assert form.is_valid(), form.errors
    form.cleaned_data["evidence"] = "mario.rossi@example.com"  # as an API client would send it
    with pytest.raises(ValidationError) as exc:
        services.tool_save(tool=tool, form=form, by=world.users["agency"])
    assert "un indirizzo email" in exc.value.message_dict["evidence"][0]
    assert not m.Need.objects.filter(title="Bisogno").exists()


def test_needs_register_keeps_a_readable_history(world) -> None:
    agency = _client(world.users["agency"])
    response = agency.post(reverse("agencies:tool_create", args=["bisogni"]), _need_data(world))
    assert response.status_code == 302
    need = m.Need.objects.get(title="Solitudine degli anziani")
    agency.post(
        reverse("agencies:tool_edit", args=["bisogni", need.pk]),
        _need_data(world, title="Solitudine degli anziani soli", source="consiglio"),
    )
    services.need_link(
        need=need,
        by=world.users["agency"],
        activity=h.activity(world.org_a, quartieri=[], city_wide=True),
    )
    page = agency.get(reverse("agencies:need_history", args=[need.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    history = body[body.index('data-testid="history"') :]
    assert "Creato" in history and "Modificato" in history
    assert "Bisogno</strong>: Solitudine degli anziani → Solitudine degli anziani soli" in history
    assert "Fonte</strong>: Indagine → Consiglio" in history
    assert "Stato</strong>: Senza risposta → Con risposta" in history
    for raw in ("Changed", "senza_risposta", "indagine →", ">~<", ">+<"):
        assert raw not in history, raw
    # The detail page links to it.
    detail = agency.get(reverse("agencies:tool_detail", args=["bisogni", need.pk]))
    assert reverse("agencies:need_history", args=[need.pk]) in detail.content.decode()


def test_staff_redact_a_need_field_and_its_history(world) -> None:
    need = h.need(quartieri=[], title="Bisogno segnalato")
    # Data entered before this change, then edited: the code is in two versions.
    m.Need.objects.filter(pk=need.pk).update(evidence=f"Segnalazione di {CF}")
    need.refresh_from_db()
    need.save()
    need.evidence = f"Segnalazione di {CF} allo sportello"
    need.save()
    assert _history_rows_containing(CF) == 2
    url = reverse("agencies:need_redact", args=[need.pk])
    data = {"field": "evidence", "passage": "", "reason": "Codice fiscale inserito per errore"}
    assert _client(world.users["agency"]).post(url, data).status_code == 403
    staff = _client(world.users["staff"])
    response = staff.post(url, data)
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.evidence == "[testo rimosso]"
    assert _history_rows_containing(CF) == 0
    page = staff.get(reverse("agencies:need_history", args=[need.pk])).content.decode()
    assert "Codice fiscale inserito per errore" in page and "Evidenze" in page
    assert CF not in page


def test_needs_recorded_before_the_history_get_a_first_version(world) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("agencies.migrations.0007_need_history")
    need = h.need(quartieri=[], title="Bisogno di prima")
    m.Need.history.all().delete()  # as before the register kept a history
    migration.initial_versions(apps, None)
    first = need.history.get()
    assert first.history_type == "+" and first.title == "Bisogno di prima"
    page = _client(world.users["staff"]).get(reverse("agencies:need_history", args=[need.pk]))
    assert "Creato" in page.content.decode()


def test_milestone_history_shows_status_names_not_codes(world) -> None:
    from cantieri.models import Azione

    objective = m.Objective.objects.create(
        azione=Azione.objects.order_by("pk")[0], title="Obiettivo"
    )
    milestone = m.Milestone.objects.create(
        objective=objective, title="Tappa", due_date="2024-06-30"
    )
    milestone.status = m.MilestoneStatus.LATE
    milestone.save()
    page = _client(world.users["staff"]).get(
        reverse("agencies:tool_detail", args=["tappe", milestone.pk])
    )
    body = page.content.decode()
    history = body[body.index('data-testid="history"') :]
    assert "Stato</strong>: Prevista → In ritardo" in history
    assert "in_ritardo" not in history and "Changed" not in history
