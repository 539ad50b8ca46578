"""Comune staff edit the territory's reference data in the admin."""

from __future__ import annotations

import pytest

from territori.models import PopolazioneQuartiere, Quartiere

pytestmark = pytest.mark.django_db


def _post_quartiere(client, quartiere: Quartiere, rows: list[dict]):
    existing = list(quartiere.popolazione.order_by("-year"))
    data: dict = {
        "name": quartiere.name,
        "istat_code": quartiere.istat_code,
        "zona": quartiere.zona_id,
        "sst": quartiere.sst_id,
        "boundary_geojson": "null",
        "popolazione-TOTAL_FORMS": str(len(existing) + len(rows)),
        "popolazione-INITIAL_FORMS": str(len(existing)),
        "popolazione-MIN_NUM_FORMS": "0",
        "popolazione-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(existing):
        data |= {
            f"popolazione-{i}-id": row.pk,
            f"popolazione-{i}-quartiere": quartiere.pk,
            f"popolazione-{i}-year": row.year,
            f"popolazione-{i}-residents": row.residents,
            f"popolazione-{i}-source": row.source,
        }
    for j, new in enumerate(rows, start=len(existing)):
        data |= {f"popolazione-{j}-quartiere": quartiere.pk} | {
            f"popolazione-{j}-{k}": v for k, v in new.items()
        }
    return client.post(f"/admin/territori/quartiere/{quartiere.pk}/change/", data)


def test_staff_add_a_population_year(client, world) -> None:
    quartiere = Quartiere.objects.get(name="Mompiano")
    client.force_login(world.users["staff"])
    response = _post_quartiere(client, quartiere, [{"year": 2019, "residents": 12345}])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PopolazioneQuartiere.objects.get(quartiere=quartiere, year=2019).residents == 12345


def test_a_year_twice_is_refused_and_nothing_is_saved(client, world) -> None:
    quartiere = Quartiere.objects.get(name="Mompiano")
    client.force_login(world.users["staff"])
    response = _post_quartiere(
        client,
        quartiere,
        [{"year": 2020, "residents": 1}, {"year": 2020, "residents": 2}],
    )
    assert response.status_code == 200
    assert "compare più di una volta" in response.content.decode()
    assert not PopolazioneQuartiere.objects.filter(quartiere=quartiere, year=2020).exists()


def test_partner_cannot_edit_reference_data(client, world) -> None:
    quartiere = Quartiere.objects.get(name="Mompiano")
    client.force_login(world.users["partner_a"])
    response = client.get(f"/admin/territori/quartiere/{quartiere.pk}/change/")
    assert response.status_code in (302, 403)
