"""The service finder's page body, cached (issue 14).

What /servizi/ shows under the menu (filters, results, Punti Comunità, tiles and map points) is
the same for every visitor who asks for the same address: it is rendered once and kept in the
shared cache under

- a version counter (citta_del_noi.common.cache_versions) that every save or deletion of what the
  page is made of bumps after its commit (units, their opening slots, target groups, Punti
  Comunità, quartieri, zones, organisations named as providers); the service-unit import bumps
  it itself (its bulk writes send no signal), and entries expire after SECONDS in any case;
- the language, and the address's query string as asked (the page's links repeat it);
- the date in Rome (a Punto Comunità closes on a date);
- with "aperto ora", the *opening window*: the slots of today change state only at their
  opening and closing times, so between two consecutive such times the units and punti open now
  are the same set. The window is the number of those times already passed; a page cached in one
  window is never served in the next, so "open now" is never stale.
"""

from __future__ import annotations

import bisect
import hashlib
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import get_language

from citta_del_noi.common import cache_versions
from citta_del_noi.organizations.models import Organization
from territori.models import PuntoComunita, Quartiere, Zona

from .models import OpeningSlot, ServiceUnit, WelfareTargetGroup
from .selectors.finder import opening_times_of_day

VERSION_NAME = "agencies:finder"
SECONDS = 600
QUERY_MAX = 1000  # longer query strings are rendered, not cached
WATCHED: tuple[type[Model], ...] = (
    ServiceUnit,
    OpeningSlot,
    WelfareTargetGroup,
    PuntoComunita,
    Quartiere,
    Zona,
    Organization,
)


def version() -> int:
    return cache_versions.current(VERSION_NAME)


def bump() -> None:
    """Every cached finder page is stale from the commit of the current transaction on."""
    cache_versions.bump_after_commit(VERSION_NAME)


def opening_window(now: datetime, ver: int) -> int:
    """How many of today's opening and closing times have passed at `now` (Rome time). The
    times of a weekday are cached under the same version as the pages."""
    key = f"agencies:finder:times:v{ver}:d{now.isoweekday()}"
    times = cache.get(key)
    if times is None:
        times = opening_times_of_day(now.isoweekday())
        cache.set(key, times, SECONDS)
    return bisect.bisect_right(times, now.time())


def page_key(request: HttpRequest, now: datetime) -> str | None:
    """The cache key of the finder's body for this request, None when it is not cached."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > QUERY_MAX:
        return None
    ver = version()
    window = opening_window(now, ver) if "aperto" in request.GET else -1
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return (
        f"agencies:finder:page:v{ver}:{get_language()}:{now.date().isoformat()}:w{window}:{digest}"
    )


def get(key: str | None) -> dict[str, Any] | None:
    return cache.get(key) if key else None


def put(key: str | None, value: dict[str, Any]) -> None:
    if key:
        cache.set(key, value, SECONDS)


def connect() -> None:
    cache_versions.bump_on_writes(VERSION_NAME, WATCHED)
