"""Ledger test data: a second subdistrict with a neighbourhood without a company, and findings in every state."""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from PIL import Image

from inspect_app.core.db import utcnow
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding, FindingState
from inspect_app.places import services as places
from inspect_app.places.models import Neighborhood
from tests import factories


@dataclass
class Ledger:
    findings: dict[str, Finding]
    ids: dict[str, int]  # filter values by name: subdistrict1, subdistrict2, community1, …


def other_neighborhood() -> Neighborhood:
    district = places.ensure_district("张家口经济技术开发区", "经开")
    community = places.ensure_community(places.ensure_subdistrict(district, "马路东街道"), "富强路社区")
    return places.ensure_neighborhood(community, "林业北小区", company=None)


def seed_ledger(world) -> Ledger:
    """Five findings: A open, A overdue, B reported (overdue), B closed this month, C (no company) old."""
    today, now = local_today(), utcnow()
    c = other_neighborhood()
    rows = {
        "A-open-H": (world.neighborhood_a, "H", FindingState.OPEN, today + timedelta(days=3), {}),
        "A-overdue-Q": (world.neighborhood_a, "Q", FindingState.ORDERED, today - timedelta(days=2),
                        {"escalation_count": 2}),
        "B-reported-F": (world.neighborhood_b, "F", FindingState.REPORTED, today - timedelta(days=1), {}),
        "B-closed-G": (world.neighborhood_b, "G", FindingState.CLOSED, today - timedelta(days=5),
                       {"closed_at": now}),
        "C-open-S": (c, "S", FindingState.OPEN, None, {"created_at": now - timedelta(days=40)}),
    }
    findings = {title: factories.finding(n, title=title, category_code=code, state=state, deadline=deadline, **extra)
                for title, (n, code, state, deadline, extra) in rows.items()}
    a = world.neighborhood_a
    ids = {"subdistrict1": a.community.subdistrict_id, "subdistrict2": c.community.subdistrict_id,
           "community1": a.community_id, "community2": c.community_id, "neighborhood_a": a.id,
           "neighborhood_c": c.id, "company_a": world.company_a.id, "company_b": world.company_b.id}
    return Ledger(findings, ids)


def jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, "JPEG")
    return buffer.getvalue()
