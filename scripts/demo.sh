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

# Where to serve it: PORT (default 8000) on 127.0.0.1, or DEMO_ADDRESS=host:port.
ADDRESS="${DEMO_ADDRESS:-127.0.0.1:${PORT:-8000}}"

"$ROOT/scripts/setup.sh"
# The header names the service after whoever runs it: the demo partnership, unless set.
if [[ -z "${COUNCIL_NAME:-}" ]]; then
  COUNCIL_NAME="$(.venv/bin/python -c 'from send_portal.demo import DEMO_OPERATOR; print(DEMO_OPERATOR)')"
  export COUNCIL_NAME
fi
echo "==> demo: loading demo data"
.venv/bin/python manage.py seed_demo --address "$ADDRESS"
echo "==> demo: http://$ADDRESS/ (Ctrl-C to stop)"
exec .venv/bin/python manage.py runserver "$ADDRESS"
