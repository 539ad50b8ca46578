"""What the councils' views share: the role check and how refusals read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from citta_del_noi.accounts.permissions import role_required

from .. import selectors

council_required = role_required(selectors.can_use_councils)


def _message_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied
