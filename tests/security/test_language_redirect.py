"""Choosing a language goes back to the page it was chosen on, and never to another site."""

import pytest


@pytest.mark.parametrize("referer", [
    "https://evil.example/phish", "//evil.example/x", "javascript:alert(1)", "http://evil.example@localhost.evil/",
    "http://localhost.evil.example/", "data:text/html,x", "/\\evil.example", "http://localhost//evil.example",
])
def test_the_language_switch_never_leaves_the_site(client, world, referer):
    response = client.post("/lang/en", headers={"Referer": referer})
    if response.status_code == 400:  # a post naming another site is refused outright (core/csrf_origin.py)
        assert "该请求来自其他网站" in response.get_data(as_text=True) and "Location" not in response.headers
    else:
        assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_language_switch_goes_back_to_the_same_page(client, world):
    response = client.post("/lang/en", headers={"Referer": "http://localhost/ledger?state=open"})
    assert response.status_code == 303 and response.headers["Location"] == "/ledger?state=open"
    assert client.post("/lang/zh").headers["Location"] == "/"
