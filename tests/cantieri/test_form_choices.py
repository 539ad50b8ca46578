"""Drop-downs list through the viewer's selector: a zone's staff is offered only their zones."""

from __future__ import annotations

import pytest
from django.forms import ModelChoiceField
from django.http import QueryDict

from cantieri.export_jobs import activity_filters
from territori.models import Zona

pytestmark = pytest.mark.django_db


def _zone_choices(user) -> set[int]:
    form, _f = activity_filters(user, QueryDict())
    field = form.fields["zona"]
    assert isinstance(field, ModelChoiceField) and field.queryset is not None
    return {z.pk for z in field.queryset}


def test_staff_of_one_zone_is_offered_only_that_zone(world) -> None:
    assert _zone_choices(world.user("staff_zone")) == {world.zona_nord.pk}


def test_staff_of_one_zone_cannot_filter_by_another_zone(world) -> None:
    other = Zona.objects.exclude(pk=world.zona_nord.pk).first()
    assert other is not None
    form, f = activity_filters(world.user("staff_zone"), QueryDict(f"zona={other.pk}"))
    assert not form.is_valid() and "zona" in form.errors
    assert f.zona is None


def test_staff_of_every_zone_is_offered_every_zone(world) -> None:
    assert _zone_choices(world.user("staff")) == set(Zona.objects.values_list("pk", flat=True))


def test_zone_limited_staff_sees_only_their_zone_in_the_rendered_drop_down(world) -> None:
    """The rendered options (from the cached reference data) follow the same scope as the
    field's validation: a staff member limited to a zone is offered that zone only."""
    staff_zone = world.users["staff_zone"]
    form, _f = activity_filters(staff_zone, QueryDict())
    rendered = {str(value) for value, _label in form.fields["zona"].widget.choices if value}
    assert rendered == {str(pk) for pk in _zone_choices(staff_zone)}
    everyone, _f = activity_filters(world.users["staff"], QueryDict())
    assert len([v for v, _label in everyone.fields["zona"].widget.choices if v]) > len(rendered)
