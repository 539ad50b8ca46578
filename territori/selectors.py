"""Reads on the territory."""

from __future__ import annotations

from typing import cast

from django.db.models import Count, Model, OuterRef, Prefetch, Q, QuerySet, Subquery

from citta_del_noi.common.counts import counts

from .models import (
    PopolazioneQuartiere,
    PuntoComunita,
    Quartiere,
    ServizioSocialeTerritoriale,
    Zona,
)


def council_size_for_population(residents: int | None) -> int | None:
    """Members of a Consiglio di Quartiere by population: ≤7,000 → 7, >7,000 → 9, >12,000 → 11."""
    if residents is None:
        return None
    if residents > 12_000:
        return 11
    if residents > 7_000:
        return 9
    return 7


def quartieri_with_population() -> QuerySet[Quartiere]:
    """Quartieri with their latest known population (`residents`, `population_year`)."""
    latest = PopolazioneQuartiere.objects.filter(quartiere=OuterRef("pk")).order_by("-year")
    return (
        Quartiere.objects.select_related("zona", "sst")
        .annotate(
            residents=Subquery(latest.values("residents")[:1]),
            population_year=Subquery(latest.values("year")[:1]),
            punti_count=Count("punti_comunita", distinct=True),
        )
        .order_by("zona__order", "name")
    )


def zones_with_quartieri() -> QuerySet[Zona]:
    return Zona.objects.select_related("sst").prefetch_related(
        Prefetch("quartieri", queryset=quartieri_with_population())
    )


def punti_comunita_public() -> QuerySet[PuntoComunita]:
    # The partner organisations are reached through the relation: territori is the ground
    # layer and imports no other app.
    organizations = cast("type[Model]", PuntoComunita.network.field.related_model)._default_manager
    return (
        PuntoComunita.objects.filter(closed_on__isnull=True)
        .select_related("quartiere__zona", "lead_organization")
        .prefetch_related(Prefetch("network", queryset=organizations.order_by("name")))
        .order_by("quartiere__zona__order", "quartiere__name", "name")
    )


def sst_offices_public() -> QuerySet[ServizioSocialeTerritoriale]:
    """The zones' social-service offices (public reference data, shown on the territory page)."""
    return ServizioSocialeTerritoriale.objects.select_related("zona").order_by("zona__order", "pk")


def territory_count_querysets() -> dict[str, QuerySet]:
    """The rows behind territory_counts, for a caller that counts them with other figures in
    one query (citta_del_noi.common.counts)."""
    return {
        "zone": Zona.objects.all(),
        "quartieri": Quartiere.objects.all(),
        "punti": PuntoComunita.objects.filter(closed_on__isnull=True),
    }


def territory_counts() -> dict[str, int]:
    """How many zones, quartieri and open Punti Comunità the reference data holds (one query)."""
    return counts(territory_count_querysets())


def quartieri_without_population(year: int) -> QuerySet[Quartiere]:
    return Quartiere.objects.exclude(popolazione__year=year).order_by("name")


# Public reference data offered by drop-downs (everyone may see every zone and quartiere).


def zones_public() -> QuerySet[Zona]:
    return Zona.objects.order_by("order", "name")


def zone_slugs() -> QuerySet[Zona, str]:
    """The slugs a zona filter may name (lazy: read only when a filter is given)."""
    return Zona.objects.values_list("slug", flat=True)


def quartieri_public() -> QuerySet[Quartiere]:
    return Quartiere.objects.select_related("zona").order_by("name")


def punti_comunita_open_for_choice(*, keep: int | None = None) -> QuerySet[PuntoComunita]:
    """The Punti Comunità still open (no closing date), by name: what a new record may name;
    `keep`: the one an edited record already names, accepted even if it has closed since."""
    still_open = Q(closed_on__isnull=True)
    return PuntoComunita.objects.filter(
        still_open | Q(pk=keep) if keep is not None else still_open
    ).order_by("name")
