"""Background work of the councils: the minutes PDF (a job)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from citta_del_noi.jobs.services import JobContext, JobError, register_handler
from citta_del_noi.pdf_fetcher import data_only_fetcher

from .models import Minutes
from .selectors import agenda_of, attendance_of, members_in_office, quorum_of


def render_minutes_pdf(minutes: Minutes) -> bytes:

    meeting = minutes.meeting
    html = render_to_string(
        "consigli/minutes_pdf.html",
        {
            "minutes": minutes,
            "meeting": meeting,
            "council": meeting.consiglio,
            "agenda": agenda_of(meeting),
            "quorum": quorum_of(meeting),
            "attendance": attendance_of(meeting),
            "members": members_in_office(meeting.consiglio, meeting.date),
            "decisions": meeting.agenda_items.filter(decisions__isnull=False).distinct(),
            "errata": minutes.errata.all(),
        },
    )
    return HTML(string=html, url_fetcher=data_only_fetcher(), base_url="about:blank").write_pdf(
        pdf_variant="pdf/ua-1"
    )


@register_handler("consigli.minutes_pdf", label=gettext_lazy("PDF del verbale"))
def minutes_pdf(ctx: JobContext) -> None:
    minutes = (
        Minutes.objects.select_related("meeting__consiglio")
        .filter(pk=int(ctx.params.get("minutes_id") or 0))
        .first()
    )
    if minutes is None:
        raise JobError(gettext_lazy("Il verbale non esiste più."))
    ctx.progress(20, gettext_lazy("Composizione del verbale"))
    pdf = render_minutes_pdf(minutes)
    ctx.progress(90, gettext_lazy("Salvataggio del file"))
    ctx.save_file(f"verbale-{minutes.meeting.date:%Y-%m-%d}.pdf", pdf)
    ctx.result = {"pages": pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")}
