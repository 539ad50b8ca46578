"""A small world every permission test shares: one user per role, two partner organisations.

Apps extend it with their own objects: tests/<app>/url_matrix.py defines `build(world)`, which
adds attributes (e.g. `world.activity_a`), and `MATRIX`, the expected status per role for each
of its named URLs. tests/core/test_url_matrix.py walks Django's URL resolver and fails if a
named URL has no row.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from agencies.models import Agency
from citta_del_noi.accounts.models import User
from citta_del_noi.accounts.services import mfa_enable_totp, user_make_staff
from citta_del_noi.organizations.models import LegalForm, Organization
from citta_del_noi.organizations.services import membership_add
from consigli.models import Consiglio, CouncilMember, MemberCategory
from territori.models import Zona

PASSWORD = "Password-di-prova-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ROLE_NAMES = [
    "anonymous",
    "partner_a",
    "partner_b",
    "staff_zone",
    "staff",
    "council",
    "agency",
    "admin",
]


class World(SimpleNamespace):
    users: dict[str, User | None]

    def user(self, role: str) -> User | None:
        return self.users[role]

    def __getattr__(self, name: str) -> Any:  # helps mypy with app-added attributes
        raise AttributeError(name)


def make_user(email: str, **extra: Any) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def build_world() -> World:
    org_a = Organization.objects.create(
        name="Cooperativa Alfa",
        slug="coop-alfa",
        legal_form=LegalForm.COOPERATIVA_SOCIALE,
        codice_fiscale="01234567897",
    )
    org_b = Organization.objects.create(
        name="Associazione Beta",
        slug="ass-beta",
        legal_form=LegalForm.ASSOCIAZIONE,
        codice_fiscale="98765432103",
    )

    partner_a = make_user("partner.a@example.org", first_name="Anna", last_name="Alfa")
    membership_add(user=partner_a, organization=org_a)
    partner_b = make_user("partner.b@example.org", first_name="Bruno", last_name="Beta")
    membership_add(user=partner_b, organization=org_b)

    zona_nord = Zona.objects.get(slug="nord")
    staff = user_make_staff(
        user=make_user("staff@example.org", first_name="Sara", last_name="Staff")
    )
    staff_zone = user_make_staff(
        user=make_user("staff.nord@example.org", first_name="Nadia", last_name="Nord"),
        zones=[zona_nord],
    )
    admin = user_make_staff(user=make_user("admin@example.org"), admin=True)
    for person in (staff, staff_zone, admin):
        mfa_enable_totp(user=person, secret=TOTP_SECRET)

    council = make_user("consigliere@example.org", first_name="Carlo", last_name="Consiglio")
    indirizzo = Consiglio.objects.get(slug="indirizzo")
    CouncilMember.objects.create(
        consiglio=indirizzo,
        user=council,
        category=MemberCategory.ESPERTO,
        term_start=date(2016, 1, 1),
    )
    agency_user = make_user("agenzia@example.org", first_name="Agata", last_name="Agenzia")
    Agency.objects.get(slug="conoscenza").referents.add(agency_user)

    world = World(
        org_a=org_a,
        org_b=org_b,
        zona_nord=zona_nord,
        users={
            "anonymous": None,
            "partner_a": partner_a,
            "partner_b": partner_b,
            "staff_zone": staff_zone,
            "staff": staff,
            "council": council,
            "agency": agency_user,
            "admin": admin,
        },
    )
    from tests.url_matrix import world_builders

    for build in world_builders():
        build(world)
    return world
