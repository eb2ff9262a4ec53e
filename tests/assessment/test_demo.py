"""The demo quarters: two published rankings before the current, open one, with 九州物业 and 嘉家物业 climbing."""

from sqlalchemy import func, select

from inspect_app import demo
from inspect_app.assessment import area_ranking, ranking, services
from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.assessment.rules import previous_quarter, quarter_code
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.demo.assessment import seed_assessment


def place(result, name: str) -> int | None:
    return next(row.rank for row in result.rows if row.company_name == name)


def test_demo_quarters_show_the_climbers(app):
    demo.seed_demo()
    current = quarter_code(local_today())
    later, earlier = previous_quarter(current), previous_quarter(previous_quarter(current))
    statuses = {p.code: p.status for p in services.periods()}
    assert statuses == {earlier: "published", later: "published", current: "open"}
    before = ranking.ranking(services.get_period(earlier), public=True)
    after = ranking.ranking(services.get_period(later), public=True)
    assert len(after.rated) >= 12 and after.unrated
    assert place(before, "九州物业") >= 10 and place(after, "九州物业") <= 3
    assert place(after, "嘉家物业") < place(before, "嘉家物业")
    assert all(row.result.special is not None for row in after.rows)
    assert len(ranking.ranking(services.get_period(current)).rated) >= 12
    seed_assessment()  # a second run adds nothing
    assert db.session.scalar(select(func.count()).select_from(AssessmentPeriod)) == 3


def test_demo_closed_quarter_ranks_the_areas(app):
    demo.seed_demo()
    later = previous_quarter(quarter_code(local_today()))
    areas = area_ranking.area_ranking(services.get_period(later), public=True)
    assert [row.name for row in areas.subdistricts] and all(row.rank for row in areas.subdistricts)
    assert {row.name for row in areas.subdistricts} == {"南站街道", "马路东街道"}
    measures = areas.subdistricts[0].result.measures
    assert None not in (measures["coverage"], measures["on_time"], measures["speed"], measures["reports"])
    assert sum(len(rows) for rows in areas.communities.values()) >= 6
    assert areas.previous_code is not None
    assert any(row.movement is not None for row in areas.subdistricts)
