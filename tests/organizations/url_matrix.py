"""Permission matrix of the page "Membri dell'organizzazione" (walked by
tests/core/test_url_matrix.py). Only the organisation's referent manages its members: anyone
else gets 404 (the page does not reveal another organisation's members). The POST rows act on
the referent's own membership with harmless data (keep the role; removing the last referent is
refused), so the walk changes nothing. Compilatori and lettori (403) are tested in
tests/organizations/test_members.py."""

from __future__ import annotations

from citta_del_noi.organizations.models import Membership
from tests.url_matrix import Row

ROLES = ["anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin"]


def expect(ok: int) -> dict[str, int]:
    out = dict.fromkeys(ROLES, 404)
    out["anonymous"] = 302
    out["partner_a"] = ok
    return out


def build(world) -> None:
    world.membership_a = Membership.objects.get(
        user=world.users["partner_a"], organization=world.org_a
    )


def _member(w) -> dict:
    return {"slug": w.org_a.slug, "pk": w.membership_a.pk}


MATRIX = {
    "organizations:members": Row(
        kwargs=lambda w: {"slug": w.org_a.slug},
        expect=expect(200),
        must_not_contain=lambda w, role: ["partner.b@example.org"],
    ),
    "organizations:member_role": Row(
        kwargs=_member,
        method="post",
        data=lambda w: {f"m{w.membership_a.pk}-role": "referente"},
        expect=expect(302),
    ),
    "organizations:member_remove": Row(kwargs=_member, method="post", expect=expect(302)),
}
