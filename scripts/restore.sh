#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty, existing) database TARGET_URL,
# in one transaction: it either restores completely or changes nothing. See docs/backups.md.
#   TARGET_URL=postgres://... scripts/restore.sh FILE
set -euo pipefail

FILE="${1:?Give the backup file to restore}"
: "${TARGET_URL:?Set TARGET_URL to the empty database to restore into}"

pg_restore --exit-on-error --single-transaction --no-owner --no-privileges \
    --dbname="$TARGET_URL" "$FILE"
echo "Restored $FILE"
