"""The demo's owners' committee: yeweihui of 枫墅小镇小区, the admin's five items, its input in the open quarter."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from inspect_app import demo
from inspect_app.assessment import ranking
from inspect_app.auth.models import User
from inspect_app.committees import queries
from inspect_app.committees.models import CommitteeInput
from inspect_app.core.db import db
from inspect_app.demo.committees import seed_committees


def test_the_demo_committee_and_its_input(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the demo is seeded once, on SQLite (it takes a minute)")
    demo.seed_demo()
    user = db.session.scalar(select(User).where(User.username == "yeweihui"))
    assert user.role == "committee" and user.neighborhood.name == "枫墅小镇小区"
    period = queries.current_period()
    assert [(s.neighborhood, s.company, s.percentage) for s in queries.summaries(period.id)] == [
        ("枫墅小镇小区", "九州物业", Decimal(85))]  # 18 + 16 + 15 + 17 + 19 of 100
    row = ranking.ranking(period).row(user.neighborhood.company_id)
    assert row.special_mix.committee == Decimal(85) and row.result.special == Decimal(85)
    seed_committees()  # a second run adds nothing
    assert db.session.scalar(select(func.count()).select_from(CommitteeInput)) == 1
    assert len(queries.master_items()) == 5
