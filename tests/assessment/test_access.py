"""Who may reach which assessment route: one table of route × role → status, and refused writes change nothing."""

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from inspect_app.assessment import services
from inspect_app.assessment.models import AssessmentPeriod, SpecialAssessment
from inspect_app.core.db import db
from tests.assessment.helpers import patrols, period

ROLES = ("anonymous", "inspector", "supervisor", "company_user_a", "admin")
OK, REDIRECT, LOGIN, FORBIDDEN = 200, 303, 302, 403

# (method, url, data, expected status per role in ROLES order)
ROUTES = [
    ("get", "/ranking", None, (OK,) * 5),
    ("get", "/ranking/2025Q1", None, (OK,) * 5),
    ("get", "/ranking/2025Q1/companies/{a}", None, (OK,) * 5),
    ("get", "/ranking/2025Q1.pdf", None, (OK,) * 5),
    ("get", "/ranking/2025Q1.xlsx", None, (OK,) * 5),
    ("get", "/ranking/2025Q2", None, (404,) * 5),
    ("get", "/assessment", None, (LOGIN, FORBIDDEN, OK, FORBIDDEN, OK)),
    ("get", "/assessment/2025Q2", None, (LOGIN, FORBIDDEN, OK, FORBIDDEN, OK)),
    ("get", "/assessment/2025Q2/ranking.pdf", None, (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    ("get", "/assessment/2025Q2/ranking.xlsx", None, (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
    ("post", "/assessment", {"code": "2025Q3"}, (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)),
    ("post", "/assessment/2025Q2/close", {}, (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)),
    ("post", "/assessment/2025Q0/publish", {}, (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, 404)),
    ("post", "/assessment/2025Q2/reopen", {"note": "x"}, (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)),
    ("post", "/assessment/2025Q2/settings", {"patrol_weight": "0.5", "special_weight": "0.5", "overdue_penalty": "1",
                                             "sent_back_penalty": "1", "penalty_cap": "10", "min_patrols": "3"},
     (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT)),
    ("post", "/assessment/2025Q2/special", {"company_id": "{a}", "score": "90", "note": "好"},
     (LOGIN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT)),
]


@pytest.fixture
def periods(world):
    """2025Q1 published, 2025Q2 open."""
    q1 = period(world, "2025Q1")
    patrols(world.neighborhood_a, 90, 90, 90, inspector=world.inspector, day=q1.starts_on)
    services.close_period(q1, actor=world.admin)
    services.publish_period(q1, actor=world.admin)
    period(world, "2025Q2")
    return world


def _fill(text: str, world) -> str:
    return text.replace("{a}", str(world.company_a.id))


@pytest.mark.parametrize("role", ROLES)
def test_read_access(client, periods, login, role):
    """Every page and export, read-only, for one role (one database setup for all of them)."""
    if role != "anonymous":
        login(getattr(periods, role))
    wrong = []
    for method, url, _data, expected in ROUTES:
        if method == "get":
            status = client.get(_fill(url, periods)).status_code
            if status != expected[ROLES.index(role)]:
                wrong.append((url, status))
    assert wrong == []


def _write_cases():
    for method, url, data, expected in ROUTES:
        if method == "post":
            for role, status in zip(ROLES, expected, strict=True):
                yield pytest.param(url, data, role, status, id=f"{url} {role}")


@pytest.mark.parametrize("url,data,role,status", list(_write_cases()))
def test_write_access(client, periods, login, url, data, role, status):
    if role != "anonymous":
        login(getattr(periods, role))
    if url.endswith("/reopen"):
        services.close_period(services.get_period("2025Q2"), actor=periods.admin)
    response = client.post(_fill(url, periods), data={k: _fill(v, periods) for k, v in data.items()})
    assert response.status_code == status, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("role", ["inspector", "company_user_a", "company_user_b"])
def test_refused_writes_change_nothing(client, periods, login, role):
    login(getattr(periods, role))
    q2 = services.get_period("2025Q2")
    client.post("/assessment/2025Q2/special", data={"company_id": periods.company_a.id, "score": "100", "note": "x"})
    client.post("/assessment/2025Q2/close")
    client.post("/assessment/2025Q2/settings", data={"patrol_weight": "1", "special_weight": "0"})
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(SpecialAssessment)) == 0
    period_now = db.session.get(AssessmentPeriod, q2.id)
    assert period_now.status == "open" and period_now.patrol_weight == D("0.6")


def test_mass_assignment_on_special_is_ignored(client, periods, login):
    login(periods.supervisor)
    client.post("/assessment/2025Q2/special", data={"company_id": periods.company_a.id, "score": "80", "note": "x",
                                                      "period_id": "1", "entered_by_id": str(periods.admin.id)})
    special = db.session.scalar(select(SpecialAssessment))
    assert special.period_id == services.get_period("2025Q2").id and special.entered_by_id == periods.supervisor.id


def test_a_company_user_sees_the_public_ranking_like_anyone(client, periods, login):
    login(periods.company_user_b)
    assert "九州物业" in client.get("/ranking").get_data(as_text=True)
