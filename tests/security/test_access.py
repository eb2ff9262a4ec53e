"""One table (cases.yaml) drives authorisation: every route × every role, with and without htmx's headers."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import pytest
import yaml

from inspect_app import create_app
from inspect_app.extensions import limiter
from tests.security.helpers import ROLES, USERS, fingerprint, sign_in, stored_files

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))["access"]
REFUSED = {"login", 403, 404}
GROUPS = {"staff": ("inspector", "supervisor"), "company": ("company_a", "company_b")}
# An area account is answered as its role is, unless a row names it (404 for what lies outside its area).
AREA_ROLES = {"community_inspector": "inspector", "far_supervisor": "supervisor"}
# What a client (or an attacker) can put in htmx's request headers: none of it may change an access decision.
HX_VARIANTS = [
    {"HX-Request": "true"},
    {"HX-Request": "true", "HX-Boosted": "true"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    {"HX-Request": "true", "HX-Target": "main", "HX-Trigger": "admin", "HX-Trigger-Name": "role",
     "HX-Current-URL": "http://localhost/admin/checklists", "HX-Prompt": "admin"},
]


def expected(case: dict, role: str) -> object:
    if role in case:
        return case[role]
    if role in AREA_ROLES:
        return expected(case, AREA_ROLES[role])
    group = next((g for g, members in GROUPS.items() if role in members and g in case), None)
    return case[group] if group else case["others"]


def outcome(response) -> object:
    """The access decision a response shows: login, 403, 404, the exact 200, or ok (handled by the view)."""
    status = response.status_code
    if status == 401 or (status == 302 and response.headers["Location"].startswith("/login")):
        return "login"
    if status in (403, 404):
        return status
    if status in (200, 201, 204, 303, 302, 409, 422):
        return "ok" if status != 200 else 200
    if status == 503 and "Retry-After" in response.headers:
        return "ok"  # queued work not done yet (a picture being drawn): handled, come back later
    return f"unexpected {status}"


def matches(wanted: object, got: object) -> bool:
    return got == wanted or (wanted == "ok" and got == 200)


def variants(method: str, refused: bool) -> list[dict[str, str]]:
    """Every variant for a refusal; an allowed read plain and as htmx; an allowed write once (it writes)."""
    if refused:
        return [{}, *HX_VARIANTS]
    return [{}, HX_VARIANTS[0]] if method == "GET" else [{}]


def call(client, method: str, path: str, headers: dict[str, str], data: dict[str, str] | None = None):
    limiter.reset()  # the login and resident-report limits would otherwise answer 429 to this many requests
    with client.open(path, method=method, headers=headers, data=data) as response:
        response.get_data()
    return response


def test_every_route_is_in_the_table():
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40})
    covered = set()
    for case in CASES:
        method, path = case["route"].split(" ", 1)
        adapter = app.url_map.bind("localhost")
        endpoint, _args = adapter.match(path.split("?")[0].format_map(_AnyValue()), method=method)
        covered.add((endpoint, method))
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - covered == set(), "add these routes to tests/security/cases.yaml"


class _AnyValue(dict):
    """Placeholder values good enough to match a URL rule (ints fit both <int:…> and <code>)."""

    def __missing__(self, key: str) -> str:
        return "1"


@pytest.fixture
def quick_pdfs(monkeypatch) -> None:
    """Access is decided before a PDF is laid out; rendering is tested elsewhere and too slow to repeat here."""
    import inspect_app
    from inspect_app.pdf import service

    for info in pkgutil.walk_packages(inspect_app.__path__, "inspect_app."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)  # views import some PDF modules lazily: patch those too
    for module in [m for name, m in sys.modules.items() if name.startswith("inspect_app.")]:
        if getattr(module, "render_pdf", None) is service.render_pdf:
            monkeypatch.setattr(module, "render_pdf", lambda *args, **kwargs: b"%PDF-1.7 stub")


def test_the_table_decides_every_request(app, world, scene, clients, quick_pdfs):
    """Refusals first (nothing may be written by them), then allowed reads, then allowed writes."""
    values = scene.values()
    refused = [(case, [r for r in ROLES if expected(case, r) in REFUSED]) for case in CASES]
    allowed = [(case, [r for r in ROLES if expected(case, r) not in REFUSED]) for case in CASES]
    reads = [(case, roles) for case, roles in allowed if case["route"].startswith("GET ")]
    writes = [(case, roles) for case, roles in allowed if not case["route"].startswith("GET ")]
    wrong: list[str] = []
    for phase in (refused, reads, writes):
        for case, roles in phase:
            method, path = case["route"].split(" ", 1)
            path = path.format(**values)
            data = {k: str(v).format(**values) for k, v in case.get("data", {}).items()}
            before = (fingerprint(), stored_files(app.config["UPLOAD_FOLDER"])) if phase is refused else None
            for role in roles:
                wanted = expected(case, role)
                for headers in variants(method, wanted in REFUSED):
                    if role != "anonymous":
                        sign_in(clients[role], getattr(world, USERS[role]))  # /logout may have ended it
                    got = outcome(call(clients[role], method, path, headers, data))
                    if not matches(wanted, got):
                        wrong.append(f"{method} {path} as {role} {sorted(headers)}: {got}, expected {wanted}")
            if before and (fingerprint(), stored_files(app.config["UPLOAD_FOLDER"])) != before:
                wrong.append(f"{method} {path}: refused, but something was written")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("route", ["/orders/{issued_b}", "/orders/{issued_b}/pdf", "/findings/{finding_b}"])
def test_company_a_asking_for_company_b_s_things_is_404(scene, clients, route):
    response = call(clients["company_a"], "GET", route.format(**scene.values()), {})
    assert response.status_code == 404 and "找不到该页面或记录" in response.get_data(as_text=True)
