"""Handlers of long work, registered by kind (`@register_handler("cantieri.import")`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A handler takes the job's JobContext (services.py, which imports this module: naming the type
# here would be an import circle).
Handler = Callable[[Any], None]

_HANDLERS: dict[str, Handler] = {}
_LABELS: dict[str, Any] = {}
# kind -> check(user, job) -> bool: who may download the result file (default: who sees the job)
_FILE_ACCESS: dict[str, Callable[[Any, Any], bool]] = {}


def register_handler(kind: str, *, label: Any = None) -> Callable[[Handler], Handler]:
    """Register the function that does the work of jobs of `kind`.

    `label` (a translatable string) names the kind on the job page; default: the kind itself.
    Registering the same function again (module reloaded) is harmless; another function under
    the same kind is an error.
    """

    def decorator(func: Handler) -> Handler:
        existing = _HANDLERS.get(kind)
        if existing is not None and existing.__qualname__ != func.__qualname__:
            raise ValueError(f"A job handler for {kind!r} is already registered: {existing!r}")
        _HANDLERS[kind] = func
        if label is not None:
            _LABELS[kind] = label
        return func

    return decorator


def get_handler(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)


def handler_label(kind: str) -> Any:
    return _LABELS.get(kind, kind)


def register_file_access(kind: str, check: Callable[[Any, Any], bool]) -> None:
    """Restrict the download of the result files of `kind` jobs (e.g. exports: only the user
    who asked for the data, while they may still see them) beyond "who sees the job page"."""
    _FILE_ACCESS[kind] = check


def may_download(user: Any, job: Any) -> bool:
    check = _FILE_ACCESS.get(job.kind)
    return check is None or bool(check(user, job))


def unregister_handler(kind: str) -> None:
    """For tests that register throw-away handlers."""
    _HANDLERS.pop(kind, None)
    _LABELS.pop(kind, None)
