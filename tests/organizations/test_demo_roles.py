"""The demo gives its partner organisations a compilatore and a lettore besides the referent,
listed among the printed demo accounts (issue 11 point 4)."""

from __future__ import annotations

import io
import random

import pytest

from citta_del_noi.core import demo
from citta_del_noi.core.demo_accounts import DEMO_ACCOUNTS
from citta_del_noi.core.seeding import DemoContext
from citta_del_noi.organizations.models import Membership, MembershipRole


@pytest.mark.django_db
def test_demo_partners_have_a_referent_a_compilatore_and_a_lettore(reference) -> None:
    demo.seed(DemoContext(rng=random.Random(2016), stdout=io.StringIO()))
    listed = {email for email, *_rest in DEMO_ACCOUNTS}
    for slug in ("auser-volontariato-brescia", "colibri-societa-cooperativa-onlus"):
        roles = {
            m.user.email: m.role
            for m in Membership.objects.filter(organization__slug=slug, active=True)
        }
        assert sorted(roles.values()) == sorted(MembershipRole.values)
        assert set(roles) <= listed
