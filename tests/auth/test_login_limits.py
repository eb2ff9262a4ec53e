"""Login limits: one account's wrong passwords lock that account only; an address gets a much higher ceiling."""

import pytest

WRONG = "not-the-password"
RIGHT = "password123"


def post_login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def limits(app):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per 15 minutes"
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "6 per 15 minutes"


def test_wrong_passwords_lock_that_account_and_say_when_to_retry(client, world, limits):
    assert [post_login(client, "inspector1", WRONG).status_code for _ in range(3)] == [422, 422, 422]
    refused = post_login(client, "inspector1", WRONG)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "该账号登录失败次数过多，已暂时锁定，请 15 分钟后再试。" in page
    assert 'value="inspector1"' in page  # the user name stays typed
    assert int(refused.headers["Retry-After"]) > 14 * 60
    # locked means locked: the right password waits too
    assert post_login(client, "inspector1", RIGHT).status_code == 429
    assert client.get("/").status_code == 302


def test_another_account_from_the_same_address_still_logs_in(client, world, limits):
    for _ in range(4):
        post_login(client, "inspector1", WRONG)
    assert post_login(client, "inspector1", RIGHT).status_code == 429
    assert post_login(client, "supervisor1", RIGHT).status_code == 303
    assert client.get("/").status_code == 200


def test_the_account_limit_holds_whatever_the_address(client, world, limits):
    statuses = [post_login(client, "inspector1", WRONG, address=f"10.0.{n}.7").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    assert post_login(client, " Inspector1 ", WRONG, address="10.9.9.9").status_code == 429  # same account


def test_an_address_has_its_own_higher_ceiling(client, world, limits):
    names = ["inspector1", "supervisor1", "admin1", "company_a", "company_b", "nobody"]
    assert [post_login(client, name, WRONG).status_code for name in names] == [422] * 6
    refused = post_login(client, "someone-else", WRONG)
    assert refused.status_code == 429
    assert "从您的网络登录失败次数过多，请 15 分钟后再试。" in refused.get_data(as_text=True)
    assert post_login(client, "supervisor1", RIGHT).status_code == 429
    assert post_login(client, "supervisor1", RIGHT, address="10.0.0.2").status_code == 303


def test_successful_logins_count_against_neither_limit(client, world, limits):
    for _ in range(8):
        assert post_login(client, "inspector1", RIGHT).status_code == 303
    assert post_login(client, "inspector1", WRONG).status_code == 422


def test_the_defaults_tolerate_an_office_behind_one_address(client, world):
    """Ten colleagues behind one NAT mistype once each: nobody is locked out."""
    for _ in range(9):
        assert post_login(client, "inspector1", WRONG).status_code == 422
    assert post_login(client, "supervisor1", WRONG).status_code == 422
    assert post_login(client, "supervisor1", RIGHT).status_code == 303
