"""Permission matrix of cantieri's URLs (walked by tests/core/test_url_matrix.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from cantieri.models import (
    ActivityAttachment,
    ActivityImport,
    ActivityStatus,
    Azione,
    ImportStatus,
    Indicator,
)
from tests.url_matrix import Row

from .factories import period, quartiere_in, record

ROLES = ["anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin"]

# Titles that must never leak to the wrong viewer.
A_DRAFT = "Bozza Alfa segreta"
A_SUBMITTED = "Inviata Alfa riservata"
A_RETURNED = "Restituita Alfa riservata"
A_SUD = "Alfa Sud nascosta"
A_APPROVED = "Approvata Alfa pubblica"
B_SUBMITTED = "Inviata Beta Sud"
B_APPROVED = "Approvata Beta Sud"
A_UNAPPROVED = [A_DRAFT, A_SUBMITTED, A_RETURNED, A_SUD]


def expect(default: int, **overrides: int) -> dict[str, int]:
    out = dict.fromkeys(ROLES, default)
    out["anonymous"] = 302
    out.update(overrides)
    return out


def build(world) -> None:
    rp = period()
    nord = quartiere_in("nord")
    sud = quartiere_in("sud")
    world.period_open = rp
    world.period_spare = period("2020-H1", date(2020, 1, 1), date(2020, 6, 30))
    world.activity_a_draft = record(world.org_a, title=A_DRAFT, quartieri=[nord])
    world.activity_a_draft2 = record(world.org_a, title="Seconda bozza Alfa", quartieri=[nord])
    world.activity_a_submitted = record(
        world.org_a, title=A_SUBMITTED, status=ActivityStatus.SUBMITTED, quartieri=[nord]
    )
    world.activity_a_returned = record(
        world.org_a, title=A_RETURNED, status=ActivityStatus.RETURNED, quartieri=[nord]
    )
    world.activity_a_sud = record(
        world.org_a, title=A_SUD, status=ActivityStatus.SUBMITTED, quartieri=[sud]
    )
    world.activity_a_approved = record(
        world.org_a, title=A_APPROVED, status=ActivityStatus.APPROVED, quartieri=[nord]
    )
    world.activity_b_submitted = record(
        world.org_b, title=B_SUBMITTED, status=ActivityStatus.SUBMITTED, quartieri=[sud]
    )
    world.activity_b_approved = record(
        world.org_b, title=B_APPROVED, status=ActivityStatus.APPROVED, quartieri=[sud]
    )
    world.indicator_manual = Indicator.objects.create(
        azione=Azione.objects.get(slug="anziani"),
        code="test-manuale",
        name="Indicatore manuale",
        kind="outcome",
        unit="%",
        computation="manual",
        baseline_value=Decimal(10),
        baseline_year=2016,
    )
    csv = b"Codice riga;Titolo\nR1;Prova\n"
    upload = ActivityImport(
        user=world.users["partner_a"],
        organization=world.org_a,
        original_name="prova.csv",
        file_format="csv",
        row_count=1,
        preview=[],
        status=ImportStatus.DONE,
        report={"created": 0, "updated": 0, "rejected": 0, "rows": []},
    )
    upload.file.save("prova.csv", ContentFile(csv), save=False)
    upload.save()
    world.import_a = upload
    world.evidence_a, world.evidence_a_removable = (
        _evidence(world, world.activity_a_submitted, name) for name in ("verbale.pdf", "via.pdf")
    )


def _evidence(world, activity, name: str) -> ActivityAttachment:
    item = ActivityAttachment(
        record=activity,
        original_name=name,
        kind="pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=world.users["partner_a"],
    )
    item.file.save(name, ContentFile(b"%PDF-1.4\n"), save=False)
    item.save()
    return item


def _leaks(w, role: str) -> list[str]:
    """What each role must never see on a list page."""
    if role == "partner_b":
        return [*A_UNAPPROVED, A_APPROVED]  # others' rows never, even approved (aggregate only)
    if role == "partner_a":
        return [B_SUBMITTED, B_APPROVED]
    if role == "staff_zone":
        return [B_SUBMITTED, B_APPROVED, A_SUD]
    if role in ("council", "agency"):
        return [*A_UNAPPROVED, B_SUBMITTED]
    return []


PARTNER_ONLY = expect(403, partner_a=200, partner_b=200)
STAFF_ONLY = expect(403, staff_zone=200, staff=200, admin=200)
LOGGED_IN = expect(200)

MATRIX = {
    "cantieri:activity_list": Row(expect=LOGGED_IN, must_not_contain=_leaks),
    "cantieri:activity_create": Row(expect=PARTNER_ONLY),
    "cantieri:activity_detail": Row(
        kwargs=lambda w: {"pk": w.activity_a_submitted.pk},
        expect=expect(200, partner_b=404, council=404, agency=404),
    ),
    "cantieri:activity_edit": Row(
        kwargs=lambda w: {"pk": w.activity_a_draft.pk},
        expect=expect(403, partner_a=200, partner_b=404, council=404, agency=404),
    ),
    "cantieri:activity_correct": Row(
        kwargs=lambda w: {"pk": w.activity_a_approved.pk},
        expect=expect(200, partner_b=404, council=403, agency=403),
    ),
    "cantieri:activity_submit": Row(
        method="post",
        kwargs=lambda w: {"pk": w.activity_a_draft.pk},
        expect=expect(403, partner_a=302, partner_b=404, council=404, agency=404),
    ),
    "cantieri:activity_return": Row(
        method="post",
        kwargs=lambda w: {"pk": w.activity_a_submitted.pk},
        data=lambda w: {"comment": ""},
        expect=expect(400, partner_a=403, partner_b=404, council=404, agency=404),
    ),
    "cantieri:activity_approve": Row(
        method="post",
        kwargs=lambda w: {"pk": w.activity_b_submitted.pk},
        # staff (first staff role that can see it) approves; admin then finds it approved and
        # is sent back with "già approvata da …" (issue 12.6); council/agency can now see it
        # (approved) but may not approve.
        expect=expect(403, partner_b=403, partner_a=404, staff_zone=404, staff=302, admin=302),
    ),
    "cantieri:activity_delete": Row(
        method="post",
        kwargs=lambda w: {"pk": w.activity_a_draft2.pk},
        # partner_a deletes the draft; afterwards it no longer exists for anyone.
        expect=expect(404, partner_a=302),
    ),
    "cantieri:activity_redact": Row(
        kwargs=lambda w: {"pk": w.activity_a_submitted.pk},
        expect=expect(403, staff_zone=200, staff=200, admin=200),
    ),
    "cantieri:review_queue": Row(expect=STAFF_ONLY, must_not_contain=_leaks),
    "cantieri:review_bulk_approve": Row(
        method="post",
        data=lambda w: {"ids": [w.activity_b_submitted.pk]},
        expect=expect(403, staff_zone=302, staff=302, admin=302),
    ),
    "cantieri:organization_detail": Row(
        kwargs=lambda w: {"slug": w.org_a.slug},
        expect=expect(200, partner_b=404, council=404, agency=404),
        must_not_contain=_leaks,
    ),
    "cantieri:coverage": Row(expect=LOGGED_IN, must_not_contain=_leaks),
    "cantieri:indicator_list": Row(expect=LOGGED_IN),
    "cantieri:measurement_add": Row(
        kwargs=lambda w: {"pk": w.indicator_manual.pk}, expect=STAFF_ONLY
    ),
    "cantieri:period_list": Row(expect=STAFF_ONLY),
    "cantieri:period_lock": Row(
        method="post",
        kwargs=lambda w: {"pk": w.period_spare.pk},
        data=lambda w: {"action": "lock"},
        # periods are city-wide: staff limited to zones cannot close them (issue 11)
        expect=expect(403, staff=302, admin=302),
    ),
    "cantieri:activity_export": Row(
        kwargs=lambda w: {"fmt": "xlsx"},
        expect=expect(200, staff_zone=200),
    ),
    # Evidence (issue 15.3): the record's visibility decides; files only through the view.
    "cantieri:evidence_page": Row(
        kwargs=lambda w: {"pk": w.activity_a_submitted.pk},
        expect=expect(200, partner_b=404, council=404, agency=404),
    ),
    "cantieri:activity_documented": Row(
        method="post",
        kwargs=lambda w: {"pk": w.activity_a_submitted.pk},
        data=lambda w: {"documented": "1"},
        expect=expect(302, partner_a=403, partner_b=404, council=404, agency=404),
    ),
    "cantieri:evidence_download": Row(
        kwargs=lambda w: {"pk": w.evidence_a.pk},
        expect=expect(200, anonymous=404, partner_b=404, council=404, agency=404),
    ),
    "cantieri:evidence_remove": Row(
        method="post",
        kwargs=lambda w: {"pk": w.evidence_a_removable.pk},
        # partner_a (the uploader) removes it; afterwards it no longer exists for anyone.
        expect=expect(404, partner_a=302),
    ),
    "cantieri:evidence_publish": Row(
        kwargs=lambda w: {"pk": w.evidence_a.pk},
        expect=expect(
            403, staff_zone=200, staff=200, admin=200, partner_b=404, council=404, agency=404
        ),
    ),
    "cantieri:azione_evidence": Row(
        kwargs=lambda w: {"slug": "anziani"}, expect=expect(200, anonymous=200)
    ),
    "cantieri:import_upload": Row(expect=PARTNER_ONLY),
    "cantieri:import_template": Row(kwargs=lambda w: {"fmt": "xlsx"}, expect=PARTNER_ONLY),
    "cantieri:import_preview": Row(
        kwargs=lambda w: {"pk": w.import_a.pk}, expect=expect(403, partner_a=200, partner_b=404)
    ),
    "cantieri:import_report": Row(
        kwargs=lambda w: {"pk": w.import_a.pk}, expect=expect(403, partner_a=200, partner_b=404)
    ),
}
