"""Every route of the URL map, with generated values in its path and query: never a 500, whoever asks.

Hypothesis draws, for each path parameter, values by converter (huge, negative and small ints — the small ones
hit the scene's real rows —, NUL, control and bidi characters, unicode, long strings, raw percent escapes) and
adds query parameters the views read (found in the code, plus the ledger's filters) with odd values: dates far
out of range, numbers beyond any column, empty, NUL. Anonymous, admin, inspector and company users ask.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_app.core.db import db
from tests.security.helpers import USERS, sign_in

ROLES = ("anonymous", "admin", "inspector", "company_a")
# The ledger reads its filters through parse_filters(request.args); the others read request.args.get("…").
LEDGER_FILTERS = ("subdistrict", "community", "neighborhood", "company", "category", "state", "overdue", "since",
                  "until", "page")
_ARGS = re.compile(r"""request\.(?:args|values)\.get(?:list)?\(\s*["']([A-Za-z_]+)["']""")
EXAMPLES = 5  # examples per role; each example requests every route once (about 100 requests)

BIG_INTS = [0, 1, 2, 3, -1, 2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, 10**30, 10**100]
NASTY_TEXT = ["\x00", "a\x00b", "\u202e", "..", ".", "~", " ", "%", "\ud7ff", "😀" * 40, "x" * 5000, "0", "-1",
              "2147483648", "9" * 400, "'; DROP TABLE users; --", "<script>", "\r\n", "\\", "null", "NaN"]
RAW_SEGMENTS = ["%00", "%ff", "%c0%af", "%2e%2e", "%e2%80%ae", "%25", "%F0%9F%98%80"]
ODD_VALUES = ["0001-01-01", "9999-12-31", "2026-13-45", "2026-02-30", "-5", "0", "2147483648", "1e400", "",
              "\x00", "\u202e", "x" * 3000, "on", "true", "open", "closed", "H", "Z", "%", "1", "2"]

any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
int_value = st.one_of(st.sampled_from(BIG_INTS), st.integers()).map(str)
text_value = st.one_of(st.sampled_from(NASTY_TEXT), any_text)


def query_names() -> list[str]:
    found = set(LEDGER_FILTERS)
    for source in Path(__file__).resolve().parents[2].joinpath("inspect_app").rglob("*.py"):
        found.update(_ARGS.findall(source.read_text(encoding="utf-8")))
    return sorted(found)


QUERY_NAMES = query_names()
query_value = st.one_of(st.sampled_from(ODD_VALUES), any_text, st.integers().map(str))


def _segment(converter: str):
    """A strategy for one path parameter: raw percent escapes go in as they are, the rest percent-encoded."""
    values = int_value if converter == "IdConverter" else text_value
    encoded = values.map(lambda v: quote(v.encode("utf-8"), safe="" if converter != "PathConverter" else "/"))
    return st.one_of(encoded, st.sampled_from(RAW_SEGMENTS))


_PART = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>")


def routes(app) -> list[tuple[str, list[str], dict[str, str]]]:
    """(rule, methods, parameter → converter class name) of every rule but logout."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "auth.logout":  # would end the walk's session (the access table covers it)
            continue
        methods = sorted(rule.methods - {"OPTIONS", "HEAD"})  # HEAD runs the GET view
        found.append((rule.rule, methods, {name: type(conv).__name__ for name, conv in rule._converters.items()}))
    return sorted(found)


def build(rule: str, converters: dict[str, str], data) -> str:
    path = _PART.sub(lambda m: data.draw(_segment(converters[m.group(1)]), label=m.group(1)), rule)
    query = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), query_value, max_size=3), label="query")
    if query:
        path += "?" + "&".join(f"{quote(k)}={quote(v.encode('utf-8'), safe='')}" for k, v in query.items())
    return path


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_500_to_generated_paths_and_queries(app, scene, role):
    client = app.test_client()
    if role != "anonymous":
        sign_in(client, getattr(scene.world, USERS[role]))
    table = routes(app)
    assert len(table) > 50  # the walk covers the whole map

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(data=st.data())
    def walk(data):
        for rule, methods, converters in table:
            path = build(rule, converters, data)
            for method in methods:
                # unsafe methods go without a body: the route must refuse it (400/404/405/422), not fail
                response = client.open(path, method=method)
                assert response.status_code < 500, (role, method, path, response.status_code)
                response.close()
                db.session.rollback()

    walk()
