"""On a phone: the admin creates an integration, copies its token (shown once), and the API answers it."""

import json
import urllib.request

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_admin_creates_a_token_and_the_api_answers_it(live_app, page, base_url, shot):
    log_in(page, "admin")
    page.goto("/admin/integrations")
    page.fill("input[name=name]", "12345 热线")
    page.fill("input[name=area]", "富强路社区")
    page.check("input[name=access][value=write]")
    page.click("main form[action$='/admin/integrations'] button[type=submit]")
    token = page.inner_text("#new-token code").strip()
    assert token.startswith("ia_") and page.csp_violations == []
    shot(page, "integrations-new-token")
    request = urllib.request.Request(f"{base_url}/api/v1/neighborhoods", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        names = {item["community"] for item in json.load(response)["items"]}
    assert names == {"富强路社区"}
    page.goto("/admin/integrations")
    assert token not in page.content()
