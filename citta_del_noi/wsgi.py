import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citta_del_noi.settings.production")

application = get_wsgi_application()

# URL reverse tables and compiled templates before the worker's first request (issue 14).
from citta_del_noi.core.warmup import warm_up  # noqa: E402 - needs the apps loaded above

warm_up()
