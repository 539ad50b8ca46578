"""The header's unread count kept in the shared cache (issue 14): a new notice and marking read
show on the next page, and a user never sees another user's count."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from citta_del_noi.notifications import services

pytestmark = pytest.mark.django_db


def _badge(client: Client) -> int:
    page = client.get(reverse("core:privacy")).content.decode()
    found = re.search(r'data-testid="notices-unread">(\d+)<', page)
    return int(found.group(1)) if found else 0


@override_settings(ROLE_CACHE_SECONDS=300)
def test_the_unread_count_follows_every_write(world, django_capture_on_commit_callbacks) -> None:
    cache.clear()
    partner, council = world.users["partner_a"], world.users["council"]
    mine, theirs = Client(), Client()
    mine.force_login(partner)
    theirs.force_login(council)
    start_mine, start_theirs = _badge(mine), _badge(theirs)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[partner], kind="prova", title="Uno", email=False)
        services.notify(users=[partner], kind="prova", title="Due", email=False)
    assert _badge(mine) == start_mine + 2
    assert _badge(mine) == start_mine + 2  # the cached count
    assert _badge(theirs) == start_theirs
    with django_capture_on_commit_callbacks(execute=True):
        services.notices_mark_all_read(user=partner)
    assert _badge(mine) == 0
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = services.notify(users=[partner], kind="prova", title="Tre", email=False)
    assert _badge(mine) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_mark_read(notice=notice, by=partner)
    assert _badge(mine) == 0
