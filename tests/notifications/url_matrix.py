"""Permission rows of the "Avvisi" pages: everyone logged in has their own list; a notice is
its recipient's only (someone else's is 404)."""

from __future__ import annotations

from citta_del_noi.notifications.models import Notice
from tests.url_matrix import Row
from tests.world import ROLE_NAMES

LOGIN_ONLY = {**dict.fromkeys(ROLE_NAMES, 200), "anonymous": 302}
LOGIN_POST = dict.fromkeys(ROLE_NAMES, 302)  # anonymous → login page; others → back to the list
OWN_POST = {**dict.fromkeys(ROLE_NAMES, 404), "anonymous": 302, "partner_a": 302}


def build(world) -> None:
    world.notice_a = Notice.objects.create(
        recipient=world.users["partner_a"],
        kind="tests.matrix",
        title="Avviso riservato ad Anna",
        body="Solo per partner_a",
        link="/attivita/",
    )


MATRIX = {
    "notifications:list": Row(
        expect=LOGIN_ONLY,
        must_not_contain=lambda w, role: (
            [] if role == "partner_a" else ["Avviso riservato ad Anna"]
        ),
    ),
    "notifications:read": Row(
        expect=OWN_POST, method="post", kwargs=lambda w: {"pk": w.notice_a.pk}
    ),
    "notifications:read_all": Row(expect=LOGIN_POST, method="post"),
}
