"""The agencies' internal tools: one registry drives the generic list / form / detail views.

Each tool belongs to one agency: only Comune staff and that agency's referents reach it
(see rules.can_manage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import forms as f
from . import models as m


@dataclass(frozen=True)
class Column:
    attr: str  # dotted attribute path, or "get_<field>_display"
    label: str | Promise


@dataclass(frozen=True)
class Tool:
    key: str
    agency: str
    model: Any
    form: Any
    title: str | Promise
    columns: tuple[Column, ...]
    select_related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = field(default_factory=tuple)
    public_url: str = ""  # name of the public page of the tool, if any


C = Column

TOOLS: dict[str, Tool] = {}


def _add(tool: Tool) -> None:
    TOOLS[tool.key] = tool


# Governance
_add(
    Tool(
        "obiettivi",
        "governance",
        m.Objective,
        f.ObjectiveForm,
        _("Piano: obiettivi"),
        (C("azione", _("Azione")), C("title", _("Obiettivo"))),
        select_related=("azione",),
    )
)
_add(
    Tool(
        "tappe",
        "governance",
        m.Milestone,
        f.MilestoneForm,
        _("Piano: tappe"),
        (
            C("objective", _("Obiettivo")),
            C("title", _("Tappa")),
            C("due_date", _("Scadenza")),
            C("get_status_display", _("Stato")),
            C("progress", _("Avanzamento %")),
        ),
        select_related=("objective",),
    )
)
_add(
    Tool(
        "accordi",
        "governance",
        m.Agreement,
        f.AgreementForm,
        _("Accordi e patti"),
        (
            C("get_kind_display", _("Tipo")),
            C("title", _("Titolo")),
            C("valid_from", _("Dal")),
            C("valid_to", _("Al")),
            C("published", _("Pubblicato")),
        ),
    )
)
_add(
    Tool(
        "tavoli",
        "governance",
        m.CoDesignRound,
        f.CoDesignRoundForm,
        _("Co-programmazione e co-progettazione"),
        (
            C("get_kind_display", _("Tipo")),
            C("title", _("Titolo")),
            C("start", _("Inizio")),
            C("get_status_display", _("Stato")),
        ),
    )
)
_add(
    Tool(
        "portatori",
        "governance",
        m.Stakeholder,
        f.StakeholderForm,
        _("Mappa dei portatori di interesse"),
        (
            C("name", _("Chi")),
            C("get_group_display", _("Gruppo")),
            C("get_involvement_display", _("Coinvolgimento")),
            C("get_frequency_display", _("Frequenza")),
        ),
    )
)
# Risorse umane
_add(
    Tool(
        "personale",
        "risorse-umane",
        m.StaffEntry,
        f.StaffEntryForm,
        _("Personale (dati aggregati)"),
        (
            C("organization", _("Organizzazione")),
            C("reporting_period", _("Periodo")),
            C("get_role_display", _("Ruolo")),
            C("get_contract_type_display", _("Contratto")),
            C("get_sex_display", _("Sesso")),
            C("get_age_band_display", _("Età")),
            C("people", _("Persone")),
        ),
        select_related=("organization", "reporting_period"),
    )
)
_add(
    Tool(
        "volontari",
        "risorse-umane",
        m.VolunteerEntry,
        f.VolunteerEntryForm,
        _("Volontari non legati ad attività"),
        (
            C("organization", _("Organizzazione")),
            C("reporting_period", _("Periodo")),
            C("volunteers", _("Volontari")),
            C("volunteer_hours", _("Ore")),
        ),
        select_related=("organization", "reporting_period"),
    )
)
_add(
    Tool(
        "corsi",
        "risorse-umane",
        m.TrainingCourse,
        f.TrainingCourseForm,
        _("Corsi di formazione"),
        (C("title", _("Corso")), C("start", _("Inizio")), C("evaluation_score", _("Valutazione"))),
    )
)
_add(
    Tool(
        "sessioni",
        "risorse-umane",
        m.TrainingSession,
        f.TrainingSessionForm,
        _("Sessioni di formazione"),
        (
            C("course", _("Corso")),
            C("date", _("Data")),
            C("hours", _("Ore")),
            C("topic", _("Argomento")),
        ),
        select_related=("course",),
    )
)
_add(
    Tool(
        "partecipazioni",
        "risorse-umane",
        m.TrainingParticipation,
        f.TrainingParticipationForm,
        _("Partecipanti alla formazione per organizzazione"),
        (
            C("course", _("Corso")),
            C("organization", _("Organizzazione")),
            C("participants", _("Partecipanti")),
        ),
        select_related=("course", "organization"),
    )
)
_add(
    Tool(
        "ricerche-volontari",
        "risorse-umane",
        m.VolunteerCall,
        f.VolunteerCallForm,
        _("Ricerche di volontari"),
        (
            C("title", _("Ricerca")),
            C("organization", _("Organizzazione")),
            C("open_until", _("Aperta fino al")),
            C("published", _("Pubblicata")),
        ),
        select_related=("organization",),
        public_url="agencies:volunteer_call_list",
    )
)
# Conoscenza
_add(
    Tool(
        "bisogni",
        "conoscenza",
        m.Need,
        f.NeedForm,
        _("Registro dei bisogni"),
        (
            C("title", _("Bisogno")),
            C("target_group", _("Destinatari")),
            C("get_source_display", _("Fonte")),
            C("identified_on", _("Rilevato il")),
            C("get_status_display", _("Stato")),
            C("get_reason_display", _("Motivo")),
        ),
        select_related=("target_group",),
        public_url="agencies:needs_public",
    )
)
_add(
    Tool(
        "servizi",
        "conoscenza",
        m.ServiceUnit,
        f.ServiceUnitForm,
        _("Mappa del welfare: unità di offerta"),
        (
            C("code", _("Codice")),
            C("name", _("Nome")),
            C("provider_label", _("Ente gestore")),
            C("target_group", _("Destinatari")),
            C("quartiere", _("Quartiere")),
            C("capacity", _("Capacità")),
            C("years_label", _("Anni")),
        ),
        select_related=("provider", "target_group", "quartiere"),
        prefetch=("years",),
        public_url="agencies:welfare_map",
    )
)
_add(
    Tool(
        "orari-servizi",
        "conoscenza",
        m.OpeningSlot,
        f.OpeningSlotForm,
        _("Trova un servizio: orari di apertura"),
        (
            C("unit", _("Unità di offerta")),
            C("punto", _("Punto Comunità")),
            C("get_weekday_display", _("Giorno")),
            C("opens", _("Dalle")),
            C("closes", _("Alle")),
        ),
        select_related=("unit", "punto"),
        public_url="finder:index",
    )
)
_add(
    Tool(
        "destinatari-mappa",
        "conoscenza",
        m.WelfareTargetGroup,
        f.WelfareTargetGroupForm,
        _("Mappa del welfare: gruppi di destinatari"),
        (
            C("order", _("Ordine")),
            C("code", _("Codice")),
            C("label", _("Nome")),
            C("aliases", _("Altri nomi accettati")),
            C("sensitive", _("Categoria particolare")),
        ),
    )
)
_add(
    Tool(
        "biblioteca",
        "conoscenza",
        m.LibraryDocument,
        f.LibraryDocumentForm,
        _("Biblioteca: ricerche e buone pratiche"),
        (
            C("title", _("Titolo")),
            C("get_kind_display", _("Tipo")),
            C("year", _("Anno")),
            C("published", _("Pubblicato")),
        ),
        public_url="agencies:library",
    )
)
# Comunicazione
_add(
    Tool(
        "notizie",
        "comunicazione",
        m.NewsItem,
        f.NewsItemForm,
        _("Notizie"),
        (C("title", _("Titolo")), C("published_on", _("Data")), C("published", _("Pubblicata"))),
        public_url="agencies:news_list",
    )
)
_add(
    Tool(
        "eventi",
        "comunicazione",
        m.Event,
        f.EventForm,
        _("Eventi"),
        (
            C("title", _("Titolo")),
            C("start", _("Inizio")),
            C("location", _("Luogo")),
            C("published", _("Pubblicato")),
        ),
        public_url="agencies:event_list",
    )
)
_add(
    Tool(
        "campagne",
        "comunicazione",
        m.Campaign,
        f.CampaignForm,
        _("Piano di comunicazione"),
        (
            C("name", _("Campagna")),
            C("audience", _("Pubblico")),
            C("channels", _("Canali")),
            C("start", _("Inizio")),
            C("end", _("Fine")),
            C("reach", _("Persone raggiunte")),
        ),
    )
)
_add(
    Tool(
        "newsletter",
        "comunicazione",
        m.Newsletter,
        f.NewsletterForm,
        _("Newsletter"),
        (
            C("subject", _("Oggetto")),
            C("get_status_display", _("Stato")),
            C("sent_at", _("Inviata il")),
            C("recipients", _("Destinatari")),
        ),
    )
)
# Finanza
_add(
    Tool(
        "stanziamenti",
        "finanza",
        m.SourceAllocation,
        f.SourceAllocationForm,
        _("Fonti: stanziamenti per anno"),
        (C("source", _("Fonte")), C("year", _("Anno")), C("amount", _("Totale (€)"))),
        select_related=("source",),
    )
)
_add(
    Tool(
        "bilancio",
        "finanza",
        m.BudgetLine,
        f.BudgetLineForm,
        _("Bilancio per azione, agenzia e anno"),
        (
            C("year", _("Anno")),
            C("source", _("Fonte")),
            C("azione", _("Azione")),
            C("agency", _("Agenzia")),
            C("description", _("Voce")),
            C("amount", _("Importo (€)")),
        ),
        select_related=("source", "azione", "agency"),
    )
)
_add(
    Tool(
        "spese",
        "finanza",
        m.Expenditure,
        f.ExpenditureForm,
        _("Impegni e spese"),
        (
            C("date", _("Data")),
            C("get_kind_display", _("Tipo")),
            C("budget_line", _("Voce di bilancio")),
            C("description", _("Descrizione")),
            C("amount", _("Importo (€)")),
        ),
        select_related=("budget_line",),
    )
)
_add(
    Tool(
        "raccolte",
        "finanza",
        m.Fundraising,
        f.FundraisingForm,
        _("Raccolte fondi"),
        (
            C("title", _("Campagna")),
            C("start", _("Inizio")),
            C("end", _("Fine")),
            C("target_amount", _("Obiettivo (€)")),
            C("raised_amount", _("Raccolto (€)")),
            C("donations", _("Donazioni")),
        ),
    )
)
_add(
    Tool(
        "bandi",
        "finanza",
        m.Call,
        f.CallForm,
        _("Bandi"),
        (
            C("title", _("Bando")),
            C("deadline", _("Scadenza")),
            C("get_status_display", _("Stato")),
            C("budget", _("Dotazione (€)")),
        ),
        public_url="agencies:call_public_list",
    )
)
_add(
    Tool(
        "criteri",
        "finanza",
        m.CallCriterion,
        f.CallCriterionForm,
        _("Criteri di valutazione dei bandi"),
        (
            C("call", _("Bando")),
            C("name", _("Criterio")),
            C("weight", _("Peso")),
            C("max_score", _("Punteggio massimo")),
        ),
        select_related=("call",),
    )
)
_add(
    Tool(
        "contributi",
        "finanza",
        m.Grant,
        f.GrantForm,
        _("Contributi assegnati"),
        (
            C("application", _("Domanda")),
            C("amount", _("Importo (€)")),
            C("get_status_display", _("Stato")),
        ),
        select_related=("application__organization",),
    )
)

NO_CREATE = {"contributi"}  # grants are created by awarding an application


def get_tool(key: str) -> Tool | None:
    return TOOLS.get(key)


def tools_for_agency(slug: str) -> list[Tool]:
    return [t for t in TOOLS.values() if t.agency == slug]


def resolve(obj: Any, attr: str) -> Any:
    value = obj
    for part in attr.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value
