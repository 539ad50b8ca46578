"""Open data that says what it means (issue 10 point 4): a Frictionless Table Schema for every
CSV/JSON, linked from the DCAT-AP_IT catalogue with a real contact email and a modified date
that moves with a correction; whole numbers without a spurious ".0"."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from bilancio_sociale.models import EditionStatus
from bilancio_sociale.services import edition_publish_correction
from tests.bilancio_sociale.factories import crafted_snapshot, make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db, django_user_model, settings):
    settings.OPEN_DATA_CONTACT_EMAIL = "dati.aperti@comune.brescia.it"
    staff = django_user_model.objects.create_user(email="redazione@example.org", password="x")
    snapshot = crafted_snapshot("bilancio-2017")
    zone = snapshot["sections"][0]["blocks"][0]["data"]
    # sums read from the database come back as floats: 512.0 people, 2622.0 in the total
    zone["rows"][2]["partecipanti"] = 512.0
    zone["totals"]["partecipanti"] = 2622.0
    zone["columns"][1]["description"] = "Persone che hanno partecipato alle attività della zona."
    edition = make_edition(
        slug="bilancio-2017", year=2017, status=EditionStatus.PUBLISHED, by=staff, snapshot=snapshot
    )
    return edition, staff


def _get(name: str, **kwargs: str):
    return Client().get(reverse(f"bilancio_sociale:{name}", kwargs=kwargs))


def test_every_csv_and_json_has_a_table_schema(edition) -> None:
    edition, _staff = edition
    kwargs = {"slug": edition.slug, "section": "citta", "block": "zone"}
    response = _get("block_schema", **kwargs)
    assert response.status_code == 200
    schema = response.json()
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == ["zona", "partecipanti", "volontari"]
    people = fields["partecipanti"]
    assert people["title"] == "Partecipanti"
    assert people["type"] == "integer"
    assert people["unit"] == "persone"
    assert people["description"] == "Persone che hanno partecipato alle attività della zona."
    assert "numero intero" in people["definition"].lower()
    assert fields["zona"]["type"] == "string" and fields["zona"]["definition"]
    for field in fields.values():
        assert field["title"] and field["description"] and field["definition"]
        assert "unit" in field
    assert {"n.d.", "< 5", "< 10", ""} <= set(schema["missingValues"])
    meanings = schema["missingValuesMeaning"]
    assert "riservatezza" in meanings["< 5"] and "ricalcolare" in meanings["n.d."]
    # the JSON carries the same schema, and says where it is published
    data = _get("block_json", **kwargs).json()
    assert data["schema"] == schema
    assert data["schema_url"].endswith("/dati/citta/zone.schema.json")
    # figures: the long format is described too, each figure with its unit and definition
    figures = _get("block_schema", **{**kwargs, "block": "sintesi"}).json()
    assert [f["name"] for f in figures["fields"]] == ["chiave", "dato", "valore"]
    described = {f["key"]: f for f in figures["figures"]}
    assert described["disabili"]["unit"] == "persone" and described["disabili"]["definition"]


def test_csv_numbers_are_numbers_without_a_spurious_decimal(edition) -> None:
    edition, _staff = edition
    body = _get("block_csv", slug=edition.slug, section="citta", block="zone").content.decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[3] == ["Est", "512", "57"]
    assert rows[-1] == ["Totale", "2622", "101"]
    assert ".0" not in body
    data = _get("block_json", slug=edition.slug, section="citta", block="zone").json()
    assert data["totali"]["partecipanti"] == 2622 and isinstance(
        data["totali"]["partecipanti"], int
    )


def test_dcat_links_the_schema_gives_the_contact_email_and_moves_modified(edition) -> None:
    edition, staff = edition
    catalog = json.loads(_get("dcat", slug=edition.slug).content)
    dataset = next(d for d in catalog["dcat:dataset"] if d["@id"].endswith("#b-citta-zone"))
    for distribution in dataset["dcat:distribution"]:
        assert distribution["dct:conformsTo"]["@id"].endswith("/dati/citta/zone.schema.json")
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"] == (
        "mailto:dati.aperti@comune.brescia.it"
    )
    before = catalog["dct:modified"]["@value"]
    assert dataset["dct:modified"]["@value"] == before

    edition_publish_correction(edition=edition, erratum="Corretto un refuso.", by=staff)

    after_catalog = json.loads(_get("dcat", slug=edition.slug).content)
    after = after_catalog["dct:modified"]["@value"]
    assert after > before
    dataset = next(d for d in after_catalog["dcat:dataset"] if d["@id"].endswith("#b-citta-zone"))
    assert dataset["dct:modified"]["@value"] == after
    # issued stays the first publication
    assert after_catalog["dct:issued"] == catalog["dct:issued"]


def test_a_deployment_without_a_contact_email_is_warned(settings) -> None:
    from bilancio_sociale.apps import open_data_contact_check

    settings.OPEN_DATA_CONTACT_EMAIL = ""
    assert [w.id for w in open_data_contact_check()] == ["bilancio_sociale.W001"]
    settings.OPEN_DATA_CONTACT_EMAIL = "dati.aperti@comune.brescia.it"
    assert open_data_contact_check() == []
