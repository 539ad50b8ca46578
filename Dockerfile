# Brescia Città del Noi — production image (web, worker and beat share it).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=citta_del_noi.settings.production \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media

# WeasyPrint needs Pango (and HarfBuzz, pulled in by it) plus fonts for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 fontconfig \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 portale \
    && useradd --system --uid 1000 --gid portale --home-dir /app --shell /usr/sbin/nologin portale

WORKDIR /app

# Dependencies first (pinned by constraints.txt), so code changes do not reinstall them.
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .

COPY --chown=portale:portale . .

# Static files are collected at build time and served by WhiteNoise (hashed, compressed).
# The key below exists only for this build step; the real one comes from the environment.
RUN DJANGO_SECRET_KEY=build-only-collectstatic DJANGO_ALLOWED_HOSTS=localhost \
        PORTAL_BASE_URL=https://build.invalid \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/broker /app/var/beat \
    && chown -R portale:portale /app/var /app/staticfiles

USER portale
EXPOSE 8000

CMD ["gunicorn", "citta_del_noi.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
