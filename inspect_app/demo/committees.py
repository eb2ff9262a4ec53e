"""Demo owners' committee (业委会) input: the admin's items and 枫墅小镇小区's input for the open quarter."""

from decimal import Decimal

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.committees import queries, services
from inspect_app.core.db import db

ITEMS = (("物业服务人员在岗在位、服务态度良好", 20), ("公共区域保洁及时、垃圾清运到位", 20),
         ("共用设施设备维修养护及时", 20), ("秩序维护与车辆停放管理规范", 20),
         ("收费与收支公示、听取业主意见", 20))
SCORES = (18, 16, 15, 17, 19)


def seed_committees() -> None:
    """Once: the items when there are none; the committee's input when its open quarter has none."""
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    committee = db.session.scalar(select(User).where(User.username == "yeweihui"))
    if admin is None or committee is None:
        return
    if not queries.master_items(active_only=False):
        for position, (text, points) in enumerate(ITEMS, start=1):
            services.add_item(text, Decimal(points), position, actor=admin)
    period = queries.current_period()
    if period is None or committee.neighborhood_id is None \
            or queries.input_for(period.id, committee.neighborhood_id) is not None:
        return
    items = queries.form_items(period)
    given: dict[str, Decimal | None] = {item.key: Decimal(value) for item, value in zip(items, SCORES, strict=False)}
    if len(given) == len(items):
        services.save_input(period, given, "保洁和维修总体及时，停车秩序仍需加强。", actor=committee)
