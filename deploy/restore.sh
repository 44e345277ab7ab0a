#!/bin/sh
# Restore a backup into an EMPTY database (stop the web processes and the mail worker first):
#   deploy/restore.sh /var/backups/forum/forum-20261206T031500Z.dump      (PostgreSQL, DATABASE_URL)
#   deploy/restore.sh /var/backups/forum/forum-20261206T031500Z.sqlite    (SQLite: copied into place)
# The uploaded files of the same night (forum-….storage.tar.gz beside it) go back into STORAGE_DIR.
set -eu
file="${1:?backup file}"
storage="${STORAGE_DIR:-$(dirname "$0")/../instance/storage}"
case "${DATABASE_URL:?DATABASE_URL is not set}" in
  postgresql*)
    url="$(printf '%s' "$DATABASE_URL" | sed 's/^postgresql+psycopg:/postgresql:/')"
    pg_restore --no-owner --exit-on-error --dbname="$url" "$file"
    ;;
  sqlite:///*)
    cp "$file" "${DATABASE_URL#sqlite:///}"
    ;;
esac
files="${file%.*}.storage.tar.gz"
if [ -f "$files" ]; then
  mkdir -p "$storage"
  tar -xzf "$files" -C "$storage"
fi
