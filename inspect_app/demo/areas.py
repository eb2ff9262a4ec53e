"""Demo inputs of the areas' ranking (镇街考评) for a past quarter: a district patrol plan that some communities fall
short of, and residents' reports triaged in time or late. Called before the quarter is closed."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.places.models import Neighborhood
from inspect_app.planning.models import PatrolPlan, PlanLine
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import ReportStatus, new_receipt_code

REPORTS = ("楼道灯不亮", "垃圾清运不及时", "电梯经常停运", "小区门口车辆乱停")


def seed_area_quarter(period: AssessmentPeriod, admin: User, inspector: User) -> None:
    """Its own random draws (seeded by the quarter), so the companies' demo quarters stay as they were."""
    rng = random.Random(period.starts_on.toordinal())
    neighborhoods = list(db.session.scalars(select(Neighborhood).where(Neighborhood.is_active)
                                            .order_by(Neighborhood.id)))
    plan = PatrolPlan(quarter=period.code, seed=rng.randrange(1 << 30), created_by_id=admin.id)
    # the demo's patrols are about two per neighbourhood a quarter: a plan of three leaves a gap
    plan.lines = [PlanLine(neighborhood_id=n.id, count=3 if rng.random() < .4 else 2, inspector_id=inspector.id)
                  for n in neighborhoods]
    db.session.add(plan)
    for neighborhood in neighborhoods:
        for _index in range(rng.randrange(0, 3)):
            received = datetime.combine(period.starts_on + timedelta(days=rng.randrange(80)),
                                        time(rng.randrange(8, 20)), tzinfo=LOCAL_TZ)
            triaged = received + timedelta(days=rng.choice((0, 1, 1, 2, 3, 6)), hours=2)
            db.session.add(ResidentReport(
                receipt_code=new_receipt_code(), neighborhood_id=neighborhood.id, category_code="H",
                description=rng.choice(REPORTS), created_at=received, triaged_at=triaged, triaged_by_id=inspector.id,
                status=ReportStatus.ACCEPTED if rng.random() < .8 else ReportStatus.DECLINED,
                decline_reason=""))
    db.session.flush()
