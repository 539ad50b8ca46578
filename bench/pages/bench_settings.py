"""Bench-only settings: the production settings plus what the measurement needs, never the product.

- ROOT_URLCONF `bench_urls`: the project's URLs with a trivial view (`HttpResponse("ok")`) mounted
  beside them, so both pass the same middleware stack; the product's URLs stay untouched;
- a first middleware that counts the database queries of each request (`X-Bench-Queries`);
- static files without the manifest (the benchmark runs no `collectstatic --manifest` step);
- the API's rate limits out of the way: the load comes from one address, and a limit answering
  429 is the product working, not a page's speed (the limits are tested in tests/api).
"""

from citta_del_noi.settings.production import *  # noqa: F403
from citta_del_noi.settings.production import MIDDLEWARE, REST_FRAMEWORK

ROOT_URLCONF = "bench_urls"
MIDDLEWARE = ["bench_middleware.QueryCountMiddleware", *MIDDLEWARE]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(
        REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000/min"
    ),
}
