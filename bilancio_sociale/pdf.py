"""The PDF of a published version, through WeasyPrint, from the same document as the web page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _g
from weasyprint import CSS, HTML

from citta_del_noi.pdf_fetcher import data_only_fetcher

from .render import Document
from .selectors import document_for_version

Step = Callable[[int, str], None]


def _noop(pct: int, label: str) -> None:
    return None


def print_css() -> str:
    path = finders.find("bilancio_sociale/print.css")
    if not path:
        raise RuntimeError("static/bilancio_sociale/print.css not found")
    return Path(str(path)).read_text(encoding="utf-8")


def render_document_pdf(
    document: Document, *, step: Step = _noop, lang: str = "it"
) -> tuple[bytes, int]:
    """HTML per section (real progress), then WeasyPrint layout and PDF/UA output."""

    # WeasyPrint logs every page laid out at INFO: the job's own steps say what matters.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    with translation.override(lang):
        parts = []
        total = max(len(document.sections), 1)
        for i, section in enumerate(document.sections):
            parts.append(
                render_to_string(
                    "bilancio_sociale/pdf/_section.html", {"section": section, "document": document}
                )
            )
            step(
                10 + int(40 * (i + 1) / total),
                _g("Impaginazione della sezione %(n)s di %(tot)s") % {"n": i + 1, "tot": total},
            )
        html = render_to_string(
            "bilancio_sociale/pdf/document.html",
            {
                "document": document,
                "body": format_html_join("", "{}", ((p,) for p in parts)),
                "lang": lang,
            },
        )
    step(55, _g("Composizione delle pagine (WeasyPrint)"))
    fetcher = data_only_fetcher(timeout=5)
    doc = HTML(string=html, base_url="data:,", url_fetcher=fetcher).render(
        stylesheets=[CSS(string=print_css(), url_fetcher=fetcher)],
    )
    step(80, _g("Scrittura del PDF accessibile"))
    pdf = doc.write_pdf(pdf_variant="pdf/ua-1")
    return pdf, len(doc.pages)


def render_pdf(*, version: Any, step: Step = _noop) -> tuple[bytes, int]:

    step(5, _g("Caricamento dei dati congelati"))
    document = document_for_version(version)
    return render_document_pdf(document, step=step)
