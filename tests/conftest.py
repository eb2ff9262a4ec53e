"""Fixtures: the app on SQLite and again on PostgreSQL, clients that carry CSRF tokens, login, factories."""

import os
from pathlib import Path

import pytest
from flask import session
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_wtf.csrf import generate_csrf
from sqlalchemy import create_engine, text

from inspect_app import create_app
from inspect_app.core.db import db as _db
from tests.pg import temporary_database

PG_URL = os.environ.get("INSPECT_APP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Real photos (phones' EXIF, GPS, HEIC, every orientation, broken files) kept beside the checkout, not in it.
PHOTOS_ENV = "INSPECT_APP_TEST_PHOTOS"
DEFAULT_PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "photos"


def _postgres_database(request) -> str:
    """A database of its own for this test session, dropped at the end."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} ({type(error).__name__}); "
                    "set INSPECT_APP_TEST_PG_URL or start PostgreSQL to run these tests")
    admin.dispose()
    url, drop = temporary_database(PG_URL, "inspect_test")
    request.addfinalizer(drop)
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> str:
    """Each backend's schema is built once, by the real migrations."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        url = _postgres_database(request)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return url


def _empty_all_tables() -> None:
    # DELETE beats TRUNCATE on PostgreSQL for a handful of rows in many tables.
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "RATELIMIT_ENABLED": True,
        "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite'}",
        "MAIL_BACKEND": "smtp",  # real SMTP: a test that sends mail starts its own server (tests/notifications)
        "MAIL_PORT": 1,  # nothing listens there
    })
    app.test_client_class = CsrfClient
    with app.app_context():
        yield app
        _db.session.rollback()
        _empty_all_tables()
        _db.session.remove()
        _db.engine.dispose()


class CsrfClient(FlaskClient):
    """Sends a valid CSRF token with every unsafe request unless csrf=False, as the real pages do.

    Each request runs in an app context of its own (its own g and database session), as in production,
    so that nothing cached by the test's own context leaks into the request.
    """

    def open(self, *args, csrf: bool = True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        if csrf and method not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        with self.application.app_context(), self.application.test_request_context():
            token = generate_csrf()
            raw = session["csrf_token"]
        with self.session_transaction() as sess:
            sess["csrf_token"] = raw
        return token


@pytest.fixture
def client(app) -> CsrfClient:
    return app.test_client()


@pytest.fixture
def hx(app) -> CsrfClient:
    """A client that sends HX-Request like htmx does."""
    client = app.test_client()
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    return client


@pytest.fixture
def login(client):
    def do_login(user, password: str = "password123", to=client):
        response = to.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return response

    return do_login


@pytest.fixture
def world(app):
    from tests import factories

    return factories.world()


def shared_photos() -> Path:
    """The folder of the shared photo fixtures; every test that reads them comes through here, and is skipped,
    always for the same reason, when they are absent."""
    folder = Path(os.environ.get(PHOTOS_ENV) or DEFAULT_PHOTOS)
    if not folder.is_dir():
        pytest.skip(f"shared photo fixtures not found at {folder} (set {PHOTOS_ENV} to their folder)")
    return folder


@pytest.fixture
def photos_dir() -> Path:
    return shared_photos()


def pytest_collection_modifyitems(items) -> None:
    """Under pytest-xdist (`--dist loadgroup`): a test file stays on one worker, and the browser journeys, which share
    one served demo app and build on each other's data, run on one worker in their file order."""
    for item in items:
        group = "browser" if "browser" in item.path.parts else str(item.path)
        item.add_marker(pytest.mark.xdist_group(group))
