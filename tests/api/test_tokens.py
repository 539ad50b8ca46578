"""Personal API tokens: hashed, shown once, scoped, expiring, revocable only by their owner,
rate-limited per token; the docs load nothing from another host."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from citta_del_noi.api.auth import TokenRateThrottle
from citta_del_noi.api.models import ApiToken

from .helpers import bearer, call, payload

pytestmark = pytest.mark.django_db

LIST = reverse("api:activity-list")


def test_token_is_shown_once_and_stored_hashed(world, client) -> None:
    client.force_login(world.user("partner_a"))
    page = client.post(
        reverse("api:token_list"), {"name": "Gestionale", "scope": "write", "days": "90"}
    )
    assert page.status_code == 200
    found = re.search(r"cdn_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}", page.content.decode())
    assert found is not None
    secret = found.group(0)
    again = client.get(reverse("api:token_list")).content.decode()
    assert secret not in again
    assert secret.split("_")[1] in again  # the prefix identifies it
    with connection.cursor() as cursor:
        cursor.execute("SELECT prefix, digest, name FROM api_apitoken")
        rows = cursor.fetchall()
    assert rows and all(secret not in " ".join(map(str, row)) for row in rows)
    row = ApiToken.objects.exclude(pk=world.token_a.pk).get()
    assert row.expires_at - timezone.now() > timedelta(days=89)
    assert call("get", LIST, secret).status_code == 200


def test_token_longer_than_a_year_is_refused(world, client) -> None:
    client.force_login(world.user("partner_a"))
    before = ApiToken.objects.count()
    page = client.post(reverse("api:token_list"), {"name": "X", "scope": "read", "days": "400"})
    assert "365" in page.content.decode()
    assert ApiToken.objects.count() == before


def test_wrong_revoked_and_expired_tokens_get_401(world) -> None:
    row, token = bearer(world.user("partner_a"))
    assert call("get", LIST, token).status_code == 200
    assert call("get", LIST, token[:-2] + "xx").status_code == 401
    assert call("get", LIST, "cdn_000000000000_nope").status_code == 401
    row.revoked_at = timezone.now()
    row.save()
    response = call("get", LIST, token)
    assert response.status_code == 401
    assert "revocato" in response.json()["detail"]
    row2, token2 = bearer(world.user("partner_a"))
    row2.expires_at = timezone.now() - timedelta(seconds=1)
    row2.save()
    response = call("get", LIST, token2)
    assert response.status_code == 401
    assert "scaduto" in response.json()["detail"]


def test_read_token_cannot_write(world) -> None:
    _row, token = bearer(world.user("partner_a"), scope="read")
    assert call("get", LIST, token).status_code == 200
    response = call("post", LIST, token, payload(world.org_a))
    assert response.status_code == 403
    assert "sola lettura" in response.json()["detail"]


def test_rate_limit_per_token(world, monkeypatch) -> None:
    cache.clear()
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    _row, token = bearer(world.user("partner_a"))
    _row2, other = bearer(world.user("partner_a"))
    codes = [call("get", LIST, token).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert call("get", LIST, other).status_code == 200  # counted per token


def test_cannot_revoke_another_users_token(world, client) -> None:
    row, token = bearer(world.user("partner_a"))
    client.force_login(world.user("partner_b"))
    response = client.post(reverse("api:token_revoke", kwargs={"pk": row.pk}))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None
    client.force_login(world.user("partner_a"))
    client.post(reverse("api:token_revoke", kwargs={"pk": row.pk}))
    assert call("get", LIST, token).status_code == 401


def test_schema_and_docs_are_served_without_external_hosts(reference, client) -> None:
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/v1/attivita/" in schema.content
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(ref.startswith("/") for ref in refs), refs
    assert "<style" not in html and "<script>" not in html  # CSP: nothing inline
    script = client.get(reverse("api:docs") + "?script")
    assert script.status_code == 200
    assert not re.search(rb"https?://|['\"]//", script.content)
    for ref in refs:
        assert client.get(ref).status_code == 200, ref
