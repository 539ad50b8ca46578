"""An attachment whose transaction rolls back leaves no file in storage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cantieri import evidence
from cantieri.evidence_sweep import evidence_orphans_sweep
from cantieri.models import ActivityAttachment, ActivityStatus

from .factories import record
from .test_evidence import PDF, upload

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


@pytest.fixture
def draft(world):
    return record(world.org_a, title="Con allegati", status=ActivityStatus.DRAFT)


def _storage():
    return ActivityAttachment._meta.get_field("file").storage


def test_a_rolled_back_attachment_leaves_no_file(world, draft) -> None:
    names: list[str] = []
    with pytest.raises(Boom), transaction.atomic():
        item = evidence.attachment_add(
            record=draft, by=world.users["partner_a"], upload=upload("a.pdf", PDF), kind="pdf"
        )
        names.append(item.file.name)
        assert _storage().exists(item.file.name)  # readable until the caller's block ends
        raise Boom
    assert names and not _storage().exists(names[0])
    assert not ActivityAttachment.objects.filter(record=draft).exists()


def test_a_committed_attachment_keeps_its_file(
    world, draft, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = evidence.attachment_add(
            record=draft, by=world.users["partner_a"], upload=upload("a.pdf", PDF), kind="pdf"
        )
    assert _storage().exists(item.file.name)
    _storage().delete(item.file.name)


def test_the_sweep_deletes_only_old_files_with_no_row(world, draft) -> None:
    kept = evidence.attachment_add(
        record=draft, by=world.users["partner_a"], upload=upload("a.pdf", PDF), kind="pdf"
    )
    storage = _storage()
    orphan = storage.save(f"evidence/{timezone.localdate():%Y/%m}/orfano.pdf", ContentFile(PDF))
    # (the shared test storage may hold other runs' old orphans: only these two files count)
    evidence_orphans_sweep()
    assert storage.exists(orphan)  # too recent: its transaction may still be open
    assert evidence_orphans_sweep(grace=timedelta(seconds=-60)) >= 1
    assert not storage.exists(orphan)
    assert storage.exists(kept.file.name)
    storage.delete(kept.file.name)
