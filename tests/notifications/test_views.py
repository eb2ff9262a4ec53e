"""The inbox, its header count, preferences and the admin's troubled deliveries, over HTTP."""

from inspect_app.core.db import db
from inspect_app.notifications import services
from inspect_app.notifications.models import Delivery
from inspect_app.notifications.rules import DeliveryStatus, NotificationKind
from tests.orders.helpers import issued_order


def test_the_header_counts_unread_and_the_inbox_lists_them(client, login, world):
    order = issued_order(world)
    login(world.company_user_a)
    body = client.get("/").get_data(as_text=True)
    assert 'id="unread-count">1<' in body
    body = client.get("/notifications").get_data(as_text=True)
    assert order.number in body and "未读" in body


def test_opening_an_entry_marks_it_read_and_goes_to_its_page(client, login, world):
    order = issued_order(world)
    [entry], _ = services.inbox(world.company_user_a)
    login(world.company_user_a)
    response = client.post(f"/notifications/{entry.id}/read")
    assert response.status_code == 303 and response.headers["Location"] == f"/orders/{order.id}"
    assert 'id="unread-count"' not in client.get("/notifications").get_data(as_text=True)


def test_someone_elses_entry_is_not_found(client, login, world):
    issued_order(world)
    [entry], _ = services.inbox(world.company_user_a)
    login(world.company_user_b)
    assert client.post(f"/notifications/{entry.id}/read").status_code == 404
    assert services.unread_count(world.company_user_a) == 1


def test_read_all_and_preferences_without_js(client, login, world):
    services.notify([world.inspector], NotificationKind.OVERDUE, key="a", title="逾期一")
    services.notify([world.inspector], NotificationKind.OVERDUE, key="b", title="逾期二")
    login(world.inspector)
    assert client.post("/notifications/read-all").status_code == 303
    assert services.unread_count(world.inspector) == 0
    response = client.post("/notifications/settings", data={"email": "bad address"})
    assert response.status_code == 422 and "bad address" in response.get_data(as_text=True)
    response = client.post("/notifications/settings", data={"email": "xw@example.cn", "email_enabled": "1"})
    assert response.status_code == 303
    assert services.setting_for(world.inspector).email == "xw@example.cn"


def test_admin_sees_failed_deliveries_and_can_resend(client, login, world):
    services.save_setting(world.inspector, email="xw@example.cn", email_enabled=True)
    services.notify([world.inspector], NotificationKind.OVERDUE, key="a", title="逾期提醒")
    delivery = db.session.query(Delivery).one()
    delivery.status, delivery.attempts, delivery.last_error = DeliveryStatus.FAILED, 8, "ConnectionRefusedError"
    db.session.commit()
    login(world.admin)
    body = client.get("/notifications/deliveries").get_data(as_text=True)
    assert "逾期提醒" in body and "ConnectionRefusedError" in body and "已停止重试" in body
    assert client.post(f"/notifications/deliveries/{delivery.id}/retry").status_code == 303
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 0


def test_settings_turn_sms_on_and_say_where_it_goes(client, login, world):
    login(world.inspector)
    body = client.get("/notifications/settings").get_data(as_text=True)
    assert 'name="sms_enabled"' in body and "未登记手机号" in body
    world.inspector.phone = "13912345678"
    db.session.commit()
    assert "13912345678" in client.get("/notifications/settings").get_data(as_text=True)
    response = client.post("/notifications/settings", data={"email": "", "sms_enabled": "1"})
    assert response.status_code == 303 and services.setting_for(world.inspector).sms_enabled is True
    response = client.post("/notifications/settings", data={"email": "bad address", "sms_enabled": "1"})
    assert response.status_code == 422 and 'name="sms_enabled" value="1" checked' in response.get_data(as_text=True)
    client.post("/notifications/settings", data={"email": ""})
    assert services.setting_for(world.inspector).sms_enabled is False
