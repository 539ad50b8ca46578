"""/attivita/copertura/: partners read the participants of other partners' work only through the
disclosure control (issue 10, point 3): no small count, not even by subtracting their own."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from cantieri.models import ActivityStatus

from .factories import quartiere_in, record


def _page(user) -> str:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("cantieri:coverage")).content.decode()
    return re.sub(r"\s+", " ", html)


def shows(row: str, text: str) -> bool:
    """The row shows exactly this figure ("2 partecipanti" is not found inside "22 ...")."""
    return re.search(r"(?<![\d.,])" + re.escape(text), row) is not None


def _row(html: str, azione_name: str) -> str:
    start = html.index(f". {azione_name}</th>")
    return html[start : html.index("</tr>", start)]


def test_partner_cannot_read_another_partners_small_count(world) -> None:
    nord, sud = quartiere_in("nord"), quartiere_in("sud")
    approved = ActivityStatus.APPROVED
    record(
        world.org_b, title="Piccolo B", status=approved, quartieri=[sud], total=2, azione="poverta"
    )
    record(
        world.org_a, title="Grande A", status=approved, quartieri=[nord], total=20, azione="poverta"
    )
    record(
        world.org_b,
        title="Piccolo B nord",
        status=approved,
        quartieri=[nord],
        total=2,
        azione="poverta",
    )
    from cantieri.models import Azione
    from cantieri.selectors import sensitive_azioni

    azione = Azione.objects.get(slug="poverta")
    name = azione.name
    t = 10 if azione.pk in sensitive_azioni() else 5  # people in poverty may be a sensitive group
    # Partner A: B's 2 in the south are hidden; in the north 22 − A's own 20 would give B's 2.
    row_a = _row(_page(world.users["partner_a"]), name)
    assert not shows(row_a, "2 partecipanti") and not shows(row_a, "22 partecipanti")
    assert not shows(row_a, "24 partecipanti")  # the row total: 24 − 20 = B's 4
    assert f"&lt; {t} partecipanti" in row_a
    assert f"20 delle vostre attività + altri &lt; {t}" in row_a
    # Partner B reads its own 2 in the south (nobody else's count is in that cell), and the
    # north and the total where A's 20 are not small.
    row_b = _row(_page(world.users["partner_b"]), name)
    assert (
        shows(row_b, "2 partecipanti")
        and shows(row_b, "22 partecipanti")
        and shows(row_b, "24 partecipanti")
    )
    # A council member has no records of their own: every small share is hidden.
    row_c = _row(_page(world.users["council"]), name)
    assert not shows(row_c, "2 partecipanti") and f"&lt; {t} partecipanti" in row_c
    # Staff see the real figures.
    row_s = _row(_page(world.users["staff"]), name)
    assert shows(row_s, "2 partecipanti") and shows(row_s, "22 partecipanti")
