"""Redaction (GDPR art. 17): a field's value leaves the record and its whole change history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from citta_del_noi.accounts import roles

from .detection import scrub
from .models import RedactionLog
from .validators import personal_data_error

PLACEHOLDER = "[testo rimosso]"
PASSAGE_MIN_LENGTH = 4
REASON_MIN_LENGTH = 10

Rewrite = Callable[[Any], Any]


def redactable_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """(name, Italian label) of the model's free-text fields (text without fixed choices)."""
    out = []
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.editable
            and not isinstance(field, models.EmailField | models.SlugField)
        ):
            out.append((field.name, capfirst(str(field.verbose_name))))
    return out


def _history_manager(instance: models.Model) -> Any:
    """The record's django-simple-history manager, or None when its model keeps no history."""
    attr = getattr(type(instance)._meta, "simple_history_manager_attribute", None)
    return getattr(instance, attr) if attr else None


def _rewriter(targets: list[str]) -> Rewrite:
    def rewrite(value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        for target in targets:
            if target:
                value = value.replace(target, PLACEHOLDER)
        return scrub(value, PLACEHOLDER)

    return rewrite


@transaction.atomic
def field_redact(
    *,
    instance: models.Model,
    field: str,
    by: Any,
    reason: str,
    passage: str = "",
    also: Callable[[models.Model, str, Rewrite], int] | None = None,
) -> RedactionLog:
    """Replace the field's value (or only `passage` inside it) with "[testo rimosso]" on the
    record and on every version of its history that contains it; recognisable personal data
    (codici fiscali, emails, phone numbers, IBANs) left in those versions goes too. `also`
    rewrites other places that copy the value (it returns how many rows it changed). Leaves a
    RedactionLog (who, when, which record and field, why) without the value."""
    if not roles.is_comune_staff(by):
        raise PermissionDenied(_("Solo il personale del Comune può rimuovere dati."))
    model = type(instance)
    labels = dict(redactable_fields(model))
    if field not in labels:
        raise ValidationError({"field": [_("Questo campo non contiene testo libero.")]})
    reason = (reason or "").strip()
    passage = (passage or "").strip()
    errors: dict[str, list[str]] = {}
    if len(reason) < REASON_MIN_LENGTH:
        errors["reason"] = [_("Spiega il motivo della rimozione (almeno 10 caratteri).")]
    elif message := personal_data_error(reason):
        errors["reason"] = [message]
    if passage and len(passage) < PASSAGE_MIN_LENGTH:
        errors["passage"] = [
            _("Il testo da rimuovere deve avere almeno %(n)s caratteri.")
            % {"n": PASSAGE_MIN_LENGTH}
        ]
    if errors:
        raise ValidationError(errors)
    record = model._default_manager.select_for_update().get(pk=instance.pk)
    current = getattr(record, field) or ""
    rewrite = _rewriter([passage] if passage else [current])
    new_value = PLACEHOLDER if (current and not passage) else rewrite(current)
    changed_rows = 0
    if new_value != current:
        model._default_manager.filter(pk=record.pk).update(**{field: new_value})
        setattr(instance, field, new_value)
    history = _history_manager(record)
    if history is not None:
        versions = list(history.all())
        touched = []
        for version in versions:
            dirty = False
            for name in (field, "history_change_reason"):
                old = getattr(version, name)
                new = rewrite(old)
                if new != old:
                    setattr(version, name, new)
                    dirty = True
            if dirty:
                touched.append(version)
        if touched:
            history.model.objects.bulk_update(touched, [field, "history_change_reason"])
        changed_rows += len(touched)
    if also is not None:
        changed_rows += also(record, field, rewrite)
    if new_value == current and not changed_rows:
        raise ValidationError(
            {
                "passage" if passage else "field": [
                    _("Il testo indicato non compare né nel record né nella sua storia.")
                    if passage
                    else _("Il campo è vuoto e la sua storia non contiene dati da rimuovere.")
                ]
            }
        )
    return RedactionLog.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(record.pk),
        field=field,
        field_label=labels[field],
        reason=reason,
        redacted_by=by,
        history_rows=changed_rows,
    )
