"""Shared pieces of the security suite: a scene with one object of each kind, signed-in clients, raw bodies."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from flask import Flask
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from inspect_app.appeals import services as appeals
from inspect_app.appeals.models import Appeal
from inspect_app.assessment import services as assessment
from inspect_app.assessment.rules import quarter_code
from inspect_app.auth.models import User
from inspect_app.committees.models import CommitteeItem
from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.core.time import local_today
from inspect_app.disclosure import services as disclosure
from inspect_app.disclosure.models import CommitteeDocument
from inspect_app.escalations.models import Escalation
from inspect_app.findings.models import Finding
from inspect_app.inspections import services as patrols
from inspect_app.inspections.models import Inspection
from inspect_app.integrations import services as integrations
from inspect_app.integrations.models import Integration, WebhookSubscription
from inspect_app.notifications import services as notifications
from inspect_app.notifications.models import Delivery, Notification
from inspect_app.notifications.rules import NotificationKind
from inspect_app.orders import services as orders
from inspect_app.orders.links import verify_token
from inspect_app.orders.models import RectificationOrder
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.places import services as places
from inspect_app.places.models import Neighborhood
from inspect_app.planning import services as planning
from inspect_app.planning.models import PatrolPlan, PlanLine
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import new_receipt_code
from inspect_app.survey.models import SurveyQuestion
from inspect_app.transfers import services as transfers
from inspect_app.transfers.links import reply_token
from inspect_app.transfers.models import Department, Transfer
from inspect_app.transfers.rules import DepartmentInput
from tests import factories
from tests.assessment import helpers as assessment_helpers
from tests.factories import World
from tests.inspections.helpers import attach_photo, items

# Staff of two areas (golive.md): an inspector of 学府街社区, where every *_a and *_b object lies, and a supervisor of
# 北站街道, another subdistrict, who sees only what lies there (the *_far objects).
# The owners' committee (业委会) is bound to neighbourhood A: it reads what lies there, writes only its own input.
ROLES = ("anonymous", "inspector", "supervisor", "company_a", "company_b", "admin", "community_inspector",
         "far_supervisor", "committee")
USERS = {"inspector": "inspector", "supervisor": "supervisor", "company_a": "company_user_a",
         "company_b": "company_user_b", "admin": "admin", "community_inspector": "community_inspector",
         "far_supervisor": "far_supervisor", "committee": "committee"}
# Every route that takes photos through the shared upload helper: (role, path, the other fields it needs).
UPLOAD_ROUTES = {
    "patrol item": ("inspector", "/inspections/{draft_patrol}/items/{item}/photos", {}),
    "order report": ("company_a", "/orders/{issued_a}/findings/{issued_a_finding}/report", {"note": "已清运"}),
    "follow-up": ("inspector", "/orders/{issued_a}/follow-up/{issued_a_finding}", {"outcome": "passed"}),
}
# Personal data that must never reach a public page: planted in the scene by `plant_personal_data`.
PERSONAL = {"phone": "13987654321", "company_phone": "03135551234", "contact": "赵秘密", "owners": "业委会王主任",
            "lat": "40.76543", "lng": "114.88765", "inspector": "Inspector1", "username": "inspector1"}


def jpeg(size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (90, 140, 60), **save) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def multipart(fields: dict[str, str] | list[tuple[str, str]], files: list[tuple[str, str, bytes]] = ()
              ) -> tuple[bytes, str]:
    """An in-memory multipart body (the test client would spool a big one to a file it never closes)."""
    data = MultiDict(fields)
    for field, name, content in files:
        data.add(field, FileStorage(BytesIO(content), filename=name, content_type="image/jpeg"))
    boundary, body = encode_multipart(data)
    return body, f"multipart/form-data; boundary={boundary}"


def sign_in(client, user: User) -> None:
    """Log a client in through its session (as Flask-Login would), without paying for scrypt each time."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def area_accounts(world: World) -> None:
    """The two area accounts, on the world (made once): see ROLES."""
    if hasattr(world, "far_supervisor"):
        return
    district = world.neighborhood_a.community.subdistrict.district
    inspector = factories.user("community_inspector", Role.INSPECTOR)
    inspector.community = world.neighborhood_a.community
    supervisor = factories.user("far_supervisor", Role.SUPERVISOR)
    supervisor.subdistrict = places.ensure_subdistrict(district, "北站街道")
    committee = factories.user("committee", Role.COMMITTEE, neighborhood=world.neighborhood_a)
    db.session.commit()
    world.community_inspector, world.far_supervisor = inspector, supervisor  # type: ignore[attr-defined]
    world.committee = committee  # type: ignore[attr-defined]


def role_clients(app: Flask, world: World) -> dict[str, object]:
    area_accounts(world)
    clients = {}
    for role in ROLES:
        clients[role] = app.test_client()
        if role != "anonymous":
            sign_in(clients[role], getattr(world, USERS[role]))
    return clients


def fingerprint() -> dict[str, object]:
    """Row counts of every table and every state/status column: equal before and after means nothing was written."""
    db.session.expire_all()
    seen: dict[str, object] = {}
    for table in db.metadata.sorted_tables:
        seen[table.name] = db.session.scalar(select(func.count()).select_from(table))
        for name in ("state", "status", "revision", "lock_version", "acknowledged_at", "remarks"):
            if name in table.c:
                rows = db.session.execute(select(table.c.id, table.c[name]).order_by(table.c.id)).all()
                seen[f"{table.name}.{name}"] = [tuple(row) for row in rows]
    return seen


def stored_files(folder: str | Path) -> list[str]:
    root = Path(folder)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@dataclass
class Scene:
    """One object of each kind, for company A (and some for company B), built through the real services."""

    world: World
    finding_a: Finding
    finding_b: Finding
    draft_a: RectificationOrder
    issued_a: RectificationOrder
    issued_b: RectificationOrder
    patrol_a: Inspection  # submitted
    draft_patrol: Inspection  # the inspector's own draft
    item_id: int
    draft_photo: Photo
    photo_a: Photo  # evidence of finding_a
    template_id: int
    open_period: str
    published_period: str
    report: ResidentReport
    neighborhood_far: Neighborhood  # in 北站街道: the far supervisor's, no one else's area below the district
    finding_far: Finding
    finding_care: Finding  # in a neighbourhood without a company, under community care (社区代管)
    account: User  # one for the administrator to edit, disable and reset (no client logs in as it)

    def values(self) -> dict[str, object]:
        w = self.world
        return {
            "finding_a": self.finding_a.id, "finding_b": self.finding_b.id, "draft_a": self.draft_a.id,
            "issued_a": self.issued_a.id, "issued_b": self.issued_b.id,
            "issued_a_finding": self.issued_a.lines[0].finding_id, "patrol_a": self.patrol_a.id,
            "draft_patrol": self.draft_patrol.id, "item": self.item_id, "draft_photo": self.draft_photo.id,
            "photo_a": self.photo_a.id, "template": self.template_id, "open_period": self.open_period,
            "published_period": self.published_period, "report": self.report.id,
            "neighborhood_a": w.neighborhood_a.id, "company_a": w.company_a.id,
            "token_a": w.neighborhood_a.public_token, "receipt": self.report.receipt_code,
            "notification": db.session.scalar(select(Notification.id)
                                              .where(Notification.user_id == w.company_user_a.id)),
            "delivery": db.session.scalar(select(Delivery.id)),
            "neighborhood_far": self.neighborhood_far.id, "finding_far": self.finding_far.id,
            "finding_care": self.finding_care.id,
            "account": self.account.id,
            "escalation": db.session.scalar(select(Escalation.id)),
            "appeal_a": db.session.scalar(select(Appeal.id).where(Appeal.order_id == self.issued_a.id)),
            "plan": db.session.scalar(select(PatrolPlan.id).where(PatrolPlan.subdistrict_id.is_(None))),
            "plan_line": db.session.scalar(select(PlanLine.id).order_by(PlanLine.id)),
            "verify_token_a": verify_token(self.issued_a.id),
            "committee_doc": db.session.scalar(select(CommitteeDocument.id)),
            "survey_question": db.session.scalar(select(SurveyQuestion.id)),
            "integration": db.session.scalar(select(Integration.id)),
            "subscription": db.session.scalar(select(WebhookSubscription.id)),
            **_transfer_values(),
            "committee_item": db.session.scalar(select(CommitteeItem.id)),
        }


def _transfer_values() -> dict[str, object]:
    transfer = db.session.scalar(select(Transfer).order_by(Transfer.id))
    assert transfer is not None
    return {"department": transfer.department_id, "transfer": transfer.id, "transfer_token": reply_token(transfer.id),
            "transfer_photo": db.session.scalar(select(Photo.id).where(Photo.finding_id == transfer.finding_id)),
            "finding_to_transfer": db.session.scalar(select(Finding.id).where(Finding.title == "待转办"))}


def _transfer_scene(world: World) -> None:
    """A department, a finding transferred to it (with a photo), and an open finding to transfer."""
    department = transfers.save_department(None, DepartmentInput("区住建局", "王主任", "zj@example.cn", ""),
                                           actor=world.admin)
    away = factories.finding(world.neighborhood_a, title="供暖管道漏水")
    store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=world.inspector, watermark_lines=["t"], finding_id=away.id)
    transfers.transfer_finding(away, actor=world.inspector, department_id=department.id, workdays=5, note="",
                               today=date(2026, 11, 2))
    factories.finding(world.neighborhood_a, title="待转办")
    assert db.session.scalar(select(Department.id)) == department.id


def build_scene(world: World) -> Scene:
    inspector = world.inspector
    finding_a = factories.finding(world.neighborhood_a, title="A公司楼道堆物")
    finding_b = factories.finding(world.neighborhood_b, title="B公司垃圾满溢")
    photo_a = store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=inspector, watermark_lines=["t"],
                          finding_id=finding_a.id)
    draft_a = orders.draft_order(world.neighborhood_a, [finding_a.id], actor=inspector)
    issued = [orders.issue_order(orders.draft_order(n, [factories.finding(n, title="已下发").id], actor=inspector),
                                 actor=inspector) for n in (world.neighborhood_a, world.neighborhood_b)]
    # Submitted patrols with their scores (the ranking counts them), built directly: answering 29 items is slow.
    patrol_a, *_ = (assessment_helpers.patrol(world.neighborhood_a, score, inspector=inspector)
                    for score in (91, 92, 93))
    draft_patrol = patrols.start_patrol(world.neighborhood_a, actor=inspector)
    item = items(draft_patrol)["H2"]
    draft_photo = attach_photo(draft_patrol, patrols.ensure_result_for_photo(draft_patrol, item), inspector)
    published = assessment_helpers.period(world)
    assessment.close_period(published, actor=world.admin)
    assessment.publish_period(published, actor=world.admin)
    open_period = assessment.create_period("2025Q3", actor=world.admin)
    notifications.save_setting(world.admin, email="admin@example.cn", email_enabled=True)
    notifications.notify([world.admin], NotificationKind.OVERDUE, key="scene", title="逾期提醒")
    appeals.file_appeal(issued[0], issued[0].lines[0].finding, actor=world.company_user_a, target="finding",
                        text="非本公司责任", today=local_today())
    report = ResidentReport(receipt_code=new_receipt_code(), neighborhood_id=world.neighborhood_a.id,
                            category_code="H", description="楼道堆放杂物", contact_phone=PERSONAL["phone"])
    db.session.add(report)
    area_accounts(world)
    far = places.ensure_neighborhood(places.ensure_community(world.far_supervisor.subdistrict, "朝阳社区"),  # type: ignore[attr-defined]
                                     "朝阳小区", company=world.company_a)
    care = places.ensure_neighborhood(world.neighborhood_a.community, "林业北小区", company=None)
    account = factories.user("account1", Role.INSPECTOR)
    db.session.add(CommitteeItem(text="物业服务满意程度", max_points=Decimal(10), position=1))
    db.session.add(Escalation(order_id=issued[0].id, level="subdistrict", year=2026, sequence=1,  # 督办 of issued_a
                              number="经开督办〔2026〕第0001号", workdays_overdue=6))
    db.session.add(SurveyQuestion(text="您对小区环境卫生是否满意？", position=10))
    db.session.commit()
    planning.generate(world.supervisor, quarter_code(local_today()), seed=1)  # the district's plan
    disclosure.add_document(world.neighborhood_a, "业委会收支公示", b"%PDF-1.4\n%%EOF\n", "application/pdf",
                            actor=world.supervisor)
    integration, _token = integrations.create_integration("12345 热线", "", "write", actor=world.admin)
    integrations.subscribe(integration, "http://127.0.0.1:9/hook", ["order.issued"])
    _transfer_scene(world)
    return Scene(world, finding_a, finding_b, draft_a, *issued, patrol_a, draft_patrol, item.id, draft_photo,
                 photo_a, patrol_a.template_id, open_period.code, published.code, report, far,
                 factories.finding(far, title="北站问题"), factories.finding(care, title="无物业问题"), account)


def prepare_upload(scene: Scene, route: str) -> None:
    """A company reports a fix only on an order it has acknowledged."""
    if route == "order report":
        orders.acknowledge(scene.issued_a, actor=scene.world.company_user_a)


def plant_personal_data(world: World) -> None:
    """Contacts, phones and GPS where the data model keeps them, so a public page could leak them."""
    world.company_a.contact_name, world.company_a.contact_phone = PERSONAL["contact"], PERSONAL["company_phone"]
    world.neighborhood_a.owners_committee_contact = PERSONAL["owners"]
    for photo in db.session.scalars(select(Photo)):
        photo.gps_lat, photo.gps_lng = float(PERSONAL["lat"]), float(PERSONAL["lng"])
    db.session.commit()


class FormReader(HTMLParser):
    """What a browser would submit from one form of a page (its own fields and those with form="id")."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.values = form_id, MultiDict()
        self._inside, self._textarea = False, None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self._inside = a.get("id") == self.form_id
        mine = self._inside if "form" not in a else a["form"] == self.form_id
        if not mine or not a.get("name") or tag not in ("input", "textarea"):
            return
        if tag == "textarea":
            self._textarea = a["name"]
            self.values.add(a["name"], "")
        elif a.get("type") not in ("checkbox", "radio", "submit", "file") or "checked" in a:
            self.values.add(a["name"], a.get("value") or "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            values = self.values.getlist(self._textarea)
            values[-1] += data
            self.values.setlist(self._textarea, values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False


def form_values(html: str, form_id: str) -> MultiDict:
    """The form's fields without its CSRF token (the test client sends a fresh one in the header)."""
    reader = FormReader(form_id)
    reader.feed(html)
    reader.values.poplist("csrf_token")
    return reader.values


_WATCHED: list[tuple[str, str]] | None = None
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    if _WATCHED is None:
        return
    if event == "open" and isinstance(args[0], str) and args[0].startswith(("/etc/", "/proc/self/environ")):
        _WATCHED.append((event, args[0]))
    elif event == "urllib.Request" and not str(args[0]).startswith("data:"):  # data: URIs are decoded by urllib
        _WATCHED.append((event, str(args[0])))
    elif event == "socket.connect":
        _WATCHED.append((event, str(args[1])))


@contextmanager
def watched_io() -> Iterator[list[tuple[str, str]]]:
    """Records reads of system files, URL fetches and socket connections made while the block runs."""
    global _WATCHED, _hook_installed
    if not _hook_installed:  # audit hooks cannot be removed: install once, switch with _WATCHED
        sys.addaudithook(_audit)
        _hook_installed = True
    _WATCHED = []
    try:
        yield _WATCHED
    finally:
        _WATCHED = None


@contextmanager
def tcp_listener() -> Iterator[tuple[int, list[object]]]:
    """A port on 127.0.0.1 that records every connection made to it."""
    hits: list[object] = []
    stop = threading.Event()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(0.05)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, address = server.accept()
                except TimeoutError:
                    continue
                hits.append(address)
                conn.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield server.getsockname()[1], hits
        finally:
            stop.set()
            thread.join(timeout=5)
