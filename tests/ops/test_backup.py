"""Backup and restore round trip on SQLite and PostgreSQL: rows and stored files come back as they were."""

import json
from pathlib import Path

import pytest
from flask_migrate import upgrade

from inspect_app import create_app
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.ops import backup as backups
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import delete_photo, store_photo
from tests import factories
from tests.conftest import _postgres_database
from tests.inspections.helpers import jpeg


@pytest.fixture
def ops_app(fresh_database_url: str, tmp_path: Path):
    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url, "SECRET_KEY": "test-secret-key",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def photo_files(app, photo: Photo) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [root / p for p in (photo.original_path, photo.display_path, photo.thumb_path)]


def test_round_trip_brings_back_rows_and_files(ops_app, tmp_path: Path):
    world = factories.world()
    photo = store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=world.inspector, watermark_lines=["t"])
    photo_id, files = photo.id, photo_files(ops_app, photo)
    contents, inspector_id, name = [p.read_bytes() for p in files], world.inspector.id, world.inspector.display_name
    runner = ops_app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "bk")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["counts"]["photo"] == 1 and manifest["uploads"]["files"] == 3
    assert manifest["database"] == ("sqlite" if "sqlite" in ops_app.config["SQLALCHEMY_DATABASE_URI"]
                                    else "postgresql")

    delete_photo(photo)
    world.inspector.display_name = "改过的名字"
    factories.user("after_backup", world.inspector.role)
    db.session.commit()
    assert not any(p.exists() for p in files)
    db.session.remove()  # the restore waits for nobody: no open transaction may hold the tables

    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "bk")])
    assert result.exit_code == 0, result.output
    assert "restored" in result.output and "differs" not in result.output
    assert db.session.get(Photo, photo_id) is not None
    assert [p.read_bytes() for p in files] == contents
    assert db.session.get(User, inspector_id).display_name == name
    assert db.session.scalar(db.select(User).where(User.username == "after_backup")) is None
    assert backups.verify(manifest) == []


def test_backup_refuses_a_folder_in_use_and_restore_a_folder_without_manifest(ops_app, tmp_path: Path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "something").write_text("x")
    runner = ops_app.test_cli_runner()
    result = runner.invoke(args=["backup", str(used)])
    assert result.exit_code != 0 and "not empty" in result.output
    result = runner.invoke(args=["restore", "--yes", str(used)])
    assert result.exit_code != 0 and "manifest.json" in result.output


def test_restore_refuses_a_backup_of_the_other_database_kind(ops_app, tmp_path: Path):
    backups.backup(tmp_path / "bk")
    manifest_path = tmp_path / "bk" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"] = "postgresql" if manifest["database"] == "sqlite" else "sqlite"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(backups.BackupError, match="backup is of a"):
        backups.restore(tmp_path / "bk")


def test_pg_dump_older_than_the_server_is_named(request, tmp_path: Path, monkeypatch):
    app = create_app({"TESTING": True, "DATABASE_URL": _postgres_database(request), "SECRET_KEY": "test-secret-key",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    monkeypatch.setattr(backups, "server_major", lambda: 99)
    with app.app_context(), pytest.raises(backups.BackupError, match="PostgreSQL 99 server.*postgresql-client-99"):
        try:
            backups.backup(tmp_path / "bk")
        finally:
            db.engine.dispose()
