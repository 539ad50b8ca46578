""" "Genera PDF" pressed while the build is stuck (its worker died, no worker took it back):
the page says so and offers Comune staff the restart (issue 12, point 5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bilancio_sociale.models import EditionStatus
from citta_del_noi.jobs.models import Job, JobStatus
from tests.bilancio_sociale.factories import make_edition

pytestmark = pytest.mark.django_db


def test_genera_pdf_on_a_stuck_build_says_so_and_staff_restart_it(
    world, django_capture_on_commit_callbacks
):
    staff = world.users["staff"]
    edition = make_edition(slug="bilancio-2014", year=2014, status=EditionStatus.PUBLISHED)
    version = edition.versions.get()
    client = Client()
    client.force_login(staff)
    url = reverse("bilancio_sociale:build_pdf", args=[edition.pk, version.number])
    client.post(url)  # the job is created, its enqueue not executed: then its worker "dies"
    job = Job.objects.get(kind="bilancio_sociale.build_pdf")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        progress=5,
        heartbeat_at=timezone.now() - timedelta(minutes=3),
    )
    page = client.post(url, follow=True).content.decode()
    assert "La generazione è bloccata" in page
    assert "già in corso" not in page
    restart = reverse("jobs:restart", args=[job.pk])
    assert f'action="{restart}"' in page
    detail = reverse("bilancio_sociale:staff_detail", args=[edition.pk])
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(restart, {"next": detail})
    assert back.status_code == 302 and back["Location"] == detail
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    rebuilt = Job.objects.exclude(pk=job.pk).get(kind="bilancio_sociale.build_pdf")
    assert rebuilt.status == JobStatus.DONE, rebuilt.error
    version.refresh_from_db()
    assert version.pdf
