"""Demo patrols, findings and orders in every state, so a newcomer sees the whole loop at once."""

from datetime import timedelta
from io import BytesIO

from PIL import Image, ImageDraw
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.demo.assessment import seed_assessment
from inspect_app.inspections import queries
from inspect_app.inspections import services as patrols
from inspect_app.inspections.answers import parse_answer
from inspect_app.inspections.models import Inspection
from inspect_app.orders import followup
from inspect_app.orders import services as orders
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.places.models import Neighborhood

# neighbourhood → (item code, preset index, count) deductions of its demo patrol
PATROLS = {
    "枫墅小镇小区": [("H1", 0, 2), ("H2", 0, 3), ("Q5", 0, 2)],
    "晟家理想湾小区": [("H2", 0, 4), ("Q4", 0, 2), ("G1", 0, 1)],
    "奥林南区小区": [("H1", 1, 3), ("F4", 0, 2)],
    "新城名座小区": [("H3", 0, 1), ("F1", 0, 2)],
    "馨苑二期": [("F2", 0, 1), ("S1", 0, 1)],
    "茶榆云顶小区": [("H6", 0, 1), ("Q6", 0, 2)],
    "桥东区委小区": [("Q2", 0, 1)],
}


def demo_photo(label: str) -> bytes:
    image = Image.new("RGB", (1200, 900), (150, 160, 150))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.line([(i, 900), (i + 300, 450)], fill=(110, 120, 105), width=8)
    draw.rectangle([420, 380, 780, 640], fill=(120, 90, 60))
    draw.text((40, 40), label, fill=(255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()


def _patrol(name: str, deductions: list[tuple[str, int, int]], inspector: User) -> Inspection:
    neighborhood = db.session.scalars(select(Neighborhood).where(Neighborhood.name == name)).one()
    inspection = patrols.start_patrol(neighborhood, actor=inspector)
    template = queries.load_template(inspection.template_id)
    wanted = {code: (preset, count) for code, preset, count in deductions}
    for category in template.categories:
        for item in category.items:
            form = {"outcome": "pass"}
            if item.code in wanted:
                preset, count = wanted[item.code]
                form = {"outcome": "deduct", "preset_id": str(item.presets[preset].id), "count": str(count)}
            elif item.gated_only and not neighborhood.is_gated:
                form = {"outcome": "not_applicable"}
            result = patrols.save_answer(inspection, item, parse_answer(item, form), actor=inspector)
            if item.code in wanted and item.photo_required:
                store_photo(demo_photo(f"{name} {item.code}"), kind=PhotoKind.EVIDENCE, actor=inspector,
                            watermark_lines=watermark_lines(name, inspector.display_name),
                            inspection_id=inspection.id, item_result_id=result.id)
    return patrols.submit(inspection, actor=inspector)


def _order_for(inspection: Inspection, inspector: User, *, issue: bool = True):
    finding_ids = [f.id for f in inspection_findings(inspection)]
    order = orders.draft_order(inspection.neighborhood, finding_ids, actor=inspector)
    return orders.issue_order(order, actor=inspector) if issue else order


def inspection_findings(inspection: Inspection):
    from inspect_app.findings.models import Finding

    return list(db.session.scalars(select(Finding).where(Finding.inspection_id == inspection.id)
                                   .order_by(Finding.id)))


def seed_workflow() -> None:
    """Orders: 草稿, 已签发, 已签收, 已反馈, 已销号, 逾期 and 退回督办 — once (skipped if patrols exist)."""
    if db.session.scalar(select(Inspection.id).limit(1)) is not None:
        return
    inspector, supervisor = _user("inspector"), _user("supervisor")
    done = {name: _patrol(name, deductions, inspector) for name, deductions in PATROLS.items()}
    _order_for(done["桥东区委小区"], inspector, issue=False)  # draft
    _order_for(done["馨苑二期"], inspector)  # issued
    overdue = _order_for(done["新城名座小区"], inspector)  # issued, deadline passed
    for line in overdue.lines:
        line.deadline = line.finding.deadline = local_today() - timedelta(days=3)
    overdue.deadline = local_today() - timedelta(days=3)
    db.session.commit()
    _reported(done["奥林南区小区"], inspector, "aoxing")
    verified = _reported(done["茶榆云顶小区"], inspector, "anyi")
    _follow_up(verified, inspector, passed=True)
    for line in verified.lines:
        followup.close_finding(verified, line.finding, actor=supervisor, note="复查合格，予以销号")
    sent_back = _reported(done["晟家理想湾小区"], inspector, "jiajia")
    _follow_up(sent_back, inspector, passed=False)
    followup.send_back(sent_back, sent_back.lines[0].finding, actor=supervisor,
                       deadline=local_today() + timedelta(days=3), note="仍未整改到位，限期三日")
    acknowledged = _order_for(done["枫墅小镇小区"], inspector)
    orders.acknowledge(acknowledged, actor=_user("jiuzhou"))
    seed_assessment()


def _reported(inspection: Inspection, inspector: User, company_username: str):
    order = _order_for(inspection, inspector)
    company_user = _user(company_username)
    orders.acknowledge(order, actor=company_user)
    for line in order.lines:
        report = orders.report_fix(order, line.finding, actor=company_user, note="已按要求整改完毕")
        store_photo(demo_photo(f"{line.finding.title[:6]} 整改后"), kind=PhotoKind.AFTER, actor=company_user,
                    watermark_lines=watermark_lines(inspection.neighborhood.name, company_user.display_name),
                    rectification_report_id=report.id, finding_id=line.finding_id)
    return order


def _follow_up(order, inspector: User, *, passed: bool) -> None:
    inspection = followup.start_follow_up(order, actor=inspector)
    for index, line in enumerate(order.lines):
        ok = passed or index > 0
        followup.record_result(inspection, line.finding, outcome="passed" if ok else "failed",
                               note="" if ok else "现场仍有问题", actor=inspector)
    followup.submit_follow_up(inspection, order, actor=inspector)
