"""The one WeasyPrint URL fetcher: data: URIs load, nothing else does."""

from __future__ import annotations

import pytest

from citta_del_noi.pdf_fetcher import data_only_fetcher


def test_a_data_uri_loads() -> None:
    response = data_only_fetcher()("data:text/plain;base64,Y2lhbw==")
    assert response.read() == b"ciao"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "https://example.org/x.png", "http://127.0.0.1/", "ftp://x/y"]
)
def test_files_and_remote_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        data_only_fetcher()(url)
