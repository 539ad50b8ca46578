"""Throw-away job handlers used by the jobs tests (registered on import)."""

from __future__ import annotations

from citta_del_noi.jobs.services import JobContext, JobError, register_handler

CALLS: list[int] = []


@register_handler("tests.report", label="Rapporto di prova")
def make_report(ctx: JobContext) -> None:
    CALLS.append(ctx.job.pk)
    ctx.progress(10, "Lettura dei dati")
    rows = int(ctx.params.get("rows", 3))
    ctx.progress(60, "Scrittura del file")
    ctx.save_file("rapporto.csv", "".join(f"riga;{i}\n" for i in range(rows)))
    ctx.result = {"rows": rows}
    ctx.notify = bool(ctx.params.get("notify"))


@register_handler("tests.broken", label="Lavoro difettoso")
def broken(ctx: JobContext) -> None:
    ctx.notify = True
    ctx.progress(30, "Calcolo")
    if ctx.params.get("user_error"):
        raise JobError("Il file non contiene la colonna «titolo».")
    raise RuntimeError("secret internal detail /etc/passwd")


@register_handler("tests.atomic_progress", label="Avanzamento in transazione")
def atomic_progress(ctx: JobContext) -> None:
    """Reports progress inside its own transaction and checks another connection sees it."""
    from django.db import DEFAULT_DB_ALIAS, connections, transaction

    with transaction.atomic():
        ctx.progress(55, "A metà")
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT progress, step FROM jobs_job WHERE id = %s", [ctx.job.pk])
                progress, step = cursor.fetchone()
        finally:
            other.close()
    ctx.result = {"seen_progress": progress, "seen_step": step}


@register_handler("tests.write_then_fail", label="Scrittura interrotta")
def write_then_fail(ctx: JobContext) -> None:
    with ctx.open_file("parziale.csv") as handle:
        handle.write(b"riga;1\n")
        raise JobError("Scrittura interrotta.")
