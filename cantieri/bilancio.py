"""Bilancio Sociale section "obiettivi-attivita": data blocks from APPROVED records only.

Every block aggregates in SQL over records whose start date falls in the edition's period
(index act_status_start supports the status + date filter). People counts are "people" columns,
subject to disclosure control; target groups flagged sensitive are marked as such.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from bilancio_sociale.registry import DataBlock, Period
from territori.models import Zona

from .models import (
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    Azione,
    IndicatorComputation,
    IndicatorKind,
    TargetGroup,
)
from .selectors import indicators_table, zone_q

SOURCE = _("Schede attività approvate dal Comune (portale Brescia Città del Noi)")


def _records(period: Period):
    return ActivityRecord.objects.filter(
        status=ActivityStatus.APPROVED,
        period_start__gte=period.start,
        period_start__lte=period.end,
    )


def _num(value: Any) -> float | int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def by_cantiere_block(period: Period) -> dict[str, Any]:
    sums = {
        row["azione_id"]: row
        for row in _records(period)
        .values("azione_id")
        .annotate(
            attivita=Count("pk"),
            partecipanti=Sum("participants_total"),
            nuovi=Sum("participants_new"),
            volontari=Sum("volunteers"),
            ore_volontariato=Sum("volunteer_hours"),
            ore_personale=Sum("staff_hours"),
            organizzazioni=Count("organization", distinct=True),
        )
        .order_by()
    }
    if not sums:
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
    totals = dict.fromkeys(keys, 0)
    for azione in Azione.objects.order_by("number"):
        row = sums.get(azione.pk, {})
        out: dict[str, Any] = {"_key": azione.slug, "azione": f"{azione.number}. {azione.name}"}
        for key in keys:
            out[key] = _num(row.get(key))
            if key != "organizzazioni":
                totals[key] += out[key]
        rows.append(out)
    totals.pop("organizzazioni")
    return {
        "kind": "table",
        "columns": [
            {"key": "azione", "label": _g("Azione o cantiere"), "type": "text"},
            {"key": "attivita", "label": _g("Attività"), "type": "number"},
            {"key": "organizzazioni", "label": _g("Organizzazioni"), "type": "number"},
            {"key": "partecipanti", "label": _g("Partecipanti"), "type": "people"},
            {"key": "nuovi", "label": _g("di cui nuovi"), "type": "people"},
            {"key": "volontari", "label": _g("Volontari"), "type": "people"},
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


def by_target_group_block(period: Period) -> dict[str, Any]:
    groups = list(TargetGroup.objects.order_by("order", "name"))
    data = {
        (row["activity__azione_id"], row["target_group_id"]): row["p"]
        for row in ActivityTargetCount.objects.filter(activity__in=_records(period))
        .values("activity__azione_id", "target_group_id")
        .annotate(p=Sum("participants"))
        .order_by()
    }
    if not data:
        return {"kind": "empty", "note": _g("Nessun dato per gruppo di destinatari nel periodo.")}
    rows = []
    totals = {f"g_{g.slug}": 0 for g in groups}
    for azione in Azione.objects.order_by("number"):
        row: dict[str, Any] = {"_key": azione.slug, "azione": f"{azione.number}. {azione.name}"}
        for g in groups:
            value = int(data.get((azione.pk, g.pk)) or 0)
            row[f"g_{g.slug}"] = value
            totals[f"g_{g.slug}"] += value
        rows.append(row)
    return {
        "kind": "table",
        "columns": [{"key": "azione", "label": _g("Azione o cantiere"), "type": "text"}]
        + [
            {"key": f"g_{g.slug}", "label": g.name, "type": "people", "sensitive": g.sensitive}
            for g in groups
        ],
        "rows": rows,
        "totals": totals,
        "note": _g(
            "I gruppi di destinatari possono sovrapporsi (per esempio famiglie e prima infanzia)."
        ),
        "source": str(SOURCE),
    }


def by_zone_block(period: Period) -> dict[str, Any]:
    records = _records(period)
    rows = []
    for zone in Zona.objects.order_by("order", "name"):
        agg = records.filter(zone_q([zone.pk])).aggregate(
            n=Count("pk"), p=Sum("participants_total"), v=Sum("volunteers")
        )
        rows.append(
            {
                "_key": zone.slug,
                "zona": zone.name,
                "attivita": agg["n"] or 0,
                "partecipanti": agg["p"] or 0,
                "volontari": agg["v"] or 0,
            }
        )
    city = records.filter(city_wide=True).aggregate(
        n=Count("pk"), p=Sum("participants_total"), v=Sum("volunteers")
    )
    rows.append(
        {
            "_key": "citta",
            "zona": _g("Intera città"),
            "attivita": city["n"] or 0,
            "partecipanti": city["p"] or 0,
            "volontari": city["v"] or 0,
        }
    )
    if not any(r["attivita"] for r in rows):
        return {"kind": "empty", "note": _g("Nessuna attività approvata nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "zona", "label": _g("Zona"), "type": "text"},
            {"key": "attivita", "label": _g("Attività"), "type": "number"},
            {"key": "partecipanti", "label": _g("Partecipanti"), "type": "people"},
            {"key": "volontari", "label": _g("Volontari"), "type": "people"},
        ],
        "rows": rows,
        "chart": {"type": "bar", "x": "zona", "series": ["partecipanti"]},
        "note": _g(
            "Un'attività svolta in quartieri di zone diverse è contata in ciascuna zona; le "
            "attività rivolte a tutta la città sono in una riga a parte."
        ),
        "source": str(SOURCE),
    }


def _indicator_rows(period: Period, kind: str) -> dict[str, Any]:
    rows = []
    for r in indicators_table(start=period.start, end=period.end, kind=kind):
        ind = r["indicator"]
        reached = r["reached"]
        rows.append(
            {
                "_key": ind.code,
                "codice": ind.code,
                "indicatore": ind.name,
                "azione": f"{ind.azione.number}. {ind.azione.name}",
                "unita": ind.unit,
                "partenza": _num(r["baseline"]) if r["baseline"] is not None else None,
                "obiettivo": _num(r["target"]) if r["target"] is not None else None,
                "valore": _num(r["value"]) if r["value"] is not None else None,
                "esito": (
                    _g("raggiunto")
                    if reached
                    else _g("non raggiunto")
                    if reached is False
                    else _g("senza obiettivo o dato")
                ),
            }
        )
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
            "misurati, dall'ultima misurazione del periodo. Si mostrano anche gli obiettivi "
            "non raggiunti."
        ),
        "source": str(SOURCE),
    }


def outputs_block(period: Period) -> dict[str, Any]:
    return _indicator_rows(period, IndicatorKind.OUTPUT)


def outcomes_block(period: Period) -> dict[str, Any]:
    return _indicator_rows(period, IndicatorKind.OUTCOME)


def indicator_index_block(period: Period) -> dict[str, Any]:
    from .models import Indicator

    labels = dict(IndicatorComputation.choices)
    kinds = dict(IndicatorKind.choices)
    rows = [
        {
            "_key": i.code,
            "codice": i.code,
            "indicatore": i.name,
            "azione": f"{i.azione.number}. {i.azione.name}",
            "tipo": str(kinds.get(i.kind, i.kind)),
            "unita": i.unit,
            "calcolo": str(labels.get(i.computation, i.computation)),
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
