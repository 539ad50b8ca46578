"""Permission matrix rows for the job pages: the creator, Comune staff and admins see a job."""

from __future__ import annotations

from citta_del_noi.jobs.models import Job, JobStatus
from tests.url_matrix import Row

# creator = partner_a; other people's jobs are 404, anonymous users go to the login page
SEE = {
    "anonymous": 302,
    "partner_a": 200,
    "partner_b": 404,
    "staff_zone": 200,
    "staff": 200,
    "council": 404,
    "agency": 404,
    "admin": 200,
}


def build(world) -> None:
    from pathlib import Path

    from django.conf import settings

    job = Job.objects.create(
        kind="tests.report",
        params={"rows": 2},
        params_hash="0" * 64,
        status=JobStatus.DONE,
        progress=100,
        created_by=world.users["partner_a"],
        result_file="jobs/matrix/rapporto-matrice.csv",
    )
    path = Path(settings.MEDIA_ROOT) / "jobs" / "matrix" / "rapporto-matrice.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("riga;1\n", encoding="utf-8")
    world.job_a = job


MATRIX = {
    "jobs:detail": Row(expect=SEE, kwargs=lambda w: {"pk": w.job_a.pk}),
    "jobs:status": Row(expect=SEE, kwargs=lambda w: {"pk": w.job_a.pk}),
    "jobs:file": Row(expect=SEE, kwargs=lambda w: {"pk": w.job_a.pk}),
    # Restart needs jobs.restart_job (Comune staff, admins): the creator alone gets 403. The
    # job is done, not stuck: the allowed roles are sent back with a message (302).
    "jobs:restart": Row(
        expect={**SEE, "partner_a": 403, "staff_zone": 302, "staff": 302, "admin": 302},
        kwargs=lambda w: {"pk": w.job_a.pk},
        method="post",
        data=lambda w: {},
    ),
}
