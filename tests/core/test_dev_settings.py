"""`make run` (settings.dev) shows the portal's own 404, not Django's debug page (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_make_run_settings_show_the_portal_404_and_serve_static_files() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "citta_del_noi.settings.dev"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.test import Client; "
        "r = Client().get('/pagina-che-non-esiste/', HTTP_HOST='localhost'); "
        "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS, r.status_code, "
        "'Pagina non trovata' in r.content.decode(), 'Technical' in r.content.decode())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split()[-5:] == ["False", "True", "404", "True", "False"]
