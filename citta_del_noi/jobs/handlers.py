"""Built-in job kinds. `jobs.selftest` proves the whole path (broker, worker, database, files)."""

from __future__ import annotations

import os
import time

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .services import JobContext, JobError, register_handler


@register_handler("jobs.selftest", label=_("Prova del sistema dei lavori"))
def selftest(ctx: JobContext) -> None:
    rows = max(1, min(int(ctx.params.get("rows", 3)), 1000))
    pause = max(0.0, min(float(ctx.params.get("pause", 0)), 5.0))
    for index in range(rows):
        ctx.progress(
            int(index * 90 / rows), _t("Riga %(n)s di %(total)s") % {"n": index + 1, "total": rows}
        )
        if pause:
            time.sleep(pause / rows)
    if ctx.params.get("fail"):
        raise JobError(_("Errore di prova richiesto."))
    ctx.save_file("prova.txt", "".join(f"riga {i + 1}\n" for i in range(rows)))
    ctx.result = {"rows": rows, "pid": os.getpid()}
