"""Free text has a documented maximum length and refuses leading formula characters where the
import refuses them (issue 12.4): the message is next to the field and nothing is saved."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from cantieri.models import ActivityRecord
from cantieri.services import validate_activity

from .factories import figures, item, period, quartiere_in

pytestmark = pytest.mark.django_db

PROJECT_APPS = (
    "agencies",
    "bilancio_sociale",
    "cantieri",
    "consigli",
    "territori",
    "citta_del_noi",
)
# Written by the system, never typed by a user in a form.
NOT_FREE_TEXT = {("jobs", "job", "error")}


def _post(world, **over):
    client = Client()
    client.force_login(world.users["partner_a"])
    rp = period()
    data = {
        "organization": world.org_a.pk,
        "title": "Laboratorio lungo",
        "azione": 5,
        "kind": 1,
        "reporting_period": rp.pk,
        "period_start": "2019-02-01",
        "period_end": "2019-02-28",
        "quartieri": [quartiere_in("nord").pk],
        "dest-TOTAL_FORMS": 0,
        "dest-INITIAL_FORMS": 0,
        "fondi-TOTAL_FORMS": 0,
        "fondi-INITIAL_FORMS": 0,
        **{k: str(v) for k, v in figures().items()},  # a form otherwise valid: it would save
        **over,
    }
    return client.post(reverse("cantieri:activity_create"), data)


def _error_next_to(body: str, field: str) -> str:
    """The error list rendered right before or after the field's input."""
    at = body.index(f'id="id_{field}"')
    end = body.find("</textarea>", at)
    end = at if end < 0 else end
    return body[max(0, at - 1500) : at + 300] + body[end : end + 1500]


def test_a_million_character_description_is_refused_and_nothing_saved(world) -> None:
    before = ActivityRecord.objects.count()
    response = _post(world, description="x" * 1_000_000)
    assert response.status_code == 200
    body = response.content.decode()
    near = _error_next_to(body, "description")
    assert "10000" in near and "caratteri" in near and "errorlist" in near
    assert ActivityRecord.objects.count() == before
    assert not ActivityRecord.objects.filter(title="Laboratorio lungo").exists()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "  =1"])
def test_leading_formula_characters_are_refused_like_the_import(world, text) -> None:
    response = _post(world, title=text, description=text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "foglio di calcolo lo leggerebbe come una formula" in _error_next_to(body, "title")
    assert "foglio di calcolo lo leggerebbe come una formula" in _error_next_to(body, "description")
    assert not ActivityRecord.objects.filter(title=text).exists()


def test_services_apply_the_same_rules_to_every_caller(reference) -> None:
    errors = validate_activity(item(title="Ok", description="=1+1", spaces="y" * 301))
    assert "formula" in errors["description"][0]
    assert "al massimo 300 caratteri" in errors["spaces"][0]


def test_every_text_field_has_a_maximum_length() -> None:
    missing = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        if m.__module__.startswith(PROJECT_APPS)
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField)
        and not f.max_length
        and (m._meta.app_label, m._meta.model_name, f.name) not in NOT_FREE_TEXT
    ]
    assert not missing
