"""Bilancio Sociale sections of the city welfare map."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.organizations.models import LegalForm
from citta_del_noi.reporting.bilancio import Period
from citta_del_noi.reporting.blocks import Block, Column, Figure

from .. import selectors
from ..models import (
    SPENDING_SOURCES,
)
from ._common import _money

# --- Bilancio Sociale: "Le risorse in campo", the welfare map by year -----------------------


def _share(part: float, whole: float) -> float | None:
    """Percentage with one decimal (12,5 %); None when the whole is zero."""
    return round(part * 100 / whole, 1) if whole else None


def _change_pct(new: float, old: float | None) -> float | None:
    if old is None or not old:
        return None
    return round((new - old) * 100 / old, 1)


def _welfare_years(period: Period) -> tuple[int, list[int], int | None]:
    """(edition year, years shown oldest first, previous year if it has data)."""
    year = period.end.year
    years = selectors.welfare_map_years(up_to=year)
    previous = year - 1 if year - 1 in years else None
    return year, years, previous


def _welfare_empty(year: int) -> Block:
    return {
        "kind": "empty",
        "note": _("La mappa del welfare non ha unità di offerta registrate per il %(anno)s.")
        % {"anno": year},
    }


WELFARE_SOURCE = gettext_lazy("Mappa del welfare cittadino (agenzia Conoscenza e Innovazione)")


def bs_welfare_units(period: Period) -> Block:
    """Units of the offer per target group and year, share of the total, change from the
    previous year. Unit counts are not people counts."""
    year, years, previous = _welfare_years(period)
    if year not in years:
        return _welfare_empty(year)
    counts = {
        (r["year"], r["target_group_id"]): r["units"]
        for r in selectors.welfare_units_by_group(years=years)
    }
    totals_by_year = {y: sum(n for (yy, _g), n in counts.items() if yy == y) for y in years}
    columns: list[Column] = [{"key": "destinatari", "label": _("Destinatari"), "type": "text"}]
    columns += [
        {"key": f"unita_{y}", "label": _("Unità %(anno)s") % {"anno": y}, "type": "number"}
        for y in years
    ]
    columns.append(
        {
            "key": f"quota_{year}",
            "label": _("Quota %(anno)s (%%)") % {"anno": year},
            "type": "percent",
        }
    )
    if previous is not None:
        columns += [
            {
                "key": "variazione",
                "label": _("Variazione %(da)s–%(a)s") % {"da": previous, "a": year},
                "type": "number",
            },
            {"key": "variazione_pct", "label": _("Variazione (%)"), "type": "percent"},
        ]
    rows = []
    for group in selectors.welfare_target_groups():
        values = {y: counts.get((y, group.pk), 0) for y in years}
        if not any(values.values()):
            continue
        row: dict[str, Any] = {"_key": group.code, "destinatari": group.label}
        row.update({f"unita_{y}": values[y] for y in years})
        row[f"quota_{year}"] = _share(values[year], totals_by_year[year])
        if previous is not None:
            row["variazione"] = values[year] - values[previous]
            row["variazione_pct"] = _change_pct(values[year], values[previous])
        rows.append(row)
    totals: dict[str, Any] = {f"unita_{y}": totals_by_year[y] for y in years}
    totals[f"quota_{year}"] = 100.0
    if previous is not None:
        totals["variazione"] = totals_by_year[year] - totals_by_year[previous]
        totals["variazione_pct"] = _change_pct(totals_by_year[year], totals_by_year[previous])
    return {
        "kind": "table",
        "columns": columns,
        "rows": rows,
        "totals": totals,
        "chart": {"type": "bar", "x": "destinatari", "series": [f"unita_{y}" for y in years]},
        "source": str(WELFARE_SOURCE),
        "previous_editions": False,  # the table already shows the earlier years
        "note": _(
            "Unità di offerta attive nell'anno per gruppo di destinatari; la quota è sul totale "
            "delle unità del %(anno)s, la variazione rispetto all'anno precedente."
        )
        % {"anno": year},
        "key_figures": [
            {
                "key": "unita_offerta",
                "total": f"unita_{year}",
                "order": 35,
                "label": _("Unità di offerta del welfare cittadino"),
                "description": _(
                    "Servizi e interventi sociali attivi in città nell'anno, di ogni ente gestore."
                ),
            }
        ],
    }


def bs_welfare_users(period: Period) -> Block:
    """Users and places per target group in the edition's year. Users and places are counts of
    people: "people" columns, so they pass the disclosure control (rows of sensitive groups:
    higher threshold). The totals row sums the rows."""
    year, years, _previous = _welfare_years(period)
    if year not in years:
        return _welfare_empty(year)
    data = {r["target_group_id"]: r for r in selectors.welfare_units_by_group(years=[year])}
    rows = []
    for group in selectors.welfare_target_groups():
        r = data.get(group.pk)
        if r is None:
            continue
        rows.append(
            {
                "_key": group.code,
                **({"_sensitive": True} if group.sensitive else {}),
                "destinatari": group.label,
                "unita": r["units"],
                "unita_utenti": r["units_with_users"],
                "utenti": r["users_sum"] if r["units_with_users"] else None,
                "posti": r["places_sum"] or 0,
            }
        )
    known = [r for r in rows if r["utenti"] is not None]
    return {
        "kind": "table",
        "columns": [
            {"key": "destinatari", "label": _("Destinatari"), "type": "text"},
            {"key": "unita", "label": _("Unità"), "type": "number"},
            {
                "key": "unita_utenti",
                "label": _("Unità che dichiarano gli utenti"),
                "type": "number",
            },
            {"key": "utenti", "label": _("Utenti"), "type": "people"},
            # Places often equal the people placed (residential services): protected as people.
            {"key": "posti", "label": _("Posti"), "type": "people"},
        ],
        "rows": rows,
        "totals": {
            "unita": sum(r["unita"] for r in rows),
            "unita_utenti": sum(r["unita_utenti"] for r in rows),
            **({"utenti": sum(r["utenti"] for r in known)} if known else {}),
            "posti": sum(r["posti"] or 0 for r in rows),
        },
        "source": str(WELFARE_SOURCE),
        "note": _(
            "Anno %(anno)s. Utenti e posti sono sommati sulle unità che li dichiarano; chi usa "
            "più servizi è contato in ciascuno."
        )
        % {"anno": year},
    }


def _comune_label() -> str:
    return _("Comune di Brescia (gestione diretta)")


def bs_welfare_providers(period: Period) -> Block:
    """Providers (each counted once) and units per legal form; the Comune's own units apart."""
    year, years, _previous = _welfare_years(period)
    if year not in years:
        return _welfare_empty(year)
    data: dict[tuple[int, str], dict[str, int]] = {}
    for r in selectors.welfare_providers_by_form(years=years):
        key = "comune" if r["run_by_comune"] else r["provider_legal_form"]
        cell = data.setdefault((r["year"], key), {"providers": 0, "units": 0})
        cell["units"] += r["units"]
        cell["providers"] = 1 if key == "comune" else cell["providers"] + r["providers"]
    distinct = selectors.welfare_providers_total(years=years)
    units_total = {y: sum(c["units"] for (yy, _k), c in data.items() if yy == y) for y in years}
    labels = {"comune": _comune_label(), **{str(k): str(v) for k, v in LegalForm.choices}}
    keys = ["comune", *[str(k) for k, _v in LegalForm.choices]]
    columns: list[Column] = [{"key": "gestore", "label": _("Ente gestore"), "type": "text"}]
    for y in years:
        columns += [
            {
                "key": f"enti_{y}",
                "label": _("Enti gestori %(anno)s") % {"anno": y},
                "type": "number",
            },
            {"key": f"unita_{y}", "label": _("Unità %(anno)s") % {"anno": y}, "type": "number"},
        ]
    columns.append(
        {
            "key": f"quota_{year}",
            "label": _("Quota delle unità %(anno)s (%%)") % {"anno": year},
            "type": "percent",
        }
    )
    rows = []
    for key in keys:
        cells = {y: data.get((y, key), {"providers": 0, "units": 0}) for y in years}
        if not any(c["units"] for c in cells.values()):
            continue
        row: dict[str, Any] = {"_key": key, "gestore": labels[key]}
        for y in years:
            row[f"enti_{y}"] = cells[y]["providers"]
            row[f"unita_{y}"] = cells[y]["units"]
        row[f"quota_{year}"] = _share(cells[year]["units"], units_total[year])
        rows.append(row)
    totals: dict[str, Any] = {}
    for y in years:
        totals[f"enti_{y}"] = distinct.get(y, 0)
        totals[f"unita_{y}"] = units_total[y]
    totals[f"quota_{year}"] = 100.0
    return {
        "kind": "table",
        "columns": columns,
        "rows": rows,
        "totals": totals,
        "chart": {"type": "bar", "x": "gestore", "series": [f"unita_{year}"]},
        "source": str(WELFARE_SOURCE),
        "previous_editions": False,  # the table already shows the earlier years
        "note": _(
            "Ogni ente gestore è contato una volta per anno, qualunque sia il numero di unità "
            "che gestisce; le unità gestite direttamente dal Comune sono nella prima riga."
        ),
    }


def bs_welfare_comune(period: Period) -> Block:
    """The Comune's own units and their share of the offer, with the previous year."""
    year, years, previous = _welfare_years(period)
    if year not in years:
        return _welfare_empty(year)
    shown = [y for y in (year, previous) if y is not None]
    own = dict.fromkeys(shown, 0)
    total = dict.fromkeys(shown, 0)
    for r in selectors.welfare_providers_by_form(years=shown):
        total[r["year"]] += r["units"]
        if r["run_by_comune"]:
            own[r["year"]] += r["units"]
    providers = selectors.welfare_providers_total(years=[year])
    figures: list[Figure] = [
        {
            "key": "unita_comune",
            "label": _("Unità gestite direttamente dal Comune nel %(anno)s") % {"anno": year},
            "value": own[year],
            "type": "number",
        },
        {
            "key": "quota_comune",
            "label": _("Quota delle unità gestite dal Comune nel %(anno)s") % {"anno": year},
            "value": _share(own[year], total[year]),
            "type": "percent",
        },
        {
            "key": "enti_gestori",
            "label": _("Enti gestori nel %(anno)s") % {"anno": year},
            "value": providers.get(year, 0),
            "type": "number",
        },
    ]
    if previous is not None:
        figures += [
            {
                "key": "unita_comune_prec",
                "label": _("Unità gestite direttamente dal Comune nel %(anno)s")
                % {"anno": previous},
                "value": own[previous],
                "type": "number",
            },
            {
                "key": "quota_comune_prec",
                "label": _("Quota delle unità gestite dal Comune nel %(anno)s")
                % {"anno": previous},
                "value": _share(own[previous], total[previous]),
                "type": "percent",
            },
        ]
    return {"kind": "figures", "figures": figures, "source": str(WELFARE_SOURCE)}


def bs_welfare_spending(period: Period) -> Block:
    """What the offer is worth and who pays for it, per year."""
    year, years, previous = _welfare_years(period)
    if year not in years:
        return _welfare_empty(year)
    spending = selectors.welfare_spending_by_year(years=years)
    totals_by_year = {y: sum(_money(v) for v in spending.get(y, {}).values()) for y in years}
    columns: list[Column] = [{"key": "fonte", "label": _("Chi paga"), "type": "text"}]
    columns += [
        {"key": f"spesa_{y}", "label": _("Spesa %(anno)s (€)") % {"anno": y}, "type": "money"}
        for y in years
    ]
    columns.append(
        {
            "key": f"quota_{year}",
            "label": _("Quota %(anno)s (%%)") % {"anno": year},
            "type": "percent",
        }
    )
    if previous is not None:
        columns.append(
            {
                "key": "variazione_pct",
                "label": _("Variazione %(da)s–%(a)s (%%)") % {"da": previous, "a": year},
                "type": "percent",
            }
        )
    rows = []
    for field_name, label in SPENDING_SOURCES:
        values = {y: round(_money(spending.get(y, {}).get(field_name)), 2) for y in years}
        row: dict[str, Any] = {"_key": field_name.removeprefix("spend_"), "fonte": str(label)}
        row.update({f"spesa_{y}": values[y] for y in years})
        row[f"quota_{year}"] = _share(values[year], totals_by_year[year])
        if previous is not None:
            row["variazione_pct"] = _change_pct(values[year], values[previous])
        rows.append(row)
    totals: dict[str, Any] = {f"spesa_{y}": round(totals_by_year[y], 2) for y in years}
    totals[f"quota_{year}"] = 100.0 if totals_by_year[year] else None
    if previous is not None:
        totals["variazione_pct"] = _change_pct(totals_by_year[year], totals_by_year[previous])
    return {
        "kind": "table",
        "columns": columns,
        "rows": rows,
        "totals": totals,
        "chart": {"type": "bar", "x": "fonte", "series": [f"spesa_{y}" for y in years]},
        "source": str(WELFARE_SOURCE),
        "previous_editions": False,  # the table already shows the earlier years
        "note": _(
            "Spesa dichiarata per ciascuna unità di offerta e ripartita per chi la sostiene; "
            "le unità che non dichiarano la spesa contano zero."
        ),
        "key_figures": [
            {
                "key": "valore_welfare",
                "total": f"spesa_{year}",
                "order": 55,
                "label": _("Valore dell'offerta di welfare"),
                "description": _(
                    "Quanto costano in un anno i servizi del welfare cittadino, chiunque li paghi."
                ),
            }
        ],
    }
