"""Demo boards: three companies' disclosures (one edited once, so it has history) and a committee's accounts."""

from __future__ import annotations

from sqlalchemy import select
from weasyprint import HTML

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.disclosure import services
from inspect_app.disclosure.models import ServiceDisclosure
from inspect_app.disclosure.rules import DisclosureInput
from inspect_app.places.models import Neighborhood

STANDARD = ("保洁：楼道每日清扫一次、每周拖洗一次，垃圾日产日清；\n"
            "秩序维护：大门 24 小时值守，每日巡逻四次；\n"
            "绿化：草坪每月修剪两次；\n"
            "维修：接报后 30 分钟内到场，小修当日完成。")
BOARDS = {
    "枫墅小镇小区": ("jiuzhou", DisclosureInput("王磊", "0313-5551234", STANDARD,
                                              "住宅 1.20 元/㎡·月；商铺 2.00 元/㎡·月；地上停车 100 元/月")),
    "晟家理想湾小区": ("jiajia", DisclosureInput("刘洋", "0313-5552468", STANDARD,
                                               "住宅 0.95 元/㎡·月；地上停车 80 元/月")),
    "茶榆云顶小区": ("anyi", DisclosureInput("赵敏", "400-800-1234", STANDARD, "住宅 1.05 元/㎡·月")),
}
ACCOUNTS_HTML = """<html><body style="font-family: 'Noto Sans CJK SC'; font-size: 12pt">
<h1 style="font-size: 16pt">枫墅小镇小区业主委员会 2026 年第三季度收支公示</h1>
<table style="border-collapse: collapse" border="1" cellpadding="6">
<tr><th>项目</th><th>金额（元）</th></tr>
<tr><td>公共收益：电梯广告</td><td>18,000.00</td></tr>
<tr><td>公共收益：地上停车</td><td>42,600.00</td></tr>
<tr><td>支出：单元门禁维修</td><td>-6,350.00</td></tr>
<tr><td>支出：业委会办公</td><td>-1,200.00</td></tr>
<tr><th>结余</th><th>53,050.00</th></tr>
</table></body></html>"""


def seed_disclosure() -> None:
    """Once: skipped when any disclosure exists."""
    if db.session.scalar(select(ServiceDisclosure.id).limit(1)) is not None:
        return
    for name, (username, data) in BOARDS.items():
        neighborhood = db.session.scalars(select(Neighborhood).where(Neighborhood.name == name)).one()
        company = _user(username)
        if name == "枫墅小镇小区":  # an earlier fee, so the history shows a change
            services.save_disclosure(neighborhood, DisclosureInput(data.project_manager, data.service_phone,
                                                                   data.service_standard, "住宅 1.10 元/㎡·月"),
                                     actor=company)
        services.save_disclosure(neighborhood, data, actor=company)
    neighborhood = db.session.scalars(select(Neighborhood).where(Neighborhood.name == "枫墅小镇小区")).one()
    services.add_document(neighborhood, "2026 年第三季度收支公示", HTML(string=ACCOUNTS_HTML).write_pdf(),
                          "application/pdf", actor=_user("supervisor"))


def _user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()
