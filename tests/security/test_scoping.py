"""Each model's `visible_to(user)` where-clause agrees, row by row and role by role, with the rule in words."""

from collections.abc import Callable

import pytest
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.inspections import services as patrols
from inspect_app.inspections.models import Inspection
from inspect_app.orders import services as orders
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.models import ResidentReport
from tests.security.helpers import USERS, jpeg

ROLES = list(USERS)


def _company(user):
    return user.company_id if user.role == "company" else None


def in_area(user, neighborhood_id: int) -> bool:
    """Staff with an area (golive.md): the neighbourhood lies in their community or subdistrict; else all. An
    owners' committee: it is its own neighbourhood."""
    if user.role == "committee":
        return neighborhood_id == user.neighborhood_id
    community = db.session.get(Neighborhood, neighborhood_id).community
    if user.role == "company" or (user.community_id is None and user.subdistrict_id is None):
        return True
    return community.id == user.community_id or community.subdistrict_id == user.subdistrict_id


def sees_finding(user, finding: Finding) -> bool:
    """A company its own company's findings; staff those of their area; the district's accounts all of them."""
    return (_company(user) is None or finding.company_id == user.company_id) and in_area(user, finding.neighborhood_id)


def sees_order(user, order: RectificationOrder) -> bool:
    """A company its own company's orders once issued, never a draft; staff those of their area; a committee its
    neighbourhood's issued ones."""
    if user.role == "committee" and order.state == "draft":
        return False
    return (_company(user) is None or (order.company_id == user.company_id and order.state != "draft")) \
        and in_area(user, order.neighborhood_id)


def sees_inspection(user, inspection: Inspection) -> bool:
    """A company its own submitted ones; an inspector the submitted ones and their own drafts; others all;
    staff only within their area."""
    submitted = inspection.status == "submitted"
    if user.role == "company":
        return submitted and inspection.company_id == user.company_id
    if user.role == "committee":
        return submitted and in_area(user, inspection.neighborhood_id)
    if not in_area(user, inspection.neighborhood_id):
        return False
    if user.role == "inspector":
        return submitted or inspection.inspector_id == user.id
    return True


def sees_neighborhood(user, neighborhood: Neighborhood) -> bool:
    return (_company(user) is None or neighborhood.company_id == user.company_id) and in_area(user, neighborhood.id)


def sees_resident_report(user, report: ResidentReport) -> bool:
    return user.role not in ("company", "committee") and in_area(user, report.neighborhood_id)


def _staff_sees_photo(user, photo: Photo) -> bool:
    """Staff with an area: at least one link, and every link (finding, patrol, order report, follow-up, resident
    report) in their area; a committee never a resident's."""
    if user.role == "committee" and photo.resident_report_id is not None:
        return False
    if user.community_id is None and user.subdistrict_id is None and user.role != "committee":
        return True
    places = []
    if photo.finding_id is not None:
        places.append(db.session.get(Finding, photo.finding_id).neighborhood_id)
    if photo.inspection_id is not None:
        places.append(db.session.get(Inspection, photo.inspection_id).neighborhood_id)
        if not sees_inspection(user, db.session.get(Inspection, photo.inspection_id)):
            return False
    if photo.rectification_report_id is not None:
        report = db.session.get(RectificationReport, photo.rectification_report_id)
        places.append(db.session.get(RectificationOrder, report.order_id).neighborhood_id)
    if photo.resident_report_id is not None:
        places.append(db.session.get(ResidentReport, photo.resident_report_id).neighborhood_id)
    return bool(places) and all(in_area(user, place) for place in places)


def sees_photo(user, photo: Photo) -> bool:
    """A company: not a resident's, on a finding or a report, and every link its own company's."""
    if user.role != "company":
        return _staff_sees_photo(user, photo)
    links = []
    if photo.finding_id is not None:
        links.append(db.session.get(Finding, photo.finding_id).company_id)
    if photo.rectification_report_id is not None:
        report = db.session.get(RectificationReport, photo.rectification_report_id)
        links.append(db.session.get(RectificationOrder, report.order_id).company_id)
    return photo.resident_report_id is None and bool(links) and set(links) == {user.company_id}


SPECS: dict[type, Callable] = {Finding: sees_finding, RectificationOrder: sees_order, Inspection: sees_inspection,
                               Neighborhood: sees_neighborhood, ResidentReport: sees_resident_report,
                               Photo: sees_photo}


@pytest.fixture
def rich_scene(scene):
    """The security scene plus a supervisor's draft, a company's report with a photo, a resident's photo and a
    photo that belongs to both companies' cases."""
    w = scene.world
    patrols.start_patrol(w.neighborhood_b, actor=w.supervisor)
    orders.acknowledge(scene.issued_a, actor=w.company_user_a)
    finding = scene.issued_a.lines[0].finding
    report = orders.report_fix(scene.issued_a, finding, actor=w.company_user_a, note="已清运")
    for index, (kind, links) in enumerate([
        (PhotoKind.AFTER, {"rectification_report_id": report.id, "finding_id": finding.id}),
        (PhotoKind.RESIDENT, {"resident_report_id": scene.report.id}),
        (PhotoKind.EVIDENCE, {"finding_id": scene.finding_b.id, "rectification_report_id": report.id}),
    ]):
        store_photo(jpeg(color=(index, 9, 9)), kind=kind, actor=None, watermark_lines=["t"], **links)
    return scene


@pytest.mark.parametrize("model", list(SPECS), ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_visible_to_agrees_with_the_rule(rich_scene, role, model):
    user = getattr(rich_scene.world, USERS[role])
    rows = list(db.session.scalars(select(model)))
    visible = set(db.session.scalars(select(model.id).where(model.visible_to(user))))
    assert visible == {row.id for row in rows if SPECS[model](user, row)}
    # the district's accounts see every kind of row the scene has (an area's may have none of a kind)
    assert visible or user.role == "company" or user.area_name


def test_the_scene_tells_the_roles_apart(rich_scene):
    """Each rule both shows and hides something to someone, so the comparison above is not vacuous."""
    users = [getattr(rich_scene.world, name) for name in USERS.values()]
    for model, spec in SPECS.items():
        verdicts = {spec(user, row) for user in users for row in db.session.scalars(select(model))}
        assert verdicts == {True, False}, model.__name__
