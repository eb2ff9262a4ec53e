"""0005_places backfills one open service period for each neighbourhood that has a company."""

from datetime import date

from flask_migrate import upgrade
from sqlalchemy import text

from inspect_app import create_app
from inspect_app.core.db import db


def test_backfill_opens_a_period_from_the_neighbourhoods_created_date(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "SECRET_KEY": "x" * 40})
    with app.app_context():
        # From before every go-live migration, with rows that others reference: SQLite's batch rebuilds of
        # user_account and neighborhood must keep them (foreign keys are off during migrations, checked after).
        upgrade(revision="0004_photo_rectification_report")
        for statement in (
            "INSERT INTO district (id, name, short_name) VALUES (1, '经开区', '经开')",
            "INSERT INTO subdistrict (id, district_id, name) VALUES (1, 1, '南站街道')",
            "INSERT INTO community (id, subdistrict_id, name) VALUES (1, 1, '富强路社区')",
            "INSERT INTO property_company (id, district_id, name, is_active, created_at)"
            " VALUES (1, 1, '九州物业', 1, '2024-03-01 17:00:00.000000')",
            "INSERT INTO neighborhood (id, community_id, company_id, name, is_gated, public_token, created_at)"
            " VALUES (1, 1, 1, '新城名座小区', 1, 'a', '2024-03-01 17:00:00.000000'),"
            "        (2, 1, NULL, '林业北小区', 1, 'b', '2024-03-01 17:00:00.000000')",
            "INSERT INTO user_account (id, username, display_name, password_hash, role, is_enabled, session_version,"
            " created_at) VALUES (1, 'xw', '小王', 'x', 'inspector', 1, 1, '2024-03-01 17:00:00.000000')",
        ):
            db.session.execute(text(statement))
        db.session.commit()
        upgrade()
        rows = db.session.execute(text(
            "SELECT neighborhood_id, company_id, starts_on, ends_on, kind FROM service_period")).all()
        active = db.session.execute(text("SELECT is_active FROM neighborhood ORDER BY id")).scalars().all()
        db.engine.dispose()
    # 17:00 UTC is 01:00 the next day in China
    assert [(r[0], r[1], str(r[2]), r[3], r[4]) for r in rows] == [(1, 1, str(date(2024, 3, 2)), None, "initial")]
    assert [bool(a) for a in active] == [True, True]
