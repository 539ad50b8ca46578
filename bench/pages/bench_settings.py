"""Bench-only settings: the production settings plus what the measurement needs, never the product.

- ROOT_URLCONF `bench_urls`: the project's URLs with a trivial view (`HttpResponse("ok")`) mounted
  beside them, so both pass the same middleware stack; the product's URLs stay untouched;
- a first middleware that counts the database queries of each request (`X-Bench-Queries`);
- static files without the manifest (the benchmark runs no `collectstatic --manifest` step).
"""

from citta_del_noi.settings.production import *  # noqa: F403
from citta_del_noi.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench_urls"
MIDDLEWARE = ["bench_middleware.QueryCountMiddleware", *MIDDLEWARE]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
