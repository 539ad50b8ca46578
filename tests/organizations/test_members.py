"""The page "Membri dell'organizzazione" (issue 11 point 4): the referent invites by email with
a role, changes roles and removes members; the last referent stays; nobody else manages."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import get_perms

from citta_del_noi.accounts.models import User
from citta_del_noi.organizations.models import Membership, MembershipRole
from citta_del_noi.organizations.selectors import organizations_recordable_by, referents_of
from citta_del_noi.organizations.services import membership_add
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(world):
    compilatore = make_user("compilatore.a@example.org", first_name="Carla", last_name="Compila")
    membership_add(user=compilatore, organization=world.org_a, role=MembershipRole.COMPILATORE)
    lettore = make_user("lettore.a@example.org", first_name="Luca", last_name="Legge")
    membership_add(user=lettore, organization=world.org_a, role=MembershipRole.LETTORE)
    return {"compilatore": compilatore, "lettore": lettore}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def members_url(org) -> str:
    return reverse("organizations:members", args=[org.slug])


def membership(user, org) -> Membership:
    return Membership.objects.get(user=user, organization=org)


def test_referent_sees_the_members_with_their_role(world, members) -> None:
    response = client_for(world.users["partner_a"]).get(members_url(world.org_a))
    assert response.status_code == 200
    body = response.content.decode()
    for email in ("partner.a@example.org", "compilatore.a@example.org", "lettore.a@example.org"):
        assert email in body
    assert "Compilatore" in body and "Lettore" in body
    assert "partner.b@example.org" not in body
    # The organisation page links to it for the referent only.
    page = client_for(world.users["partner_a"]).get(
        reverse("cantieri:organization_detail", args=[world.org_a.slug])
    )
    assert members_url(world.org_a) in page.content.decode()
    page = client_for(members["lettore"]).get(
        reverse("cantieri:organization_detail", args=[world.org_a.slug])
    )
    assert page.status_code == 200 and members_url(world.org_a) not in page.content.decode()


def test_referent_invites_a_new_person_by_email(world, django_capture_on_commit_callbacks) -> None:
    referent = client_for(world.users["partner_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = referent.post(
            members_url(world.org_a),
            {"email": "  Nuova.Persona@Example.ORG ", "role": "compilatore"},
        )
    assert response.status_code == 302
    person = User.objects.get(email="nuova.persona@example.org")
    assert not person.has_usable_password()
    assert membership(person, world.org_a).role == MembershipRole.COMPILATORE
    assert list(organizations_recordable_by(person)) == [world.org_a]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nuova.persona@example.org"]
    assert "Cooperativa Alfa" in message.subject
    assert "compilatore" in message.body.lower()
    assert settings.PORTAL_BASE_URL.rstrip("/") + "/account/password/reset/key/" in message.body
    confirmation = referent.get(response["Location"]).content.decode()
    assert "Invito inviato a nuova.persona@example.org" in confirmation

    # The invited person chooses a password and then records drafts for the organisation.
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", str(message.body))
    assert link
    invited = Client()
    page = invited.get(link.group(1), follow=True)
    assert "Scegli una nuova password" in page.content.decode()
    new = "Password-scelta-2026"
    invited.post(page.redirect_chain[-1][0], {"password1": new, "password2": new})
    login = invited.post("/account/login/", {"login": "nuova.persona@example.org", "password": new})
    assert login.status_code == 302
    assert invited.get(reverse("cantieri:activity_create")).status_code == 200


def test_referent_adds_an_existing_account_and_duplicates_are_refused(
    world, django_capture_on_commit_callbacks
) -> None:
    referent = client_for(world.users["partner_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = referent.post(
            members_url(world.org_a), {"email": "Consigliere@Example.org", "role": "lettore"}
        )
    assert response.status_code == 302
    council = world.users["council"]
    assert membership(council, world.org_a).role == MembershipRole.LETTORE
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["consigliere@example.org"]
    assert "/account/login/" in mail.outbox[0].body
    assert User.objects.filter(email__iexact="consigliere@example.org").count() == 1

    response = referent.post(
        members_url(world.org_a), {"email": "CONSIGLIERE@example.org", "role": "referente"}
    )
    assert response.status_code == 200
    assert "già un membro dell&#x27;organizzazione" in response.content.decode()
    assert membership(council, world.org_a).role == MembershipRole.LETTORE

    response = referent.post(members_url(world.org_a), {"email": "non-una-email", "role": "x"})
    body = response.content.decode()
    assert "Scrivi un indirizzo email valido" in body and "Scegli un ruolo." in body


def test_referent_changes_a_role_and_the_permission_follows(world, members) -> None:
    referent = client_for(world.users["partner_a"])
    m = membership(members["lettore"], world.org_a)
    assert "record_activities" not in get_perms(members["lettore"], world.org_a)
    response = referent.post(
        reverse("organizations:member_role", args=[world.org_a.slug, m.pk]),
        {f"m{m.pk}-role": "compilatore"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == MembershipRole.COMPILATORE
    lettore = User.objects.get(pk=members["lettore"].pk)
    assert "record_activities" in get_perms(lettore, world.org_a)
    assert client_for(lettore).get(reverse("cantieri:activity_create")).status_code == 200


def test_referent_removes_a_member(world, members) -> None:
    referent = client_for(world.users["partner_a"])
    m = membership(members["compilatore"], world.org_a)
    response = referent.post(reverse("organizations:member_remove", args=[world.org_a.slug, m.pk]))
    assert response.status_code == 302
    m.refresh_from_db()
    assert not m.active
    compilatore = User.objects.get(pk=members["compilatore"].pk)
    assert list(organizations_recordable_by(compilatore)) == []
    assert "record_activities" not in get_perms(compilatore, world.org_a)
    assert (
        "compilatore.a@example.org" not in referent.get(members_url(world.org_a)).content.decode()
    )
    assert client_for(compilatore).get(reverse("cantieri:activity_create")).status_code == 403


def test_the_last_referent_cannot_be_removed_or_demoted(world, members) -> None:
    referent = client_for(world.users["partner_a"])
    own = membership(world.users["partner_a"], world.org_a)
    response = referent.post(
        reverse("organizations:member_remove", args=[world.org_a.slug, own.pk]), follow=True
    )
    assert "unico referente" in response.content.decode()
    response = referent.post(
        reverse("organizations:member_role", args=[world.org_a.slug, own.pk]),
        {f"m{own.pk}-role": "lettore"},
        follow=True,
    )
    assert "unico referente" in response.content.decode()
    own.refresh_from_db()
    assert own.active and own.role == MembershipRole.REFERENTE

    # With a second referent, the first may step down.
    other = membership(members["compilatore"], world.org_a)
    referent.post(
        reverse("organizations:member_role", args=[world.org_a.slug, other.pk]),
        {f"m{other.pk}-role": "referente"},
    )
    assert set(referents_of(world.org_a)) == {
        world.users["partner_a"],
        members["compilatore"],
    }
    response = referent.post(
        reverse("organizations:member_remove", args=[world.org_a.slug, own.pk])
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert not own.active


def test_compilatore_and_lettore_cannot_manage_members(world, members) -> None:
    lettore_m = membership(members["lettore"], world.org_a)
    for user in (members["compilatore"], members["lettore"]):
        client = client_for(user)
        assert client.get(members_url(world.org_a)).status_code == 403
        response = client.post(
            members_url(world.org_a), {"email": "intruso@example.org", "role": "referente"}
        )
        assert response.status_code == 403
        url = reverse("organizations:member_role", args=[world.org_a.slug, lettore_m.pk])
        assert client.post(url, {f"m{lettore_m.pk}-role": "referente"}).status_code == 403
        url = reverse("organizations:member_remove", args=[world.org_a.slug, lettore_m.pk])
        assert client.post(url).status_code == 403
    assert not User.objects.filter(email="intruso@example.org").exists()
    lettore_m.refresh_from_db()
    assert lettore_m.active and lettore_m.role == MembershipRole.LETTORE


def test_a_referent_of_another_organisation_cannot_manage_it(world, members) -> None:
    partner_b = client_for(world.users["partner_b"])
    lettore_m = membership(members["lettore"], world.org_a)
    assert partner_b.get(members_url(world.org_a)).status_code == 404
    assert (
        partner_b.post(
            members_url(world.org_a), {"email": "intruso@example.org", "role": "lettore"}
        ).status_code
        == 404
    )
    # Nor through their own organisation's URL with a member of the other one.
    for name in ("member_remove", "member_role"):
        url = reverse(f"organizations:{name}", args=[world.org_b.slug, lettore_m.pk])
        assert partner_b.post(url, {f"m{lettore_m.pk}-role": "referente"}).status_code == 404
    lettore_m.refresh_from_db()
    assert lettore_m.active and lettore_m.role == MembershipRole.LETTORE
    assert not User.objects.filter(email="intruso@example.org").exists()


def test_referents_of_lists_only_active_referents(world, members) -> None:
    assert list(referents_of(world.org_a)) == [world.users["partner_a"]]
    assert list(referents_of(world.org_b)) == [world.users["partner_b"]]


def test_home_shows_the_member_role_and_only_the_allowed_buttons(world, members) -> None:
    body = client_for(members["lettore"]).get(reverse("core:area_riservata")).content.decode()
    assert "Lettore di organizzazione partner" in body
    assert 'data-testid="panel-le-mie-attivita"' in body
    assert reverse("cantieri:activity_create") not in body
    body = client_for(members["compilatore"]).get(reverse("core:area_riservata")).content.decode()
    assert "Compilatore di organizzazione partner" in body
    assert reverse("cantieri:activity_create") in body
