"""The announced_photo migration goes down and up again cleanly."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from inspect_app import create_app
from inspect_app.core.db import db


def test_announced_photo_migration_round_trip(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade()
        assert "announced_photo" in inspect(db.engine).get_table_names()
        downgrade(revision="0002_score_details")
        assert "announced_photo" not in inspect(db.engine).get_table_names()
        upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("announced_photo")}
        assert {"inspection_id", "item_id", "client_key", "announced_by_id", "created_at"} <= columns
        db.engine.dispose()
