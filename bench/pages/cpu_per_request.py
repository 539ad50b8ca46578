"""CPU ms per warm request through Django's test client (issue 14, per-request overhead).

    DATABASE_URL=... REDIS_URL=... python bench/pages/cpu_per_request.py

Bench settings (production + trivial view) on a demo-seeded database: the trivial view and
/cruscotto/ for a council president and for staff, the median and mean `time.process_time`
of N (default 40) requests after 5 warm-up requests.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
for name, value in {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "PORTAL_BASE_URL": "http://127.0.0.1",
    "DATABASE_CONN_MAX_AGE": "600",
}.items():
    os.environ.setdefault(name, value)

ACCOUNTS = {"staff": "staff@cittadelnoi.demo", "consiglio": "presidente@cittadelnoi.demo"}
PAGES = [
    ("consiglio", "/__bench__/ok/"),
    ("consiglio", "/cruscotto/"),
    ("staff", "/cruscotto/"),
    ("consiglio", "/__bench__/ok/"),
]


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    from citta_del_noi.accounts.models import User

    n = int(os.environ.get("N", "40"))
    for role, path in PAGES:
        client = Client(secure=True)
        client.force_login(User.objects.get(email=ACCOUNTS[role]))
        for _ in range(5):
            client.get(path)
        times = []
        status = 0
        for _ in range(n):
            t0 = time.process_time()
            status = client.get(path).status_code
            times.append((time.process_time() - t0) * 1000)
        print(
            f"{role:10} {path:16} {status} median {statistics.median(times):.1f} CPU ms"
            f"  mean {statistics.mean(times):.1f}"
        )


if __name__ == "__main__":
    main()
