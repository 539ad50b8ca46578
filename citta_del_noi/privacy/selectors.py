"""Reads of the redaction log (staff pages only; the log never holds a removed value)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from citta_del_noi.accounts import roles

from .models import RedactionLog


def redactions_for(user: Any, instance: models.Model) -> QuerySet[RedactionLog]:
    if not roles.is_comune_staff(user):
        return RedactionLog.objects.none()
    return RedactionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
    ).select_related("redacted_by")
