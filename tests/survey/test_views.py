"""The survey through the test client: answering once a household, refusals that keep what was typed, results."""

from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.survey import rules
from inspect_app.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse
from inspect_app.survey.queries import area_satisfaction, company_satisfaction


def questions(*texts: str) -> list[int]:
    items = [SurveyQuestion(text=t, position=i) for i, t in enumerate(texts)]
    db.session.add_all(items)
    db.session.commit()
    return [q.id for q in items]


def answers(ids, *values, building="3号楼", room="2单元301", comment="") -> dict:
    return {"building": building, "room": room, "comment": comment,
            **{f"q{qid}": str(v) for qid, v in zip(ids, values, strict=True)}}


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse)) or 0


def test_a_household_answers_once(app, client, world):
    ids = questions("环境卫生", "秩序维护")
    url = f"/r/{world.neighborhood_a.public_token}/survey"
    page = client.get(url)
    assert page.status_code == 200 and "环境卫生" in page.get_data(as_text=True)
    assert client.post(url, data=answers(ids, 5, 4, comment="保安很负责")).status_code == 200
    response = db.session.scalar(select(SurveyResponse))
    assert response.household_key == "3|2-301" and response.company_id == world.company_a.id
    assert response.quarter == rules.quarter_of(local_today()) and response.comment == "保安很负责"
    assert sorted(a.value for a in db.session.scalars(select(SurveyAnswer))) == [4, 5]
    # the same household written another way, from another phone: refused with a message, the form kept
    other = app.test_client()
    refused = other.post(url, data=answers(ids, 1, 1, building="三号楼", room="2-301", comment="再答一次"))
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "每户每季度限答一次" in body and "再答一次" in body
    assert count() == 1


def test_the_same_phone_cannot_answer_for_another_household(client, world):
    ids = questions("环境卫生")
    url = f"/r/{world.neighborhood_a.public_token}/survey"
    assert client.post(url, data=answers(ids, 3)).status_code == 200
    again = client.post(url, data=answers(ids, 3, room="2单元302"))
    assert again.status_code == 422 and "这部手机本季度" in again.get_data(as_text=True)
    assert "已参加过" in client.get(url).get_data(as_text=True)  # the page says so instead of a form
    assert count() == 1


def test_missing_answers_are_refused_field_by_field(client, world):
    ids = questions("环境卫生", "秩序维护")
    data = answers(ids, 5, 4)
    del data[f"q{ids[1]}"]
    data["room"] = ""
    response = client.post(f"/r/{world.neighborhood_a.public_token}/survey", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="err-room"' in body and f'id="err-q{ids[1]}"' in body
    assert 'value="3号楼"' in body and count() == 0


def test_an_unknown_link_is_404(client):
    assert client.get("/r/nope/survey").status_code == 404


def test_sms_code_when_on(app, client, world):
    app.config["SURVEY_SMS_CODE"] = True
    ids = questions("环境卫生")
    url = f"/r/{world.neighborhood_a.public_token}/survey"
    without = client.post(url, data=answers(ids, 4))
    assert without.status_code == 422 and 'id="err-phone"' in without.get_data(as_text=True)
    sent = client.post(url + "/code", data={**answers(ids, 4), "phone": "13800138000"})
    assert sent.status_code == 200 and "验证码已发送" in sent.get_data(as_text=True)
    message = app.extensions["sms"].sent[-1]
    assert message.phone == "13800138000" and len(message.params["code"]) == 6
    wrong = client.post(url, data={**answers(ids, 4), "phone": "13800138000", "sms_code": "000000"
                                   if message.params["code"] != "000000" else "111111"})
    assert wrong.status_code == 422 and count() == 0
    right = client.post(url, data={**answers(ids, 4), "phone": "13800138000", "sms_code": message.params["code"]})
    assert right.status_code == 200 and count() == 1
    assert db.session.scalar(select(SurveyResponse.phone_hash)) not in (None, "13800138000")


def test_results_for_staff_and_the_company_score_input(app, client, login, world):
    ids = questions("环境卫生", "秩序维护")
    world.neighborhood_a.households = 4
    db.session.commit()
    url = f"/r/{world.neighborhood_a.public_token}/survey"
    for room, values in (("101", (5, 4)), ("102", (4, 4))):
        assert app.test_client().post(url, data=answers(ids, *values, room=room)).status_code == 200
    quarter = rules.quarter_of(local_today())
    assert company_satisfaction(quarter) == {world.company_a.id: rules.points(rules.mean([17]) / 4)}  # 4.25 → 85
    login(world.supervisor)
    page = client.get("/survey").get_data(as_text=True)
    assert "枫墅小镇小区" in page and "4.50" in page and "4.00" in page and "50%" in page and "85.00" in page
    login(world.company_user_a)
    assert client.get("/survey").status_code == 403


def test_admin_sets_the_questions(client, login, world):
    login(world.admin)
    assert client.post("/admin/survey", data={"text": ""}).status_code == 422
    assert client.post("/admin/survey", data={"text": "您对小区绿化是否满意？"}).status_code == 303
    question = db.session.scalar(select(SurveyQuestion))
    assert client.post(f"/admin/survey/{question.id}", data={"text": "绿化养护", "position": "3"}).status_code == 303
    assert client.post(f"/admin/survey/{question.id}/active", data={"active": "0"}).status_code == 303
    db.session.refresh(question)
    assert (question.text, question.position, question.is_active) == ("绿化养护", 3, False)
    assert "绿化养护" in client.get("/admin/survey").get_data(as_text=True)


def test_an_area_satisfaction_is_the_mean_of_its_neighbourhoods_means(app, world):
    ids = questions("环境卫生", "秩序维护")
    for neighborhood, rooms in ((world.neighborhood_a, {"101": (5, 5), "102": (3, 3)}),  # mean 4 → 80
                                (world.neighborhood_b, {"201": (2, 2)})):  # mean 2 → 40
        url = f"/r/{neighborhood.public_token}/survey"
        for room, values in rooms.items():
            assert app.test_client().post(url, data=answers(ids, *values, room=room)).status_code == 200
    community = world.neighborhood_a.community
    expected = rules.company_points([rules.mean([5, 5, 3, 3]), rules.mean([2, 2])])  # (80 + 40) / 2 = 60
    assert expected == 60
    assert area_satisfaction(rules.quarter_of(local_today())) == {("community", community.id): expected,
                                                                  ("subdistrict", community.subdistrict_id): expected}
