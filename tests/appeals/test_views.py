"""Appeal pages through the test client: the 申诉 button, the form (a refused photo keeps the text), the page and
its decision, the list by state, the supervisor's count, the ranking's note; company B sees nothing of A's."""

from io import BytesIO

from inspect_app.appeals import services
from inspect_app.appeals.models import Appeal
from inspect_app.assessment import services as assessment
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from tests.appeals.helpers import appealable, more_patrols, quarter


def _file(world, order, finding, target="deduction"):
    return services.file_appeal(order, finding, actor=world.company_user_a, target=target, text="已当日清运",
                                today=local_today())


def test_company_sees_the_button_and_files_with_text(client, world, login):
    order, finding, _patrol = appealable(world)
    login(world.company_user_a)
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert f"/appeals/new?order={order.id}&amp;finding={finding.id}" in page
    assert "/appeals/new" in client.get(f"/findings/{finding.id}").get_data(as_text=True)
    form = client.get(f"/appeals/new?order={order.id}&finding={finding.id}")
    assert form.status_code == 200 and "对扣分申诉" in form.get_data(as_text=True)
    response = client.post("/appeals", data={"order_id": order.id, "finding_id": finding.id, "target": "deduction",
                                             "text": "垃圾已于当日清运"})
    assert response.status_code == 303
    appeal = db.session.scalar(db.select(Appeal))
    assert response.headers["Location"].endswith(f"/appeals/{appeal.id}")
    assert "垃圾已于当日清运" in client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert client.post("/appeals", data={"order_id": order.id, "finding_id": finding.id, "target": "deduction",
                                         "text": "再次申诉"}).status_code == 409


def test_a_refused_photo_keeps_the_text(client, world, login):
    order, finding, _patrol = appealable(world)
    login(world.company_user_a)
    response = client.post("/appeals", data={"order_id": order.id, "finding_id": finding.id, "target": "deduction",
                                             "text": "我方已整改到位", "photos": (BytesIO(b"not a photo"), "x.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "我方已整改到位" in page and 'role="alert"' in page
    assert db.session.scalar(db.select(Appeal.id)) is None


def test_company_b_can_neither_see_nor_file_on_company_a_s_order(client, world, login):
    order, finding, _patrol = appealable(world)
    appeal = _file(world, order, finding)
    login(world.company_user_b)
    assert client.get(f"/appeals/{appeal.id}").status_code == 404
    assert client.get(f"/appeals/new?order={order.id}&finding={finding.id}").status_code == 404
    assert client.post("/appeals", data={"order_id": order.id, "finding_id": finding.id, "target": "finding",
                                         "text": "x"}).status_code == 404
    assert "已当日清运" not in client.get("/appeals").get_data(as_text=True)


def test_supervisor_counts_lists_and_overturns(client, world, login):
    period = quarter(world)
    order, finding, _patrol = appealable(world)
    more_patrols(world.neighborhood_a, 99, 99, inspector=world.inspector)
    more_patrols(world.neighborhood_b, 99, 99, 99, inspector=world.inspector)
    appeal = _file(world, order, finding)
    login(world.supervisor)
    home = client.get("/").get_data(as_text=True)
    assert '<b id="open-appeals">1</b>' in home
    assert "已当日清运" not in client.get("/appeals?state=upheld").get_data(as_text=True)
    assert finding.title in client.get("/appeals?state=open").get_data(as_text=True)
    assert client.post(f"/appeals/{appeal.id}/decide", data={"decision": "overturned", "reason": ""}).status_code \
        == 422
    assert client.post(f"/appeals/{appeal.id}/decide",
                       data={"decision": "overturned", "reason": "复核照片，已清运"}).status_code == 303
    page = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "复核照片，已清运" in page and "98 → 100" in page and "2 → 1" in page
    assert "申诉撤销扣分" in client.get(f"/assessment/{period.code}").get_data(as_text=True)
    assert '<b id="open-appeals">0</b>' in client.get("/").get_data(as_text=True)


def test_published_ranking_shows_the_change(client, world, login):
    period = quarter(world)
    order, finding, _patrol = appealable(world)
    appeal = _file(world, order, finding)
    assessment.close_period(period, actor=world.admin)
    assessment.publish_period(period, actor=world.admin)
    services.decide(appeal, actor=world.supervisor, decision="overturned", reason="已核实")
    page = client.get(f"/ranking/{period.code}").get_data(as_text=True)
    assert "成绩调整说明" in page and "九州物业" in page
