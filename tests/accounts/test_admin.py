"""User management, memberships and reference data in the Django admin."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from citta_del_noi.accounts.models import User
from citta_del_noi.organizations.models import Membership, Organization
from citta_del_noi.organizations.selectors import organizations_recordable_by

pytestmark = pytest.mark.django_db


def test_admin_login_form_cannot_bypass_two_factor(client, world) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.post("/admin/login/", {"username": "staff@example.org", "password": "x"})
    assert "_auth_user_id" not in client.session


def test_partner_has_no_admin_access(client, world) -> None:
    client.force_login(world.users["partner_a"])
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/login/").status_code == 403


def test_staff_edit_reference_data_but_cannot_grant_rights(client, world) -> None:
    client.force_login(world.users["staff"])
    assert client.get("/admin/").status_code == 200
    quartiere = world.zona_nord.quartieri.first()
    assert client.get(f"/admin/territori/quartiere/{quartiere.pk}/change/").status_code == 200
    assert client.get("/admin/territori/puntocomunita/add/").status_code == 200
    assert client.get("/admin/organizations/organization/").status_code == 200
    # No right to delete territory structure or to manage groups.
    assert client.get(f"/admin/territori/quartiere/{quartiere.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    partner = world.users["partner_a"]
    page = client.get(f"/admin/accounts/user/{partner.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page
    client.post(
        f"/admin/accounts/user/{partner.pk}/change/",
        {
            "email": partner.email,
            "first_name": "X",
            "last_name": "Y",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    partner.refresh_from_db()
    assert not partner.is_superuser and not partner.is_staff


def test_staff_invite_a_person_who_then_chooses_a_password(
    client, world, django_capture_on_commit_callbacks
) -> None:
    client.force_login(world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/user/add/",
            {"email": "Nuova.Referente@Example.org", "first_name": "Nora", "last_name": "Nuova"},
        )
    assert response.status_code == 302
    invited = User.objects.get(email="nuova.referente@example.org")
    assert not invited.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nuova.referente@example.org"]
    link = re.search(
        r"https?://[^/\s]+(/account/password/reset/key/\S+/)", str(mail.outbox[0].body)
    )
    assert link
    client.logout()
    page = client.get(link.group(1), follow=True)
    assert "Scegli una nuova password" in page.content.decode()
    new = "Password-scelta-2026"
    client.post(page.redirect_chain[-1][0], {"password1": new, "password2": new})
    login = client.post(
        "/account/login/", {"login": "nuova.referente@example.org", "password": new}
    )
    assert login.status_code == 302


def test_invite_refuses_an_existing_email_in_italian(client, world) -> None:
    client.force_login(world.users["staff"])
    response = client.post(
        "/admin/accounts/user/add/", {"email": "partner.a@example.org", "first_name": "A"}
    )
    assert response.status_code == 200
    assert "esiste già" in response.content.decode().lower()
    assert not mail.outbox


def test_membership_admin_grants_and_revokes_the_object_permission(client, world) -> None:
    person = User.objects.create_user(email="nuovo.referente@example.org")
    client.force_login(world.users["staff"])
    response = client.post(
        "/admin/organizations/membership/add/",
        {"user": person.pk, "organization": world.org_a.pk, "role": "referente"},
    )
    assert response.status_code == 302
    assert list(organizations_recordable_by(person)) == [world.org_a]
    membership = Membership.objects.get(user=person)
    client.post(f"/admin/organizations/membership/{membership.pk}/change/", {"role": "referente"})
    membership.refresh_from_db()
    assert not membership.active
    person = User.objects.get(pk=person.pk)
    assert list(organizations_recordable_by(person)) == []
    # Reactivating gives the permission back.
    client.post(
        f"/admin/organizations/membership/{membership.pk}/change/",
        {"role": "referente", "active": "on"},
    )
    person = User.objects.get(pk=person.pk)
    assert list(organizations_recordable_by(person)) == [world.org_a]


def test_membership_end_action(client, world) -> None:
    client.force_login(world.users["staff"])
    membership = Membership.objects.get(user=world.users["partner_b"])
    client.post(
        "/admin/organizations/membership/",
        {"action": "end_memberships", "_selected_action": [membership.pk]},
    )
    partner_b = User.objects.get(pk=world.users["partner_b"].pk)
    assert list(organizations_recordable_by(partner_b)) == []


def test_organization_with_a_wrong_codice_fiscale_is_refused_in_italian(client, world) -> None:
    client.force_login(world.users["staff"])
    response = client.post(
        "/admin/organizations/organization/add/",
        {
            "name": "Nuova APS",
            "slug": "nuova-aps",
            "legal_form": "associazione",
            "codice_fiscale": "01234567890",
            "active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "la cifra di controllo non corrisponde" in response.content.decode()
    assert not Organization.objects.filter(slug="nuova-aps").exists()


def test_staff_cannot_change_staff_or_admin_accounts(client, world) -> None:
    client.force_login(world.users["staff"])
    admin_user = world.users["admin"]
    assert client.get(f"/admin/accounts/user/{admin_user.pk}/password/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{admin_user.pk}/password/",
        {"password1": "Presa-di-potere-2026", "password2": "Presa-di-potere-2026"},
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert not admin_user.check_password("Presa-di-potere-2026")
    client.force_login(admin_user)
    staff = world.users["staff"]
    assert client.get(f"/admin/accounts/user/{staff.pk}/password/").status_code == 200
