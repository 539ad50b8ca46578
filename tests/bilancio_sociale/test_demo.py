"""The demo leaves two published editions (PDFs built) and one in consultation; idempotent."""

from __future__ import annotations

import io
import random

from bilancio_sociale import demo
from bilancio_sociale.models import Contribution, Edition, EditionStatus, Snapshot
from citta_del_noi.core.seeding import DemoContext


def _demo_people() -> None:
    from datetime import date

    from citta_del_noi.organizations.models import LegalForm, Organization
    from citta_del_noi.organizations.services import membership_add
    from consigli.models import Consiglio, CouncilMember, MemberCategory
    from tests.world import make_user

    org = Organization.objects.create(
        name="Auser Demo", slug="auser-demo", legal_form=LegalForm.ASSOCIAZIONE
    )
    membership_add(user=make_user("referente@auser.demo"), organization=org)
    CouncilMember.objects.create(
        consiglio=Consiglio.objects.get(slug="indirizzo"),
        user=make_user("consigliere@cittadelnoi.demo"),
        category=MemberCategory.ESPERTO,
        term_start=date(2016, 1, 1),
    )


def test_demo_seed_is_complete_and_idempotent(reference):
    _demo_people()
    ctx = DemoContext(rng=random.Random(1), stdout=io.StringIO())
    demo.seed(ctx)
    editions = {e.slug: e for e in Edition.objects.all()}
    assert editions["bilancio-2016"].status == EditionStatus.PUBLISHED
    assert editions["bilancio-2017"].status == EditionStatus.PUBLISHED
    assert editions["bilancio-2018"].status == EditionStatus.CONSULTATION
    for slug in ("bilancio-2016", "bilancio-2017"):
        version = editions[slug].versions.get()
        assert version.pdf and len(version.pdf_sha256) == 64 and version.pdf_pages > 5
        assert editions[slug].approval_decision is not None
        # section 8 (DM 4/7/2019): the control body's monitoring, frozen with the version
        assert version.texts["monitoraggio/attestazione"].startswith("L'organo di controllo")
        assert version.texts["monitoraggio/data"] == f"{editions[slug].period_end.year + 1}-04-30"
    # the demo's PDF (2017, with 2016 beside its figures): no text outside the content box
    from pdfminer.high_level import extract_pages

    from tests.bilancio_sociale.test_pdf_layout import _outside

    latest = editions["bilancio-2017"].versions.get()
    for number, page in enumerate(extract_pages(latest.pdf.path), start=1):
        bad, margin_lines = _outside(page)
        assert not bad, (number, bad[:5])
        assert all(
            number > 1 and line.startswith(("BilancioSociale2017", "Pagina"))
            for line in margin_lines
        ), (number, margin_lines)
    assert editions["bilancio-2018"].contributions.filter(moderation="published").count() == 3
    counts = (Edition.objects.count(), Snapshot.objects.count(), Contribution.objects.count())
    demo.seed(DemoContext(rng=random.Random(1), stdout=io.StringIO()))
    assert (
        Edition.objects.count(),
        Snapshot.objects.count(),
        Contribution.objects.count(),
    ) == counts
