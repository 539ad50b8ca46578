"""Permission matrix of the API (walked by tests/core/test_url_matrix.py): sessions per role,
as the portal's pages; the token tests are in tests/api/test_tokens.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agencies.models import ServiceUnit, WelfareTargetGroup
from citta_del_noi.api.services import token_create
from territori.models import ServizioSocialeTerritoriale
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
    # the public endpoints reuse the objects of the agencies' and Bilancio's matrices
    world.api_sst = ServizioSocialeTerritoriale.objects.order_by("pk").first()
    group = WelfareTargetGroup.objects.order_by("order")[0]
    ServiceUnit.objects.create(code="api-aperta", name="Centro diurno aperto", target_group=group)
    world.api_unit_off_name = "Centro chiuso riservato"
    ServiceUnit.objects.create(
        code="api-chiusa", name=world.api_unit_off_name, target_group=group, active=False
    )
    world.api_news_hidden = world.news_hidden.title
    world.api_event_hidden = world.event_hidden.title
    world.api_call_draft = world.call_draft.title
    world.api_bs_draft = world.bs_draft.slug


def _hidden_from_others(world, role: str) -> list[str]:
    return [] if role in ("partner_a", "staff", "staff_zone", "admin") else A_UNAPPROVED


MATRIX = {
    "api:api-root": Row(expect=dict.fromkeys(ROLES, 200)),
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

# --- the public, read-only endpoints: 200 for every role, never a draft or hidden object -----
PUBLIC = dict.fromkeys(ROLES, 200)


def _never(*names: str) -> Callable[[Any, str], list[str]]:
    """A Row.must_not_contain: the texts of the world's hidden objects, for every role."""

    def hidden(world: Any, role: str) -> list[str]:
        return [getattr(world, n) for n in names]

    return hidden


MATRIX.update(
    {
        "api:zona-list": Row(expect=PUBLIC),
        "api:zona-detail": Row(kwargs=lambda w: {"slug": "nord"}, expect=PUBLIC),
        "api:quartiere-list": Row(expect=PUBLIC),
        "api:quartiere-detail": Row(
            kwargs=lambda w: {"slug": w.punto.quartiere.slug}, expect=PUBLIC
        ),
        "api:punto-list": Row(expect=PUBLIC),
        "api:punto-detail": Row(kwargs=lambda w: {"slug": w.punto.slug}, expect=PUBLIC),
        "api:sst-list": Row(expect=PUBLIC),
        "api:sst-detail": Row(kwargs=lambda w: {"pk": w.api_sst.pk}, expect=PUBLIC),
        "api:service-unit-list": Row(expect=PUBLIC, must_not_contain=_never("api_unit_off_name")),
        "api:service-unit-detail": Row(kwargs=lambda w: {"code": "api-aperta"}, expect=PUBLIC),
        "api:news-list": Row(expect=PUBLIC, must_not_contain=_never("api_news_hidden")),
        "api:news-detail": Row(kwargs=lambda w: {"pk": w.news.pk}, expect=PUBLIC),
        "api:event-list": Row(expect=PUBLIC, must_not_contain=_never("api_event_hidden")),
        "api:event-detail": Row(kwargs=lambda w: {"pk": w.event.pk}, expect=PUBLIC),
        "api:call-list": Row(expect=PUBLIC, must_not_contain=_never("api_call_draft")),
        "api:call-detail": Row(kwargs=lambda w: {"pk": w.call_open.pk}, expect=PUBLIC),
        "api:edition-list": Row(expect=PUBLIC, must_not_contain=_never("api_bs_draft")),
        "api:edition-detail": Row(kwargs=lambda w: {"slug": w.bs_published.slug}, expect=PUBLIC),
    }
)
