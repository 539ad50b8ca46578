"""The backstop for evidence files: files in the evidence folders with no attachment row.

`attachment_add` deletes its file when the row is not committed (common/transactions.py); a
process killed between the write and the end of its transaction leaves the file behind. This
sweep (beat: cantieri.sweep_orphan_evidence) deletes such files once they are older than any
transaction could be, looking only at the recent month folders (where a leftover can be).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .models import ActivityAttachment
from .models.evidence import evidence_storage

GRACE = timedelta(hours=1)
CHUNK = 500


def _recent_folders(months: int) -> list[str]:
    today = timezone.localdate().replace(day=1)
    out = []
    for _i in range(months):
        out.append(f"evidence/{today:%Y/%m}/")
        today = (today - timedelta(days=1)).replace(day=1)
    return out


def evidence_orphans_sweep(*, months: int = 2, grace: timedelta = GRACE) -> int:
    """Delete evidence files with no attachment row, older than `grace`. Returns how many."""
    storage = evidence_storage()
    cutoff = timezone.now() - grace
    deleted = 0
    for folder in _recent_folders(months):
        try:
            _dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        names = [folder + f for f in files]
        for start in range(0, len(names), CHUNK):
            chunk = names[start : start + CHUNK]
            known = set(
                ActivityAttachment.objects.filter(file__in=chunk).values_list("file", flat=True)
            )
            for name in chunk:
                if name not in known and storage.get_modified_time(name) < cutoff:
                    storage.delete(name)
                    deleted += 1
    return deleted
