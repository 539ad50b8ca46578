"""What the portal search looks in: each app registers its kinds in its AppConfig.ready().

    from citta_del_noi.search.registry import SearchProvider, register
    register(SearchProvider(kind="attivita", label=_("Attività"), order=10,
                            queryset=selectors.activities_visible_to,
                            fields=("title", "description"), large=True,
                            url=lambda r: reverse("cantieri:activity_detail", args=[r.pk])))

`queryset(user)` is the app's own viewer selector (the same one its lists use), so the search
never shows what the list would not. `fields` are the text fields searched (the first is the
title shown unless `title` says otherwise). On PostgreSQL the engine matches
`to_tsvector('italian_unaccent', COALESCE(f1::text, '') || ' ' || COALESCE(f2::text, '') …)`;
a big table gets a GIN index on exactly that expression (see `engine.document_sql`).
`vocabulary()` gives short public texts for the "forse cercavi" suggestions (see
`suggest.py`). The search app imports no app; `lint-imports` checks it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from citta_del_noi.accounts.roles import AnyUser


@dataclass(frozen=True)
class SearchProvider:
    kind: str  # the URL's ?tipo=, e.g. "attivita"
    label: Any  # a lazy translated string
    order: int
    queryset: Callable[[AnyUser], QuerySet]
    fields: tuple[str, ...]
    # `url(row)` and `title(row)` take a Row: the record's pk and the `columns` (field names,
    # lookups such as "consiglio__slug" or annotations of the queryset), read as attributes.
    # The engine fetches exactly these values (never the whole object): every kind's hits
    # arrive in ONE query on PostgreSQL (see engine.search_all).
    url: Callable[[Any], str]
    columns: tuple[str, ...] = ()
    title: Callable[[Any], str] | None = None  # default: the first field
    # The order among results of equal rank (and the only order on SQLite).
    ordering: tuple[str, ...] = ("-pk",)
    # Very large tables: the count stops here ("più di …"), like the lists' CappedPaginator.
    count_cap: int = 1_000
    # A table of up to millions of rows (activities): rank only the first `engine.CANDIDATES`
    # matches in index order. Small tables rank every match.
    large: bool = False
    # "Forse cercavi": short PUBLIC texts (names, published titles) whose words feed the
    # suggestion vocabulary (`services.refresh_vocabulary`). Never a viewer-dependent
    # selector: a draft's or a partner's unpublished title must not become a suggestion.
    vocabulary: Callable[[], Iterable[str]] | None = None


_PROVIDERS: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    _PROVIDERS[provider.kind] = provider


def providers() -> list[SearchProvider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.kind))


def provider(kind: str) -> SearchProvider | None:
    return _PROVIDERS.get(kind)
