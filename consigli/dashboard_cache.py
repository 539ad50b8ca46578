"""What the dashboard's cached pages depend on besides the approved activity (issue 14).

The cached body, filter form and filter choices of /cruscotto/ (dashboard_views.py) hold the
summary version (cantieri.summary: approved activity) in their key and, inside the stored
value, the version of DATA_VERSION: bumped after the commit of any write to the other rows the
dashboard shows (the catalogue of cantieri, periods, target groups, funding sources and
indicators with their targets and measurements; council decisions; zones, quartieri,
population and Punti Comunità; the agencies' blocks; organisations). A write therefore shows on
the next request; the entries expire after CACHE_SECONDS anyway (a bulk `update()` sends no
signal).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from citta_del_noi.common import cache_versions

DATA_VERSION = "consigli:dashboard:data"
CACHE_SECONDS = 300

WATCHED_APPS = {"agencies", "territori", "organizations"}
WATCHED_MODELS = {
    "cantieri.azione",
    "cantieri.reportingperiod",
    "cantieri.targetgroup",
    "cantieri.fundingsource",
    "cantieri.activitykind",
    "cantieri.indicator",
    "cantieri.indicatortarget",
    "cantieri.measurement",
    "consigli.decision",
}


def watched(model: type[Model]) -> bool:
    meta = model._meta
    if meta.object_name and meta.object_name.startswith("Historical"):
        return False
    return meta.app_label in WATCHED_APPS or meta.label_lower in WATCHED_MODELS


def _bump() -> None:
    cache_versions.bump_now(DATA_VERSION)


def bump() -> None:
    """A new data version once the current transaction commits."""
    transaction.on_commit(_bump)


def _on_change(sender: Any, **kwargs: Any) -> None:
    if isinstance(sender, type) and issubclass(sender, Model) and watched(sender):
        bump()


def connect() -> None:
    post_save.connect(_on_change, dispatch_uid="consigli.dashboard_cache.save")
    post_delete.connect(_on_change, dispatch_uid="consigli.dashboard_cache.delete")
    m2m_changed.connect(_on_change, dispatch_uid="consigli.dashboard_cache.m2m")


def version_key() -> str:
    return cache_versions.cache_key(DATA_VERSION)
