"""Permission matrix of the API (walked by tests/core/test_url_matrix.py): sessions per role,
as the portal's pages; the token tests are in tests/api/test_tokens.py."""

from __future__ import annotations

from citta_del_noi.api.services import token_create
from tests.cantieri.url_matrix import A_UNAPPROVED
from tests.url_matrix import Row

ROLES = ["anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin"]


def expect(default: int, **overrides: int) -> dict[str, int]:
    out = dict.fromkeys(ROLES, default)
    out["anonymous"] = 401  # partner endpoints: no session, no token
    out.update(overrides)
    return out


def build(world) -> None:
    world.token_a, _secret = token_create(
        user=world.user("partner_a"), name="Gestionale", scope="write", days=30
    )


def _hidden_from_others(world, role: str) -> list[str]:
    return [] if role in ("partner_a", "staff", "staff_zone", "admin") else A_UNAPPROVED


MATRIX = {
    "api:schema": Row(expect=dict.fromkeys(ROLES, 200)),
    "api:docs": Row(expect=dict.fromkeys(ROLES, 200)),
    "api:token_list": Row(expect=expect(200, anonymous=302)),
    "api:token_revoke": Row(
        method="post",
        kwargs=lambda w: {"pk": w.token_a.pk},
        expect=expect(404, anonymous=302, partner_a=302),
    ),
    "api:activity-list": Row(expect=expect(200), must_not_contain=_hidden_from_others),
    "api:activity-detail": Row(
        kwargs=lambda w: {"pk": w.activity_a_submitted.pk},
        expect=expect(200, partner_b=404, council=404, agency=404),
    ),
    "api:activity-submit": Row(
        method="post",
        kwargs=lambda w: {"pk": w.activity_a_draft.pk},
        expect=expect(403, partner_a=200, partner_b=404, council=404, agency=404),
    ),
    "api:azione-list": Row(expect=dict.fromkeys(ROLES, 200)),
    "api:azione-detail": Row(kwargs=lambda w: {"number": 2}, expect=dict.fromkeys(ROLES, 200)),
}
