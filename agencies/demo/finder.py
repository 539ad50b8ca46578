"""Demo data of the service finder: kinds, "come accedere", contacts, weekly opening slots and
coordinates for a good share of the welfare map's units and for the Punti Comunità.

The coordinates are demonstrative (scattered around an approximate centre of each zona), not
the services' real positions."""

from __future__ import annotations

import random
from datetime import time
from decimal import Decimal

from territori.models import PuntoComunita

from .. import finder_cache
from .. import models as m

FINDER_KEY = "agencies.finder.v1"
# Approximate centre of each zona (degrees), for demonstrative points only.
ZONE_CENTRES = {
    "Centro": (45.5400, 10.2200),
    "Nord": (45.5650, 10.2250),
    "Sud": (45.5100, 10.2150),
    "Est": (45.5420, 10.2650),
    "Ovest": (45.5380, 10.1750),
}
KINDS = {
    "prima-infanzia": ["educativo"],
    "minori": ["educativo", "diurno"],
    "minori-tutela": ["residenziale", "domiciliare"],
    "giovani": ["diurno", "sportello"],
    "anziani": ["diurno", "residenziale", "domiciliare"],
    "disabilita": ["diurno", "residenziale"],
    "trasversali-anziani-disabili": ["domiciliare", "diurno"],
    "poverta": ["sportello", "residenziale"],
    "salute-mentale": ["diurno", "residenziale"],
    "dipendenze": ["sportello", "residenziale"],
    "stranieri": ["sportello"],
    "abitare": ["residenziale", "sportello"],
    "lavoro": ["sportello"],
    "multiutenza": ["sportello", "altro"],
}
ACCESS = [
    "Accesso libero negli orari di apertura.",
    "Su appuntamento: telefonare negli orari di apertura.",
    "Su invio del Servizio sociale territoriale della propria zona.",
    "Domanda al Comune tramite il Servizio sociale territoriale; graduatoria annuale.",
]
# (weekday slots, opens, closes): typical weekly patterns.
PATTERNS = [
    ([1, 2, 3, 4, 5], time(8, 30), time(17, 0)),
    ([1, 3, 5], time(9, 0), time(12, 30)),
    ([2, 4], time(14, 0), time(18, 0)),
    ([1, 2, 3, 4, 5, 6, 7], time(0, 0), time(23, 59)),
]


def _point(rng: random.Random, zona: str) -> tuple[Decimal, Decimal]:
    lat, lng = ZONE_CENTRES.get(zona, ZONE_CENTRES["Centro"])
    return (
        Decimal(f"{lat + rng.uniform(-0.012, 0.012):.6f}"),
        Decimal(f"{lng + rng.uniform(-0.015, 0.015):.6f}"),
    )


def _slots(rng: random.Random, **owner: object) -> list[m.OpeningSlot]:
    days, opens, closes = rng.choice(PATTERNS)
    return [m.OpeningSlot(weekday=d, opens=opens, closes=closes, **owner) for d in days]


def finder_demo() -> int:
    """Fills the finder's fields of the units and Punti Comunità (deterministic); returns the
    number of opening slots created."""
    rng = random.Random(15)
    units = list(
        m.ServiceUnit.objects.select_related("target_group", "quartiere__zona").order_by("code")
    )
    slots: list[m.OpeningSlot] = []
    for unit in units:
        unit.kind = rng.choice(KINDS.get(unit.target_group.code, ["altro"]))
        if rng.random() < 0.75:
            unit.access = rng.choice(ACCESS)
        if rng.random() < 0.5:
            unit.phone = f"030 {rng.randrange(2000000, 2999999)}"
        if unit.quartiere_id and rng.random() < 0.6:
            unit.latitude, unit.longitude = _point(rng, unit.quartiere.zona.name)  # type: ignore[union-attr]
        if rng.random() < 0.7:
            slots += _slots(rng, unit=unit)
    m.ServiceUnit.objects.bulk_update(
        units, ["kind", "access", "phone", "latitude", "longitude"], batch_size=500
    )
    punti = list(PuntoComunita.objects.select_related("quartiere__zona").order_by("pk"))
    for punto in punti:
        punto.latitude, punto.longitude = _point(rng, punto.quartiere.zona.name)
        # At least six hours a week: two mornings and one afternoon.
        slots += [
            m.OpeningSlot(punto=punto, weekday=2, opens=time(9, 0), closes=time(12, 0)),
            m.OpeningSlot(punto=punto, weekday=4, opens=time(15, 0), closes=time(18, 0)),
            m.OpeningSlot(punto=punto, weekday=6, opens=time(9, 30), closes=time(11, 30)),
        ]
    PuntoComunita.objects.bulk_update(punti, ["latitude", "longitude"])
    m.OpeningSlot.objects.bulk_create(slots, batch_size=1000)
    finder_cache.bump()  # bulk writes send no signal
    return len(slots)
