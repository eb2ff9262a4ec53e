"""The quarter's survey answers in a period's ranking, live and frozen at close."""

from decimal import Decimal

from inspect_app.assessment import services
from inspect_app.assessment.ranking import ranking
from inspect_app.core.db import db
from inspect_app.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse
from tests.assessment.helpers import PAST, patrols, period


def answer(neighborhood, question, value, room) -> None:
    response = SurveyResponse(quarter=PAST, neighborhood_id=neighborhood.id, company_id=neighborhood.company_id,
                              household_key=f"1|{room}", device_token=f"device-{room}")
    response.answers = [SurveyAnswer(question_id=question.id, value=value)]
    db.session.add(response)


def test_satisfaction_enters_the_score_and_is_frozen(world):
    patrols(world.neighborhood_a, 90, 90, 90, inspector=world.inspector)
    patrols(world.neighborhood_b, 80, 80, 80, inspector=world.inspector)
    question = SurveyQuestion(text="总体满意度")
    db.session.add(question)
    db.session.flush()
    answer(world.neighborhood_a, question, 4, "101")
    answer(world.neighborhood_a, question, 5, "102")
    db.session.commit()
    p = period(world)
    live = ranking(p).row(world.company_a.id).result
    assert live.satisfaction == Decimal("90.00")  # 4.5 × 20
    assert (live.patrol_weight, live.satisfaction_weight) == (Decimal("0.90"), Decimal("0.10"))
    assert live.total == Decimal("81.00") + Decimal("9.00")
    other = ranking(p).row(world.company_b.id).result
    assert other.satisfaction is None and other.patrol_weight == 1 and other.total == Decimal("80.00")
    services.close_period(p, actor=world.admin)
    frozen = ranking(p).row(world.company_a.id).result
    assert (frozen.total, frozen.satisfaction, frozen.satisfaction_part) == (live.total, live.satisfaction,
                                                                            live.satisfaction_part)
    answer(world.neighborhood_a, question, 1, "103")  # late answers change nothing once closed
    db.session.commit()
    assert ranking(p).row(world.company_a.id).result.total == live.total


def test_the_admin_sets_the_weight(world):
    p = period(world)
    services.update_settings(p, {"satisfaction_weight": Decimal("0.20")}, actor=world.admin)
    assert ranking(p).settings.satisfaction_weight == Decimal("0.20")
