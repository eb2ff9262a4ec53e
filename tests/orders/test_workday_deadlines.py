"""The draft's deadline as N working days from the issue day (工作日): parsed, computed across holidays, shown."""

from datetime import date

import pytest

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.orders import forms, services
from inspect_app.orders.models import RectificationOrder
from tests.orders.helpers import findings
from tests.security.helpers import sign_in

NATIONAL_DAY_EVE = date(2026, 9, 30)


@pytest.fixture
def today(monkeypatch):
    """Set the day the deadline is counted from."""
    def set_today(day: date) -> None:
        monkeypatch.setattr("inspect_app.orders.deadlines.local_today", lambda: day)
    return set_today


def draft(world) -> RectificationOrder:
    items = findings(world, 2)
    return services.draft_order(world.neighborhood_a, [f.id for f in items], actor=world.inspector)


def same_lines(order):
    return {line.id: (line.requirement, line.deadline) for line in order.lines}


@pytest.mark.parametrize(("raw", "parsed", "refused"), [
    ("", None, False), (" 5 ", 5, False), ("366", 366, False), ("0", None, True), ("367", None, True),
    ("五", None, True), ("-3", None, True), ("2.5", None, True),
])
def test_the_working_days_field_is_blank_or_a_whole_number(raw, parsed, refused):
    value, problem = forms.parse_workdays(raw)
    assert value == parsed and (problem is not None) == refused


def test_working_days_skip_the_national_day_holidays_and_count_the_make_up_saturday(world, today):
    order = draft(world)
    today(NATIONAL_DAY_EVE)
    services.update_draft(order, lines=same_lines(order), remarks="", lock_version=order.lock_version,
                          actor=world.inspector, workdays=5)
    # 8, 9, 10 (the make-up Saturday), 12, 13 October
    assert order.deadline_workdays == 5 and order.deadline == date(2026, 10, 13)
    assert {line.deadline for line in order.lines} == {date(2026, 10, 13)}


def test_issuing_counts_from_the_issue_day(world, today):
    order = draft(world)
    today(NATIONAL_DAY_EVE)
    services.update_draft(order, lines=same_lines(order), remarks="", lock_version=order.lock_version,
                          actor=world.inspector, workdays=3)
    today(date(2026, 10, 9))
    services.issue_order(order, actor=world.inspector)
    assert order.deadline == date(2026, 10, 13)  # 10 (Saturday, worked), 12, 13 October
    assert all(line.finding.deadline == date(2026, 10, 13) for line in order.lines)


def test_a_year_not_loaded_is_refused_with_its_name(world, today):
    order = draft(world)
    today(date(2026, 12, 28))
    with pytest.raises(DomainError) as refused:
        services.update_draft(order, lines=same_lines(order), remarks="", lock_version=order.lock_version,
                              actor=world.inspector, workdays=10)
    assert refused.value.field == "deadline_workdays" and "2027" in refused.value.message


def test_the_page_saves_the_choice_and_shows_it(app, world, today):
    order = draft(world)
    today(NATIONAL_DAY_EVE)
    client = app.test_client()
    sign_in(client, world.inspector)
    form = {"lock_version": str(order.lock_version), "remarks": "", "deadline_workdays": "5"}
    for line in order.lines:
        form |= {f"requirement-{line.id}": line.requirement, f"deadline-{line.id}": ""}
    assert client.post(f"/orders/{order.id}/draft", data=form).status_code == 303
    db.session.expire_all()
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "5 个工作日（至 2026-10-13）" in page and 'name="deadline_workdays"' in page


def test_the_page_names_the_missing_year(app, world, today):
    order = draft(world)
    today(date(2026, 12, 28))
    client = app.test_client()
    sign_in(client, world.inspector)
    form = {"lock_version": str(order.lock_version), "remarks": "", "deadline_workdays": "10"}
    for line in order.lines:
        form |= {f"requirement-{line.id}": line.requirement, f"deadline-{line.id}": str(line.deadline)}
    response = client.post(f"/orders/{order.id}/draft", data=form)
    assert response.status_code == 422 and "尚未载入 2027 年" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RectificationOrder, order.id).deadline_workdays is None
