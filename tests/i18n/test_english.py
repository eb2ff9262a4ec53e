"""English: the catalogue is complete and covers every string in the code, and the pages really switch to it.

The msgids are the Chinese UI strings; inspect_app/translations/en/LC_MESSAGES/messages.po holds their English.
When a test here fails because of a new or changed string: `make translations-update`, translate the empty
msgstr entries in that file, then `make translations` (make test does that last step itself).
"""

import html
import os
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages import frontend
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.orders import services as order_service
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "inspect_app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
FIX = f"run `make translations-update`, translate the new entries in {PO.relative_to(ROOT)}, then `make translations`"
SKIPPED_DIRS = {"node_modules", "instance", "static", "tests", "bench"}  # as in the Makefile's translations-update
HAN = re.compile(r"[\u3400-\u9fff]+")


@cache
def catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def en(msgid: str) -> str:
    return catalogue()[msgid].string


def extracted() -> dict[str, str]:
    """msgid → where it was first seen, extracted as `pybabel extract -F babel.cfg -k _l` does."""
    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse(f)

    def wanted(dirpath: str) -> bool:
        name = os.path.basename(dirpath)
        return not name.startswith(".") and name not in SKIPPED_DIRS

    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, "_l": None},
            directory_filter=wanted):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, f"{filename}:{lineno}")
    return found


# --- the catalogue ---------------------------------------------------------------------------------------

def test_catalogue_covers_every_string_in_the_code():
    known = {msgid for m in catalogue() for msgid in (m.id if isinstance(m.id, tuple) else (m.id,))}
    missing = {msgid: where for msgid, where in extracted().items() if msgid not in known}
    assert not missing, (f"{len(missing)} UI strings have no English translation — {FIX}:\n"
                         + "\n".join(f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items())))


def test_every_entry_is_translated_and_none_is_fuzzy():
    cat = catalogue()
    assert not cat.fuzzy, f"the catalogue header is marked fuzzy, so nothing would be compiled — {FIX}"
    bad = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s.strip() for s in strings):
            bad.append(f"  {'fuzzy' if m.fuzzy else 'empty'}: {m.id!r}")
    assert not bad, f"{len(bad)} entries need a (reviewed) translation — {FIX}:\n" + "\n".join(bad)


def test_translations_keep_the_placeholders():
    problems = [f"  {m.id!r} → {m.string!r}: {'; '.join(map(str, errors))}" for m, errors in catalogue().check()]
    assert not problems, "translations whose %(name)s placeholders differ from the msgid:\n" + "\n".join(problems)


def test_no_obsolete_entries_are_left_behind():
    assert not catalogue().obsolete, f"#~ obsolete entries in the catalogue — {FIX}"


# --- the pages in English --------------------------------------------------------------------------------

@pytest.fixture
def english(client):
    """The client with English chosen in the footer, as a user would; skips when the catalogue isn't compiled."""
    if not MO.exists():
        pytest.skip(f"{MO.relative_to(ROOT)} is missing: run `make translations` (make test compiles it first)")
    if MO.stat().st_mtime < PO.stat().st_mtime:
        pytest.skip(f"{MO.relative_to(ROOT)} is older than the .po: run `make translations`")
    response = client.post("/lang/en")
    assert response.status_code == 303 and client.get_cookie("lang").value == "en"
    return client


def data_strings(app) -> list[str]:
    """Every Chinese text stored in the database (names, titles, numbers, notes …) and the language names.

    Data stays Chinese in English; what remains on a page once these are taken out comes from the code."""
    found = set(app.config["LANGUAGES"].values())
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            found.update(v for v in row if isinstance(v, str) and HAN.search(v))
    return sorted(found, key=len, reverse=True)


def assert_english(app, response, *expected_msgids: str) -> None:
    assert response.status_code == 200
    page = html.unescape(re.sub(r"<script\b.*?</script>|<style\b.*?</style>", "", response.get_data(as_text=True),
                                flags=re.S))
    assert '<html lang="en">' in page
    for msgid in expected_msgids:
        assert en(msgid) in page, f"{en(msgid)!r} (for {msgid!r}) not on {response.request.path}"
    for text in data_strings(app):
        page = page.replace(text, " ")
    leftovers = sorted(set(HAN.findall(page)))
    assert not leftovers, (f"Chinese left on {response.request.path} in English: {leftovers} — "
                           f"wrap the text in _() / {{{{ _(…) }}}}, then {FIX}")


def test_login_page_in_english(app, english):
    assert_english(app, english.get("/login"), "登录", "用户名", "密码", "记住我（14 天）", "红色物业巡查")


def test_inspector_pages_in_english(app, english, world, login):
    factories.finding(world.neighborhood_a, title="楼道堆积杂物")
    login(world.inspector)
    chrome = ("巡查", "台账", "通知书", "百姓说事", "退出", "巡查员")
    assert_english(app, english.get("/"), *chrome, "搜索小区", "本季度未巡查", "未销号", "本月销号")
    assert_english(app, english.get("/ledger"), *chrome, "整改台账", "全部状态", "仅看逾期", "更多筛选", "导出")


def test_order_pages_in_english(app, english, world, login):
    findings = [factories.finding(world.neighborhood_a, title=t) for t in ("楼道堆积杂物", "消防通道停车")]
    order = order_service.draft_order(world.neighborhood_a, [f.id for f in findings], actor=world.inspector)
    login(world.supervisor)
    assert_english(app, english.get(f"/orders/{order.id}"), "整改通知书草稿", "签发通知书", "整改要求", "预览 PDF")
    order_service.issue_order(order, actor=world.inspector)
    assert_english(app, english.get("/orders"), "通知书", "考核", "已签发")
    login(world.company_user_a)
    chrome = ("首页", "通知书", "台账", "物业公司")
    assert_english(app, english.get("/"), *chrome, "待签收的整改通知书", "待整改问题", "待签收")
    assert_english(app, english.get(f"/orders/{order.id}"), *chrome, "签收通知书", "问题清单", "整改前", "整改后")
    assert_english(app, english.get(f"/findings/{findings[0].id}"), *chrome, "处理记录", "已下发整改")


def test_admin_pages_in_english(app, english, world, login):
    login(world.admin)
    assert_english(app, english.get("/"), "管理", "检查表", "系统管理")
    assert_english(app, english.get("/admin/checklists"), "检查表管理", "已发布")


def test_chinese_comes_back(english, world, login):
    login(world.inspector)
    english.post("/lang/zh")
    page = english.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "退出" in page and en("退出") not in page
