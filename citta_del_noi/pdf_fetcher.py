"""The one WeasyPrint URL fetcher of the portal: a PDF loads nothing from outside itself.

Every PDF build (the Bilancio Sociale, the minutes of a council) embeds its charts as data:
URIs; a file:// or remote URL in the HTML or CSS (a stray <img>, a url() in a stylesheet,
text pasted by a user) is refused rather than read from the disk or the network.
"""

from __future__ import annotations

from typing import Any

from weasyprint.urls import URLFetcher


class DataOnlyFetcher(URLFetcher):
    """Refuses file:// and every remote URL: only data: URIs (embedded charts) load."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"Risorsa esterna non consentita nel PDF: {url[:80]}")
        return super().fetch(url, headers)


def data_only_fetcher(timeout: int = 5) -> DataOnlyFetcher:
    """A fresh fetcher for one build (pass it to both HTML() and CSS())."""
    return DataOnlyFetcher(timeout=timeout, allowed_protocols=("data",))
