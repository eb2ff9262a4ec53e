"""The plan pages, thin: a supervisor generates and edits; another area's supervisor cannot; companies never see
a plan (random picks are unannounced); the inspector's home lists the week; the record shows where it started."""

from datetime import date

from sqlalchemy import select

from inspect_app.assessment.rules import quarter_code
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today
from inspect_app.planning import services
from inspect_app.planning.models import PatrolPlan, PlanLine
from tests import factories
from tests.maps.helpers import patrol
from tests.security.helpers import area_accounts


def _plan(world) -> PatrolPlan:
    return services.generate(world.supervisor, quarter_code(local_today()), seed=5)


def test_a_supervisor_generates_and_adjusts_the_plan(client, login, world):
    login(world.supervisor)
    response = client.post("/plans")
    assert response.status_code == 303
    plan = db.session.scalar(select(PatrolPlan))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "枫墅小镇小区" in page and "随机抽查" in page
    line = db.session.scalar(select(PlanLine).where(PlanLine.plan_id == plan.id, PlanLine.is_random.is_(False)))
    assert client.post(f"/plans/{plan.id}/lines/{line.id}", data={"count": "5", "inspector": ""}).status_code == 303
    db.session.refresh(line)
    assert (line.count, line.inspector_id) == (5, None)
    assert client.post(f"/plans/{plan.id}/lines/{line.id}", data={"count": "0"}).status_code == 422
    assert client.post(f"/plans/{plan.id}/lines", data={"neighborhood": str(world.neighborhood_b.id), "count": "2",
                                                       "inspector": str(world.inspector.id)}).status_code == 303
    assert client.post(f"/plans/{plan.id}/lines/{line.id}/delete").status_code == 303
    line_id = line.id
    db.session.expunge_all()
    assert db.session.scalar(select(PlanLine.id).where(PlanLine.id == line_id)) is None
    assert client.post("/plans").status_code == 409  # one plan per area and quarter


def test_a_supervisor_of_another_area_cannot_edit_this_plan_nor_see_it(client, login, world):
    area_accounts(world)
    nanzhan = factories.user("nanzhan_supervisor", Role.SUPERVISOR)
    nanzhan.subdistrict = world.neighborhood_a.community.subdistrict
    db.session.commit()
    plan = services.generate(nanzhan, quarter_code(local_today()), seed=5)  # 南站街道's plan
    line = plan.lines[0]
    login(world.far_supervisor)  # 北站街道
    assert client.get(f"/plans/{plan.id}").status_code == 404
    assert client.post(f"/plans/{plan.id}/lines/{line.id}", data={"count": "9"}).status_code == 404
    assert client.post(f"/plans/{plan.id}/lines/{line.id}/delete").status_code == 404
    db.session.refresh(line)
    assert line.count != 9
    district = _plan(world)  # the district's plan: seen (its lines in 北站街道 only: none), not edited
    assert client.post(f"/plans/{district.id}/lines/{district.lines[0].id}", data={"count": "9"}).status_code == 403
    assert "枫墅小镇小区" not in client.get(f"/plans/{district.id}").get_data(as_text=True)


def test_companies_never_see_a_plan_or_its_random_picks(client, login, world):
    plan = _plan(world)
    login(world.company_user_a)
    for path in ("/plans", f"/plans/{plan.id}", f"/plans/{plan.id}/coverage"):
        assert client.get(path).status_code == 403
    assert "随机抽查" not in client.get("/").get_data(as_text=True)


def test_the_inspectors_home_lists_this_weeks_planned_patrols_first(client, login, world):
    _plan(world)
    login(world.inspector)
    page = client.get("/").get_data(as_text=True)
    assert "本周巡查" in page and page.index("this-week") < page.index("neighborhood-list")


def test_coverage_moves_with_a_submitted_patrol(client, login, world):
    plan = _plan(world)
    login(world.supervisor)
    before = client.get(f"/plans/{plan.id}/coverage").get_data(as_text=True)
    patrol(world.neighborhood_a, world.inspector, None, None, day=local_today())
    after = client.get(f"/plans/{plan.id}/coverage").get_data(as_text=True)
    planned = sum(line.count for line in plan.lines)
    assert f"已巡查 0/{planned}" in before and f"已巡查 1/{planned}" in after


def test_the_record_shows_how_far_from_the_neighbourhood_the_patrol_started(client, login, world):
    world.neighborhood_a.lat, world.neighborhood_a.lng = 40.80, 114.90
    db.session.commit()
    far = patrol(world.neighborhood_a, world.inspector, 40.82, 114.90, day=date(2026, 6, 1))  # 2.2 km north
    near = patrol(world.neighborhood_a, world.inspector, 40.8001, 114.9001, day=date(2026, 6, 2))
    login(world.supervisor)
    assert "距小区 2.2 公里" in client.get(f"/inspections/{far.id}").get_data(as_text=True)
    page = client.get(f"/inspections/{near.id}").get_data(as_text=True)
    assert "在小区附近" in page and "距小区" not in page


def test_the_record_pdf_is_given_the_start_place(world):
    from inspect_app.inspections.record_pdf import record_context

    world.neighborhood_a.lat, world.neighborhood_a.lng = 40.80, 114.90
    db.session.commit()
    far = patrol(world.neighborhood_a, world.inspector, 40.821, 114.90, day=date(2026, 6, 1))
    place = record_context(far)[0]["place"]
    assert place.is_far and place.kilometres == "2.3"
