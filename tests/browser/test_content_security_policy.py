"""The CSP allows no inline styles (issue 12, point 6): the header's style-src has no
'unsafe-inline', and Chromium records no CSP violation on the main pages, public and staff,
including those with SVG charts and progress bars."""

from __future__ import annotations

import pytest
from django.test import Client

from citta_del_noi.jobs.models import Job, JobStatus
from tests.browser.conftest import login
from tests.world import PASSWORD, TOTP_SECRET, build_world

pytestmark = pytest.mark.django_db(transaction=True)

# Collects every violation the page reports (securitypolicyviolation events).
RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || 'inline'} `
    + `${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""

PUBLIC = ["/", "/programma/", "/territorio/", "/bilancio-sociale/", "/account/login/"]
STAFF = [
    "/area-riservata/",
    "/cruscotto/",
    "/cruscotto/territorio/",
    "/attivita/",
    "/agenzie/",
    "/consigli/",
    "/bilancio-sociale/gestione/",
    "/attivita/organizzazioni/coop-alfa/",  # progress bars
    "/agenzie/conoscenza/",
]


@pytest.fixture
def browser_world(reference):
    return build_world()


def _violations(page, paths: list[str], console: list[str]) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status < 400, (path, response and response.status)
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {v}" for v in page.evaluate("window.__csp")]
    found += [m for m in console if "Content Security Policy" in m]
    return found


def test_style_src_has_no_unsafe_inline(browser_world) -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    style = next(p for p in policy.split(";") if p.strip().startswith("style-src"))
    assert "'unsafe-inline'" not in style
    assert response["Permissions-Policy"].startswith("accelerometer=()")
    assert "camera=()" in response["Permissions-Policy"]


def test_no_csp_violation_on_the_main_pages(page, browser_world) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORDER)
    found = _violations(page, PUBLIC, console)
    assert not found, "\n".join(found)
    login(page, "staff@example.org", PASSWORD, TOTP_SECRET)
    job = Job.objects.create(
        kind="jobs.selftest", params={}, params_hash="csp", status=JobStatus.RUNNING, progress=40
    )
    found = _violations(page, [*STAFF, f"/lavori/{job.pk}/"], console)
    assert not found, "\n".join(found)
