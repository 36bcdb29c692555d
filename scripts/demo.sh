#!/usr/bin/env bash
# Run the portal locally with demo data: the embedded default (SQLite under var/, eager Celery,
# e-mail printed to the console), on http://127.0.0.1:8000/. seed_demo prints the sign-ins.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Always the embedded default, whatever the calling shell has exported.
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL
export DJANGO_SETTINGS_MODULE=send_portal.settings
export DEBUG=1
# Demo mode: the two-factor page shows the demo accounts' authenticator code (never in production).
export SEND_PORTAL_DEMO=1

"$ROOT/scripts/setup.sh"
echo "==> demo: loading demo data"
.venv/bin/python manage.py seed_demo
echo "==> demo: http://127.0.0.1:8000/ (Ctrl-C to stop)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
