"""The agencies' contributions to other apps' registries: council dashboard blocks and
Bilancio Sociale sections. Registered in AgenciesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors
from .models import (
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


# --- council dashboard (consigli/dashboard.py) -----------------------------------------------


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
    try:
        from consigli.dashboard import register_block
    except ImportError:  # pragma: no cover - the councils' dashboard is optional
        return
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


# --- Bilancio Sociale (bilancio_sociale/registry.py) -----------------------------------------


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


def register_report_sections() -> None:
    from bilancio_sociale.registry import DataBlock, register_section

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
