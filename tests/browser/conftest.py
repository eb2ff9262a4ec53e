"""A live server with the demo data, and Debian's Chromium driven by Playwright at phone size."""

import shutil
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from inspect_app import create_app
from inspect_app.core.db import db

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    return path


def buffered(app):
    """WSGI wrapper that reads each response whole and closes it before werkzeug sends a byte.

    When the browser drops a connection mid-response (it does, for a favicon it already has), werkzeug's
    development server skips closing the response iterable, leaving a `send_file` handle open; the
    ResourceWarning then fails whichever test happens to be running. Files served here are small.
    """
    def wsgi(environ, start_response):
        result = app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            if hasattr(result, "close"):
                result.close()
    return wsgi


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a SQLite file with the demo data, served by werkzeug in a thread."""
    from inspect_app import demo

    instance = tmp_path_factory.mktemp("live")
    app = create_app({"DATABASE_URL": f"sqlite:///{instance / 'live.db'}", "SECRET_KEY": "browser-tests",
                      "UPLOAD_FOLDER": str(instance / "uploads")})
    with app.app_context():
        upgrade()
        demo.seed_demo()
        db.session.remove()
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(live_app) -> str:
    return live_app.config["PUBLIC_BASE_URL"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_phone(browser, base_url: str, **options):
    """A page in a fresh phone-sized context that records CSP violations in page.csp_violations."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN", base_url=base_url, **options)
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
    return page


@pytest.fixture
def page(browser, base_url):
    page = new_phone(browser, base_url)
    yield page
    page.context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def log_in(page, username: str, password: str = "demo-2026") -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
