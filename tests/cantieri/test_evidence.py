"""Evidence on activity records (issue 15.3): every rule, on the real database."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cantieri import evidence
from cantieri.models import ActivityAttachment, ActivityStatus
from cantieri.services import activity_approve

from .factories import record

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (40, 30)) -> bytes:
    img = Image.new("RGB", size, (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "FotoCamera"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    exif[GPS_TAG] = {1: "N", 2: (45.0, 32.0, 10.0), 3: "E", 4: (10.0, 13.0, 5.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def attach(world, rec, name: str = "foto.jpg", content: bytes | None = None, role="partner_a"):
    client = client_for(world, role)
    return client.post(
        reverse("cantieri:evidence_page", args=[rec.pk]),
        {"file": upload(name, content if content is not None else jpeg_with_gps()), "caption": ""},
    )


@pytest.fixture
def draft(world):
    return record(world.org_a, title="Laboratorio con foto")


# --- type, size, limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", PDF), ("a.png", png_bytes()), ("a.jpg", jpeg_with_gps()), ("a.docx", docx_bytes())],
)
def test_a_partner_attaches_each_accepted_type(world, draft, name, content) -> None:
    response = attach(world, draft, name, content)
    assert response.status_code == 302
    item = ActivityAttachment.objects.get(record=draft)
    assert item.original_name == name
    assert item.uploaded_by == world.users["partner_a"]
    assert item.file.storage.exists(item.file.name)


def test_the_type_is_checked_by_content_not_by_name(world, draft) -> None:
    response = attach(world, draft, "finta.jpg", b"MZ\x90\x00 not an image at all \x00\x01")
    assert response.status_code == 400
    assert "Tipo di file non ammesso" in response.content.decode()
    response = attach(world, draft, "documento.jpg", PDF)
    assert "non corrisponde al contenuto" in response.content.decode()
    assert not ActivityAttachment.objects.filter(record=draft).exists()


def test_the_size_limit_is_a_setting(world, draft, settings) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000
    response = attach(world, draft, "grande.pdf", PDF + b"x" * 2000)
    assert response.status_code == 400
    assert "il limite è" in response.content.decode()
    assert not ActivityAttachment.objects.filter(record=draft).exists()


def test_the_number_of_attachments_per_record_is_limited(world, draft, settings) -> None:
    settings.EVIDENCE_MAX_PER_RECORD = 2
    assert attach(world, draft, "1.pdf", PDF).status_code == 302
    assert attach(world, draft, "2.pdf", PDF).status_code == 302
    response = attach(world, draft, "3.pdf", PDF)
    assert response.status_code == 400
    assert "il massimo" in response.content.decode()
    assert ActivityAttachment.objects.filter(record=draft).count() == 2


def test_a_huge_image_is_refused_in_italian(world, draft, settings) -> None:
    settings.EVIDENCE_MAX_PIXELS = 1000
    response = attach(world, draft, "enorme.png", png_bytes((100, 100)))
    assert response.status_code == 400
    assert "troppo grande" in response.content.decode()
    assert not ActivityAttachment.objects.filter(record=draft).exists()


def test_the_original_name_is_sanitised(world, draft) -> None:
    assert attach(world, draft, "../../etc/pass wd <x>.pdf", PDF).status_code == 302
    item = ActivityAttachment.objects.get(record=draft)
    assert "/" not in item.original_name and "<" not in item.original_name
    assert item.original_name.endswith(".pdf")
    assert not item.file.name.startswith("..") and "etc" not in item.file.name


# --- EXIF ------------------------------------------------------------------------------------


def test_a_photo_is_stored_without_exif_and_gps_but_upright(world, draft) -> None:
    original = jpeg_with_gps((40, 30))
    assert GPS_TAG in Image.open(io.BytesIO(original)).getexif()
    assert attach(world, draft, "gita.jpg", original).status_code == 302
    item = ActivityAttachment.objects.get(record=draft)
    with item.file.open("rb") as handle:
        stored = handle.read()
    img = Image.open(io.BytesIO(stored))
    assert img.format == "JPEG"
    assert len(img.getexif()) == 0
    assert "exif" not in img.info
    assert b"FotoCamera" not in stored
    assert img.size == (30, 40)  # the orientation was applied to the pixels
    assert item.size == len(stored)


# --- who may attach and remove ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["partner_b", "council", "agency"])
def test_others_cannot_attach_nor_see_the_evidence(world, draft, role) -> None:
    response = attach(world, draft, "a.pdf", PDF, role=role)
    assert response.status_code == 404
    assert not ActivityAttachment.objects.filter(record=draft).exists()


def test_staff_cannot_attach_to_a_partners_record(world, draft) -> None:
    assert attach(world, draft, "a.pdf", PDF, role="staff").status_code == 403


def test_no_attachment_once_submitted(world) -> None:
    rec = record(world.org_a, title="Inviata", status=ActivityStatus.SUBMITTED)
    assert attach(world, rec, "a.pdf", PDF).status_code == 403
    with pytest.raises(PermissionDenied):
        evidence.attachment_add(
            record=rec, by=world.users["partner_a"], upload=upload("a.pdf", PDF), kind="pdf"
        )


def test_the_uploader_removes_their_own_until_approval(world, draft) -> None:
    attach(world, draft, "a.pdf", PDF)
    item = ActivityAttachment.objects.get(record=draft)
    staff = client_for(world, "staff")
    assert staff.post(reverse("cantieri:evidence_remove", args=[item.pk])).status_code == 403
    partner = client_for(world, "partner_a")
    response = partner.post(reverse("cantieri:evidence_remove", args=[item.pk]))
    assert response.status_code == 302
    assert not ActivityAttachment.objects.filter(record=draft).exists()


def test_the_removed_file_is_deleted_from_storage(world, draft, django_capture_on_commit_callbacks):
    attach(world, draft, "a.pdf", PDF)
    item = ActivityAttachment.objects.get(record=draft)
    name, storage = item.file.name, item.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        evidence.attachment_remove(attachment=item, by=world.users["partner_a"])
    assert not storage.exists(name)


def test_no_removal_after_approval(world, draft) -> None:
    attach(world, draft, "a.pdf", PDF)
    item = ActivityAttachment.objects.get(record=draft)
    draft.status = ActivityStatus.APPROVED
    draft.save()
    item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        evidence.attachment_remove(attachment=item, by=world.users["partner_a"])


def test_nothing_half_saved_when_the_row_cannot_be_written(world, draft, monkeypatch) -> None:
    stored: list[str] = []
    original_save = ActivityAttachment.save

    def failing_save(self, *args, **kwargs):
        stored.append(self.file.name)
        raise RuntimeError("database down")

    monkeypatch.setattr(ActivityAttachment, "save", failing_save)
    with pytest.raises(RuntimeError):
        evidence.attachment_add(
            record=draft, by=world.users["partner_a"], upload=upload("a.pdf", PDF), kind="pdf"
        )
    monkeypatch.setattr(ActivityAttachment, "save", original_save)
    storage = ActivityAttachment._meta.get_field("file").storage
    assert stored and not storage.exists(stored[0])
    assert not ActivityAttachment.objects.filter(record=draft).exists()


# --- download: permission-checked, never a public URL ---------------------------------------


def test_downloads_follow_the_records_visibility(world, draft, settings) -> None:
    attach(world, draft, "a.pdf", PDF)
    item = ActivityAttachment.objects.get(record=draft)
    url = reverse("cantieri:evidence_download", args=[item.pk])
    assert url.startswith("/attivita/allegati/")
    assert client_for(world, "partner_a").get(url).status_code == 200
    assert b"".join(client_for(world, "staff").get(url).streaming_content) == PDF  # type: ignore[attr-defined]
    for role in ("partner_b", "council", "agency", "anonymous"):
        assert client_for(world, role).get(url).status_code == 404, role
    # The file lives in the private storage, outside the served media folder.
    assert not item.file.path.startswith(str(settings.MEDIA_ROOT) + "/")


def test_a_photo_is_shown_inline_a_document_downloaded(world, draft) -> None:
    attach(world, draft, "a.pdf", PDF)
    attach(world, draft, "b.png", png_bytes())
    pdf, png = ActivityAttachment.objects.filter(record=draft).order_by("pk")
    client = client_for(world, "partner_a")
    r = client.get(reverse("cantieri:evidence_download", args=[pdf.pk]))
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    r = client.get(reverse("cantieri:evidence_download", args=[png.pk]))
    assert r["Content-Type"] == "image/png"
    assert r["Content-Disposition"].startswith("inline")


# --- review: staff see it, mark "con documentazione" -----------------------------------------


def test_staff_see_the_evidence_in_review_and_mark_documented(world) -> None:
    rec = record(world.org_a, title="Da rivedere", status=ActivityStatus.SUBMITTED)
    ActivityAttachment.objects.create(
        record=rec,
        file="evidence/x.pdf",
        original_name="verbale.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=world.users["partner_a"],
    )
    staff = client_for(world, "staff")
    page = staff.get(reverse("cantieri:activity_detail", args=[rec.pk])).content.decode()
    assert "verbale.pdf" in page and "Segna «con documentazione»" in page
    url = reverse("cantieri:activity_documented", args=[rec.pk])
    assert client_for(world, "partner_a").post(url, {"documented": "1"}).status_code == 403
    assert staff.post(url, {"documented": "1"}).status_code == 302
    rec.refresh_from_db()
    assert rec.documented
    assert rec.history.first().documented  # the change is in the record's history
    listing = staff.get(reverse("cantieri:review_queue")).content.decode()
    assert "Con documentazione" in listing
    staff.post(url, {"documented": "0"})
    rec.refresh_from_db()
    assert not rec.documented


def test_a_record_without_attachments_cannot_be_marked(world) -> None:
    rec = record(world.org_a, title="Senza", status=ActivityStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        evidence.mark_documented(record=rec, by=world.users["staff"])
    rec.refresh_from_db()
    assert not rec.documented


# --- public attachments ----------------------------------------------------------------------


def _attached_photo(world, rec):
    rec.status = ActivityStatus.DRAFT
    rec.save()
    attach(world, rec, "festa.jpg", jpeg_with_gps())
    return ActivityAttachment.objects.get(record=rec)


def test_publishing_needs_the_explicit_choice_and_a_consent_note(world, draft) -> None:
    item = _attached_photo(world, draft)
    url = reverse("cantieri:evidence_publish", args=[item.pk])
    assert client_for(world, "partner_a").post(url, {"consent": "on"}).status_code == 403
    staff = client_for(world, "staff")
    page = staff.post(url, {"consent_note": "firmato"}).content.decode()
    assert "conferma esplicitamente" in page
    page = staff.post(url, {"consent": "on", "consent_note": ""}).content.decode()
    assert "consenso delle persone ritratte" in page
    item.refresh_from_db()
    assert not item.public
    assert (
        staff.post(url, {"consent": "on", "consent_note": "Liberatorie firmate"}).status_code == 302
    )
    item.refresh_from_db()
    assert item.public and item.published_by == world.users["staff"] and item.published_at


def test_a_public_attachment_appears_on_the_cantiere_page_once_approved(world, draft) -> None:
    item = _attached_photo(world, draft)
    evidence.attachment_publish(
        attachment=item, by=world.users["staff"], consent=True, consent_note="Liberatorie"
    )
    page_url = reverse("cantieri:azione_evidence", args=[draft.azione.slug])
    file_url = reverse("cantieri:evidence_download", args=[item.pk])
    anonymous = Client()
    assert file_url not in anonymous.get(page_url).content.decode()  # not approved yet
    assert anonymous.get(file_url).status_code == 404
    draft.status = ActivityStatus.SUBMITTED
    draft.save()
    activity_approve(activity=draft, by=world.users["staff"])
    assert file_url in anonymous.get(page_url).content.decode()
    assert anonymous.get(file_url).status_code == 200
    # partner B sees the public file, not the private ones of the same record
    private = ActivityAttachment.objects.create(
        record=draft,
        file=item.file.name,
        original_name="privato.jpg",
        kind="jpeg",
        content_type="image/jpeg",
        size=1,
        sha256="0" * 64,
        uploaded_by=world.users["partner_a"],
    )
    b = client_for(world, "partner_b")
    assert b.get(file_url).status_code == 200
    assert b.get(reverse("cantieri:evidence_download", args=[private.pk])).status_code == 404
    evidence.attachment_unpublish(attachment=item, by=world.users["staff"])
    assert file_url not in anonymous.get(page_url).content.decode()


# --- pinned queries --------------------------------------------------------------------------


def test_detail_and_evidence_pages_query_count(world, draft, django_assert_num_queries) -> None:
    for name in ("a.pdf", "b.png", "c.png"):
        attach(world, draft, name, PDF if name.endswith("pdf") else png_bytes())
    client = client_for(world, "partner_a")
    with django_assert_num_queries(DETAIL_PIN):
        assert client.get(reverse("cantieri:activity_detail", args=[draft.pk])).status_code == 200
    with django_assert_num_queries(EVIDENCE_PIN):
        assert client.get(reverse("cantieri:evidence_page", args=[draft.pk])).status_code == 200


DETAIL_PIN = 15
EVIDENCE_PIN = 14
