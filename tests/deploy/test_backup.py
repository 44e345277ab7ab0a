"""The nightly backup holds the uploaded files with the database, and the restore puts both back (SQLite, the
one-process shape; PostgreSQL's dump is tested with the production shape)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_backup_restores_the_database_and_the_uploaded_files(tmp_path):
    database = tmp_path / "forum.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE resources (id INTEGER PRIMARY KEY, file_key TEXT)")
        db.execute("INSERT INTO resources (file_key) VALUES ('resources/1/abc.pdf')")
    storage = tmp_path / "storage"
    (storage / "resources" / "1").mkdir(parents=True)
    (storage / "resources" / "1" / "abc.pdf").write_bytes(b"%PDF-1.4 the guide")
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}", "STORAGE_DIR": str(storage)}
    made = subprocess.run(
        [str(ROOT / "deploy/backup.sh"), str(tmp_path / "backups")], env=env, capture_output=True, text=True, check=True
    )
    stem = made.stdout.strip()
    assert Path(stem + ".sqlite").exists() and Path(stem + ".storage.tar.gz").exists()

    restored_db, restored_files = tmp_path / "new.db", tmp_path / "new-storage"
    subprocess.run(
        [str(ROOT / "deploy/restore.sh"), stem + ".sqlite"],
        check=True,
        capture_output=True,
        env={**env, "DATABASE_URL": f"sqlite:///{restored_db}", "STORAGE_DIR": str(restored_files)},
    )
    with sqlite3.connect(restored_db) as db:
        assert db.execute("SELECT file_key FROM resources").fetchall() == [("resources/1/abc.pdf",)]
    assert (restored_files / "resources" / "1" / "abc.pdf").read_bytes() == b"%PDF-1.4 the guide"
