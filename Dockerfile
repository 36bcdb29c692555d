# Production image for the SEND Partnership Portal: gunicorn (web), Celery worker and beat all run
# from it (see docker-compose.yml).

# --- Front end: GOV.UK Frontend 6 compiled with Sass (needs Node.js 20.19+, newer than Debian 12's
# nodejs package, so it is built in Node's own image and only static/dist is kept) -------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build_frontend.mjs scripts/
COPY static/src static/src
RUN npm run build

# --- Application ---------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=send_portal.settings.production \
    SEND_PORTAL_VAR_DIR=/app/var

# WeasyPrint's libraries (Pango, HarfBuzz subsetting) and the fonts the PDFs use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
COPY --from=frontend /build/static/dist static/dist

# Static files are collected at build time. The production settings refuse to load without a
# long random SECRET_KEY: this one exists only for this RUN line and is not kept in the image.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
        python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home portal \
    && mkdir -p /app/var/private \
    && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "send_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
