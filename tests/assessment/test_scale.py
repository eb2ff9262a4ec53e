"""A district-sized quarter (60 companies, 300 neighbourhoods, 3,000 patrols) is computed in a fixed few statements."""

import random
import time
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, select

from inspect_app.assessment import area_ranking, ranking, services
from inspect_app.assessment.models import AreaScore
from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db, utcnow
from inspect_app.findings.models import Finding, StateChange
from inspect_app.inspections.models import CategoryScore, Inspection
from inspect_app.places.models import Neighborhood, PropertyCompany
from tests.assessment.helpers import at, period

CODES = ("H", "Q", "F", "G", "S")


@contextmanager
def counting_statements():
    counter = {"n": 0}

    def count(*_args) -> None:
        counter["n"] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


def seed(world, companies: int, per_company: int = 5, patrols_each: int = 10) -> None:
    """Bulk inserts: companies, their neighbourhoods, patrols with five category rows, findings, send-backs."""
    rng = random.Random(7)
    district_id, template = world.company_a.district_id, ensure_default_template()
    community = world.neighborhood_a.community
    db.session.execute(insert(PropertyCompany), [{"district_id": district_id, "name": f"测试物业{i:03d}"}
                                                 for i in range(companies)])
    company_ids = list(db.session.scalars(select(PropertyCompany.id).where(PropertyCompany.name.like("测试物业%"))))
    db.session.execute(insert(Neighborhood), [
        {"community_id": community.id, "company_id": cid, "name": f"小区{cid}-{k}"}
        for cid in company_ids for k in range(per_company)])
    hoods = db.session.execute(select(Neighborhood.id, Neighborhood.company_id)
                               .where(Neighborhood.name.like("小区%"))).all()
    db.session.execute(insert(Inspection), [
        {"kind": "patrol", "status": "submitted", "neighborhood_id": nid, "company_id": cid,
         "template_id": template.id, "inspector_id": world.inspector.id,
         "score": Decimal(rng.randrange(6000, 10000)) / 100,
         "submitted_at": at(date(2025, 4, 1) + timedelta(days=rng.randrange(91)))}
        for nid, cid in hoods for _ in range(patrols_each)])
    category_ids = {c.code: c.id for c in template.categories}
    ids = db.session.scalars(select(Inspection.id).where(Inspection.neighborhood_id.in_([n for n, _ in hoods])))
    db.session.execute(insert(CategoryScore), [
        {"inspection_id": iid, "category_id": category_ids[code], "category_code": code,
         "earned": Decimal(rng.randrange(10, 20)), "possible": Decimal(20)} for iid in ids for code in CODES])
    _findings(world, hoods, rng)
    db.session.commit()


def _findings(world, hoods, rng) -> None:
    community = world.neighborhood_a.community
    db.session.execute(insert(Finding), [
        {"source": "patrol", "state": "closed" if k % 2 else "ordered", "neighborhood_id": nid, "company_id": cid,
         "community_id": community.id, "subdistrict_id": community.subdistrict_id, "category_code": "H",
         "title": "楼道堆积杂物", "deadline": date(2025, 5, 1), "created_at": at(date(2025, 4, 20)),
         "closed_at": at(date(2025, 4, 25) + timedelta(days=rng.randrange(10))) if k % 2 else None}
        for nid, cid in hoods for k in range(2)])
    db.session.execute(insert(StateChange), [
        {"subject_type": "finding", "subject_id": fid, "from_state": "reported", "to_state": "ordered",
         "created_at": at(date(2025, 5, 2))}
        for fid in db.session.scalars(select(Finding.id).where(Finding.state == "ordered"))])


def compute(p) -> tuple[int, float, list]:
    db.session.expire_all()
    with counting_statements() as counter:
        started = time.perf_counter()
        rows = ranking.live_rows(p, utcnow())
        elapsed = time.perf_counter() - started
    return counter["n"], elapsed, rows


@pytest.mark.parametrize("companies", [6, 60])
def test_statement_count_does_not_grow_with_companies(world, companies, capsys):
    p = period(world)
    seed(world, companies)
    statements, elapsed, rows = compute(p)
    rated = [row for row in rows if row.rank is not None]
    assert len(rated) == companies and all(row.result.patrol_count == 50 for row in rated)
    assert all(row.result.overdue == 5 and row.result.sent_back == 5 for row in rated)
    # 8, the survey's satisfaction per company, the owners' committees' inputs and their share
    assert statements <= 11, statements
    with capsys.disabled():
        print(f"\n[{db.engine.dialect.name}] {companies} companies, {companies * 5} neighbourhoods, "
              f"{companies * 50} patrols: {statements} statements, {elapsed * 1000:.0f} ms")


def test_closing_a_district_sized_quarter_freezes_every_company(world):
    p = period(world)
    seed(world, 60)
    with counting_statements() as counter:
        services.close_period(p, actor=world.admin)
    # the companies' 16 (+ the committees' inputs and share), the areas' 12 (area_queries, survey, calendar, freeze)
    assert counter["n"] <= 30
    assert len(ranking.ranking(p).rated) == 60
    assert len(db.session.scalars(select(AreaScore).where(AreaScore.period_id == p.id)).all()) == 2


@pytest.mark.parametrize("companies", [6, 60])
def test_area_statements_do_not_grow_with_neighbourhoods(world, companies):
    p = period(world)
    seed(world, companies)
    db.session.expire_all()
    with counting_statements() as counter:
        rows = area_ranking.live_rows(p, utcnow())
    (community,) = [row for row in rows if row.community_id is not None]
    assert community.counts.closed == companies * 5 and community.counts.overdue == companies * 5
    # the period reloaded, areas, plan, patrols, findings ×2, reports, the survey, the working-day calendar ×2
    assert counter["n"] <= 10, counter["n"]
