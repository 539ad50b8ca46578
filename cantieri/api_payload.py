"""The API's activity payload ⇄ the record form.

A JSON payload is turned into the POST data the page's form (ActivityEntry) reads, so the API
validates with the same form, the same programme rules (activity_rules.py) and the same Italian
messages: the API can never store what the form refuses.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from .forms import FORM_FIELDS, ActivityEntry
from .models import ActivityRecord, FundingSource, TargetGroup

RELATIONS = ("azione", "kind", "reporting_period", "punto_comunita")


def _current(activity: ActivityRecord) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if name == "quartieri":
            data[name] = [q.pk for q in activity.quartieri.all()]
        elif name in RELATIONS:
            data[name] = getattr(activity, f"{name}_id")
        else:
            data[name] = getattr(activity, name)
    data["target_counts"] = {
        str(t.target_group_id): t.participants for t in activity.target_counts.all()
    }
    data["fundings"] = {str(f.source_id): f.amount for f in activity.fundings.all()}
    return data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_data(payload: dict[str, Any], activity: ActivityRecord | None = None) -> QueryDict:
    """POST data of the record form: the record's current values overlaid with the payload."""
    merged = _current(activity) if activity is not None else {}
    merged.update(payload)
    qd = QueryDict(mutable=True)
    for name in ("organization", *FORM_FIELDS):
        value = merged.get(name)
        if name == "quartieri":
            qd.setlist(name, [_text(v) for v in (value or [])])
        elif name == "city_wide":
            if value:
                qd[name] = "on"
        elif value is not None:
            qd[name] = _text(value)
    for prefix, key, field, model in (
        ("dest", "target_counts", "target_group", TargetGroup),
        ("fondi", "fundings", "source", FundingSource),
    ):
        values = {str(k): v for k, v in dict(merged.get(key) or {}).items()}
        pks = list(model.objects.order_by("order", "name").values_list("pk", flat=True))
        qd[f"{prefix}-TOTAL_FORMS"] = str(len(pks))
        qd[f"{prefix}-INITIAL_FORMS"] = str(len(pks))
        amount = "participants" if key == "target_counts" else "amount"
        for i, pk in enumerate(pks):
            qd[f"{prefix}-{i}-{field}"] = str(pk)
            qd[f"{prefix}-{i}-{amount}"] = _text(values.get(str(pk)))
    return qd


def entry_errors(entry: ActivityEntry) -> dict[str, list[str]]:
    """The form's errors as {field: [Italian messages]} (the API's 400 body)."""
    errors: dict[str, list[str]] = {}
    for name, field_errors in entry.form.errors.items():
        key = "non_field_errors" if name == "__all__" else name
        errors.setdefault(key, []).extend(str(m) for m in field_errors)
    for key, formset, extra in (
        ("target_counts", entry.targets, entry.errors_targets),
        ("fundings", entry.fundings, entry.errors_fundings),
    ):
        found = [str(m) for form in formset for msgs in form.errors.values() for m in msgs]
        found += [str(m) for m in formset.non_form_errors()] + list(extra)
        if found:
            errors[key] = found
    if not errors:
        errors["non_field_errors"] = [_("Dati non validi.")]
    return errors
