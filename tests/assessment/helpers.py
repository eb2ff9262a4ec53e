"""Build assessment data directly: backdated submitted patrols with category rows, periods, findings, send-backs."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert

from inspect_app.assessment import services
from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings.models import StateChange
from inspect_app.inspections.models import CategoryScore, Inspection
from tests import factories

PAST = "2025Q2"  # a quarter that is over whenever the suite runs
IN_PAST = date(2025, 5, 10)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)


def patrol(neighborhood, score, *, inspector, day: date = IN_PAST, company=None, categories=None,
           kind: str = "patrol", status: str = "submitted") -> Inspection:
    """A submitted patrol with its score (and category rows, by default H at the same rate)."""
    template = ensure_default_template()
    company_id = company.id if company is not None else neighborhood.company_id
    inspection = Inspection(kind=kind, status=status, neighborhood_id=neighborhood.id, company_id=company_id,
                            template_id=template.id, inspector_id=inspector.id, score=Decimal(str(score)),
                            submitted_at=at(day) if status == "submitted" else None, started_at=at(day, 9))
    db.session.add(inspection)
    db.session.flush()
    categories = categories or {"H": (Decimal(str(score)) / 100 * 30, Decimal(30))}
    category_ids = {c.code: c.id for c in template.categories}
    db.session.execute(insert(CategoryScore), [
        {"inspection_id": inspection.id, "category_id": category_ids[code], "category_code": code,
         "earned": Decimal(str(earned)), "possible": Decimal(str(possible))}
        for code, (earned, possible) in categories.items()])
    db.session.commit()
    return inspection


def patrols(neighborhood, *scores, inspector, day: date = IN_PAST) -> None:
    for value in scores:
        patrol(neighborhood, value, inspector=inspector, day=day)


def period(world, code: str = PAST):
    return services.create_period(code, actor=world.admin)


def finding(neighborhood, *, created: date = IN_PAST, deadline: date | None = None, closed: date | None = None,
            **fields):
    item = factories.finding(neighborhood, created_at=at(created), deadline=deadline,
                             state="closed" if closed else fields.pop("state", "ordered"),
                             closed_at=at(closed, 15) if closed else None, **fields)
    return item


def send_back(item, day: date = IN_PAST, *, from_state: str = "reported", actor=None) -> None:
    db.session.add(StateChange(subject_type="finding", subject_id=item.id, from_state=from_state, to_state="ordered",
                               actor_id=actor.id if actor else None, created_at=at(day)))
    db.session.commit()


def days(n: int) -> timedelta:
    return timedelta(days=n)
