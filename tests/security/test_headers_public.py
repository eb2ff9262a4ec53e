"""Security headers on every kind of response, no inline code in pages, and public pages without personal data."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from inspect_app.extensions import limiter
from tests.security.helpers import PERSONAL, multipart, plant_personal_data

HX = {"HX-Request": "true"}
# (who asks, method, url, htmx?, extra) → one response of each kind the app sends.
RESPONSES = {
    "page": ("inspector", "GET", "/", False, {}),
    "login page": ("anonymous", "GET", "/login", False, {}),
    "partial": ("inspector", "GET", "/neighborhoods/search?q=枫", True, {}),
    "error page": ("inspector", "GET", "/orders/999999", False, {}),
    "error partial": ("inspector", "GET", "/orders/999999", True, {}),
    "csrf failure": ("inspector", "POST", "/inspections/{draft_patrol}/items/{item}", True, {"csrf": False}),
    "too large": ("inspector", "POST", "/orders/{draft_a}/draft", True, {"data": {"x": "y" * 2_000_000}}),
    "redirect": ("anonymous", "GET", "/ledger", False, {}),
    "expired session (htmx)": ("anonymous", "POST", "/inspections/{draft_patrol}/items/{item}", True, {}),
    "photo": ("company_a", "GET", "/photos/{photo_a}/display", False, {}),
    "order pdf": ("company_a", "GET", "/orders/{issued_a}/pdf", False, {}),
    "record pdf": ("supervisor", "GET", "/inspections/{patrol_a}/record.pdf", False, {}),
    "xlsx": ("supervisor", "GET", "/ledger/export.xlsx", False, {}),
    "csv (streamed)": ("supervisor", "GET", "/ledger/export.csv", False, {}),
    "json": ("anonymous", "GET", "/healthz", False, {}),
    "static": ("anonymous", "GET", "/static/js/app.js", False, {}),
    "public form": ("anonymous", "GET", "/r/{token_a}", False, {}),
    "public ranking": ("anonymous", "GET", "/ranking", False, {}),
    "public 404": ("anonymous", "GET", "/r/no-such-link", False, {}),
}


def fetch(clients, scene, name: str):
    role, method, url, is_hx, extra = RESPONSES[name]
    extra = dict(extra)
    with clients[role].open(url.format(**scene.values()), method=method, headers=HX if is_hx else {},
                            **extra) as response:
        response.get_data()
    return response


@pytest.fixture
def responses(scene, clients) -> dict:
    return {name: fetch(clients, scene, name) for name in RESPONSES}


def test_every_kind_of_response_carries_the_security_headers(responses):
    statuses = {name: r.status_code for name, r in responses.items()}
    assert statuses["csrf failure"] == 400 and statuses["too large"] == 413 and statuses["error partial"] == 404
    assert statuses["expired session (htmx)"] == 401 and statuses["redirect"] == 302 and statuses["photo"] == 200
    for name, response in responses.items():
        csp = response.headers.get("Content-Security-Policy", "")
        directives = dict((d.split(" ", 1) + [""])[:2] for d in (p.strip() for p in csp.split(";")) if d)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp, name
        assert directives.get("frame-ancestors") == "'none'" and directives.get("object-src") == "'none'", name
        assert directives.get("default-src") == "'self'" and directives.get("script-src") == "'self'", name
        assert directives.get("base-uri") == "'self'" and directives.get("form-action") == "'self'", name
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name
        assert response.headers.get("Referrer-Policy") == "same-origin", name
        assert response.headers.get("X-Frame-Options") == "DENY", name


@pytest.mark.parametrize("name,mimetype", [("photo", "image/jpeg"), ("order pdf", "application/pdf"),
                                           ("record pdf", "application/pdf")])
def test_private_files_are_typed_and_never_cached_publicly(responses, name, mimetype):
    response = responses[name]
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.cache_control.private and not response.cache_control.public
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline script"),
    (re.compile(r"<style[\s>]"), "style element"),
    (re.compile(r"\sstyle="), "style attribute"),
    (re.compile(r"\son[a-z]+="), "event handler attribute"),
    (re.compile(r"\shx-on[:-]"), "hx-on (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_page_needs_inline_code(scene, clients):
    """What a strict CSP would block: the pages of every role, as the browser gets them."""
    pages = [("inspector", "/"), ("supervisor", "/"), ("company_a", "/"), ("admin", "/"), ("anonymous", "/login"),
             ("inspector", "/inspections/{draft_patrol}"), ("supervisor", "/orders/{issued_a}"),
             ("inspector", "/orders/{draft_a}"), ("supervisor", "/ledger"), ("inspector", "/findings/new"),
             ("admin", "/admin/checklists/{template}"), ("supervisor", "/assessment/{open_period}"),
             ("inspector", "/reports/triage"), ("anonymous", "/r/{token_a}"), ("anonymous", "/ranking"),
             ("anonymous", "/r/status/{receipt}"), ("company_a", "/orders/{issued_a}")]
    found = []
    for role, url in pages:
        body = clients[role].get(url.format(**scene.values())).get_data(as_text=True)
        found += [f"{role} {url}: {what}" for pattern, what in INLINE_CODE if pattern.search(body)]
    assert not found, "\n".join(found)


def _text(response) -> str:
    if response.mimetype == "application/pdf":
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    return response.get_data(as_text=True)


def test_public_pages_show_no_personal_data(scene, clients):
    plant_personal_data(scene.world)
    anonymous = clients["anonymous"]
    urls = ["/login", "/r/{token_a}", "/r/status", "/r/status/{receipt}", "/r/no-such-link", "/ranking",
            "/ranking/{published_period}", "/ranking/{published_period}/companies/{company_a}",
            "/ranking/{published_period}.pdf", "/ranking/{published_period}.xlsx", "/no/such/page", "/healthz",
            "/t/{transfer}/{transfer_token}"]
    leaks = []
    for url in urls:
        limiter.reset()
        response = anonymous.get(url.format(**scene.values()))
        assert response.status_code in (200, 404), url
        text = _text(response)
        leaks += [f"{url}: {what}" for what, value in PERSONAL.items() if value in text]
    assert "九州物业" in _text(anonymous.get(f"/ranking/{scene.published_period}"))  # the page is not empty
    assert not leaks, "\n".join(leaks)


def test_a_resident_s_phone_stays_off_the_receipt_page_after_a_submission(world, clients):
    body, content_type = multipart({"category": "H", "description": "楼道堆放杂物很久了没人管",
                                    "contact_phone": PERSONAL["phone"], "client_key": "r-1"})
    response = clients["anonymous"].post(f"/r/{world.neighborhood_a.public_token}", data=body,
                                         content_type=content_type)
    assert response.status_code == 303
    page = clients["anonymous"].get(response.headers["Location"]).get_data(as_text=True)
    assert "楼道堆放杂物" in page and PERSONAL["phone"] not in page and PERSONAL["phone"][-4:] not in page
