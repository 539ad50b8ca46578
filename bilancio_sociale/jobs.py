"""The worker side of the Bilancio Sociale: the PDF build job."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from citta_del_noi.jobs.registry import register_handler
from citta_del_noi.jobs.services import JobContext

from .models import EditionVersion
from .services import BUILD_KIND, version_build_pdf


@register_handler(BUILD_KIND, label=_("PDF del Bilancio Sociale"))
def build_pdf(ctx: JobContext) -> None:
    """Build the PDF of one published version. Re-running it (retry after a crash) is safe."""
    ctx.notify = True
    version = EditionVersion.objects.select_related("edition").get(pk=ctx.params["version_id"])
    ctx.progress(2, _("Avvio della generazione"))
    version_build_pdf(version=version, progress=ctx.progress)
    version.refresh_from_db()
    ctx.result = {
        "edition": version.edition.slug,
        "version": version.number,
        "pdf": version.pdf.name,
        "sha256": version.pdf_sha256,
        "pages": version.pdf_pages,
        # shown by the progress card when the bar reaches 100% (jobs/_progress.html)
        "url": reverse(
            "bilancio_sociale:version_pdf",
            kwargs={"slug": version.edition.slug, "number": version.number},
        ),
    }
