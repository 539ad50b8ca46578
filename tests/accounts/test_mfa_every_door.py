"""Issue 12.2: two-factor on every staff door.

Every way of being let into the Django admin or a staff page (is_staff, is_superuser, the
staff or administrator group) needs a completed TOTP setup; rights that open neither (object
permissions alone, no flag) are not asked for one. Each combination is tried without and with
TOTP, on the admin index, the user change page and a staff page.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import assign_perm

from citta_del_noi.accounts.groups import ensure_groups
from citta_del_noi.accounts.roles import GROUP_ADMIN, GROUP_STAFF
from citta_del_noi.accounts.services import mfa_enable_totp
from tests.accounts.helpers import totp_code
from tests.world import PASSWORD, TOTP_SECRET, make_user

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")
STAFF_PAGE = reverse("cantieri:review_queue")

COMBINATIONS = list(
    itertools.product(
        (False, True),  # is_staff
        (False, True),  # is_superuser
        (None, GROUP_STAFF, GROUP_ADMIN),  # group
        (False, True),  # an object permission (django-guardian)
    )
)


def _ids(combo) -> str:
    is_staff, is_superuser, group, object_perm = combo
    parts = ["is_staff" if is_staff else "", "superuser" if is_superuser else ""]
    parts += [{None: "", GROUP_STAFF: "staff-group", GROUP_ADMIN: "admin-group"}[group]]
    parts += ["object-perm" if object_perm else ""]
    return "+".join(p for p in parts if p) or "nothing"


def _user(is_staff: bool, is_superuser: bool, group: str | None, object_perm: bool):
    ensure_groups()
    user = make_user("porta@example.org", is_staff=is_staff, is_superuser=is_superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if object_perm:
        assign_perm("auth.change_group", user, Group.objects.get(name=GROUP_STAFF))
    return user


def _doors(user) -> dict[str, str]:
    return {
        "admin": "/admin/",
        "user_change": reverse("admin:accounts_user_change", args=[user.pk]),
        "staff_page": STAFF_PAGE,
    }


@pytest.mark.parametrize("combo", COMBINATIONS, ids=[_ids(c) for c in COMBINATIONS])
def test_every_door_to_admin_or_staff_pages_needs_totp(client, settings, combo) -> None:
    settings.MFA_REQUIRED_FOR_STAFF = True
    is_staff, is_superuser, group, object_perm = combo
    user = _user(is_staff, is_superuser, group, object_perm)
    opens_admin = is_staff  # Django's admin lets in active users with is_staff only
    opens_staff_pages = is_superuser or group is not None
    needs_totp = opens_admin or opens_staff_pages

    client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    doors = _doors(user)
    for name, url in doors.items():
        response = client.get(url)
        if needs_totp:
            assert response.status_code == 302, name
            assert response["Location"] == ACTIVATE, name
        else:
            assert response.status_code in (302, 403), name
            assert response.get("Location", "") != ACTIVATE, name
            if response.status_code == 302:
                assert response["Location"].startswith("/admin/login/"), name

    # With TOTP set up, the next login asks for the code and then the rights decide.
    mfa_enable_totp(user=user, secret=TOTP_SECRET)
    client.logout()
    step = client.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert step.status_code == 302
    assert step["Location"] == reverse("mfa_authenticate")
    for url in doors.values():  # half logged in: no door opens yet
        assert client.get(url).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert client.session.get("_auth_user_id") == str(user.pk)
    admin_ok = opens_admin
    change_ok = opens_admin and (is_superuser or group == GROUP_STAFF)  # admin group: no perms
    expected = {"admin": admin_ok, "user_change": change_ok, "staff_page": opens_staff_pages}
    for name, url in doors.items():
        response = client.get(url)
        if expected[name]:
            assert response.status_code == 200, name
        else:
            assert response.status_code in (302, 403), name
            assert response.get("Location", "") != ACTIVATE, name
