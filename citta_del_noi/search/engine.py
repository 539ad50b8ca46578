"""The portal search: PostgreSQL full text (Italian, accents folded), SQLite word match.

PostgreSQL: a record matches when `document @@ websearch_to_tsquery('italian_unaccent', q)`;
results are ordered by `ts_rank`, and `ts_headline` (expensive) is computed only for the rows
shown: it is a non-sort target of a query with ORDER BY … LIMIT, which PostgreSQL evaluates
after the limit. Counts stop at the provider's cap, like the lists' CappedPaginator.

SQLite (`make run`): every word of the query must occur (icontains) in one of the fields;
no stemming, no accent folding, no rank (the provider's ordering), the snippet is the start
of the text with the words marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet, Subquery, TextField
from django.db.models.expressions import Func
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from citta_del_noi.accounts.roles import AnyUser

from .registry import SearchProvider, providers

CONFIG = "italian_unaccent"
MAX_QUERY = 200  # characters of the query that are used
SNIPPET_CHARS = 200
# PostgreSQL ranks the first CANDIDATES matches in index order, not every match: a common word
# matches ~100,000 of 1,000,000 activity records, and ranking them all (ts_rank recomputes each
# document) takes seconds. The "vedi tutti" pages rank deeper, up to the provider's count cap.
CANDIDATES = 200
# The page of every kind says "più di 100" for a common word: counting up to the provider's cap
# (1,000) for each kind is for the kind's own page ("vedi tutti"); at 1,000,000 records the
# grouped page's activity count is its most expensive query.
GROUPED_COUNT_CAP = 100
_START, _STOP = "\x02", "\x03"  # marks of ts_headline, replaced after escaping


def document_sql(columns: list[str]) -> str:
    """The indexed expression: migrations build their GIN index on exactly this text."""
    joined = " || ' ' || ".join(f"COALESCE(({c})::text, '')" for c in columns)
    return f"to_tsvector('{CONFIG}'::regconfig, {joined})"


class Document(Func):
    """`document_sql` over the provider's fields, as an ORM expression."""

    output_field = SearchVectorField()

    def __init__(self, *fields: str) -> None:
        super().__init__(*[F(f) for f in fields])

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:  # type: ignore[override]
        columns, params = [], []
        for arg in self.source_expressions:
            sql, p = compiler.compile(arg)
            columns.append(sql)
            params.extend(p)
        return document_sql(columns), params


class Joined(Func):
    """The fields as one text (the input of ts_headline)."""

    output_field = TextField()

    def __init__(self, *fields: str) -> None:
        super().__init__(*[F(f) for f in fields])

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:  # type: ignore[override]
        parts, params = [], []
        for arg in self.source_expressions:
            sql, p = compiler.compile(arg)
            parts.append(f"COALESCE(({sql})::text, '')")
            params.extend(p)
        return " || ' ' || ".join(parts), params


class Headline(Func):
    output_field = TextField()

    def __init__(self, text: Expression, query: SearchQuery) -> None:
        super().__init__(text, query)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:  # type: ignore[override]
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=2"
        return (
            f"ts_headline('{CONFIG}'::regconfig, {text_sql}, {query_sql}, %s)",
            [*text_params, *query_params, options],
        )


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString


@dataclass
class Group:
    kind: str
    label: Any
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    capped: bool = False


def clean_query(q: str) -> str:
    return " ".join(q.split())[:MAX_QUERY]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words_of(q: str) -> list[str]:
    """The words a record must contain (SQLite): websearch operators and negations left out."""
    out = []
    for word in re.findall(r"-?\w+", q):
        if word.startswith("-") or word.lower() == "or":
            continue
        out.append(word)
    return out[:10]


def _matches(p: SearchProvider, user: AnyUser, q: str) -> QuerySet:
    qs = p.queryset(user)
    if is_postgres():
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        return (
            qs.annotate(search_document=Document(*p.fields))
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(F("search_document"), query))
        )
    words = words_of(q)
    if not words:
        return qs.none()
    for word in words:
        any_field = Q()
        for name in p.fields:
            any_field |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(any_field)
    return qs


def _rows(p: SearchProvider, user: AnyUser, q: str, offset: int, limit: int) -> list[Hit]:
    qs = _matches(p, user, q)
    if is_postgres():
        query = SearchQuery(q, config=CONFIG, search_type="websearch")
        bound = min(max(CANDIDATES, offset + limit), p.count_cap + 1)
        candidates = qs.order_by().values("pk")[:bound]
        qs = (
            qs.filter(pk__in=Subquery(candidates))
            .annotate(
                search_headline=Headline(Joined(*p.fields), query),
            )
            .order_by("-search_rank", *p.ordering)
        )
    else:
        qs = qs.order_by(*p.ordering)
    hits = []
    for obj in qs[offset : offset + limit]:
        if is_postgres():
            snippet = _marked(obj.search_headline)
        else:
            snippet = _sqlite_snippet(obj, p.fields, words_of(q))
        hits.append(Hit(title=p.title(obj), url=p.url(obj), snippet=snippet))
    return hits


def _marked(headline: str) -> SafeString:
    text = escape(headline or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def _sqlite_snippet(obj: Any, fields: tuple[str, ...], words: list[str]) -> SafeString:
    text = " ".join(str(getattr(obj, f) or "") for f in fields)[:SNIPPET_CHARS]
    out = str(escape(text))
    for word in words:
        out = re.sub(f"({re.escape(str(escape(word)))})", r"<mark>\1</mark>", out, flags=re.I)
    return mark_safe(out)  # noqa: S308


def _count(p: SearchProvider, user: AnyUser, q: str, cap: int) -> tuple[int, bool]:
    qs = _matches(p, user, q)
    if is_postgres():
        qs = qs.order_by()
    n = qs.values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


def search_group(
    p: SearchProvider,
    user: AnyUser,
    q: str,
    *,
    offset: int = 0,
    limit: int = 5,
    count_cap: int | None = None,
) -> Group:
    """One kind's results: a page of hits (one query) and the capped count (one more, only
    when the page is full)."""
    group = Group(kind=p.kind, label=p.label)
    group.hits = _rows(p, user, q, offset, limit + 1)
    if offset == 0 and len(group.hits) <= limit:
        group.count = len(group.hits)
    else:
        group.count, group.capped = _count(p, user, q, count_cap or p.count_cap)
    group.hits = group.hits[:limit]
    return group


def search_all(user: AnyUser, q: str, *, per_kind: int = 5) -> list[Group]:
    """Every kind's first results, kinds without results left out."""
    out = []
    for p in providers():
        group = search_group(p, user, q, limit=per_kind, count_cap=GROUPED_COUNT_CAP)
        if group.hits:
            out.append(group)
    return out
