#!/bin/sh
# Nightly backup: PostgreSQL with pg_dump (custom format), or SQLite with its online .backup (the one-process
# shape); and the uploaded files (resources, annexes: STORAGE_DIR) as a tar beside it. Keeps 14 days.
# Usage: deploy/backup.sh DIRECTORY   (DATABASE_URL and STORAGE_DIR read from the environment)
set -eu
dir="${1:?backup directory}"
storage="${STORAGE_DIR:-$(dirname "$0")/../instance/storage}"
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
case "${DATABASE_URL:?DATABASE_URL is not set}" in
  postgresql*)
    url="$(printf '%s' "$DATABASE_URL" | sed 's/^postgresql+psycopg:/postgresql:/')"
    pg_dump --format=custom --no-owner --file="$dir/forum-$stamp.dump" "$url"
    ;;
  sqlite:///*)
    path="${DATABASE_URL#sqlite:///}"
    python3 -c 'import sqlite3, sys; s = sqlite3.connect(sys.argv[1]); d = sqlite3.connect(sys.argv[2]); s.backup(d); d.close()' \
      "$path" "$dir/forum-$stamp.sqlite"
    ;;
  *) echo "unknown DATABASE_URL" >&2; exit 2 ;;
esac
# the files after the database: a file the database names is in the tar (files are written before their row)
mkdir -p "$storage"
tar -czf "$dir/forum-$stamp.storage.tar.gz" -C "$storage" .
find "$dir" -name 'forum-*' -mtime +14 -delete
echo "$dir/forum-$stamp"
