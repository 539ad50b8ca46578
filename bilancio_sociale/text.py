"""Plain text of the Bilancio's editors turned into HTML (used by render.py and narrative.py)."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString


def paragraphs(text: str) -> SafeString:
    """Plain text → escaped <p> paragraphs (blank line) with <br> for single newlines."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return format_html_join(
        "",
        "<p>{}</p>",
        ((SafeString("<br>".join(str(escape(line)) for line in p.split("\n"))),) for p in parts),
    )
