"""Every reference model is editable in the admin, by Comune staff, whoever registered it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from citta_del_noi.core.admin_fallback import REFERENCE_MODELS

pytestmark = pytest.mark.django_db

TERRITORY = [
    ("territori", "Zona"),
    ("territori", "ServizioSocialeTerritoriale"),
    ("territori", "Quartiere"),
    ("territori", "PuntoComunita"),
    ("organizations", "Organization"),
    ("organizations", "Membership"),
]
ALL = TERRITORY + [(app, model) for app, model, _display in REFERENCE_MODELS]


@pytest.mark.parametrize(("app_label", "model_name"), ALL)
def test_reference_model_is_registered_and_open_to_staff(client, world, app_label, model_name):
    model = apps.get_model(app_label, model_name)
    assert admin.site.is_registered(model)
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    client.force_login(world.users["staff"])
    assert client.get(url).status_code == 200
    client.force_login(world.users["partner_a"])
    assert client.get(url).status_code in (302, 403)
