"""Issue 16.1 on the demo data set: every demo account's home panels link only to pages that
open for that account (none answers 403 or 404)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from citta_del_noi.accounts.models import User
from citta_del_noi.core.demo_accounts import DEMO_ACCOUNTS
from tests.core.test_home_links import _panel_links

pytestmark = pytest.mark.django_db


def test_every_demo_account_home_links_open(client, reference) -> None:
    call_command("seed_demo", activities=300, stdout=io.StringIO())
    broken: dict[str, dict[str, int]] = {}
    followed: dict[str, int] = {}
    for email, *_rest in DEMO_ACCOUNTS:
        client.force_login(User.objects.get(email=email))
        response = client.get(reverse("core:area_riservata"))
        assert response.status_code == 200, email
        links = sorted({h for h in _panel_links(response.content.decode()) if h[:1] == "/"})
        followed[email] = len(links)
        for href in links:
            status = client.get(href.replace("&amp;", "&")).status_code
            if status in (403, 404):
                broken.setdefault(email, {})[href] = status
    assert broken == {}
    assert all(followed.values()), f"homes without panel links: {followed}"
