"""Permission rows for every URL of the Bilancio Sociale."""

from __future__ import annotations

from bilancio_sociale.models import EditionStatus, Moderation
from tests.bilancio_sociale.factories import attach_fake_pdf, make_contribution, make_edition
from tests.url_matrix import Row

ROLES = ("anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin")
PUBLIC = dict.fromkeys(ROLES, 200)
STAFF_GET = {
    "anonymous": 302,
    "partner_a": 403,
    "partner_b": 403,
    "staff_zone": 403,
    "staff": 200,
    "council": 403,
    "agency": 403,
    "admin": 200,
}
STAFF_POST = {**STAFF_GET, "staff": 302, "admin": 302}


def build(world) -> None:
    staff = world.users["staff"]
    world.bs_published = make_edition(
        slug="bs-pubblicata", year=2006, status=EditionStatus.PUBLISHED, by=staff
    )
    attach_fake_pdf(world.bs_published.versions.get())
    world.bs_draft = make_edition(slug="bs-bozza", year=2008, by=staff)
    world.bs_consultation = make_edition(
        slug="bs-consultazione", year=2007, status=EditionStatus.CONSULTATION, by=staff
    )
    world.bs_contribution = make_contribution(world.bs_consultation)
    world.bs_unconfirmed = make_contribution(
        world.bs_consultation, moderation=Moderation.UNCONFIRMED, token="tok-matrice"
    )


def _pub(w) -> dict:
    return {"slug": w.bs_published.slug}


def _block(w) -> dict:
    return {"slug": w.bs_published.slug, "section": "citta", "block": "zone"}


MATRIX = {
    # public pages, no login
    "bilancio_sociale:edition_list": Row(expect=PUBLIC),
    "bilancio_sociale:compare": Row(expect=PUBLIC),
    "bilancio_sociale:edition_detail": Row(expect=PUBLIC, kwargs=_pub),
    "bilancio_sociale:in_breve": Row(expect=PUBLIC, kwargs=_pub),
    "bilancio_sociale:open_data": Row(expect=PUBLIC, kwargs=_pub),
    "bilancio_sociale:dcat": Row(expect=PUBLIC, kwargs=_pub),
    "bilancio_sociale:version_pdf": Row(
        expect=PUBLIC, kwargs=lambda w: {"slug": w.bs_published.slug, "number": 1}
    ),
    "bilancio_sociale:block_csv": Row(expect=PUBLIC, kwargs=_block),
    "bilancio_sociale:block_json": Row(expect=PUBLIC, kwargs=_block),
    "bilancio_sociale:block_schema": Row(expect=PUBLIC, kwargs=_block),
    "bilancio_sociale:consultation": Row(
        expect=PUBLIC,
        kwargs=lambda w: {"slug": w.bs_consultation.slug},
        # moderation first: a contribution not yet published is never shown
        must_not_contain=lambda w, role: ["Un commento."],
    ),
    "bilancio_sociale:contribute": Row(
        expect=PUBLIC, kwargs=lambda w: {"slug": w.bs_consultation.slug}
    ),
    # the link of the "answer published" email: only published contributions (this one is
    # still waiting for moderation: 404 for everyone, nothing is revealed)
    "bilancio_sociale:contribution_public": Row(
        expect=dict.fromkeys(ROLES, 404), kwargs=lambda w: {"pk": w.bs_contribution.pk}
    ),
    "bilancio_sociale:contribution_confirm": Row(
        expect=PUBLIC, kwargs=lambda w: {"token": "tok-matrice"}
    ),
    # staff
    "bilancio_sociale:staff_list": Row(expect=STAFF_GET),
    "bilancio_sociale:staff_detail": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_published.pk}
    ),
    "bilancio_sociale:preview": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_consultation.pk}
    ),
    "bilancio_sociale:section_preview": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_consultation.pk, "key": "citta"}
    ),
    "bilancio_sociale:section_edit": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_draft.pk, "key": "citta"}
    ),
    "bilancio_sociale:approve": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_consultation.pk}
    ),
    "bilancio_sociale:correction": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_published.pk}
    ),
    "bilancio_sociale:moderation": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_consultation.pk}
    ),
    "bilancio_sociale:contribution_review": Row(
        expect=STAFF_GET, kwargs=lambda w: {"pk": w.bs_contribution.pk}
    ),
    "bilancio_sociale:staff_update": Row(
        expect=STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w.bs_draft.pk},
        data=lambda w: {"title": "Bilancio Sociale 2018 (bozza)"},
    ),
    "bilancio_sociale:open_consultation": Row(
        expect=STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w.bs_draft.pk},
    ),
    "bilancio_sociale:snapshot_refresh": Row(
        expect=STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w.bs_consultation.pk},
        data=lambda w: {"reason": "Correzione approvata"},
    ),
    "bilancio_sociale:reopen_consultation": Row(
        expect=STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w.bs_consultation.pk},
        data=lambda w: {"reason": "Dati da correggere"},
    ),
    "bilancio_sociale:publish": Row(
        expect=STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w.bs_consultation.pk},
    ),
    "bilancio_sociale:build_pdf": Row(
        expect=STAFF_POST,
        method="post",
        kwargs=lambda w: {"pk": w.bs_published.pk, "number": 1},
    ),
}
