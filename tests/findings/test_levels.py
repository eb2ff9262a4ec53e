"""三级台账 over generated data: every cell equals the ledger's count for its drill-down filter, per area."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today, quarter_start
from inspect_app.findings import ledger, levels
from inspect_app.findings.rules import FindingState
from inspect_app.places import services as places
from tests import factories

CELLS = ("open", "ordered", "reported", "transferred", "overdue", "closed")


@pytest.fixture
def district(world):
    """Three subdistricts, seven communities, findings in every state: some overdue, some closed this quarter
    on time or late, some closed last quarter (not counted)."""
    rng = random.Random(15)
    today = local_today()
    since = quarter_start(today)
    district = world.neighborhood_a.community.subdistrict.district
    neighborhoods = [world.neighborhood_a, world.neighborhood_b]
    spread = (("北站街道", ("朝阳社区", "胜利社区", "新华社区")), ("马路东街道", ("永兴街社区", "福源里社区")))
    for s, communities in spread:
        subdistrict = places.ensure_subdistrict(district, s)
        for c in communities:
            community = places.ensure_community(subdistrict, c)
            neighborhoods += [places.ensure_neighborhood(community, f"{c}{i}号院", company=world.company_a)
                              for i in (1, 2)]
    places.ensure_community(places.ensure_subdistrict(district, "北站街道"), "空社区")  # no neighbourhood at all
    for neighborhood in neighborhoods:
        for _ in range(rng.randint(3, 9)):
            state = rng.choice(list(FindingState))
            deadline = today + timedelta(days=rng.randint(-20, 20))
            closed_at = None
            if state == FindingState.CLOSED:
                closed_on = rng.choice([since - timedelta(days=3), since, today, deadline, deadline + timedelta(1)])
                closed_on = min(closed_on, today)
                closed_at = datetime(closed_on.year, closed_on.month, closed_on.day, 6, tzinfo=UTC)
            factories.finding(neighborhood, state=state, deadline=deadline, closed_at=closed_at)
    db.session.commit()
    return today


def staff(username: str, area: str | None) -> User:
    from inspect_app.auth.services import find_area

    user = factories.user(username, Role.SUPERVISOR)
    user.subdistrict, user.community = find_area(area) if area else (None, None)
    db.session.commit()
    return user


def ledger_total(user: User, args: dict[str, str], today) -> int:
    filters, errors = ledger.parse_filters(MultiDict(args))
    assert not errors
    return ledger.ledger_page(filters, user, today).total


@pytest.mark.parametrize("area", [None, "北站街道", "朝阳社区", "南站街道"])
def test_every_cell_is_the_ledger_count_of_its_drill_down(district, area):
    today = district
    user = staff("lv", area)
    data = levels.ledger_levels(user, today=today)
    assert data.subdistricts and data.communities
    for row in data.subdistricts + data.communities:
        for cell in CELLS:
            assert getattr(row, cell) == ledger_total(user, levels.drill_down(row, cell, data.since), today), \
                (row.name, cell)
    # the subdistricts add up to their communities, and to the area's whole ledger
    for cell in CELLS:
        assert sum(getattr(r, cell) for r in data.subdistricts) == sum(getattr(r, cell) for r in data.communities)
    total = levels.totals(data.subdistricts)
    unfinished = total.open + total.ordered + total.reported + total.transferred
    assert unfinished == ledger_total(user, {}, today) - ledger_total(user, {"state": "closed"}, today)


def test_the_levels_are_confined_to_the_area(district):
    data = levels.ledger_levels(staff("lv1", "北站街道"), today=district)
    assert [r.name for r in data.subdistricts] == ["北站街道"]
    assert {r.name for r in data.communities} == {"朝阳社区", "胜利社区", "新华社区", "空社区"}
    community = levels.ledger_levels(staff("lv2", "朝阳社区"), today=district)
    assert [r.name for r in community.communities] == ["朝阳社区"]
    assert levels.ledger_levels(staff("lv3", None), today=district).subdistricts.__len__() == 3


def test_on_time_rate_is_closed_by_the_deadline_over_closed_this_quarter(world):
    today = local_today()
    since = quarter_start(today)
    row = levels.LevelRow("community", 1, "x")
    at = datetime(today.year, today.month, today.day, 2, tzinfo=UTC)
    row.add(FindingState.CLOSED, today, at, today=today, since=since)  # on the deadline day: on time
    row.add(FindingState.CLOSED, today - timedelta(days=1), at, today=today, since=since)  # a day late
    row.add(FindingState.CLOSED, None, at, today=today, since=since)  # no deadline: on time
    old = datetime(since.year, since.month, since.day, tzinfo=UTC) - timedelta(days=2)
    row.add(FindingState.CLOSED, today, old, today=today, since=since)  # last quarter: not counted
    assert (row.closed, row.closed_on_time) == (3, 2)
    assert row.on_time_rate == pytest.approx(2 / 3)
    assert levels.LevelRow("community", 2, "y").on_time_rate is None


def test_page_and_excel_per_level(client, login, district):
    from io import BytesIO

    from openpyxl import load_workbook

    user = staff("lvp", "北站街道")
    login(user, to=client)
    page = client.get("/ledger/levels")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "朝阳社区" in body and "学府街社区" not in body and "按期销号率" in body
    for level, first in (("subdistrict", "北站街道"), ("community", "北站街道")):
        response = client.get(f"/ledger/levels/{level}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.data)).active
        assert sheet.cell(2, 1).value == first
    assert client.get("/ledger/levels/nonsense.xlsx").status_code == 404
