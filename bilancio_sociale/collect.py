"""Collecting the Bilancio's data: every registered provider called once, and the edition's
texts. Used by the snapshot (services.py) and by the staff preview (selectors.py), below both."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _g

from citta_del_noi.reporting.blocks import validate_block

from . import narrative
from .models import Edition
from .registry import Period, preparations, sections

log = logging.getLogger("bilancio_sociale.services")


def texts_of(edition: Edition) -> dict[str, str]:
    """The edition's texts: a section's own by its key, a part by "section key/sub key"."""
    return {
        narrative.text_key(section_key, sub_key): body
        for section_key, sub_key, body in edition.texts.values_list(
            "section_key", "sub_key", "body"
        )
    }


def collect_sections(period: Period, only: set[str] | None = None) -> list[dict[str, Any]]:
    """Call every registered provider once (in Italian) and return the sections as JSON data."""
    for prepare in preparations():
        prepare()
    out = []
    with translation.override(settings.LANGUAGE_CODE[:2] or "it"):
        for section in sections():
            if only is not None and section.key not in only:
                continue
            blocks = []
            for block in section.blocks:
                try:
                    data = block.provider(period)
                    if isinstance(data, dict) and data:
                        # a block of the wrong shape counts as a broken provider, named in the log
                        validate_block(data, f"Bilancio block {section.key}.{block.key}")
                except Exception:  # a broken provider must not stop the whole report
                    log.exception("Bilancio provider %s.%s failed", section.key, block.key)
                    data = {
                        "kind": "empty",
                        "note": _g("Dati non disponibili per un errore di calcolo."),
                    }
                if not isinstance(data, dict) or not data:
                    data = {"kind": "empty", "note": _g("Nessun dato registrato.")}
                blocks.append(
                    {
                        "key": block.key,
                        "title": str(block.title),
                        "description": str(block.description or ""),
                        "data": data,
                    }
                )
            out.append(
                {
                    "key": section.key,
                    "title": str(section.title),
                    "order": section.order,
                    "description": str(section.description or ""),
                    "blocks": blocks,
                }
            )
    return out
