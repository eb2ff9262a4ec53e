"""Consistent backups of the database and the uploads folder, and restoring them."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL, make_url

from inspect_app.core.db import db
from inspect_app.core.storage import write_atomic
from inspect_app.ops.storage_check import stored_files, upload_root

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
UPLOADS_FILE = "uploads.tar.gz"
FORMAT_VERSION = 1
TOOL_TIMEOUT = 3600
# A restore waits at most this long for a table lock held by a running app server, then fails cleanly.
PG_LOCK_TIMEOUT = "-c lock_timeout=60000"


class BackupError(RuntimeError):
    """A backup or restore refused or failed; the message says what to do."""


def database_url() -> URL:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def database_kind(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database for backups: {backend}")
    return backend


def backup(dest: Path) -> dict:
    """Database first, then files: a file uploaded in between is an orphan in the copy, never a missing one."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} exists and is not empty: choose a new folder for each backup")
    url = database_url()
    kind = database_kind(url)
    pg_dump = _pg_dump_tool() if kind == "postgresql" else ""  # refuse before writing anything
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)  # photos and residents' reports are personal data
    manifest = {"format": FORMAT_VERSION, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": kind, "alembic_revision": _alembic_revision(), "counts": table_counts()}
    if kind == "sqlite":
        manifest["database_file"] = _sqlite_backup(_sqlite_path(url), dest / SQLITE_FILE)
    else:
        manifest["database_file"], manifest["pg_dump_version"] = _pg_dump(pg_dump, url, dest / PG_FILE)
    manifest["uploads_file"], manifest["uploads"] = _archive_uploads(upload_root(), dest / UPLOADS_FILE)
    write_atomic(dest / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return manifest


def restore(src: Path) -> dict:
    """Bring back the database and the stored files of a backup; files uploaded since stay (storage check)."""
    src = Path(src)
    manifest = read_manifest(src)
    url = database_url()
    if manifest["database"] != database_kind(url):
        raise BackupError(f"backup is of a {manifest['database']} database, the app uses {database_kind(url)}")
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the old database open
    if manifest["database"] == "sqlite":
        _sqlite_restore(src / manifest["database_file"], _sqlite_path(url))
    else:
        _pg_restore(url, src / manifest["database_file"], manifest.get("pg_dump_version", 0))
    _extract_uploads(src / manifest["uploads_file"], upload_root())
    return manifest


def verify(manifest: dict) -> list[str]:
    """Tables whose row count differs from the backup's: empty after a good restore."""
    now = table_counts()
    return [f"{name}: {count} rows, backup had {manifest['counts'].get(name)}" for name, count in now.items()
            if manifest["counts"].get(name) != count]


def read_manifest(src: Path) -> dict:
    path = Path(src) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} not found: not a backup, or an unfinished one")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for key in ("database_file", "uploads_file"):
        if not (Path(src) / manifest[key]).is_file():
            raise BackupError(f"{manifest[key]} missing from {src}")
    return manifest


def table_counts() -> dict[str, int]:
    """Rows per table, to compare a restore with its backup."""
    counts = {}
    existing = set(inspect(db.engine).get_table_names())  # an older schema lacks the newest tables
    for table in db.metadata.sorted_tables:
        if table.name in existing:
            counts[table.name] = db.session.scalar(select(func.count()).select_from(table)) or 0
    db.session.rollback()
    return counts


def _alembic_revision() -> str | None:
    try:
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # noqa: BLE001 - a database never migrated has no revision to record
        db.session.rollback()
        return None


# --- SQLite: the online backup API, both ways --------------------------------------------------------

def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page by page under SQLite's own locks: consistent while others write, and WAL-aware."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_backup(source: Path, target: Path) -> str:
    _sqlite_copy(source, target)
    target.chmod(0o600)
    return target.name


def _sqlite_restore(backup_file: Path, live: Path) -> None:
    # Copying the file over would leave the live -wal and -shm files to be replayed onto it: corruption.
    _sqlite_copy(backup_file, live)


# --- PostgreSQL: pg_dump custom format, pg_restore --clean ------------------------------------------

def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URL without the password (it goes in PGPASSWORD, never on a command line others can read)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found: apt-get install postgresql-client (the server's major version)")
    return path


def tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if match is None:
        raise BackupError(f"cannot read the version of {path}: {output!r}")
    return int(match.group(1))


def server_major() -> int:
    return int(db.session.scalar(text("SHOW server_version_num"))) // 10000


def _pg_dump_tool() -> str:
    pg_dump = _tool("pg_dump")
    client, server = tool_major(pg_dump), server_major()
    db.session.rollback()
    if server > client:
        raise BackupError(f"pg_dump {client} cannot dump a PostgreSQL {server} server: install "
                          f"postgresql-client-{server} and put its pg_dump first on PATH")
    return pg_dump


def _pg_dump(pg_dump: str, url: URL, target: Path) -> tuple[str, int]:
    client = tool_major(pg_dump)
    dsn, env = _libpq(url)
    _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", f"--dbname={dsn}"],
         env)
    target.chmod(0o600)
    return target.name, client


def _pg_restore(url: URL, dump: Path, dump_major: int) -> None:
    pg_restore = _tool("pg_restore")
    if tool_major(pg_restore) < dump_major:
        raise BackupError(f"the backup was made by pg_dump {dump_major}; pg_restore "
                          f"{tool_major(pg_restore)} cannot read it: install postgresql-client-{dump_major}")
    dsn, env = _libpq(url)
    env["PGOPTIONS"] = PG_LOCK_TIMEOUT
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={dsn}", str(dump)], env)


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


# --- The uploads folder ------------------------------------------------------------------------------

def _is_temporary(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(".tmp")  # an upload still being written (core/storage.py)


def _archive_uploads(root: Path, target: Path) -> tuple[str, dict[str, int]]:
    files, size = 0, 0
    # Photos are already compressed: the fastest gzip level costs little and saves nothing worth waiting for.
    with tarfile.open(target, "w:gz", compresslevel=1) as archive:
        for relative in sorted(stored_files(root) if root.is_dir() else {}):
            if _is_temporary(relative) or relative.startswith(".restore-"):
                continue
            try:
                info = archive.gettarinfo(root / relative, arcname=relative)
                with (root / relative).open("rb") as data:
                    if info.isfile():
                        archive.addfile(info, data)
                        files, size = files + 1, size + info.size
            except FileNotFoundError:
                continue  # deleted while we archived: its row is gone too, or storage check will say so
    target.chmod(0o600)
    return target.name, {"files": files, "bytes": size}


def _extract_uploads(archive_path: Path, root: Path) -> None:
    """Unpack beside the live files, then move each into place atomically; the data filter refuses tricks."""
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".restore-{uuid.uuid4().hex}"
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            target = root / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
