"""Demo data of the territory: population by year and the Punti Comunità with their networks.

Seeded first by cantieri's demo (territori is the ground layer and registers nothing itself);
the organisations come from the shared layer's demo, which runs before."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.organizations.models import LegalForm, Organization
from territori.models import PopolazioneQuartiere, PuntoComunita, Quartiere

PUNTI_TARGET = 18
KEY = "territori.demo"


def seed_territory(ctx: DemoContext) -> None:
    if ctx.done(KEY) or PuntoComunita.objects.exists():
        return
    with transaction.atomic():
        _population(ctx)
        _punti(ctx, list(Organization.objects.order_by("pk")))
        ctx.mark(KEY)
    ctx.say(f"Punti Comunità: {PUNTI_TARGET}.")


def _population(ctx: DemoContext) -> None:
    """Population per quartiere for 2016–2018: the known 2013 figures grown slightly, others
    drawn so that the city totals about 196,700 residents. Marked as demo estimates."""
    rng = ctx.rng
    quartieri = list(Quartiere.objects.order_by("istat_code"))
    known = {p.quartiere_id: p.residents for p in PopolazioneQuartiere.objects.filter(year=2013)}
    unknown = [q for q in quartieri if q.pk not in known]
    remaining = 196_700 - sum(known.values())
    weights = [rng.uniform(0.5, 1.5) for _ in unknown]
    scale = remaining / sum(weights)
    base = dict(known)
    for q, w in zip(unknown, weights, strict=True):
        base[q.pk] = int(w * scale)
    rows = []
    for year in (2016, 2017, 2018):
        for q in quartieri:
            residents = int(base[q.pk] * (1 + 0.003 * (year - 2013)))
            rows.append(
                PopolazioneQuartiere(
                    quartiere=q,
                    year=year,
                    residents=residents,
                    foreign_residents=int(residents * rng.uniform(0.12, 0.25)),
                    source="Stima dimostrativa",
                )
            )
    PopolazioneQuartiere.objects.bulk_create(rows, ignore_conflicts=True)


def _punti(ctx: DemoContext, orgs: list[Organization]) -> None:
    rng = ctx.rng
    quartieri = list(Quartiere.objects.order_by("istat_code"))
    chosen = rng.sample(quartieri, PUNTI_TARGET)
    associations = [o for o in orgs if o.legal_form == LegalForm.ASSOCIAZIONE]
    for i, q in enumerate(chosen):
        lead = associations[i % len(associations)]
        punto = PuntoComunita.objects.create(
            name=f"Punto Comunità {q.name}",
            slug=slugify(f"punto-{q.name}"),
            quartiere=q,
            lead_organization=lead,
            address=f"Sede di quartiere {q.name}",
            opening_hours=rng.choice(
                ["Lunedì e giovedì 9–12", "Martedì 15–18, venerdì 9–12", "Mercoledì 9–12 e 15–18"]
            ),
            weekly_hours=rng.choice([6, 6, 8, 9, 12]),
            description="Ascolto, orientamento ai servizi, piccoli aiuti tra vicini.",
            opened_on=date(2017 if i < 12 else 2018, rng.randint(1, 12), 1),
        )
        punto.network.set(rng.sample(orgs, 4))
