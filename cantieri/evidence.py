"""Evidence on activity records: the rules for attaching, removing, publishing, documenting.

One named function per rule; the views (cantieri/evidence_views.py) and the API call these.
Nothing is half-saved: the file is written to storage inside the transaction and deleted again
if the row cannot be written or the transaction (the caller's too) rolls back; a removed
attachment's file is deleted once the removal commits.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

from citta_del_noi.accounts.roles import AnyUser
from citta_del_noi.common.transactions import on_rollback

from . import rules
from .evidence_images import strip_metadata
from .models import ActivityAttachment, ActivityRecord, ActivityStatus

EVIDENCE_KINDS = ("pdf", "jpeg", "png", "odt", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSION = {"jpeg": "jpg", **{k: k for k in ("pdf", "png", "odt", "docx", "xlsx")}}


def sanitised_name(name: str) -> str:
    """The uploaded file's name without folders or odd characters, at most 255 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        clean = get_valid_filename(base)
    except Exception:  # SuspiciousFileOperation for names like ".."
        clean = "file"
    if len(clean) > 255:
        stem, dot, ext = clean.rpartition(".")
        clean = (stem[: 254 - len(ext)] + dot + ext) if dot else clean[:255]
    return clean


def the_record_takes_more_attachments(record: ActivityRecord) -> None:
    limit = int(settings.EVIDENCE_MAX_PER_RECORD)
    if record.attachments.count() >= limit:
        raise ValidationError(
            {
                "file": gettext(
                    "L'attività ha già %(max)s allegati, il massimo: rimuovine uno prima di "
                    "aggiungerne altri."
                )
                % {"max": limit}
            },
            code="too_many",
        )


def attachment_add(
    *, record: ActivityRecord, by: AnyUser, upload: Any, kind: str, caption: str = ""
) -> ActivityAttachment:
    """Attach a checked upload (`kind` from UploadValidator's content check) to the record.

    Images are re-encoded without EXIF (location included)."""
    if not rules.can_attach(by, record):
        raise PermissionDenied
    if kind not in EVIDENCE_KINDS:
        raise ValidationError({"file": gettext("Tipo di file non ammesso.")}, code="file_type")
    upload.seek(0)
    content = upload.read()
    if kind in ("jpeg", "png"):
        content = strip_metadata(content, kind)
    original = sanitised_name(upload.name)
    stored_name = f"{uuid.uuid4().hex}.{EXTENSION[kind]}"
    with transaction.atomic():
        # Lock the record: two uploads at once cannot pass the limit together.
        ActivityRecord.objects.select_for_update().filter(pk=record.pk).first()
        the_record_takes_more_attachments(record)
        attachment = ActivityAttachment(
            record=record,
            original_name=original,
            kind=kind,
            content_type=CONTENT_TYPES[kind],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            caption=caption.strip(),
            uploaded_by=by,  # type: ignore[misc]
        )
        attachment.file.save(stored_name, ContentFile(content), save=False)
        # An outer transaction may still roll back after this returns: the file goes with it.
        storage, name = attachment.file.storage, attachment.file.name
        on_rollback(lambda: storage.delete(name))
        try:
            attachment.full_clean(exclude=["file", "uploaded_by", "record"])
            attachment.save()
        except BaseException:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def attachment_remove(*, attachment: ActivityAttachment, by: AnyUser) -> None:
    record = attachment.record
    if not rules.can_remove_attachment(by, record, attachment.uploaded_by_id):
        raise PermissionDenied
    name, storage = attachment.file.name, attachment.file.storage
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def attachment_publish(
    *, attachment: ActivityAttachment, by: AnyUser, consent: bool, consent_note: str
) -> ActivityAttachment:
    """Make an attachment public (shown on the cantiere's public page once the record is
    approved). Photos need the explicit statement that the people shown consented, and a note
    saying how."""
    if not rules.can_curate_evidence(by):
        raise PermissionDenied
    note = (consent_note or "").strip()
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = gettext(
            "Per rendere pubblico un allegato conferma esplicitamente la scelta e il consenso."
        )
    if attachment.is_image and not note:
        errors["consent_note"] = gettext(
            "Per una foto scrivi come è stato raccolto il consenso delle persone ritratte "
            "(o che non ritrae persone riconoscibili)."
        )
    if errors:
        raise ValidationError(errors, code="consent")
    attachment.public = True
    attachment.consent_note = note
    attachment.published_by = by  # type: ignore[assignment]
    attachment.published_at = timezone.now()
    attachment.full_clean(exclude=["file", "uploaded_by", "record", "published_by"])
    attachment.save(update_fields=["public", "consent_note", "published_by", "published_at"])
    return attachment


def attachment_unpublish(*, attachment: ActivityAttachment, by: AnyUser) -> ActivityAttachment:
    if not rules.can_curate_evidence(by):
        raise PermissionDenied
    attachment.public = False
    attachment.published_by = None
    attachment.published_at = None
    attachment.save(update_fields=["public", "published_by", "published_at"])
    return attachment


def mark_documented(
    *, record: ActivityRecord, by: AnyUser, documented: bool = True
) -> ActivityRecord:
    """Staff mark (or clear) "con documentazione"; the change is in the record's history.
    A record with no attachment cannot be marked."""
    if not rules.can_curate_evidence(by):
        raise PermissionDenied
    if documented and record.status == ActivityStatus.DRAFT:
        raise ValidationError(
            gettext("Una bozza non ancora inviata non può essere segnata come documentata.")
        )
    if documented and not record.attachments.exists():
        raise ValidationError(
            gettext("L'attività non ha allegati: non può essere segnata come documentata.")
        )
    record.documented = documented
    record._change_reason = "con documentazione" if documented else "senza documentazione"  # type: ignore[attr-defined]
    record.save(update_fields=["documented", "updated_at"])
    return record
