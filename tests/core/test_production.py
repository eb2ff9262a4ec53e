"""Production start refuses unsafe settings; development starts as before."""

import pytest

from inspect_app import create_app
from inspect_app.core.production import UnsafeProductionConfig

GOOD = {
    "ENV_NAME": "production",
    "SECRET_KEY": "8f3b2c1d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_a_safe_production_config_starts(tmp_path):
    app = create_app(GOOD)
    assert app.config["ENV_NAME"] == "production"


@pytest.mark.parametrize("change,expected", [
    ({"SECRET_KEY": None}, "SECRET_KEY missing or weak"),
    ({"SECRET_KEY": "changeme"}, "SECRET_KEY missing or weak"),
    ({"SECRET_KEY": "short-key"}, "SECRET_KEY missing or weak"),
    ({"DEBUG": True}, "debug is on"),
    ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE is off"),
    ({"REMEMBER_COOKIE_SECURE": False}, "REMEMBER_COOKIE_SECURE is off"),
])
def test_unsafe_production_configs_are_refused(change, expected):
    with pytest.raises(UnsafeProductionConfig, match=expected):
        create_app({**GOOD, **change})


def test_in_memory_rate_limits_with_several_workers_are_refused(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    with pytest.raises(UnsafeProductionConfig, match="rate limits kept in memory"):
        create_app(GOOD)
    create_app({**GOOD, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"})


def test_production_never_generates_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECT_APP_ENV", "production")
    with pytest.raises(UnsafeProductionConfig):
        create_app({"SECRET_KEY": None, "DATABASE_URL": "sqlite:///:memory:"})
