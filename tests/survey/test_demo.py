"""The demo's survey: questions and answers of the current quarter, and a receipt code to judge a fix by."""

from sqlalchemy import func, select

from inspect_app import demo
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.demo.survey import FOLLOW_BACK_CODE
from inspect_app.resident_reports import followup
from inspect_app.resident_reports.services import report_by_code
from inspect_app.survey import rules
from inspect_app.survey.models import SurveyResponse
from inspect_app.survey.queries import company_satisfaction


def test_demo_survey(app):
    demo.seed_demo()
    demo.seed_demo()  # twice: nothing doubled
    quarter = rules.quarter_of(local_today())
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)
                             .where(SurveyResponse.quarter == quarter)) == 40
    assert len(company_satisfaction(quarter)) >= 3
    report = report_by_code(FOLLOW_BACK_CODE)
    assert report is not None and followup.follow_up(report).can_judge
