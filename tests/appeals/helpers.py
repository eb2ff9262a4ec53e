"""A real patrol with one deduction (H1, 2 points), its finding on an issued order, and a quarter around today."""

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from inspect_app.assessment import services as assessment
from inspect_app.assessment.rules import quarter_code
from inspect_app.core.db import db, utcnow
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.inspections import services as patrols
from inspect_app.orders import services as orders
from tests.assessment.helpers import patrol as scored_patrol
from tests.inspections.helpers import attach_photo, deduct, items, pass_all_but

DEDUCTION = Decimal(2)


def deducting_patrol(world, neighborhood=None):
    """Submitted patrol of neighbourhood A: everything passed except H1, 2 × 1 point (score 98)."""
    inspection = patrols.start_patrol(neighborhood or world.neighborhood_a, actor=world.inspector)
    pass_all_but(inspection, world.inspector, "H1")
    result = deduct(inspection, items(inspection)["H1"], world.inspector, count=2)
    attach_photo(inspection, result, world.inspector)
    return patrols.submit(inspection, actor=world.inspector)


def appealable(world, neighborhood=None):
    """(order, finding, patrol): the patrol's H1 finding on an order issued now."""
    inspection = deducting_patrol(world, neighborhood)
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == inspection.id))
    order = orders.issue_order(orders.draft_order(finding.neighborhood, [finding.id], actor=world.inspector),
                               actor=world.inspector)
    return order, finding, inspection


def quarter(world):
    """The quarter of today, created (open)."""
    return assessment.create_period(quarter_code(local_today()), actor=world.admin)


def more_patrols(neighborhood, *scores, inspector):
    """Submitted patrols with these scores, a minute ago (inside the running quarter's window)."""
    for score in scores:
        inspection = scored_patrol(neighborhood, score, inspector=inspector, day=local_today())
        inspection.submitted_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def backdate_issue(order, when: datetime) -> None:
    order.issued_at = when
    db.session.commit()
