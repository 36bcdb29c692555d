#!/usr/bin/env bash
# Back up the portal's PostgreSQL database: a compressed, consistent pg_dump (custom format,
# one snapshot, no owners or grants so it restores into any role). See docs/backups.md.
#   scripts/backup.sh [FILE]     (default: var/backups/send_portal-YYYYmmdd-HHMMSS.dump)
# Reads DATABASE_URL (postgres://user:password@host:port/name).
set -euo pipefail

: "${DATABASE_URL:?Set DATABASE_URL to the database to back up}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="${1:-$ROOT/var/backups/send_portal-$(date -u +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$FILE")"
umask 077  # the dump holds children's records: readable by its owner only

pg_dump --format=custom --compress=6 --no-owner --no-privileges \
    --file="$FILE.partial" "$DATABASE_URL"
# Prove the file is a complete, readable archive before calling it a backup.
pg_restore --list "$FILE.partial" > /dev/null
mv "$FILE.partial" "$FILE"
echo "$FILE"
