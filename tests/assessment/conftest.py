"""Published quarters for the public ranking's tests (pages, exports, the WeChat picture)."""

from datetime import date
from decimal import Decimal as D

import pytest

from inspect_app.assessment import services
from inspect_app.core.db import db
from tests.assessment.helpers import patrols, period

Q1_DAY, Q2_DAY, Q3_DAY, Q4_DAY = date(2025, 2, 1), date(2025, 5, 1), date(2025, 8, 1), date(2025, 11, 1)


@pytest.fixture
def quarters(world):
    """2025Q1 and Q2 published (九州物业 climbs from 2nd to 1st), Q3 closed only, Q4 open."""
    world.company_a.contact_name, world.company_a.contact_phone = "钱经理", "0313-5550002"
    world.neighborhood_a.owners_committee_contact = "业委会 张三 13800000000"
    db.session.commit()
    for code, day, a, b in (("2025Q1", Q1_DAY, 70, 90), ("2025Q2", Q2_DAY, 96, 85), ("2025Q3", Q3_DAY, 80, 80),
                            ("2025Q4", Q4_DAY, 88, 86)):
        p = period(world, code)
        patrols(world.neighborhood_a, a, a, a, inspector=world.inspector, day=day)
        patrols(world.neighborhood_b, b, b, b, inspector=world.inspector, day=day)
        services.enter_special(p, world.company_a.id, score=D(90), note="由督查 李娜 评定，电话 13900000000",
                               actor=world.supervisor)
        if code != "2025Q4":
            services.close_period(p, actor=world.admin)
        if code in ("2025Q1", "2025Q2"):
            services.publish_period(p, actor=world.admin)
    return world
