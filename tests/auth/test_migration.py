"""Migration 0006_accounts goes down and up again on a SQLite database that has accounts referred to by findings."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from inspect_app import create_app
from inspect_app.auth.models import User
from inspect_app.core.db import db
from tests import factories


def test_accounts_migration_round_trip_with_rows_referring_to_accounts(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "SECRET_KEY": "t"})
    with app.app_context():
        upgrade()
        world = factories.world()
        factories.finding(world.neighborhood_a, created_by_id=world.inspector.id)
        db.session.remove()
        downgrade(revision="0007_responsible_unit")  # SQLite copies user_account to drop columns: findings point at it
        assert "account_event" not in inspect(db.engine).get_table_names()
        upgrade()  # adding the columns to a table with rows must not copy it
        columns = {c["name"] for c in inspect(db.engine).get_columns("user_account")}
        assert {"must_change_password", "phone"} <= columns
        inspector = db.session.scalar(select(User).where(User.username == "inspector1"))
        assert inspector is not None and inspector.must_change_password is False and inspector.phone is None
        db.session.remove()
        db.engine.dispose()
