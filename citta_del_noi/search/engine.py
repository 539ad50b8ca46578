"""The portal search: PostgreSQL full text (Italian, accents folded), SQLite word match.

PostgreSQL: a record matches when `document @@ websearch_to_tsquery('italian_unaccent', q)`;
results are ordered by `ts_rank`, and `ts_headline` (expensive) is computed only for the rows
shown: it is a non-sort target of a query with ORDER BY … LIMIT, which PostgreSQL evaluates
after the limit. Counts stop at the provider's cap, like the lists' CappedPaginator.
The page of every kind is ONE query: a UNION ALL of every kind's page (`_branch`), each row
carrying its kind, pk, the provider's `columns` as JSON (title and link are built from these
values, never from loaded objects) and a window count of the kind's matches (capped: no
count query). A large table (activities) ranks only its first matches in index order.

SQLite (`make run`): every word of the query must occur (icontains) in one of the fields;
no stemming, no accent folding, no rank (the provider's ordering), the snippet is the start
of the text with the words marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Expression,
    F,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.expressions import Func, OrderBy
from django.db.models.functions import JSONObject, RowNumber
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


def _query(q: str) -> SearchQuery:
    return SearchQuery(q, config=CONFIG, search_type="websearch")


def _columns(p: SearchProvider) -> list[str]:
    """The values a hit needs: the provider's columns and the title field."""
    return list(dict.fromkeys((*p.columns, p.fields[0])))


def _matches(p: SearchProvider, user: AnyUser, q: str) -> QuerySet:
    qs = p.queryset(user)
    if is_postgres():
        query = _query(q)
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


def _pg_matches(
    p: SearchProvider, user: AnyUser, document: Document, query: SearchQuery
) -> QuerySet:
    """The viewer's rows whose document matches (PostgreSQL), without annotations."""
    return p.queryset(user).filter(SearchVectorExact(document, query))


def _bound(offset: int, limit: int, cap: int) -> int:
    """How many matches of a large table are ranked (and counted in the same query): the page
    of every kind ranks cap + 1 (101: "più di 100"), a kind's own page CANDIDATES or more."""
    if offset == 0 and cap < CANDIDATES:
        return max(cap + 1, limit)
    return min(max(CANDIDATES, offset + limit), cap + 1)


def _branch(
    p: SearchProvider, user: AnyUser, q: str, offset: int, limit: int, cap: int
) -> QuerySet:
    """PostgreSQL: one kind's page as `values()` rows (kind, pk, the columns as JSON, the
    headline, the position and the number of ranked matches, a window count: no count query).

    A large table ranks only its first `_bound` matches in index order (the outer query reads
    them by primary key and recomputes neither the match nor the visibility, which the
    candidates already passed); `ts_headline` is a non-sort target, evaluated after the LIMIT."""
    query = _query(q)
    document = Document(*p.fields)
    qs = _pg_matches(p, user, document, query)
    if p.large:
        candidates = qs.order_by().values("pk")[: _bound(offset, limit + 1, cap)]
        qs = qs.model._default_manager.filter(pk__in=Subquery(candidates))
    order = [
        SearchRank(document, query).desc(),
        *(OrderBy(F(o.lstrip("-")), descending=o.startswith("-")) for o in p.ordering),
    ]
    # one annotate (each queryset method clones the query: ten kinds build ten of them)
    qs = qs.annotate(
        search_kind=Value(p.kind, output_field=CharField()),
        search_pk=F("pk"),
        search_data=JSONObject(**{c: F(c) for c in _columns(p)}),
        search_pos=Window(RowNumber(), order_by=order),
        search_total=Window(Count("pk")),
        search_headline=Headline(Joined(*p.fields), query),
    )
    return qs.order_by("search_pos").values(*BRANCH_VALUES)[offset : offset + limit + 1]


BRANCH_VALUES = (
    "search_kind",
    "search_pk",
    "search_data",
    "search_pos",
    "search_total",
    "search_headline",
)


def _sqlite_rows(p: SearchProvider, user: AnyUser, q: str, offset: int, limit: int) -> list:
    qs = _matches(p, user, q).order_by(*p.ordering)
    names = list(dict.fromkeys((*_columns(p), *p.fields)))
    rows = []
    words = words_of(q)
    for values in qs.values("pk", *names)[offset : offset + limit + 1]:
        pk = values.pop("pk")
        snippet = _sqlite_snippet(values, p.fields, words)
        rows.append((pk, values, snippet))
    return rows


def _marked(headline: str) -> SafeString:
    text = escape(headline or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def _sqlite_snippet(values: dict, fields: tuple[str, ...], words: list[str]) -> SafeString:
    text = " ".join(str(values.get(f) or "") for f in fields)[:SNIPPET_CHARS]
    out = str(escape(text))
    for word in words:
        out = re.sub(f"({re.escape(str(escape(word)))})", r"<mark>\1</mark>", out, flags=re.I)
    return mark_safe(out)  # noqa: S308


def _hit(p: SearchProvider, pk: int, values: dict, snippet: SafeString) -> Hit:
    row = SimpleNamespace(pk=pk, **values)
    title = p.title(row) if p.title is not None else str(values.get(p.fields[0]) or "")
    return Hit(title=title, url=p.url(row), snippet=snippet)


def _count(p: SearchProvider, user: AnyUser, q: str, cap: int) -> tuple[int, bool]:
    if is_postgres():
        qs = _pg_matches(p, user, Document(*p.fields), _query(q)).order_by()
    else:
        qs = _matches(p, user, q)
    n = qs.values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


def _group_pg(p: SearchProvider, rows: list[dict], offset: int, limit: int, cap: int) -> Group:
    group = Group(kind=p.kind, label=p.label)
    rows = sorted(rows, key=lambda r: r["search_pos"])
    group.hits = [
        _hit(p, r["search_pk"], r["search_data"], _marked(r["search_headline"]))
        for r in rows[:limit]
    ]
    total = rows[0]["search_total"] if rows else 0
    group.count, group.capped = min(total, cap), total > cap
    return group


def _exhausted(p: SearchProvider, group: Group, offset: int, limit: int, cap: int) -> bool:
    """A large table's window count stopped at its candidates below the cap: count apart."""
    bound = _bound(offset, limit + 1, cap)
    return p.large and not group.capped and group.count >= bound and bound <= cap


def search_group(
    p: SearchProvider,
    user: AnyUser,
    q: str,
    *,
    offset: int = 0,
    limit: int = 5,
    count_cap: int | None = None,
) -> Group:
    """One kind's results: a page of hits with its count (one query; a second, capped count
    only when a large table's ranked candidates ran out below the cap)."""
    cap = count_cap or p.count_cap
    if is_postgres():
        rows = list(_branch(p, user, q, offset, limit, cap))
        group = _group_pg(p, rows, offset, limit, cap)
        if _exhausted(p, group, offset, limit, cap):
            group.count, group.capped = _count(p, user, q, cap)
        return group
    group = Group(kind=p.kind, label=p.label)
    found = _sqlite_rows(p, user, q, offset, limit + 1)
    group.hits = [_hit(p, *row) for row in found[:limit]]
    if offset == 0 and len(found) <= limit:
        group.count = len(found)
    else:
        group.count, group.capped = _count(p, user, q, cap)
    return group


def search_all(user: AnyUser, q: str, *, per_kind: int = 5) -> list[Group]:
    """Every kind's first results, kinds without results left out. PostgreSQL: ONE query, a
    UNION ALL of every kind's page (`_branch`), each with its window count capped at
    GROUPED_COUNT_CAP (below CANDIDATES: a large table never needs a second count)."""
    if not is_postgres():
        groups = [
            search_group(p, user, q, limit=per_kind, count_cap=GROUPED_COUNT_CAP)
            for p in providers()
        ]
        return [g for g in groups if g.hits]
    kinds = providers()
    if not kinds:
        return []
    branches = [_branch(p, user, q, 0, per_kind, GROUPED_COUNT_CAP) for p in kinds]
    by_kind: dict[str, list[dict]] = {}
    for row in branches[0].union(*branches[1:], all=True):
        by_kind.setdefault(row["search_kind"], []).append(row)
    out = []
    for p in kinds:
        if by_kind.get(p.kind):
            out.append(_group_pg(p, by_kind[p.kind], 0, per_kind, GROUPED_COUNT_CAP))
    return out
