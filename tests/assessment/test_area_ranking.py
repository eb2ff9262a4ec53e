"""The areas' ranking (镇街考评) from a small ledger: two subdistricts, findings closed on time and late, patrols
against a plan, residents' reports; frozen at close, published, and its sums checked against the ledger's tables."""

import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from inspect_app.assessment import area_ranking, rules, services
from inspect_app.assessment.models import AreaScore
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.places import services as places
from inspect_app.planning.models import PatrolPlan, PlanLine
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import new_receipt_code
from inspect_app.workdays.rules import Calendar
from tests.assessment.helpers import PAST, at, finding, patrols, period

START, END = date(2025, 4, 1), date(2025, 6, 30)


def report(neighborhood, received: date, triaged: date | None = None) -> ResidentReport:
    item = ResidentReport(receipt_code=new_receipt_code(), neighborhood_id=neighborhood.id, category_code="H",
                          description="楼道灯不亮", created_at=at(received),
                          status="accepted" if triaged else "received", triaged_at=at(triaged) if triaged else None)
    db.session.add(item)
    db.session.commit()
    return item


def plan(quarter: str, actor, lines) -> None:
    item = PatrolPlan(quarter=quarter, seed=7, created_by_id=actor.id)
    item.lines = [PlanLine(neighborhood_id=n.id, count=count) for n, count in lines]
    db.session.add(item)
    db.session.commit()


@pytest.fixture
def ledger(world):
    """南站街道 (学府街社区: 枫墅小镇, 晟家理想湾) and 马路东街道 (福源里社区: 福源里小区) in 2025Q2."""
    district = world.neighborhood_a.community.subdistrict.district
    east = places.ensure_community(places.ensure_subdistrict(district, "马路东街道"), "福源里社区")
    fuyuan = places.ensure_neighborhood(east, "福源里小区", company=world.company_a)
    db.session.commit()
    a, b, inspector = world.neighborhood_a, world.neighborhood_b, world.inspector
    plan(PAST, world.supervisor, [(a, 3), (b, 2), (fuyuan, 4)])
    patrols(a, 90, 90, 90, 90, inspector=inspector)  # one beyond the plan: does not count
    patrols(b, 80, inspector=inspector)
    patrols(fuyuan, 85, 85, 85, 85, inspector=inspector)
    patrols(a, 70, inspector=inspector, day=date(2025, 7, 2))  # next quarter
    finding(a, created=date(2025, 5, 6), deadline=date(2025, 5, 20), closed=date(2025, 5, 12))  # on time, 4 days
    finding(a, created=date(2025, 5, 6), deadline=date(2025, 5, 9), closed=date(2025, 5, 16))  # late, 8 days
    finding(b, created=date(2025, 5, 6), deadline=date(2025, 6, 1))  # still open at the end: overdue
    finding(fuyuan, created=date(2025, 4, 7), deadline=date(2025, 4, 30), closed=date(2025, 4, 9))  # 2 days
    finding(fuyuan, created=date(2025, 3, 3), deadline=date(2025, 3, 20), closed=date(2025, 3, 10))  # Q1
    finding(fuyuan, created=date(2025, 7, 3), deadline=date(2025, 7, 5))  # Q3
    report(a, date(2025, 5, 6), date(2025, 5, 7))  # in time
    report(a, date(2025, 5, 6), date(2025, 5, 12))  # late
    report(fuyuan, date(2025, 5, 6))  # never triaged
    return world, east.subdistrict, fuyuan


def published(world):
    p = period(world, PAST)
    services.close_period(p, actor=world.admin)
    services.publish_period(p, actor=world.admin)
    return p


def _local(instant) -> date:
    return instant.astimezone(LOCAL_TZ).date()


def counts_from_ledger(subdistrict_id: int) -> dict[str, int]:
    """The subdistrict's sums recounted row by row from the tables, without the ranking's queries."""
    findings = [f for f in db.session.scalars(select(Finding)) if f.subdistrict_id == subdistrict_id]
    closed = [f for f in findings if f.closed_at and START <= _local(f.closed_at) <= END]
    overdue = [f for f in findings if _local(f.created_at) <= END and f.deadline and f.deadline <= END
               and not (f.closed_at and _local(f.closed_at) <= END)]
    neighborhoods = {f.neighborhood_id for f in findings} | {
        line.neighborhood_id for line in db.session.scalars(select(PlanLine))
        if line.neighborhood.community.subdistrict_id == subdistrict_id}
    planned = {n: sum(ln.count for ln in db.session.scalars(select(PlanLine)) if ln.neighborhood_id == n)
               for n in neighborhoods}
    done = {n: sum(1 for i in db.session.scalars(select(Inspection)) if i.neighborhood_id == n
                   and START <= _local(i.submitted_at) <= END) for n in neighborhoods}
    calendar = Calendar()
    reports = [r for r in db.session.scalars(select(ResidentReport))
               if r.neighborhood.community.subdistrict_id == subdistrict_id and START <= _local(r.created_at) <= END]
    return {"planned": sum(planned.values()), "done": sum(min(done[n], planned[n]) for n in neighborhoods),
            "closed": len(closed), "closed_on_time": sum(1 for f in closed if _local(f.closed_at) <= f.deadline),
            "overdue": len(overdue),
            "close_days": sum(calendar.between(_local(f.created_at), _local(f.closed_at)) for f in closed),
            "reports": len(reports),
            "reports_in_time": sum(1 for r in reports if r.triaged_at
                                   and _local(r.triaged_at) <= calendar.add(_local(r.created_at), 2))}


def test_published_subdistrict_sums_equal_the_ledger(ledger):
    world, east, _fuyuan = ledger
    published(world)
    areas = area_ranking.area_ranking(services.get_period(PAST), public=True)
    south = world.neighborhood_a.community.subdistrict
    for sub in (south, east):
        row = areas.subdistrict(sub.id)
        shown = {name: getattr(row.counts, name) for name in area_ranking.COUNTS}
        assert shown == counts_from_ledger(sub.id), sub.name
    south_row, east_row = areas.subdistrict(south.id), areas.subdistrict(east.id)
    assert (south_row.counts.planned, south_row.counts.done, south_row.counts.closed) == (5, 4, 2)
    assert south_row.result.avg_days == D("6.0") and south_row.result.on_time_rate == D("0.3333")
    # 马路东: everything planned done, its one finding closed on time in 2 days, its one report never triaged
    assert east_row.result.measures == {"coverage": D("100.00"), "on_time": D("100.00"), "speed": D(100),
                                        "reports": D("0.00"), "satisfaction": None}
    assert east_row.result.total == D("81.25") and east_row.rank == 1 and south_row.rank == 2
    assert [row.name for row in areas.communities[south.id]] == ["学府街社区"]


def test_close_freezes_and_reopen_recomputes(ledger):
    world, east, fuyuan = ledger
    p = published(world)
    stored = db.session.scalars(select(AreaScore).where(AreaScore.period_id == p.id)).all()
    assert len(stored) == 4  # two subdistricts, two communities
    late = finding(fuyuan, created=date(2025, 6, 2), deadline=date(2025, 6, 3), closed=date(2025, 6, 20))
    assert area_ranking.area_ranking(p).subdistrict(east.id).counts.closed == 1  # frozen: the new one not seen
    services.reopen_period(p, actor=world.admin, note="补录整改")
    assert area_ranking.area_ranking(p).subdistrict(east.id).counts.closed == 2  # live again
    services.close_period(p, actor=world.admin)
    frozen = area_ranking.area_ranking(p).subdistrict(east.id)
    assert frozen.counts.closed == 2 and frozen.counts.closed_on_time == 1 and late.id


def test_movement_against_the_previous_quarter(ledger):
    world, east, fuyuan = ledger
    plan("2025Q1", world.supervisor, [(fuyuan, 1)])
    q1 = period(world, "2025Q1")
    services.close_period(q1, actor=world.admin)
    services.publish_period(q1, actor=world.admin)
    published(world)
    areas = area_ranking.area_ranking(services.get_period(PAST), public=True)
    south = world.neighborhood_a.community.subdistrict
    assert areas.previous_code == "2025Q1"
    assert areas.subdistrict(south.id).movement == rules.Movement(rules.Trend.NEW)  # nothing to rank it by in Q1
    q1_ranks = area_ranking.previous_ranks(q1)
    assert q1_ranks[(east.id, None)] == 1
    moved = areas.subdistrict(east.id).movement
    assert moved is not None and moved.trend == "same"


def test_public_page_pdf_and_excel_show_the_areas(client, ledger):
    world, _east, _fuyuan = ledger
    published(world)
    html = client.get(f"/ranking/{PAST}").get_data(as_text=True)
    assert "街道社区考评排名" in html and "马路东街道" in html and "福源里社区" in html and "81.25" in html
    response = client.get(f"/ranking/{PAST}/areas.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    expected_texts = ("街道社区季度考评排名公示", "马路东街道", "南站街道", "学府街社区", "福源里社区",
                      "81.25", "4 / 5")
    for expected in expected_texts:
        assert expected in text, expected
    sheet = load_workbook(io.BytesIO(client.get(f"/ranking/{PAST}/areas.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("名次", "街道", "社区", "综合得分")
    assert rows[1][:4] == (1, "马路东街道", None, 81.25)
    south = next(r for r in rows if r[1] == "南站街道" and not r[2])
    assert south[10:] == (5, 4, 2, 1, 1, 2, 1)  # planned, done, closed, on time, overdue, reports, in time


def test_staff_page_shows_the_live_area_ranking(client, login, ledger):
    world, _east, _fuyuan = ledger
    p = period(world, PAST)
    login(world.admin)
    html = client.get(f"/assessment/{p.code}").get_data(as_text=True)
    assert "街道社区考评排名" in html and "（实时计算，关闭后冻结）" in html and "福源里社区" in html
    assert client.get(f"/assessment/{p.code}/areas.xlsx").status_code == 200
    assert client.get(f"/ranking/{p.code}/areas.pdf").status_code == 404  # not published


def test_an_area_without_anything_to_measure_is_not_rated(world):
    p = period(world, PAST)
    areas = area_ranking.area_ranking(p, now=at(END + timedelta(days=3)))
    (only,) = areas.subdistricts
    assert only.rank is None and only.result.total is None


def test_a_survey_score_enters_with_its_weight(ledger, monkeypatch):
    world, east, _fuyuan = ledger
    p = period(world, PAST)
    monkeypatch.setattr(area_ranking, "satisfaction_scores", lambda _period: {("subdistrict", east.id): D(50)})
    row = area_ranking.area_ranking(p, now=at(END + timedelta(days=3))).subdistrict(east.id)
    # 100, 100, 100, 0 and 50 weighted 25 %, 25 %, 15 %, 15 %, 20 %
    assert row.result.weights["satisfaction"] == D("0.20") and row.result.total == D("75.00")
    assert row.counts.satisfaction == D(50)
