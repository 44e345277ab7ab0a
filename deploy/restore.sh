#!/bin/sh
# Restore a backup into an EMPTY database (stop the web processes and the mail worker first):
#   deploy/restore.sh /var/backups/forum/forum-20261206T031500Z.dump      (PostgreSQL, DATABASE_URL)
#   deploy/restore.sh /var/backups/forum/forum-20261206T031500Z.sqlite    (SQLite: copied into place)
set -eu
file="${1:?backup file}"
case "${DATABASE_URL:?DATABASE_URL is not set}" in
  postgresql*)
    url="$(printf '%s' "$DATABASE_URL" | sed 's/^postgresql+psycopg:/postgresql:/')"
    pg_restore --no-owner --exit-on-error --dbname="$url" "$file"
    ;;
  sqlite:///*)
    cp "$file" "${DATABASE_URL#sqlite:///}"
    ;;
esac
