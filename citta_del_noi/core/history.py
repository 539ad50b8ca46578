"""Change history (django-simple-history) as people read it: Italian field labels, the names
of statuses and related objects instead of codes and ids, "Creato/Modificato/Eliminato".

Used by the history pages of activity records and of the needs register. A record's history is
read in one query, related objects in one query per foreign key shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HISTORY_TYPES = {
    "+": gettext_lazy("Creato"),
    "~": gettext_lazy("Modificato"),
    "-": gettext_lazy("Eliminato"),
}
# Bookkeeping fields that are not news to a reader of the history.
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "created_by", "import_key"}


def history_type_label(code: str) -> str:
    return str(HISTORY_TYPES.get(code, code))


def _display(field: models.Field, value: Any, related: dict[str, dict[Any, str]]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        return related.get(field.name, {}).get(value, _("n. %(pk)s (eliminato)") % {"pk": value})
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("sì") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def history_entries(instance: models.Model, *, limit: int = 500) -> list[dict[str, Any]]:
    """The record's versions, newest first: date, user, type (Italian), reason and the changed
    fields as {"field": label, "old": text, "new": text}."""
    model = type(instance)
    entries = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            :limit
        ]
    )
    entries.reverse()
    if not entries:
        return []
    # Compared field by field (diff_against skips non-editable fields such as a need's
    # computed status, which is exactly what a reader wants to see change).
    tracked = [
        f
        for f in entries[0].tracked_fields
        if f.name not in SKIPPED_FIELDS and not f.primary_key and not f.many_to_many
    ]
    deltas: list[list[tuple[models.Field, Any, Any]]] = []
    wanted: dict[str, set[Any]] = defaultdict(set)
    previous = None
    for entry in entries:
        changes: list[tuple[models.Field, Any, Any]] = []
        if previous is not None:
            for field in tracked:
                old, new = getattr(previous, field.attname), getattr(entry, field.attname)
                if old != new:
                    changes.append((field, old, new))
                    if isinstance(field, models.ForeignKey):
                        wanted[field.name].update(v for v in (old, new) if v)
        deltas.append(changes)
        previous = entry
    related: dict[str, dict[Any, str]] = {}
    for name, pks in wanted.items():
        target = model._meta.get_field(name).related_model
        related[name] = {
            obj.pk: str(obj)
            for obj in target._default_manager.filter(pk__in=pks)  # type: ignore[union-attr]
        }
    out = []
    for entry, changes in zip(entries, deltas, strict=True):
        rows = [
            {
                "name": field.name,
                "field": capfirst(str(field.verbose_name)),
                "old": _display(field, old, related),
                "new": _display(field, new, related),
            }
            for field, old, new in changes
        ]
        out.append(
            {
                "date": entry.history_date,
                "user": entry.history_user,
                "type": history_type_label(entry.history_type),
                "type_code": entry.history_type,
                "reason": entry.history_change_reason or "",
                "changes": rows,
            }
        )
    out.reverse()
    return out
