"""Demo 转办: three departments and one open finding transferred to the heating company."""

import logging
from datetime import timedelta

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.demo.workflow import demo_photo
from inspect_app.findings.models import Finding, FindingSource
from inspect_app.findings.rules import FindingState
from inspect_app.findings.services import record_change
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.places.models import Neighborhood
from inspect_app.transfers import services as transfers
from inspect_app.transfers.models import Department, Transfer
from inspect_app.transfers.rules import DepartmentInput

log = logging.getLogger(__name__)
DEPARTMENTS = (DepartmentInput("区住建局", "王建国", "zhujian@example.gov.cn", "0313-4011001"),
               DepartmentInput("区城管局", "刘晓明", "chengguan@example.gov.cn", "0313-4011002"),
               DepartmentInput("供热公司", "陈师傅", "gongre@example.com", "0313-4011003"))


def seed_transfers() -> None:
    """Safe to run twice: departments by name, the transfer only while there is none."""
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    inspector = db.session.scalar(select(User).where(User.username == "inspector"))
    neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "馨苑二期"))
    if admin is None or inspector is None or neighborhood is None:
        return
    by_name = {d.name: d for d in db.session.scalars(select(Department))}
    for data in DEPARTMENTS:
        if data.name not in by_name:
            by_name[data.name] = transfers.save_department(None, data, actor=admin)
    if db.session.scalar(select(Transfer.id).limit(1)) is not None:
        return
    finding = Finding(source=FindingSource.MANUAL, state=FindingState.OPEN, neighborhood=neighborhood,
                      community_id=neighborhood.community_id, subdistrict_id=neighborhood.community.subdistrict_id,
                      company_id=neighborhood.company_id, category_code="F", title="小区供暖主管网漏水",
                      description="3号楼北侧检查井内供热主管道漏水，热水外溢结冰，属供热公司管网。",
                      created_by=inspector, deadline=local_today() + timedelta(days=7))
    db.session.add(finding)
    db.session.flush()
    record_change("finding", finding.id, None, FindingState.OPEN, actor=inspector)
    db.session.commit()
    store_photo(demo_photo("供热管网漏水"), kind=PhotoKind.EVIDENCE, actor=inspector, finding_id=finding.id,
                watermark_lines=watermark_lines(neighborhood.name, inspector.display_name))
    try:
        transfers.transfer_finding(finding, actor=inspector, department_id=by_name["供热公司"].id, workdays=3,
                                   note="请尽快抢修，防止路面结冰伤人。", today=local_today())
    except DomainError as error:  # a year the working-day calendar does not know yet
        log.warning("demo transfer skipped: %s", error.message)
