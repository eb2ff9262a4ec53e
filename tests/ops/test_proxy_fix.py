"""PROXY_FIX_HOPS: behind a reverse proxy the client's address and scheme come from X-Forwarded-For/-Proto."""

import pytest
from flask import request

from inspect_app import create_app

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}


def probe(hops: int | None):
    config = {"TESTING": True, "DATABASE_URL": "sqlite:///:memory:", "SECRET_KEY": "test-secret-key"}
    if hops is not None:
        config["PROXY_FIX_HOPS"] = hops
    app = create_app(config)
    app.add_url_rule("/_probe", "probe", lambda: f"{request.remote_addr} {request.scheme} {request.host}")
    return app.test_client().get("/_probe", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})


def test_without_hops_forwarded_headers_are_ignored():
    assert probe(None).get_data(as_text=True) == "10.0.0.2 http localhost"
    assert probe(0).get_data(as_text=True) == "10.0.0.2 http localhost"


def test_one_hop_trusts_the_proxy_for_address_and_scheme_but_never_the_host():
    assert probe(1).get_data(as_text=True) == "203.0.113.7 https localhost"


def test_negative_hops_are_refused():
    with pytest.raises(ValueError, match="PROXY_FIX_HOPS"):
        probe(-1)


def test_hops_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("INSPECT_APP_PROXY_FIX_HOPS", "1")
    assert probe(None).get_data(as_text=True).startswith("203.0.113.7 https")
