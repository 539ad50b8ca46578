"""The activity form's reference choices, cached and pre-rendered (issue 14).

The record form (`/attivita/nuova/`, `/attivita/<id>/modifica/`) offered actions, kinds,
periods, Punti Comunità, quartieri, target groups and funding sources with a query each and
rendered every option through Django's widget templates on every request (110 ms warm at
1,000,000 records). These are public reference data (the `choice_selectors` and
`territori.selectors` functions everyone may read): they are read through those selectors
once per data version and language and kept in the shared cache as plain values, with each
drop-down's options already rendered as one HTML block. The version
(citta_del_noi.common.cache_versions) is bumped after the commit of every save or deletion of
those models; entries also expire after SECONDS, for writes that bypass the signals (bulk
updates).

What a viewer may pick among the organisations is not here: it is the viewer's scope
(`choice_selectors.organization_choices_recordable_by`). The form still validates every
submitted value against the field's queryset: the cache only decides what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.utils.html import escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common import cache_versions
from citta_del_noi.common.role_rows import ROLES_VERSION
from citta_del_noi.organizations.selectors import organizations_recordable_by
from territori.models import PuntoComunita, Quartiere, Zona
from territori.selectors import punti_comunita_open_for_choice, quartieri_public

from . import choice_selectors as choices
from . import filter_options
from .models import ActivityKind, Azione, FundingSource, ReportingPeriod, TargetGroup

VERSION_NAME = "cantieri:form-options"
SECONDS = 3600
WATCHED: tuple[type[Model], ...] = (
    Azione,
    ActivityKind,
    ReportingPeriod,
    PuntoComunita,
    Quartiere,
    Zona,
    TargetGroup,
    FundingSource,
)
SELECTS = ("azione", "kind", "reporting_period", "punto_comunita")


@dataclass(frozen=True)
class Period:
    pk: int
    start: date
    end: date
    locked: bool


@dataclass(frozen=True)
class QuartiereOption:
    pk: int
    name: str
    zona: str


@dataclass(frozen=True)
class FormOptions:
    # (id, label) in the drop-down's order, and the same options rendered as <option> rows
    labels: dict[str, list[tuple[int, str]]]
    blocks: dict[str, str]
    periods: list[Period]  # newest first
    quartieri: list[QuartiereOption]  # by zone, then name (the picker's groups)
    target_groups: list[tuple[int, str]]
    funding_sources: list[tuple[int, str]]

    def period_open_for_entry(self) -> Period | None:
        """The newest period not locked (`selectors.period_open_for_entry().first()`)."""
        return next((p for p in self.periods if not p.locked), None)


def period_label(p: Any) -> str:
    """How a reporting period reads in the form's drop-down."""
    return f"{p.name} ({p.start:%d/%m/%Y}–{p.end:%d/%m/%Y})" + (
        f" · {_('chiuso')}" if p.is_locked else ""
    )


def quartiere_label(q: Quartiere) -> str:
    return f"{q.name} ({q.zona.name})"


def options_block(pairs: list[tuple[int, str]]) -> str:
    """The <option> rows as Django's Select template writes them (none selected)."""
    return "".join(
        format_html('\n  <option value="{}">{}</option>', str(pk), label) for pk, label in pairs
    )


def _build() -> FormOptions:
    periods = list(choices.periods_for_choice())
    labels = {
        "azione": [(a.pk, str(a)) for a in choices.azioni_for_choice()],
        "kind": [(k.pk, str(k)) for k in choices.activity_kinds_for_choice()],
        "reporting_period": [(p.pk, period_label(p)) for p in periods],
        # open ones only: a record already naming a closed one adds it (ActivityForm)
        "punto_comunita": [(p.pk, str(p)) for p in punti_comunita_open_for_choice()],
    }
    return FormOptions(
        labels=labels,
        blocks={name: options_block(pairs) for name, pairs in labels.items()},
        periods=[Period(p.pk, p.start, p.end, p.is_locked) for p in periods],
        quartieri=[
            QuartiereOption(q.pk, q.name, q.zona.name)
            for q in quartieri_public().order_by("zona__order", "name")
        ],
        target_groups=[(g.pk, str(g)) for g in choices.target_groups_for_choice()],
        funding_sources=[(s.pk, str(s)) for s in choices.funding_sources_for_choice()],
    )


def _key(version: int) -> str:
    return f"cantieri:form-options:v{version}:{get_language()}"


def options() -> FormOptions:
    """The form's reference choices, from the cache (built once per version and language)."""
    return _load(_key(cache_versions.current(VERSION_NAME)), None)[0]


def for_viewer(user: AnyUser) -> tuple[FormOptions, list[tuple[int, str]]]:
    """The reference choices and the organisations the viewer may record for: the
    `organizations_recordable_by` selector as (id, name) pairs, cached per viewer under the
    versions of the roles (memberships) and of the organisations (cantieri.filter_options), so
    a new or ended membership, or an organisation made inactive, shows at the next request.
    Two reads of the cache when warm, no query."""
    if not user.is_authenticated:
        return options(), []
    v = cache_versions.current_many([VERSION_NAME, ROLES_VERSION, filter_options.VERSION_NAME])
    orgs_key = (
        f"cantieri:recordable-orgs:r{v[ROLES_VERSION]}:o{v[filter_options.VERSION_NAME]}:u{user.pk}"
    )
    opts, orgs = _load(_key(v[VERSION_NAME]), (orgs_key, user))
    assert orgs is not None
    return opts, orgs


def _load(
    key: str, viewer: tuple[str, AnyUser] | None
) -> tuple[FormOptions, list[tuple[int, str]] | None]:
    keys = [key] if viewer is None else [key, viewer[0]]
    found = cache.get_many(keys)
    missing: dict[str, Any] = {}
    opts = found.get(key)
    if opts is None:
        opts = missing[key] = _build()
    orgs = None
    if viewer is not None:
        orgs = found.get(viewer[0])
        if orgs is None:
            orgs = missing[viewer[0]] = list(
                organizations_recordable_by(viewer[1]).values_list("pk", "name")
            )
    if missing:
        cache.set_many(missing, SECONDS)
    return opts, orgs


def quartieri_boxes(
    quartieri: list[QuartiereOption],
    *,
    name: str,
    auto_id: str,
    checked: set[str],
    invalid: bool = False,
) -> str:
    """The picker's checkboxes grouped by zone: the markup that `_quartieri_picker.html` wrote
    with `{% regroup %}` over the field's subwidgets (Django's checkbox_option template; the
    quartieri come ordered by zone, so consecutive ones share a group; `invalid` marks every box
    aria-invalid, as Django does for a field with errors)."""
    invalid_attr = ' aria-invalid="true"' if invalid else ""
    out: list[str] = []
    zona: str | None = None
    for index, q in enumerate(quartieri):
        if q.zona != zona:
            if zona is not None:
                out.append("\n    </fieldset>")
            zona = q.zona
            z = escape(q.zona)
            out.append(
                f'\n    <fieldset class="quartieri-zona" data-zona="{z}">'
                f'\n      <legend class="h6 mb-1">{z}</legend>'
            )
        box_id = escape(f"{auto_id}_{index}") if auto_id else ""
        id_attr = f' id="{box_id}"' if auto_id else ""
        mark = " checked" if str(q.pk) in checked else ""
        search = escape(f"{q.name.lower()} {q.zona.lower()}")
        attrs = f'name="{escape(name)}" value="{q.pk}"{id_attr}{invalid_attr}{mark}'
        out.append(
            f'\n        <div class="form-check" data-quartiere="{search}">'
            f'<input type="checkbox" {attrs}>'
            f'<label for="{box_id}">{escape(q.name)}</label></div>'
        )
    if zona is not None:
        out.append("\n    </fieldset>")
    return "".join(out)


def connect() -> None:
    cache_versions.bump_on_writes(VERSION_NAME, WATCHED)
