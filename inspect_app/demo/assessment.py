"""Demo quarters: two closed, published rankings with real movement (九州物业 climbs to the top) and one open."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from inspect_app.assessment import rules, services
from inspect_app.assessment.models import AssessmentPeriod, SpecialAssessment
from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistTemplate
from inspect_app.checklists.rules import grade_for
from inspect_app.checklists.services import current_template
from inspect_app.core.db import db, utcnow
from inspect_app.core.time import LOCAL_TZ, local_today
from inspect_app.demo.areas import seed_area_quarter
from inspect_app.findings.models import Finding, FindingSource, FindingState, StateChange
from inspect_app.inspections.models import CategoryScore, Inspection, InspectionKind, InspectionStatus
from inspect_app.places import services as places
from inspect_app.places.models import District, Neighborhood, PropertyCompany


@dataclass(frozen=True)
class Plan:
    """A company's level in the earlier and the later demo quarter: patrol target, special score, diligence 0–1."""

    earlier: tuple[int, int, float]
    later: tuple[int, int, float]
    neighborhoods: tuple[str, ...] = ()


PLANS = {
    "凯博风物业服务有限公司": Plan((93, 94, .9), (95, 96, .95), ("钻石南路小区",)),
    "九州物业": Plan((72, 70, .2), (95, 94, .95), ("九州雅苑",)),
    "安逸物业": Plan((91, 92, .85), (92, 93, .9)),
    "经开物业集团": Plan((90, 90, .8), (89, 88, .8)),
    "澳星物业": Plan((78, 80, .5), (87, 86, .7)),
    "嘉家物业": Plan((82, 80, .45), (91, 90, .85), ("嘉园小区",)),
    "恒信物业服务有限公司": Plan((88, 87, .8), (86, 85, .75), ("阳光花园小区", "建华里小区")),
    "宏泰物业": Plan((86, 85, .7), (84, 83, .7), ("东方明珠小区", "长城嘉苑")),
    "瑞祥物业": Plan((87, 88, .75), (82, 81, .6), ("瑞祥家园", "西山印象小区")),
    "万和物业": Plan((80, 81, .6), (83, 82, .65), ("万和城小区", "和平里小区")),
    "鑫诚物业": Plan((76, 75, .4), (79, 78, .5), ("鑫城花园",)),
    "金鼎物业": Plan((85, 84, .7), (80, 79, .55), ("金鼎华府", "龙城国际小区")),
    "康居物业": Plan((74, 73, .35), (76, 75, .4), ("康居新村",)),
    "惠民物业": Plan((71, 72, .3), (0, 70, .3), ("惠民小区", "胜利北路小区")),  # 0: too few patrols → 未评级
}
NEW_COMMUNITY = ("马路东街道", "五一路社区")
PROBLEMS = ("楼道堆积杂物", "垃圾桶满溢未清运", "消防通道被占用", "绿地黄土裸露", "公示栏信息过期", "单元门禁损坏")


def seed_assessment(today: date | None = None) -> None:
    """Once: skipped when any assessment period exists."""
    if db.session.scalar(select(AssessmentPeriod.id).limit(1)) is not None:
        return
    today = today or local_today()
    rng = random.Random(2026)
    admin, inspector = _user("admin"), _user("inspector")
    companies = _companies()
    template = current_template()
    if template is None:
        raise RuntimeError("the demo patrols need a published checklist: seed the places and checklist first")
    current = rules.quarter_code(today)
    later = rules.previous_quarter(current)
    earlier = rules.previous_quarter(later)
    for code, which in ((earlier, 0), (later, 1)):
        period = services.create_period(code, actor=admin)
        for company, plan in companies:
            target, special, diligence = (plan.earlier, plan.later)[which]
            _patrols(rng, company, period.starts_on, period.ends_on, target, template, inspector,
                     per_neighborhood=1 if target == 0 else 2)
            _findings(rng, company, period, diligence, inspector)
            _special(period, company, special, admin)
        seed_area_quarter(period, admin, inspector)
        _close_and_publish(period, admin)
    period = services.create_period(current, actor=admin)
    for company, plan in companies:
        _patrols(rng, company, period.starts_on, today, plan.later[0], template, inspector, per_neighborhood=1)
    db.session.commit()


def _user(username: str) -> User:
    return db.session.execute(select(User).where(User.username == username)).scalar_one()


def _companies() -> list[tuple[PropertyCompany, Plan]]:
    district = db.session.execute(select(District).order_by(District.id).limit(1)).scalar_one()
    community = places.ensure_community(places.ensure_subdistrict(district, NEW_COMMUNITY[0]), NEW_COMMUNITY[1])
    result = []
    for name, plan in PLANS.items():
        company = places.ensure_company(district, name)
        for neighborhood in plan.neighborhoods:
            places.ensure_neighborhood(community, neighborhood, company=company)
        result.append((company, plan))
    db.session.commit()
    return result


def _moment(rng: random.Random, first: date, last: date) -> datetime:
    day = first + timedelta(days=rng.randrange(max((last - first).days, 0) + 1))
    return datetime.combine(day, time(rng.randrange(8, 17), rng.randrange(60)), tzinfo=LOCAL_TZ)


def _patrols(rng: random.Random, company: PropertyCompany, first: date, last: date, target: int,
             template: ChecklistTemplate, inspector: User, *, per_neighborhood: int) -> None:
    """Submitted patrols built directly (score and category rows, no answers or photos): cheap and backdated."""
    neighborhoods = list(db.session.scalars(select(Neighborhood).where(Neighborhood.company_id == company.id)))
    count = max(per_neighborhood * len(neighborhoods), 3 if target else 2)
    possible = {c: sum((i.max_points for i in c.items), Decimal(0)) for c in template.categories}
    for index in range(count):
        submitted = _moment(rng, first, last).astimezone(LOCAL_TZ)
        if submitted > datetime.now(LOCAL_TZ):
            submitted = datetime.now(LOCAL_TZ) - timedelta(hours=1)
        lost = max(Decimal(0), Decimal(100 - (target or 70)) + Decimal(rng.uniform(-3, 3)))
        earned = _spread(rng, possible, lost)
        score = rules.quantize(100 * sum(earned.values()) / sum(possible.values()))
        inspection = Inspection(kind=InspectionKind.PATROL, status=InspectionStatus.SUBMITTED,
                                neighborhood_id=neighborhoods[index % len(neighborhoods)].id, company_id=company.id,
                                template_id=template.id, inspector_id=inspector.id, score=score,
                                grade=grade_for(score), started_at=submitted - timedelta(minutes=40),
                                submitted_at=submitted, created_at=submitted - timedelta(minutes=40))
        db.session.add(inspection)
        db.session.flush()
        db.session.execute(insert(CategoryScore), [
            {"inspection_id": inspection.id, "category_id": c.id, "category_code": c.code,
             "earned": earned[c], "possible": possible[c]} for c in template.categories])


def _spread(rng: random.Random, possible: dict, lost_percent: Decimal) -> dict:
    """Take lost_percent of all points off the categories, unevenly, never below zero."""
    to_lose = lost_percent / 100 * sum(possible.values())
    weights = {c: Decimal(rng.uniform(.2, 1)) * possible[c] for c in possible}
    total_weight = sum(weights.values())
    return {c: rules.quantize(max(possible[c] - to_lose * weights[c] / total_weight, Decimal(0))) for c in possible}


def _findings(rng: random.Random, company: PropertyCompany, period: AssessmentPeriod, diligence: float,
              inspector: User) -> None:
    """Problems of the quarter: most closed in time when diligent, some late, some overdue at quarter end, and
    a send-back (督办) now and then."""
    neighborhood = db.session.execute(
        select(Neighborhood).where(Neighborhood.company_id == company.id).limit(1)).scalar_one()
    end = period.ends_on
    for index in range(rng.randrange(3, 7)):
        created = _moment(rng, period.starts_on, end - timedelta(days=20)).astimezone(LOCAL_TZ)
        deadline = created.date() + timedelta(days=7)
        roll = rng.random()
        closed_day = (deadline - timedelta(days=rng.randrange(0, 5)) if roll < diligence
                      else deadline + timedelta(days=rng.randrange(3, 12)) if roll < diligence + .3
                      else end + timedelta(days=rng.randrange(3, 9)))
        closed = min(datetime.combine(closed_day, time(15), tzinfo=LOCAL_TZ), datetime.now(LOCAL_TZ))
        finding = Finding(source=FindingSource.PATROL, state=FindingState.CLOSED, neighborhood_id=neighborhood.id,
                          community_id=neighborhood.community_id,
                          subdistrict_id=neighborhood.community.subdistrict_id, company_id=company.id,
                          category_code=rng.choice(rules.CATEGORY_CODES), title=PROBLEMS[index % len(PROBLEMS)],
                          deadline=deadline, created_at=created, created_by_id=inspector.id, closed_at=closed)
        db.session.add(finding)
        db.session.flush()
        changes = [(None, FindingState.OPEN, created), (FindingState.REPORTED, FindingState.CLOSED, closed)]
        if rng.random() > diligence + .2:
            changes.insert(1, (FindingState.REPORTED, FindingState.ORDERED, created + timedelta(days=5)))
        for before, after, at in changes:
            db.session.add(StateChange(subject_type="finding", subject_id=finding.id, from_state=before,
                                       to_state=after, actor_id=inspector.id, created_at=at))


def _special(period: AssessmentPeriod, company: PropertyCompany, score: int, admin: User) -> None:
    db.session.add(SpecialAssessment(period_id=period.id, company_id=company.id, score=Decimal(score),
                                     note="季度专项考评（党建引领、服务公示、业主满意度）", entered_by_id=admin.id))


def _close_and_publish(period: AssessmentPeriod, admin: User) -> None:
    db.session.commit()
    closed_at = datetime.combine(period.ends_on + timedelta(days=5), time(10), tzinfo=LOCAL_TZ)
    services.close_period(period, actor=admin, now=min(closed_at, utcnow()))
    services.publish_period(period, actor=admin)
    period.published_at = min(closed_at + timedelta(days=2), utcnow())
    db.session.commit()
