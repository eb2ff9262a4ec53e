"""A district goes live at phone size (issue "Go live in a real district"): the admin imports its places from Excel
(a wrong row first: named, nothing written), creates a community inspector, who changes the one-time password,
patrols a neighbourhood of their community and is refused another community's (404); a no-property
neighbourhood is taken over by a company, and a finding raised there before is closed through the community."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.inspections.models import Inspection
from inspect_app.places.models import Neighborhood, PropertyCompany
from tests.browser.conftest import log_in, new_phone
from tests.places.helpers import xlsx

pytestmark = pytest.mark.browser

COMMUNITIES = {"东城街道": ["东一社区", "东二社区", "东三社区"], "西城街道": ["西一社区", "西二社区"]}
COMPANIES = [(f"城建物业{n:02d}", "", f"联系人{n}", f"1390000{n:04d}") for n in range(1, 13)]
NO_COMPANY = {"东一社区1号院", "西一社区1号院", "西二社区1号院"}


def workbook_rows() -> list[tuple]:
    rows, n = [], 0
    for subdistrict, communities in COMMUNITIES.items():
        for community in communities:
            for i in range(1, 9):
                name = f"{community}{i}号院"
                company = "" if name in NO_COMPANY else COMPANIES[n % 12][0]
                rows.append((subdistrict, community, name, f"{community}路 {i} 号", 100 + i, company))
                n += 1
    return rows


def counts(app) -> tuple[int, int]:
    with app.app_context():
        result = (db.session.scalar(select(func.count(Neighborhood.id))),
                  db.session.scalar(select(func.count(PropertyCompany.id))))
        db.session.remove()
    return result


def neighbourhood_id(app, name: str) -> int:
    with app.app_context():
        found = db.session.scalars(select(Neighborhood.id).where(Neighborhood.name == name)).one()
        db.session.remove()
    return found


def test_a_district_goes_live(browser, base_url, page, shot, live_app, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    rows = workbook_rows()
    assert len(rows) == 40 and sum(1 for r in rows if not r[5]) == 3
    bad, good = tmp_path / "bad.xlsx", tmp_path / "district.xlsx"
    bad.write_bytes(xlsx(COMPANIES, [*rows[:20], (*rows[20][:5], "无名物业"), *rows[21:]]))
    good.write_bytes(xlsx(COMPANIES, rows))
    before = counts(live_app)

    log_in(page, "admin")
    page.goto("/admin/places/import")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=上传并预览")
    expect(page.locator("#import-errors")).to_contain_text("第 22 行")  # the header is row 1
    expect(page.locator("#import-errors")).to_contain_text("无名物业")
    assert counts(live_app) == before  # nothing written
    page.goto("/admin/places/import")
    page.set_input_files("input[type=file]", str(good))
    page.click("text=上传并预览")
    expect(page.locator("h1")).to_have_text("导入预览")
    shot(page, "golive-import-preview")
    page.click("button:has-text('确认导入')")
    expect(page.locator("h1")).to_have_text("导入完成")
    assert counts(live_app) == (before[0] + 40, before[1] + 12)

    page.goto("/admin/accounts")
    page.click("text=＋ 新建账号")
    page.fill("input[name=username]", "dongyi")
    page.fill("input[name=display_name]", "东一社区 陈晨")
    page.select_option("select[name=role]", "inspector")
    page.select_option("select[name=area]", label="东城街道 / 东一社区")
    page.click("button:has-text('创建账号')")
    one_time = page.locator(".ac-password code").inner_text()

    inspector = new_phone(browser, base_url)
    inspector.on("dialog", lambda dialog: dialog.accept())
    inspector.goto("/login")
    inspector.fill("input[name=username]", "dongyi")
    inspector.fill("input[name=password]", one_time)
    inspector.click("button[type=submit]")
    inspector.wait_for_url("**/account/password**")
    inspector.fill("input[name=current]", one_time)
    inspector.fill("input[name=new]", "dongyi-2026")
    inspector.fill("input[name=confirm]", "dongyi-2026")
    inspector.click("button:has-text('修改密码')")
    inspector.wait_for_url(f"{base_url}/")

    inspector.fill("input[name=q]", "号院")
    expect(inspector.locator("#neighborhood-list li")).to_have_count(8)  # only 东一社区's, of the 40
    expect(inspector.locator("#neighborhood-list")).not_to_contain_text("西一社区")
    shot(inspector, "golive-community-home")
    inspector.locator("#neighborhood-list li", has_text="东一社区2号院").get_by_role("button", name="开始").click()
    inspector.wait_for_url(re.compile(r"/inspections/\d+$"))
    inspector.wait_for_function("() => window.htmx && document.readyState === 'complete'")
    inspector.get_by_role("button", name="其余全部合格").click()
    expect(inspector.locator("#sync-status")).to_have_text("全部已保存", timeout=30000)
    inspector.get_by_role("button", name="提交巡查").click()
    expect(inspector.locator("h1")).to_contain_text("巡查记录")
    far = neighbourhood_id(live_app, "西一社区2号院")
    assert inspector.goto(f"/neighborhoods/{far}/resident-link").status == 404
    inspector.goto("/findings/new")
    expect(inspector.locator("#nf-neighborhood")).not_to_contain_text("西一社区2号院")

    bare = neighbourhood_id(live_app, "东一社区1号院")
    inspector.select_option("#nf-neighborhood", str(bare))
    inspector.select_option("#nf-category", index=1)
    inspector.fill("#nf-title", "楼道堆放杂物")
    inspector.click("button:has-text('登记问题')")
    inspector.wait_for_url(re.compile(r"/findings/\d+"))
    finding_id = int(re.search(r"/findings/(\d+)", inspector.url).group(1))
    expect(inspector.locator("#community-care")).to_contain_text("社区代管")

    page.goto(f"/admin/places/neighborhoods/{bare}")
    page.select_option("select[name=kind]", "state_takeover")
    page.select_option("select[name=company_id]", label="城建物业05")
    page.fill("input[name=on]", local_today().isoformat())
    page.click("text=记录变更")
    expect(page.locator("#periods")).to_contain_text("城建物业05")

    inspector.goto(f"/findings/{finding_id}")
    inspector.fill("#cc-note", "社区组织志愿者清理完毕")
    inspector.click("button:has-text('登记社区整改')")
    inspector.check("input[name=outcome][value=passed]")
    inspector.click("button:has-text('提交复查')")
    expect(inspector.locator("#community-care")).to_contain_text("复查已通过")
    shot(inspector, "golive-community-care")
    supervisor = new_phone(browser, base_url)
    log_in(supervisor, "supervisor")
    supervisor.goto(f"/findings/{finding_id}")
    supervisor.locator("#community-care").get_by_role("button", name="销号").click()
    with live_app.app_context():
        finding = db.session.get(Finding, finding_id)
        assert finding.state == FindingState.CLOSED and finding.company_id is None
        patrols = db.session.scalar(select(func.count(Inspection.id)).join(Neighborhood)
                                    .where(Neighborhood.name == "东一社区2号院", Inspection.status == "submitted"))
        assert patrols == 1
        db.session.remove()
    assert page.csp_violations == [] and inspector.csp_violations == [] and supervisor.csp_violations == []
    inspector.context.close()
    supervisor.context.close()
