from __future__ import annotations

import json
from typing import Any

from django.test import Client

from cantieri.models import ActivityKind, Azione
from citta_del_noi.api.services import token_create
from tests.cantieri.factories import figures, period, quartiere_in


def bearer(user: Any, scope: str = "write", days: int = 30) -> tuple[Any, str]:
    return token_create(user=user, name="Gestionale", scope=scope, days=days)


def call(method: str, url: str, token: str | None = None, body: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    client = Client(enforce_csrf_checks=True)
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


def payload(org: Any, **overrides: Any) -> dict[str, Any]:
    rp = period()
    numbers = {k: str(v) for k, v in figures(12).items()}
    data = {
        "organization": org.pk,
        "title": "Laboratorio di cucina",
        "azione": Azione.objects.get(slug="anziani").pk,
        "kind": ActivityKind.objects.get(slug="laboratorio").pk,
        "reporting_period": rp.pk,
        "period_start": rp.start.isoformat(),
        "period_end": rp.start.isoformat(),
        "quartieri": [quartiere_in("nord").pk],
        **numbers,
    }
    data.update(overrides)
    return data
