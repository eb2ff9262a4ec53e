"""Migration 0008 (repeat findings) goes down and up again cleanly, keeping existing findings."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from inspect_app import create_app
from inspect_app.core.db import db


def test_repeat_findings_migration_round_trip(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade()
        assert "finding_repeat" in inspect(db.engine).get_table_names()
        downgrade(revision="0005_user_areas")
        assert "finding_repeat" not in inspect(db.engine).get_table_names()
        assert "repeat_count" not in {c["name"] for c in inspect(db.engine).get_columns("finding")}
        upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("finding_repeat")}
        assert {"finding_id", "inspection_id", "item_result_id", "deduction", "created_at"} <= columns
        finding = {c["name"]: c for c in inspect(db.engine).get_columns("finding")}
        assert finding["repeat_count"]["nullable"] is False
        with db.engine.connect() as connection:
            assert connection.execute(text("select count(*) from finding_repeat")).scalar() == 0
        db.engine.dispose()
