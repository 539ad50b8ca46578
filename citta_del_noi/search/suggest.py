""" "Forse cercavi": each word of the query replaced by the most similar vocabulary word
(pg_trgm `word % term`, ordered by `similarity`, 3 candidates per word), in ONE query
(a LATERAL join over the query's words). PostgreSQL only: on SQLite no suggestion."""

from __future__ import annotations

from django.db import connection

from .engine import is_postgres, words_of
from .models import SearchTerm

MAX_WORDS = 5
PER_WORD = 3
MAX_SUGGESTIONS = 3


def _candidates(words: list[str]) -> dict[int, list[str]]:
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    sql = f"""
        SELECT q.i, s.word
        FROM unnest(%s::text[]) WITH ORDINALITY AS q(w, i)
        CROSS JOIN LATERAL (
            SELECT t.word FROM {table} t
            WHERE t.word %% q.w
            ORDER BY similarity(t.word, q.w) DESC, t.frequency DESC, t.word
            LIMIT {PER_WORD}
        ) s
        ORDER BY q.i
    """  # noqa: S608 (the table name is the model's, the words are parameters)
    out: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [words])
        for i, word in cursor.fetchall():
            out.setdefault(int(i) - 1, []).append(word)
    return out


def suggestions(q: str) -> list[str]:
    """Up to 3 rebuilt queries, best first; none when every word is already known."""
    if not is_postgres():
        return []
    words = [w.lower() for w in words_of(q) if not w.isdigit()][:MAX_WORDS]
    if not words:
        return []
    found = _candidates(words)
    out: list[str] = []
    for k in range(PER_WORD):
        rebuilt = []
        for i, word in enumerate(words):
            options = found.get(i, [])
            if not options or word in options:
                rebuilt.append(word)  # unknown or already a vocabulary word: kept
            else:
                rebuilt.append(options[min(k, len(options) - 1)])
        text = " ".join(rebuilt)
        if text != " ".join(words) and text not in out:
            out.append(text)
    return out[:MAX_SUGGESTIONS]
