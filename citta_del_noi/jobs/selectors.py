"""Reads of jobs, filtered by the viewer: the creator, Comune staff and administrators."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from citta_del_noi.accounts.roles import is_comune_staff

from .models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.select_related("created_by")
    if is_comune_staff(user):
        return jobs
    return jobs.filter(created_by=user)


def job_for_viewer(*, user: Any, pk: int) -> Job | None:
    return jobs_visible_to(user).filter(pk=pk).first()


def jobs_for_target(*, user: Any, target: Any, kind: str | None = None) -> QuerySet[Job]:
    """Jobs about an object (e.g. the PDF builds of an edition), newest first."""

    jobs = jobs_visible_to(user).filter(
        target_ct=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )
    return jobs.filter(kind=kind) if kind else jobs
