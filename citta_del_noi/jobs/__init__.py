"""Long work (imports, PDF builds, newsletters) as jobs: one row, one Celery task, one page.

    from citta_del_noi.jobs.services import JobContext, JobError, job_start, register_handler

    @register_handler("cantieri.import", label=_("Importazione di attività"))
    def run_import(ctx: JobContext) -> None:     # module imported from AppConfig.ready()
        ctx.progress(10, _("Lettura del file"))  # committed at once: the page sees it
        ...
        raise JobError(_("Manca la colonna «titolo»."))  # shown to the user as is
        ctx.save_file("esito.csv", data)          # or `with ctx.open_file(name) as f:` /
                                                  # `with ctx.writing_path(name) as path:`
        ctx.result = {"created": 3}
        ctx.notify = True                         # email the creator when done or failed

    job = job_start(kind="cantieri.import", params={...}, user=request.user, target=obj,
                    dedupe=True)

Template: {% include "jobs/_progress.html" with job=job %} (htmx polling, no-JS refresh link).
Pages: /lavori/<pk>/, /lavori/<pk>/stato/, /lavori/<pk>/file/ (creator, Comune staff, admins).
Settings: JOBS_MAX_ATTEMPTS (3), JOBS_HEARTBEAT_SECONDS (5), JOBS_STALE_AFTER_SECONDS (30),
JOBS_SWEEP_SECONDS (15), JOBS_KEEP_DAYS. Every running job beats (heartbeat.py), whatever its kind.
Beat: jobs.requeue_stale (re-sends stuck jobs), jobs.purge_old (old jobs and their files).
Staff with jobs.restart_job restart a stuck job (recovery.py, /lavori/<pk>/riavvia/).
"""
