"""Bilancio Sociale section "obiettivi-attivita": data blocks from APPROVED records only.

The blocks read the summary tables (cantieri/summary.py: approved records summed per reporting
period, action and place), brought up to date once before the snapshot (`prepare_snapshot`), so
their cost does not grow with the number of records. An edition reports on the reporting periods
that start inside its dates. People counts are "people" columns, subject to disclosure control;
target groups flagged sensitive are marked as such.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from citta_del_noi.reporting.bilancio import DataBlock, Period
from citta_del_noi.reporting.blocks import Block, Column
from territori.models import Zona

from . import summary
from .indicator_rules import indicator_figures
from .models import (
    ActivityOrgFact,
    ActivityTargetFact,
    Azione,
    Indicator,
    IndicatorAggregation,
    IndicatorComputation,
    IndicatorDirection,
    IndicatorKind,
    TargetGroup,
)
from .selectors import (
    periods_starting_in,
    summary_rows,
)

SOURCE = _("Schede attività approvate dal Comune (portale Brescia Città del Noi)")


def prepare_snapshot() -> None:
    """Before a snapshot: fold the records changed since the last refresh into the summary."""
    summary.ensure_fresh(force=True)


def _periods(period: Period) -> list[int]:
    return periods_starting_in(period.start, period.end)


def _round(value: Any) -> float | int:
    """Summary sums are shares of records spread over quartieri: whole numbers once added up."""
    number = round(float(value or 0), 1)
    return int(number) if number.is_integer() else number


def _sensitive_azioni() -> set[int]:
    """Actions whose participants belong to a sensitive target group (e.g. people with
    disabilities): their people counts get the higher disclosure threshold."""
    through = Azione.target_groups.through
    return set(
        through.objects.filter(targetgroup__sensitive=True).values_list("azione_id", flat=True)
    )


def _num(value: Any) -> float | int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, float):
        return _round(value)
    return value


# What the people columns count, for the edition-wide disclosure audit (bilancio_sociale/
# disclosure.py): the same quantity in two blocks is one figure a reader can combine.
PARTICIPANTS = {"measure": "participants"}
NEW_PARTICIPANTS = {"measure": "participants_new"}
VOLUNTEERS = {"measure": "volunteers"}
_INDICATOR_MEASURES = {
    IndicatorComputation.PARTICIPANTS: PARTICIPANTS,
    IndicatorComputation.NEW_PARTICIPANTS: NEW_PARTICIPANTS,
    IndicatorComputation.VOLUNTEERS: VOLUNTEERS,
}


def _indicator_quantity(ind: Indicator) -> dict[str, Any] | None:
    """The quantity an indicator's value counts, when it is the one another block shows (the
    participants of its action, or of one target group of it); a measured count is its own."""
    measure = _INDICATOR_MEASURES.get(IndicatorComputation(ind.computation))
    if measure is None:
        return None
    if ind.target_group is not None:
        if ind.computation != IndicatorComputation.PARTICIPANTS:
            return None
        return {**measure, "azione": ind.azione.slug, "target_group": ind.target_group.slug}
    return {**measure, "azione": ind.azione.slug}


def by_cantiere_block(period: Period) -> Block:
    period_ids = _periods(period)
    sums = {
        row["azione_id"]: row
        for row in summary_rows(period_ids=period_ids)
        .values("azione_id")
        .annotate(
            attivita=Sum("records_primary"),
            partecipanti=Sum("participants"),
            nuovi=Sum("participants_new"),
            volontari=Sum("volunteers"),
            ore_volontariato=Sum("volunteer_hours"),
            ore_personale=Sum("staff_hours"),
        )
        .order_by()
    }
    organizations = {
        row["azione_id"]: row["n"]
        for row in summary_rows(ActivityOrgFact, period_ids=period_ids)
        .values("azione_id")
        .annotate(n=Count("organization_id", distinct=True))
        .order_by()
    }
    if not any(row["attivita"] for row in sums.values()):
        return {"kind": "empty", "note": _g("Nessuna attività approvata nel periodo.")}
    keys = [
        "attivita",
        "organizzazioni",
        "partecipanti",
        "nuovi",
        "volontari",
        "ore_volontariato",
        "ore_personale",
    ]
    rows = []
    totals: dict[str, float | int] = dict.fromkeys(keys, 0)
    sensitive = _sensitive_azioni()
    for azione in Azione.objects.order_by("number"):
        row = {**sums.get(azione.pk, {}), "organizzazioni": organizations.get(azione.pk, 0)}
        out: dict[str, Any] = {
            "_key": azione.slug,
            "_quantity": {"azione": azione.slug},
            "azione": f"{azione.number}. {azione.name}",
        }
        if azione.pk in sensitive:
            out["_sensitive"] = True
        for key in keys:
            out[key] = _round(row.get(key))
            if key != "organizzazioni":
                totals[key] = _round(totals[key] + out[key])
        rows.append(out)
    totals.pop("organizzazioni")
    return {
        "kind": "table",
        "columns": [
            {"key": "azione", "label": _g("Azione o cantiere"), "type": "text"},
            {"key": "attivita", "label": _g("Attività"), "type": "number"},
            {"key": "organizzazioni", "label": _g("Organizzazioni"), "type": "number"},
            {
                "key": "partecipanti",
                "label": _g("Partecipanti"),
                "type": "people",
                "quantity": PARTICIPANTS,
            },
            {
                "key": "nuovi",
                "label": _g("di cui nuovi"),
                "type": "people",
                "quantity": NEW_PARTICIPANTS,
                "part_of": "partecipanti",
            },
            {
                "key": "volontari",
                "label": _g("Volontari"),
                "type": "people",
                "quantity": VOLUNTEERS,
            },
            {"key": "ore_volontariato", "label": _g("Ore di volontariato"), "type": "number"},
            {"key": "ore_personale", "label": _g("Ore di personale"), "type": "number"},
        ],
        "rows": rows,
        "totals": totals,
        "chart": {"type": "bar", "x": "azione", "series": ["partecipanti"]},
        "note": _g(
            "I partecipanti sono la somma dichiarata nelle schede: una persona che partecipa a "
            "più attività è contata più volte."
        ),
        "source": str(SOURCE),
    }


def by_target_group_block(period: Period) -> Block:
    groups = list(TargetGroup.objects.order_by("order", "name"))
    data = {
        (row["azione_id"], row["target_group_id"]): row["p"]
        for row in summary_rows(ActivityTargetFact, period_ids=_periods(period))
        .values("azione_id", "target_group_id")
        .annotate(p=Sum("participants"))
        .order_by()
    }
    if not data:
        return {"kind": "empty", "note": _g("Nessun dato per gruppo di destinatari nel periodo.")}
    rows = []
    totals: dict[str, float | int] = {f"g_{g.slug}": 0 for g in groups}
    for azione in Azione.objects.order_by("number"):
        row: dict[str, Any] = {
            "_key": azione.slug,
            "_quantity": {"azione": azione.slug},
            "azione": f"{azione.number}. {azione.name}",
        }
        for g in groups:
            value = _round(data.get((azione.pk, g.pk)))
            row[f"g_{g.slug}"] = value
            totals[f"g_{g.slug}"] = _round(totals[f"g_{g.slug}"] + value)
        rows.append(row)
    group_columns: list[Column] = [
        {
            "key": f"g_{g.slug}",
            "label": g.name,
            "type": "people",
            "sensitive": g.sensitive,
            "quantity": {**PARTICIPANTS, "target_group": g.slug},
        }
        for g in groups
    ]
    return {
        "kind": "table",
        "columns": [
            Column(key="azione", label=_g("Azione o cantiere"), type="text"),
            *group_columns,
        ],
        "rows": rows,
        "totals": totals,
        "note": _g(
            "I gruppi di destinatari possono sovrapporsi (per esempio famiglie e prima infanzia)."
        ),
        "source": str(SOURCE),
    }


def by_zone_block(period: Period) -> Block:
    by_zone = {
        row["zona_id"]: row
        for row in summary_rows(period_ids=_periods(period))
        .values("zona_id")
        .annotate(n=Sum("records"), p=Sum("participants"), v=Sum("volunteers"))
        .order_by()
    }
    places: list[tuple[Any, str, str]] = [
        (zone.pk, zone.slug, zone.name) for zone in Zona.objects.order_by("order", "name")
    ]
    places.append((None, "citta", _g("Intera città o senza quartiere")))
    rows = []
    for pk, slug, name in places:
        agg = by_zone.get(pk, {})
        rows.append(
            {
                "_key": slug,
                "_quantity": {"zona": slug},
                "zona": name,
                "attivita": _round(agg.get("n")),
                "partecipanti": _round(agg.get("p")),
                "volontari": _round(agg.get("v")),
            }
        )
    if not any(r["attivita"] for r in rows):
        return {"kind": "empty", "note": _g("Nessuna attività approvata nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "zona", "label": _g("Zona"), "type": "text"},
            {"key": "attivita", "label": _g("Attività"), "type": "number"},
            {
                "key": "partecipanti",
                "label": _g("Partecipanti"),
                "type": "people",
                "quantity": PARTICIPANTS,
            },
            {
                "key": "volontari",
                "label": _g("Volontari"),
                "type": "people",
                "quantity": VOLUNTEERS,
            },
        ],
        "rows": rows,
        # The zones and the city-wide row add up to every participant (the per-cantiere total).
        "rows_partition": True,
        "chart": {"type": "bar", "x": "zona", "series": ["partecipanti"]},
        "note": _g(
            "Un'attività svolta in più quartieri è contata in ciascun quartiere; partecipanti e "
            "volontari sono ripartiti in parti uguali tra i quartieri, in numeri interi (metodo "
            "dei resti maggiori), così che le zone e la riga della città sommano al totale. Le "
            "attività rivolte a tutta la città, o senza quartiere, sono in una riga a parte."
        ),
        "source": str(SOURCE),
    }


def _indicator_rows(period: Period, kind: str) -> Block:
    indicators = [
        i
        for i in Indicator.objects.select_related("azione", "target_group").order_by(
            "azione__number", "order", "code"
        )
        if i.kind == kind
    ]
    figures = indicator_figures(
        indicators, period_ids=_periods(period), start=period.start, end=period.end
    )
    rows: list[dict[str, Any]] = []
    sensitive = _sensitive_azioni()
    for ind in indicators:
        fig = figures[ind.pk]
        value, target, reached = fig.value, fig.target, fig.reached
        if value is not None and ind.counts_people:
            value = round(value)  # a published count of people is a whole number
        rows.append(
            {
                "_key": ind.code,
                "codice": ind.code,
                "indicatore": ind.name,
                "azione": f"{ind.azione.number}. {ind.azione.name}",
                "unita": ind.unit,
                "partenza": _num(ind.baseline_value) if ind.baseline_value is not None else None,
                "obiettivo": _num(target) if target is not None else None,
                "valore": _num(value) if value is not None else None,
                "esito": (
                    _g("raggiunto")
                    if reached
                    else _g("non raggiunto")
                    if reached is False
                    else _g("senza obiettivo o dato")
                ),
            }
        )
        if ind.counts_people:
            # A count of people in a table of mixed indicators: disclosure control on the value.
            rows[-1]["_people"] = ["valore"]
            counted = _indicator_quantity(ind)
            if counted:
                rows[-1]["_quantity"] = counted
            if ind.azione_id in sensitive or (ind.target_group and ind.target_group.sensitive):
                rows[-1]["_sensitive"] = True
    if not rows:
        return {"kind": "empty", "note": _g("Nessun indicatore definito.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "codice", "label": _g("Codice"), "type": "text"},
            {"key": "indicatore", "label": _g("Indicatore"), "type": "text"},
            {"key": "azione", "label": _g("Azione"), "type": "text"},
            {"key": "unita", "label": _g("Unità"), "type": "text"},
            {"key": "partenza", "label": _g("Valore di partenza"), "type": "number"},
            {"key": "obiettivo", "label": _g("Obiettivo"), "type": "number"},
            {"key": "valore", "label": _g("Valore nel periodo"), "type": "number"},
            {"key": "esito", "label": _g("Esito"), "type": "text"},
        ],
        "rows": rows,
        "note": _g(
            "Valori calcolati dalle attività approvate nel periodo o, per gli indicatori "
            "misurati, dalle misurazioni del periodo. Su più periodi ogni indicatore si aggrega "
            "secondo il suo significato (indice degli indicatori, colonna «Aggregazione»): "
            "persone e ore si sommano, percentuali e tassi si mediano e non si sommano mai, "
            "quartieri e organizzazioni si contano una volta sola; l'obiettivo segue la stessa "
            "regola. L'esito tiene conto della direzione: per gli indicatori in cui più basso è "
            "meglio l'obiettivo è raggiunto se il valore non lo supera. Si mostrano anche gli "
            "obiettivi non raggiunti."
        ),
        "source": str(SOURCE),
    }


def indirect_beneficiaries_block(period: Period) -> Block:
    """Not recorded yet: the activity records count the people who took part (direct
    beneficiaries), not the families and communities reached through them."""
    return {
        "kind": "empty",
        "note": _g(
            "Dato non ancora rilevato. Le schede attività registrano i partecipanti "
            "(beneficiari diretti, nelle tabelle sopra), non le persone raggiunte indirettamente "
            "attraverso di loro, come familiari, caregiver e vicinato. Il Comune valuterà con i "
            "partner come stimarle nelle prossime edizioni."
        ),
    }


def outputs_block(period: Period) -> Block:
    return _indicator_rows(period, IndicatorKind.OUTPUT)


def outcomes_block(period: Period) -> Block:
    return _indicator_rows(period, IndicatorKind.OUTCOME)


def indicator_index_block(period: Period) -> Block:
    labels = dict(IndicatorComputation.choices)
    kinds = dict(IndicatorKind.choices)
    aggregations = dict(IndicatorAggregation.choices)
    directions = dict(IndicatorDirection.choices)
    rows = [
        {
            "_key": i.code,
            "codice": i.code,
            "indicatore": i.name,
            "azione": f"{i.azione.number}. {i.azione.name}",
            "tipo": str(kinds.get(i.kind, i.kind)),
            "unita": i.unit,
            "calcolo": str(labels.get(i.computation, i.computation)),
            "aggregazione": str(aggregations.get(i.aggregation_rule, i.aggregation_rule)),
            "direzione": str(directions.get(i.direction, i.direction)),
            "destinatari": i.target_group.name if i.target_group else "",
        }
        for i in Indicator.objects.select_related("azione", "target_group").order_by(
            "azione__number", "order", "code"
        )
    ]
    if not rows:
        return {"kind": "empty", "note": _g("Nessun indicatore definito.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "codice", "label": _g("Codice"), "type": "text"},
            {"key": "indicatore", "label": _g("Indicatore"), "type": "text"},
            {"key": "azione", "label": _g("Azione"), "type": "text"},
            {"key": "tipo", "label": _g("Tipo"), "type": "text"},
            {"key": "unita", "label": _g("Unità"), "type": "text"},
            {"key": "calcolo", "label": _g("Come si calcola"), "type": "text"},
            {"key": "aggregazione", "label": _g("Aggregazione"), "type": "text"},
            {"key": "direzione", "label": _g("Direzione"), "type": "text"},
            {"key": "destinatari", "label": _g("Destinatari"), "type": "text"},
        ],
        "rows": rows,
    }


BLOCKS = [
    DataBlock(
        key="per-cantiere",
        title=_("Attività, partecipanti e volontari per cantiere"),
        provider=by_cantiere_block,
    ),
    DataBlock(
        key="per-destinatari",
        title=_("Partecipanti per gruppo di destinatari"),
        provider=by_target_group_block,
    ),
    DataBlock(key="per-zona", title=_("Attività e partecipanti per zona"), provider=by_zone_block),
    DataBlock(
        key="beneficiari-indiretti",
        title=_("Beneficiari indiretti"),
        provider=indirect_beneficiaries_block,
    ),
    DataBlock(
        key="output",
        title=_("Indicatori di output: valori, partenza e obiettivi"),
        provider=outputs_block,
    ),
    DataBlock(
        key="outcome",
        title=_("Indicatori di outcome: valori, partenza e obiettivi"),
        provider=outcomes_block,
    ),
    DataBlock(
        key="indice-indicatori", title=_("Indice degli indicatori"), provider=indicator_index_block
    ),
]
