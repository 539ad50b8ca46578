"""One test that knows every URL: each named URL has a row in some app's permission matrix,
and each row's expected status holds for every role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_matrix import EXCLUDED_NAMESPACES, EXCLUDED_PREFIXES, matrix
from tests.world import ROLE_NAMES


def _named_urls(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names |= _named_urls(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if not namespace and pattern.name.startswith(EXCLUDED_PREFIXES):
                continue
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_has_a_permission_row() -> None:
    missing = sorted(_named_urls() - set(matrix()))
    assert not missing, f"URL senza riga nella matrice dei permessi: {missing}"


def test_matrix_rows_cover_every_role() -> None:
    for name, row in matrix().items():
        assert set(row.expect) == set(ROLE_NAMES), f"{name}: ruoli mancanti o in più"


ROWS = sorted(matrix().items())


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "row"), ROWS, ids=[name for name, _ in ROWS])
def test_url_permissions(url_name, row, world) -> None:
    url = reverse(url_name, kwargs=row.kwargs(world)) + row.query
    failures = []
    for role in ROLE_NAMES:
        client = Client()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        if row.method == "post":
            response = client.post(url, data=row.data(world) if row.data else {})
        else:
            response = client.get(url)
        expected = row.expect[role]
        if response.status_code != expected:
            failures.append(f"{role}: {response.status_code} (atteso {expected})")
        elif row.must_not_contain and response.status_code == 200:
            body = response.content.decode()
            leaked = [text for text in row.must_not_contain(world, role) if text in body]
            if leaked:
                failures.append(f"{role}: mostra dati altrui {leaked}")
    assert not failures, f"{url_name} {url}: " + "; ".join(failures)
