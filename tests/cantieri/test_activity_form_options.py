"""The record form's drop-downs come from a cache (cantieri.form_options): they still list only
what the viewer's selectors allow, change at the next request after a write, render the same
markup as Django's widgets, and the pages run a pinned number of queries."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cantieri import form_options
from cantieri.forms import ActivityEntry, ActivityForm
from cantieri.models import ActivityKind, ActivityRecord, Azione
from cantieri.widgets import BlockSelect
from citta_del_noi.organizations.models import MembershipRole
from citta_del_noi.organizations.selectors import organizations_recordable_by
from citta_del_noi.organizations.services import membership_add
from territori.models import PuntoComunita
from tests.world import make_user

from .factories import period, record

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def _new_page(user) -> str:
    response = _client(user).get(reverse("cantieri:activity_create"))
    assert response.status_code == 200
    return response.content.decode()


def test_partner_is_offered_only_the_organisations_they_record_for(world) -> None:
    offered = {
        int(v) for v, _label in _options(_new_page(world.users["partner_a"]), "organization") if v
    }
    assert offered == {world.org_a.pk}
    assert offered == set(
        organizations_recordable_by(world.users["partner_a"]).values_list("pk", flat=True)
    )


def test_a_new_membership_and_an_inactive_organisation_show_at_the_next_request(
    world, django_capture_on_commit_callbacks
) -> None:
    partner = world.users["partner_a"]
    _new_page(partner)  # cached
    with django_capture_on_commit_callbacks(execute=True):
        membership_add(user=partner, organization=world.org_b, role=MembershipRole.COMPILATORE)
    offered = {int(v) for v, _l in _options(_new_page(partner), "organization") if v}
    assert offered == {world.org_a.pk, world.org_b.pk}
    with django_capture_on_commit_callbacks(execute=True):
        world.org_b.active = False
        world.org_b.save()
    offered = {int(v) for v, _l in _options(_new_page(partner), "organization") if v}
    assert offered == {world.org_a.pk}


def test_a_lettore_is_offered_no_organisation(world) -> None:
    lettore = make_user("lettore.x@example.org")
    membership_add(user=lettore, organization=world.org_a, role=MembershipRole.LETTORE)
    _opts, orgs = form_options.for_viewer(lettore)
    assert orgs == []


def test_a_new_action_and_a_locked_period_show_at_the_next_request(
    world, django_capture_on_commit_callbacks
) -> None:
    partner = world.users["partner_a"]
    rp = period()
    html = _new_page(partner)
    assert "Nuova azione di prova" not in html
    with django_capture_on_commit_callbacks(execute=True):
        Azione.objects.create(number=99, slug="prova", name="Nuova azione di prova")
        rp.locked_at = timezone.now()
        rp.save()
    html = _new_page(partner)
    assert ("", "99. Nuova azione di prova") not in _options(html, "azione")
    assert any(label == "99. Nuova azione di prova" for _v, label in _options(html, "azione"))
    (label,) = [lbl for v, lbl in _options(html, "reporting_period") if v == str(rp.pk)]
    assert label.endswith("· chiuso")


def test_the_drop_downs_list_what_the_selectors_list(world) -> None:
    html = _new_page(world.users["partner_a"])
    kinds = [(str(k.pk), k.name) for k in ActivityKind.objects.order_by("name")]
    assert _options(html, "kind") == [("", "---------"), *kinds]
    azioni = [(str(a.pk), str(a)) for a in Azione.objects.order_by("number")]
    assert _options(html, "azione") == [("", "---------"), *azioni]


def test_a_value_not_offered_is_refused_with_an_italian_message_and_nothing_is_saved(
    world,
) -> None:
    rp = period()
    data = {
        "organization": world.org_b.pk,  # not partner_a's
        "title": "Fuori elenco",
        "azione": 99999,
        "kind": ActivityKind.objects.order_by("pk").values_list("pk", flat=True)[0],
        "reporting_period": rp.pk,
        "period_start": rp.start.isoformat(),
        "period_end": rp.start.isoformat(),
        "dest-TOTAL_FORMS": 1,
        "dest-INITIAL_FORMS": 1,
        "dest-0-target_group": 99999,
        "fondi-TOTAL_FORMS": 0,
        "fondi-INITIAL_FORMS": 0,
    }
    response = _client(world.users["partner_a"]).post(reverse("cantieri:activity_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_organization_errors"' in body and 'id="id_azione_errors"' in body
    assert "Scegli un&#x27;opzione valida" in body
    assert not ActivityRecord.objects.filter(title="Fuori elenco").exists()


@pytest.mark.parametrize("value", [None, "", "2", "999", "x"])
def test_block_select_renders_like_django_select(value) -> None:
    pairs = [(1, "Uno & due"), (2, "<Due>"), (3, "Tre")]
    django_select = forms.Select(
        attrs={"class": "form-select"}, choices=[("", "---------"), *pairs]
    ).render("azione", value, attrs={"id": "id_azione", "required": True})
    block = form_options.options_block(pairs)
    ours = BlockSelect(
        block=lambda: block, empty_label="---------", attrs={"class": "form-select"}
    ).render("azione", value, attrs={"id": "id_azione", "required": True})
    # the same markup; Django's template leaves a blank line between the options
    assert _tags(ours) == _tags(django_select)
    assert ours.count(" selected") == _tags(django_select).count(" selected") <= 1


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("bound", [False, True])
def test_quick_renderer_writes_the_widgets_as_django_does(world, bound) -> None:
    rp = period()
    data = {"title": "a<b>&", "participants_total": "-1", "description": "x\ny", "city_wide": "on"}
    data.update({"period_start": rp.start.isoformat(), "reporting_period": str(rp.pk)})
    entry = ActivityEntry(
        data if bound else None, organizations=organizations_recordable_by(world.users["partner_a"])
    )
    if bound:
        entry.is_valid()
    default = get_default_renderer()
    forms_ = [entry.form, *entry.targets, *entry.fundings]
    for form in forms_:
        for field in form:
            if isinstance(field.field.widget, (BlockSelect, forms.CheckboxSelectMultiple)):
                continue
            ours = field.as_widget()
            form.renderer = default
            theirs = field.as_widget()
            form.renderer = ActivityForm.default_renderer
            assert ours == theirs, field.name


def test_quartieri_picker_lists_every_quartiere_by_zone_and_checks_the_saved_ones(world) -> None:
    from territori.models import Quartiere

    activity = record(world.org_a, title="Con quartieri")
    saved = set(activity.quartieri.values_list("pk", flat=True))
    response = _client(world.users["partner_a"]).get(
        reverse("cantieri:activity_edit", args=[activity.pk])
    )
    body = response.content.decode()
    boxes = re.findall(
        r'<input type="checkbox" name="quartieri" value="(\d+)" id="[^"]+"( checked)?>', body
    )
    assert {int(v) for v, _c in boxes} == set(Quartiere.objects.values_list("pk", flat=True))
    assert {int(v) for v, c in boxes if c} == saved and saved


# The exact number of queries of the record form's pages for a partner once the cache holds the
# reference choices (the first request of a data version builds them). None of them is the
# form's: the test settings keep the role snapshot off (ROLE_CACHE_SECONDS = 0), so each page
# reads the session, the user, five role rows and the unread notices (8); the edit page adds the
# record, its quartieri, target counts and fundings (4). With the production settings the
# role reads are cached: 1 and 5 queries at 1,000,000 records (bench/pages/run.py).
NEW_PAGE_QUERIES = 8
EDIT_PAGE_QUERIES = 12


def test_record_form_pages_query_count(world, django_assert_num_queries) -> None:
    client = _client(world.users["partner_a"])
    activity = record(world.org_a, title="Bozza")
    new, edit = (
        reverse("cantieri:activity_create"),
        reverse("cantieri:activity_edit", args=[activity.pk]),
    )
    assert client.get(new).status_code == 200 and client.get(edit).status_code == 200
    with django_assert_num_queries(NEW_PAGE_QUERIES):
        assert client.get(new).status_code == 200
    with django_assert_num_queries(EDIT_PAGE_QUERIES):
        assert client.get(edit).status_code == 200


def test_a_closed_punto_comunita_is_not_offered_but_an_edited_record_keeps_it(
    world, django_capture_on_commit_callbacks
) -> None:
    partner = world.users["partner_a"]
    punto = PuntoComunita.objects.order_by("pk").first()
    assert punto is not None
    rec = record(world.org_a, title="Con un Punto che chiude")
    rec.punto_comunita = punto
    rec.save(update_fields=["punto_comunita"])
    with django_capture_on_commit_callbacks(execute=True):
        punto.closed_on = timezone.localdate()
        punto.save()
    offered = {int(v) for v, _l in _options(_new_page(partner), "punto_comunita") if v}
    assert punto.pk not in offered
    assert offered == set(
        PuntoComunita.objects.filter(closed_on__isnull=True).values_list("pk", flat=True)
    )
    # a forged new record naming the closed Punto is refused next to the field
    response = _client(partner).post(
        reverse("cantieri:activity_create"), {"title": "Punto chiuso", "punto_comunita": punto.pk}
    )
    assert 'id="id_punto_comunita_errors"' in response.content.decode()
    # the record that already names it still shows it, selected
    edit = _client(partner).get(reverse("cantieri:activity_edit", args=[rec.pk]))
    assert edit.status_code == 200
    html = edit.content.decode()
    assert (str(punto.pk), str(punto)) in _options(html, "punto_comunita")
    assert re.search(rf'<option value="{punto.pk}" selected>', html)
    form = ActivityForm(instance=rec, data={"punto_comunita": punto.pk})
    form.is_valid()
    assert "punto_comunita" not in form.errors
