"""Reference data of the territory, loaded by `manage.py load_reference` (create-only)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.text import slugify

from .models import PopolazioneQuartiere, Quartiere, ServizioSocialeTerritoriale, Zona

# The order in which `manage.py load_reference` loads the apps' reference data.
ORDER = 10

DATA = Path(__file__).parent / "data"

ZONES = [("nord", "Nord"), ("ovest", "Ovest"), ("sud", "Sud"), ("est", "Est"), ("centro", "Centro")]
# SST zone offices (2014), from the domain brief.
SST_ADDRESSES = {
    "nord": "via Monte Grappa 37",
    "ovest": "via Farfengo 69",
    "centro": "contrada del Carmine 13/c",
    "sud": "via Micheli 8",
    "est": "corso Bazoli 7",
}
# The serving SST can differ from the council zone (brief: Lamarmora, Sud, served by SST Ovest).
SST_OVERRIDES = {"17029010": "ovest"}
# Population known for 2013 (Comune's statistics office, via the domain brief).
POPULATION_2013 = {
    "Porta Cremona-Volta": 12522,
    "Chiusure": 10567,
    "Porta Venezia": 10485,
    "Urago Mella": 10211,
    "San Polo Cimabue": 8195,
    "San Polo Parco": 6263,
    "San Polo Case": 4525,
}


def load() -> dict[str, int]:
    created = {"zone": 0, "sst": 0, "quartieri": 0, "popolazione": 0}
    zones: dict[str, Zona] = {}
    for order, (slug, name) in enumerate(ZONES, start=1):
        zona, was_created = Zona.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
        zones[name] = zona
        created["zone"] += was_created
        _, sst_created = ServizioSocialeTerritoriale.objects.get_or_create(
            zona=zona,
            defaults={
                "name": f"Servizio Sociale Territoriale {name}",
                "address": SST_ADDRESSES[slug],
                "valid_from": 2014,
            },
        )
        created["sst"] += sst_created
    ssts = {s.zona.slug: s for s in ServizioSocialeTerritoriale.objects.select_related("zona")}
    with open(DATA / "territori.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            zona = zones[row["zona"]]
            code = row["istat_asc_code"]
            sst = ssts[SST_OVERRIDES.get(code, zona.slug)]
            quartiere, was_created = Quartiere.objects.get_or_create(
                istat_code=code,
                defaults={
                    "name": row["quartiere"],
                    "slug": slugify(row["quartiere"]),
                    "zona": zona,
                    "sst": sst,
                },
            )
            created["quartieri"] += was_created
            residents = POPULATION_2013.get(row["quartiere"])
            if residents:
                _, pop_created = PopolazioneQuartiere.objects.get_or_create(
                    quartiere=quartiere,
                    year=2013,
                    defaults={
                        "residents": residents,
                        "source": "Comune di Brescia, Ufficio di statistica",
                    },
                )
                created["popolazione"] += pop_created
    return created
