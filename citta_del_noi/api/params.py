"""Validated query parameters of the API's filters: a bad value is a 400 with an Italian
message next to the parameter's name, never a silently ignored filter."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.request import Request


def int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ParseError({name: [_("Deve essere un numero intero.")]}) from exc
    if value < 0 or value > 2_147_483_647:
        raise ParseError({name: [_("Valore fuori dall'intervallo ammesso.")]})
    return value


def slug_param(request: Request, name: str, allowed: Iterable[str] | None = None) -> str | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if len(raw) > 100 or not all(c.isalnum() or c in "-_" for c in raw):
        raise ParseError({name: [_("Valore non valido.")]})
    if allowed is not None and raw not in set(allowed):
        raise ParseError({name: [_("Valore non valido.")]})
    return raw
