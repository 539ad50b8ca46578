"""A rollback hook: work to undo outside the database when a transaction does not commit.

Django has `transaction.on_commit` but no `on_rollback`. `on_rollback(func)` registers an
on-commit callback that only records the commit; Django discards the callbacks of a
transaction (or savepoint) that rolls back, or of a connection that is closed, and the
discarded callback then runs `func` (when it is freed: at once in CPython, whose reference
counting frees it as the discarding list is dropped). Used for files written to storage next to
a row: the file is deleted when the row is not committed. Keep a sweep of leftovers as a
backstop for a process that dies between the write and the end of the transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, transaction

logger = logging.getLogger(__name__)


class _UndoUnlessCommitted:
    __slots__ = ("committed", "undo")

    def __init__(self, undo: Callable[[], None]) -> None:
        self.undo = undo
        self.committed = False

    def __call__(self) -> None:  # Django runs it when the transaction commits
        self.committed = True

    def __del__(self) -> None:  # discarded without running: rolled back
        if not self.committed:
            try:
                self.undo()
            except Exception:  # a finaliser must not raise; the sweep catches what is left
                logger.exception("Could not undo after a rollback")


def on_rollback(undo: Callable[[], None], using: str = DEFAULT_DB_ALIAS) -> None:
    """Run `undo` if the current transaction (or savepoint) rolls back; nothing on commit.
    Outside a transaction the work is already committed: nothing to do."""
    if not transaction.get_connection(using).in_atomic_block:
        return
    transaction.on_commit(_UndoUnlessCommitted(undo), using=using)
