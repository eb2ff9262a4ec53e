"""Demo 满意度测评: the district's five questions and some answers of the current quarter (once)."""

import random

from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import ReportStatus
from inspect_app.survey import services
from inspect_app.survey.forms import SurveyInput
from inspect_app.survey.models import SurveyQuestion

QUESTIONS = ("您对小区环境卫生（保洁、垃圾清运）是否满意？",
             "您对小区秩序维护（门岗、巡逻、停车）是否满意？",
             "您对公共设施设备维修养护是否满意？",
             "您对小区绿化养护是否满意？",
             "您对物业服务人员的态度和报修响应是否满意？")
# neighbourhood → (households, answers, how well it goes: the mean answer aimed at)
ANSWERED = {"枫墅小镇小区": (420, 14, 4.4), "馨苑二期": (680, 9, 3.6), "新城名座小区": (350, 6, 2.8),
            "晟家理想湾小区": (510, 11, 3.9)}
COMMENTS = ("保洁阿姨很负责", "地下车库灯坏了好久", "", "门岗登记很严格，放心", "", "电梯经常停运")


FOLLOW_BACK_CODE = "HFDEMX23"  # 回访: a resident's receipt whose finding is closed, to confirm or reject on /r/status


def seed_follow_back() -> None:
    """A resident's report on a finding the demo closed, so its fix can be judged by receipt code."""
    if db.session.scalar(select(ResidentReport.id).where(ResidentReport.receipt_code == FOLLOW_BACK_CODE)):
        return
    finding = db.session.scalar(select(Finding).where(Finding.state == FindingState.CLOSED).order_by(Finding.id)
                                .limit(1))
    if finding is None:
        return
    db.session.add(ResidentReport(receipt_code=FOLLOW_BACK_CODE, neighborhood_id=finding.neighborhood_id,
                                  category_code=finding.category_code, description=finding.title,
                                  status=ReportStatus.ACCEPTED, finding_id=finding.id))
    db.session.commit()


def seed_survey() -> None:
    seed_follow_back()
    if db.session.scalar(select(SurveyQuestion.id).limit(1)) is not None:
        return
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    if admin is None:
        return
    for text in QUESTIONS:
        services.add_question(text, None, actor=admin)
    ids = [q.id for q in services.active_questions()]
    draw = random.Random(2026)
    for name, (households, count, aim) in ANSWERED.items():
        neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))
        if neighborhood is None:
            continue
        neighborhood.households = neighborhood.households or households
        db.session.commit()
        for n in range(count):
            answers = {qid: min(5, max(1, round(draw.gauss(aim, 0.8)))) for qid in ids}
            data = SurveyInput(f"{n % 12 + 1}|{n // 12 + 1}-{101 + n}", answers, COMMENTS[n % len(COMMENTS)])
            services.submit_response(data, neighborhood=neighborhood, device_token=f"demo-{name}-{n}",
                                     today=local_today())
