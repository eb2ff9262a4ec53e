"""On a phone: the notification settings turn SMS on, and the page says where it goes."""

import pytest
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.notifications import services
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_sms_is_turned_on_from_the_settings_page(live_app, page, shot):
    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.username == "inspector"))
        user.phone = "13912345678"
        db.session.commit()
    log_in(page, "inspector")
    page.goto("/notifications/settings")
    assert "13912345678" in page.inner_text("main")
    page.check("input[name=sms_enabled]")
    page.click("main form button[type=submit]")  # not the header's 退出
    page.wait_for_url("**/notifications/settings?saved=1")
    assert page.is_checked("input[name=sms_enabled]") and page.csp_violations == []
    shot(page, "notification-settings-sms")
    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.username == "inspector"))
        assert services.setting_for(user).sms_enabled is True
        user.phone = None
        db.session.commit()
