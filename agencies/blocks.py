"""The agencies' contributions to other apps' registries: council dashboard blocks and
Bilancio Sociale sections. Registered in AgenciesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citta_del_noi.organizations.models import LegalForm
from citta_del_noi.reporting.bilancio import DataBlock, register_section
from citta_del_noi.reporting.dashboard import register_block

from . import selectors
from .models import (
    SPENDING_SOURCES,
    ContractType,
    Frequency,
    Involvement,
    NeedStatus,
    NoAnswerReason,
    StaffRole,
    StakeholderGroup,
)


def _money(value: Any) -> float:
    return float(value or 0)


# --- council dashboard (citta_del_noi/reporting/dashboard.py) ---------------------------------


def dashboard_budget(filters: Any) -> dict | None:
    start = getattr(filters, "period_start", None)
    end = getattr(filters, "period_end", None)
    rows = selectors.budget_vs_spending_by(
        "azione__name",
        year=start.year if start else None,
        end_year=end.year if end else None,
        azione_id=getattr(filters, "azione_id", None),
    )
    if not rows:
        return None
    return {
        "caption": _("Budget e spesa per azione (euro)"),
        "columns": [
            {"key": "azione", "label": _("Azione")},
            {"key": "budget", "label": _("Budget")},
            {"key": "impegnato", "label": _("Impegnato")},
            {"key": "speso", "label": _("Speso")},
        ],
        "rows": [
            {
                "azione": r["azione__name"] or _("Trasversale (agenzie)"),
                "budget": _money(r["budget"]),
                "impegnato": _money(r["committed_sum"]),
                "speso": _money(r["paid_sum"]),
            }
            for r in rows
        ],
    }


def dashboard_needs(filters: Any) -> dict | None:
    rows = selectors.needs_without_answer_by_quartiere(zona_id=getattr(filters, "zona_id", None))
    if not rows:
        return None
    return {
        "caption": _("Bisogni senza risposta per quartiere"),
        "columns": [
            {"key": "zona", "label": _("Zona")},
            {"key": "quartiere", "label": _("Quartiere")},
            {"key": "bisogni", "label": _("Bisogni senza risposta")},
        ],
        "rows": [
            {
                "zona": r["quartieri__zona__name"] or "—",
                "quartiere": r["quartieri__name"] or _("Intera città"),
                "bisogni": r["n"],
            }
            for r in rows
        ],
    }


def dashboard_training(filters: Any) -> dict | None:
    t = selectors.training_totals(
        start=getattr(filters, "period_start", None), end=getattr(filters, "period_end", None)
    )
    if not t["courses"]:
        return None
    return {
        "caption": _("Formazione"),
        "columns": [
            {"key": "corsi", "label": _("Corsi")},
            {"key": "ore", "label": _("Ore di formazione")},
            {"key": "partecipanti", "label": _("Partecipanti")},
        ],
        "rows": [
            {"corsi": t["courses"], "ore": _money(t["hours"]), "partecipanti": t["participants"]}
        ],
    }


def register_dashboard_blocks() -> None:
    register_block(
        "agenzie-budget",
        gettext_lazy("Budget e spesa per azione"),
        provider=dashboard_budget,
        order=110,
    )
    register_block(
        "agenzie-bisogni",
        gettext_lazy("Bisogni senza risposta per quartiere"),
        provider=dashboard_needs,
        order=120,
    )
    register_block(
        "agenzie-formazione",
        gettext_lazy("Ore di formazione"),
        provider=dashboard_training,
        order=130,
    )


# --- Bilancio Sociale (citta_del_noi/reporting/bilancio.py) ----------------------------------


# What the staff counts are, for the edition-wide disclosure audit (bilancio_sociale/
# disclosure.py): the tables by role and by contract break down the "Personale" figure.
STAFF = {"measure": "staff"}


def bs_people(period: Any) -> dict:
    p = selectors.people_totals(start=period.start, end=period.end)
    t = selectors.training_totals(start=period.start, end=period.end)
    return {
        "kind": "figures",
        "figures": [
            {
                "key": "personale",
                "label": _("Personale"),
                "value": p["staff"],
                "type": "people",
                "quantity": STAFF,
            },
            {
                "key": "personale_f",
                "label": _("di cui donne"),
                "value": p["staff_female"],
                "type": "people",
                "quantity": {**STAFF, "sex": "F"},
            },
            {
                "key": "volontari",
                "label": _("Volontari"),
                "value": p["volunteers"],
                "type": "people",
            },
            {
                "key": "ore_volontariato",
                "label": _("Ore di volontariato"),
                "value": float(p["volunteer_hours"]),
                "type": "number",
            },
            {
                "key": "corsi",
                "label": _("Corsi di formazione"),
                "value": t["courses"],
                "type": "number",
            },
            {
                "key": "ore_formazione",
                "label": _("Ore di formazione"),
                "value": float(t["hours"]),
                "type": "number",
            },
            {
                "key": "partecipanti_formazione",
                "label": _("Partecipanti alla formazione"),
                "value": t["participants"],
                "type": "people",
            },
        ],
        # For the edition-wide disclosure audit: the women are part of the staff.
        "relations": [{"total": STAFF, "parts": [{**STAFF, "sex": "F"}], "kind": "each_within"}],
        "note": _(
            "Volontari e ore sommano i volontari delle attività approvate e quelli registrati "
            "dall'agenzia Risorse umane fuori dalle attività: le due fonti non si sovrappongono."
        ),
    }


def bs_staff_by_role(period: Any) -> dict:
    rows = selectors.staff_by("role", start=period.start, end=period.end)
    labels = dict(StaffRole.choices)
    if not rows:
        return {"kind": "empty", "note": _("Nessun dato sul personale registrato nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "ruolo", "label": _("Ruolo"), "type": "text"},
            {"key": "persone", "label": _("Persone"), "type": "people", "quantity": STAFF},
        ],
        "rows": [
            {
                "_quantity": {"role": r["role"]},
                "ruolo": str(labels.get(r["role"], r["role"])),
                "persone": r["total"],
            }
            for r in rows
        ],
        "rows_partition": True,
        "chart": {"type": "bar", "x": "ruolo", "series": ["persone"]},
    }


def bs_staff_by_contract(period: Any) -> dict:
    rows = selectors.staff_by("contract_type", start=period.start, end=period.end)
    labels = dict(ContractType.choices)
    if not rows:
        return {"kind": "empty", "note": _("Nessun dato sul personale registrato nel periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "contratto", "label": _("Tipo di contratto"), "type": "text"},
            {"key": "persone", "label": _("Persone"), "type": "people", "quantity": STAFF},
        ],
        "rows": [
            {
                "_quantity": {"contract": r["contract_type"]},
                "contratto": str(labels.get(r["contract_type"], r["contract_type"])),
                "persone": r["total"],
            }
            for r in rows
        ],
        "rows_partition": True,
    }


def bs_resources(period: Any) -> dict:
    rows = selectors.resources_by_source(year=period.start.year, end_year=period.end.year)
    totals = selectors.resources_by_sector(year=period.start.year, end_year=period.end.year)
    if not rows:
        return {"kind": "empty", "note": _("Nessuno stanziamento registrato per il periodo.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "fonte", "label": _("Fonte"), "type": "text"},
            {"key": "natura", "label": _("Natura"), "type": "text"},
            {"key": "importo", "label": _("Importo (€)"), "type": "money"},
        ],
        "rows": [
            {
                "fonte": r["source__name"],
                "natura": _("Pubblica") if r["source__sector"] == "pubblico" else _("Privata"),
                "importo": _money(r["total"]),
            }
            for r in rows
        ],
        "totals": {"importo": _money(totals["public"]) + _money(totals["private"])},
        "note": _("Risorse pubbliche: %(pub)s €; risorse private: %(priv)s €.")
        % {"pub": f"{_money(totals['public']):.2f}", "priv": f"{_money(totals['private']):.2f}"},
    }


def bs_leverage(period: Any) -> dict:
    t = selectors.resources_by_sector(year=period.start.year, end_year=period.end.year)
    return {
        "kind": "figures",
        "figures": [
            {
                "key": "pubbliche",
                "label": _("Risorse pubbliche (€)"),
                "value": _money(t["public"]),
                "type": "money",
            },
            {
                "key": "private",
                "label": _("Risorse private (€)"),
                "value": _money(t["private"]),
                "type": "money",
            },
            {
                "key": "contributo",
                "label": _("Contributo principale (€)"),
                "value": _money(t["main_grant"]),
                "type": "money",
            },
            {
                "key": "leva",
                "label": _("Leva (euro raccolti per euro del contributo)"),
                "value": round(t["leverage"], 2) if t["leverage"] is not None else None,
                "type": "number",
            },
        ],
    }


def _spending_table(field: str, label: Any, period: Any, key_figures: list | None = None) -> dict:
    rows = selectors.budget_vs_spending_by(field, year=period.start.year, end_year=period.end.year)
    if not rows:
        return {"kind": "empty", "note": _("Nessuna voce di bilancio registrata per il periodo.")}
    money = {
        "budget": sum(_money(r["budget"]) for r in rows),
        "impegnato": sum(_money(r["committed_sum"]) for r in rows),
        "speso": sum(_money(r["paid_sum"]) for r in rows),
    }
    return {
        "kind": "table",
        "columns": [
            {"key": "voce", "label": label, "type": "text"},
            {"key": "budget", "label": _("Budget (€)"), "type": "money"},
            {"key": "impegnato", "label": _("Impegnato (€)"), "type": "money"},
            {"key": "speso", "label": _("Speso (€)"), "type": "money"},
        ],
        "rows": [
            {
                "voce": r[field] or "—",
                "budget": _money(r["budget"]),
                "impegnato": _money(r["committed_sum"]),
                "speso": _money(r["paid_sum"]),
            }
            for r in rows
        ],
        "totals": {key: round(value, 2) for key, value in money.items()},
        "chart": {"type": "bar", "x": "voce", "series": ["budget", "speso"]},
        **({"key_figures": key_figures} if key_figures else {}),
    }


def bs_spending_azione(period: Any) -> dict:
    # "In breve" (Bilancio Sociale): the total spent, the same as this table's total.
    spent = {
        "key": "speso",
        "total": "speso",
        "order": 50,
        "label": _("Fondi spesi"),
        "description": _("Quanto è stato pagato per le azioni del programma nel periodo."),
    }
    return _spending_table("azione__name", _("Azione"), period, key_figures=[spent])


def bs_spending_agency(period: Any) -> dict:
    return _spending_table("agency__name", _("Agenzia"), period)


def bs_needs(period: Any) -> dict:
    rows = selectors.needs_by_status(end=period.end)
    labels = dict(NeedStatus.choices)
    if not rows:
        return {"kind": "empty", "note": _("Il registro dei bisogni è vuoto.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "stato", "label": _("Stato"), "type": "text"},
            {"key": "bisogni", "label": _("Bisogni"), "type": "number"},
        ],
        "rows": [
            {"stato": str(labels.get(r["status"], r["status"])), "bisogni": r["n"]} for r in rows
        ],
        # "In breve" (Bilancio Sociale): cells of this table (a status with no need counts 0).
        "key_figures": [
            {
                "key": "bisogni_con_risposta",
                "row": str(labels[NeedStatus.ANSWERED]),
                "column": "bisogni",
                "default": 0,
                "order": 60,
                "label": _("Bisogni con una risposta"),
                "description": _("Bisogni segnalati nei quartieri a cui il programma ha risposto."),
            },
            {
                "key": "bisogni_senza_risposta",
                "row": str(labels[NeedStatus.NONE]),
                "column": "bisogni",
                "default": 0,
                "order": 65,
                "label": _("Bisogni ancora senza risposta"),
                "description": _(
                    "Bisogni segnalati che attendono ancora una risposta: il bilancio dice perché."
                ),
            },
        ],
    }


def bs_needs_unanswered(period: Any) -> dict:
    rows = selectors.needs_without_answer_by_reason(end=period.end)
    status_labels = dict(NeedStatus.choices)
    reason_labels = dict(NoAnswerReason.choices)
    if not rows:
        return {"kind": "empty", "note": _("Nessun bisogno senza risposta.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "stato", "label": _("Stato"), "type": "text"},
            {"key": "motivo", "label": _("Motivo"), "type": "text"},
            {"key": "bisogni", "label": _("Bisogni"), "type": "number"},
        ],
        "rows": [
            {
                "stato": str(status_labels.get(r["status"], r["status"])),
                "motivo": str(reason_labels.get(r["reason"], r["reason"] or "—")),
                "bisogni": r["n"],
            }
            for r in rows
        ],
    }


def bs_stakeholders(period: Any) -> dict:
    groups = dict(StakeholderGroup.choices)
    inv = dict(Involvement.choices)
    freq = dict(Frequency.choices)
    rows = list(selectors.stakeholders_map().values("name", "group", "involvement", "frequency"))
    if not rows:
        return {"kind": "empty", "note": _("La mappa dei portatori di interesse è vuota.")}
    return {
        "kind": "table",
        "columns": [
            {"key": "chi", "label": _("Portatore di interesse"), "type": "text"},
            {"key": "gruppo", "label": _("Gruppo"), "type": "text"},
            {"key": "coinvolgimento", "label": _("Coinvolgimento"), "type": "text"},
            {"key": "frequenza", "label": _("Frequenza"), "type": "text"},
        ],
        "rows": [
            {
                "chi": r["name"],
                "gruppo": str(groups.get(r["group"], r["group"])),
                "coinvolgimento": str(inv.get(r["involvement"], r["involvement"])),
                "frequenza": str(freq.get(r["frequency"], r["frequency"])),
            }
            for r in rows
        ],
    }


# --- Bilancio Sociale: "Le risorse in campo", the welfare map by year -----------------------


def _share(part: float, whole: float) -> float | None:
    """Percentage with one decimal (12,5 %); None when the whole is zero."""
    return round(part * 100 / whole, 1) if whole else None


def _change_pct(new: float, old: float | None) -> float | None:
    if old is None or not old:
        return None
    return round((new - old) * 100 / old, 1)


def _welfare_years(period: Any) -> tuple[int, list[int], int | None]:
    """(edition year, years shown oldest first, previous year if it has data)."""
    year = period.end.year
    years = selectors.welfare_map_years(up_to=year)
    previous = year - 1 if year - 1 in years else None
    return year, years, previous


def _welfare_empty(year: int) -> dict:
    return {
        "kind": "empty",
        "note": _("La mappa del welfare non ha unità di offerta registrate per il %(anno)s.")
        % {"anno": year},
    }


WELFARE_SOURCE = gettext_lazy("Mappa del welfare cittadino (agenzia Conoscenza e Innovazione)")


def bs_welfare_units(period: Any) -> dict:
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
    columns: list[dict[str, Any]] = [
        {"key": "destinatari", "label": _("Destinatari"), "type": "text"}
    ]
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


def bs_welfare_users(period: Any) -> dict:
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


def bs_welfare_providers(period: Any) -> dict:
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
    columns: list[dict[str, Any]] = [{"key": "gestore", "label": _("Ente gestore"), "type": "text"}]
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


def bs_welfare_comune(period: Any) -> dict:
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
    figures: list[dict[str, Any]] = [
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


def bs_welfare_spending(period: Any) -> dict:
    """What the offer is worth and who pays for it, per year."""
    year, years, previous = _welfare_years(period)
    if year not in years:
        return _welfare_empty(year)
    spending = selectors.welfare_spending_by_year(years=years)
    totals_by_year = {y: sum(_money(v) for v in spending.get(y, {}).values()) for y in years}
    columns: list[dict[str, Any]] = [{"key": "fonte", "label": _("Chi paga"), "type": "text"}]
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


def register_report_sections() -> None:

    register_section(
        key="governance",
        title=gettext_lazy("Governance e partecipazione"),
        order=30,
        blocks=[
            DataBlock(
                key="agenzie-portatori",
                title=gettext_lazy("Mappa dei portatori di interesse"),
                provider=bs_stakeholders,
            )
        ],
    )
    register_section(
        key="persone",
        title=gettext_lazy("Le persone"),
        order=40,
        blocks=[
            DataBlock(
                key="persone",
                title=gettext_lazy("Personale, volontari e formazione"),
                provider=bs_people,
            ),
            DataBlock(
                key="personale-ruolo",
                title=gettext_lazy("Personale per ruolo"),
                provider=bs_staff_by_role,
            ),
            DataBlock(
                key="personale-contratto",
                title=gettext_lazy("Personale per contratto"),
                provider=bs_staff_by_contract,
            ),
        ],
    )
    register_section(
        key="risorse",
        title=gettext_lazy("Le risorse"),
        order=60,
        blocks=[
            DataBlock(
                key="fonti", title=gettext_lazy("Fonti, pubbliche e private"), provider=bs_resources
            ),
            DataBlock(key="leva", title=gettext_lazy("Effetto leva"), provider=bs_leverage),
            DataBlock(
                key="spesa-azione",
                title=gettext_lazy("Budget e spesa per azione"),
                provider=bs_spending_azione,
            ),
            DataBlock(
                key="spesa-agenzia",
                title=gettext_lazy("Budget e spesa per agenzia"),
                provider=bs_spending_agency,
            ),
        ],
    )
    register_section(
        key="offerta-welfare",
        title=gettext_lazy("Le risorse in campo: l'offerta di welfare della città"),
        order=55,
        description=gettext_lazy(
            "Obiettivi e attività (DM 4 luglio 2019, sezione 5) letti con la situazione "
            "economica (sezione 6): le unità di offerta del welfare cittadino, chi le gestisce, "
            "quanto valgono e chi le paga."
        ),
        blocks=[
            DataBlock(
                key="unita-destinatari",
                title=gettext_lazy("Unità di offerta per destinatari"),
                provider=bs_welfare_units,
            ),
            DataBlock(
                key="utenti-destinatari",
                title=gettext_lazy("Utenti e posti per destinatari"),
                provider=bs_welfare_users,
            ),
            DataBlock(
                key="gestori",
                title=gettext_lazy("Enti gestori per forma giuridica"),
                provider=bs_welfare_providers,
            ),
            DataBlock(
                key="gestione-comunale",
                title=gettext_lazy("Le unità gestite dal Comune"),
                provider=bs_welfare_comune,
            ),
            DataBlock(
                key="spesa-fonti",
                title=gettext_lazy("Il valore dell'offerta e chi lo sostiene"),
                provider=bs_welfare_spending,
            ),
        ],
    )
    register_section(
        key="bisogni",
        title=gettext_lazy("Bisogni con risposta e senza risposta"),
        order=70,
        blocks=[
            DataBlock(
                key="bisogni-stato", title=gettext_lazy("Bisogni per stato"), provider=bs_needs
            ),
            DataBlock(
                key="bisogni-senza-risposta",
                title=gettext_lazy("Bisogni ancora senza risposta, con i motivi"),
                provider=bs_needs_unanswered,
            ),
        ],
    )
