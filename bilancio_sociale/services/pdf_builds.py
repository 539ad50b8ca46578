"""The PDF of a published version: build request, build and storage."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from citta_del_noi.common.storage import local_path, publish_bytes
from citta_del_noi.jobs.models import ACTIVE_STATUSES, Job
from citta_del_noi.jobs.services import job_start

from ..models import (
    EditionVersion,
)
from ..pdf import render_pdf

# --- PDF ------------------------------------------------------------------------------------

BUILD_KIND = "bilancio_sociale.build_pdf"


def pdf_build_request(*, version: EditionVersion, by: Any) -> tuple[Any, bool]:
    """Start (or join) the PDF build of a version. Returns (job, already_running).

    Two presses never produce two builds: a queued or running build is returned as it is
    (and job_start(dedupe=True) makes the check race-safe in the database).
    """

    if version.pdf:
        raise ValidationError(_g("Il PDF di questa versione è già pubblicato e non cambia più."))
    existing = Job.objects.filter(
        kind=BUILD_KIND,
        status__in=ACTIVE_STATUSES,
        target_ct=ContentType.objects.get_for_model(EditionVersion),
        target_id=str(version.pk),
    ).first()
    if existing is not None:
        return existing, True
    job = job_start(
        kind=BUILD_KIND, params={"version_id": version.pk}, user=by, target=version, dedupe=True
    )
    return job, False


def version_build_pdf(
    *, version: EditionVersion, progress: Any = None, force_path: str | None = None
) -> str:
    """Render the version to PDF, store it atomically and record its SHA-256. Idempotent.

    `progress(percent, label)` reports the real steps. A version whose PDF exists is returned
    unchanged; a worker killed half-way leaves at most a temporary file, never a published one.
    """

    def step(pct: int, label: str) -> None:
        if progress is not None:
            progress(pct, label)

    version = EditionVersion.objects.select_related("edition").get(pk=version.pk)
    if version.pdf:
        return _where(version)
    pdf_bytes, pages = render_pdf(version=version, step=step)
    step(90, _g("Scrittura del file"))
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    step(95, _g("Calcolo dell'impronta SHA-256"))
    name = _store_atomically(version, pdf_bytes)
    with transaction.atomic():
        locked = EditionVersion.objects.select_for_update().get(pk=version.pk)
        if not locked.pdf:
            EditionVersion.objects.filter(pk=version.pk, pdf="").update(
                pdf=name,
                pdf_sha256=digest,
                pdf_size=len(pdf_bytes),
                pdf_pages=pages,
                pdf_built_at=timezone.now(),
            )
    version.refresh_from_db()
    step(100, _g("PDF pubblicato"))
    return _where(version)


def pdf_filename(version: EditionVersion) -> str:
    """Deterministic per version (a retried build writes the same name) and unique across
    databases sharing MEDIA_ROOT (the publication instant is part of it)."""
    slug = version.edition.slug
    stamp = version.published_at.strftime("%Y%m%d%H%M%S%f")
    return f"bilancio/{slug}/bilancio-sociale-{slug}-v{version.number}-{stamp}.pdf"


def _store_atomically(version: EditionVersion, content: bytes) -> str:
    """Published whole or not at all, in the file storage (citta_del_noi/common/storage.py)."""
    return publish_bytes(pdf_filename(version), content)


def _where(version: EditionVersion) -> str:
    """The PDF's local path on the filesystem storage, else its name in the object storage."""
    path = local_path(version.pdf.name, version.pdf.storage)
    return str(path) if path is not None else version.pdf.name
