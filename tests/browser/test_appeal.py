"""A company appeals a deduction on its phone, a supervisor overturns it, and the quarter's ranking changes."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from inspect_app.assessment import ranking
from inspect_app.assessment import services as assessment
from inspect_app.assessment.rules import quarter_code
from inspect_app.auth.models import User
from inspect_app.auth.services import create_user
from inspect_app.core.db import db
from inspect_app.core.time import local_today
from inspect_app.findings.models import Finding
from inspect_app.findings.repeats import open_findings_by_item
from inspect_app.inspections import services as patrols
from inspect_app.inspections.models import Inspection
from inspect_app.orders import services as orders
from inspect_app.places.models import Neighborhood, PropertyCompany
from tests.browser.conftest import log_in, new_phone
from tests.inspections.helpers import answer, attach_photo, items, pass_all_but

pytestmark = pytest.mark.browser

COMPANY = "九州物业"
CURRENT = quarter_code(local_today())


def rank_of(name: str) -> int | None:
    period = assessment.get_period(CURRENT)
    return next(row.rank for row in ranking.ranking(period).rows if row.company_name == name)


def appealable_order(app) -> tuple[int, str, int | None]:
    """A patrol of one of 九州物业's neighbourhoods deducting a whole item (6 points), its finding on an order
    issued now, and an account for the company: (order id, finding title, the company's rank now)."""
    with app.app_context():
        company = db.session.scalar(select(PropertyCompany).where(PropertyCompany.name == COMPANY))
        inspector = db.session.scalar(select(User).where(User.username == "inspector"))
        if db.session.scalar(select(User).where(User.username == "jiuzhou")) is None:
            create_user("jiuzhou", role="company", password="demo-2026", company_name=COMPANY)
        # the company's least patrolled neighbourhood: there one patrol weighs most in the mean of its means
        patrols_done = (select(func.count(Inspection.id)).where(Inspection.neighborhood_id == Neighborhood.id)
                        .scalar_subquery())
        neighborhood = db.session.scalar(select(Neighborhood).where(Neighborhood.company_id == company.id)
                                         .order_by(patrols_done, Neighborhood.id).limit(1))
        inspection = patrols.start_patrol(neighborhood, actor=inspector)
        still_open = open_findings_by_item(neighborhood.id, company.id, inspector)
        code = next(c for c, item in items(inspection).items() if item.max_points == 6 and c not in still_open)
        pass_all_but(inspection, inspector, code)
        result = answer(inspection, items(inspection)[code], inspector, outcome="deduct", preset_id="custom",
                        custom_amount="6", reason="垃圾满溢未清运")
        attach_photo(inspection, result, inspector)
        patrols.submit(inspection, actor=inspector)
        finding = db.session.scalar(select(Finding).where(Finding.inspection_id == inspection.id))
        order = orders.issue_order(orders.draft_order(neighborhood, [finding.id], actor=inspector), actor=inspector)
        found = order.id, finding.title, rank_of(COMPANY)
        db.session.remove()
        return found


def test_a_company_appeals_a_deduction_and_the_ranking_changes(browser, base_url, live_app, page, shot):
    order_id, title, before = appealable_order(live_app)
    log_in(page, "jiuzhou")
    page.goto(f"/orders/{order_id}")
    page.locator(".order-line a.appeal").click()
    expect(page.locator("h1")).to_contain_text(title)
    page.get_by_label("对扣分申诉").check()
    page.get_by_label("申诉理由").fill("当日已清运，收集点照片为证")
    shot(page, "appeal-form")
    page.get_by_role("button", name="提交申诉").click()
    expect(page.locator("#appeal-state")).to_have_text("待裁决")

    supervisor = new_phone(browser, base_url)
    log_in(supervisor, "supervisor")
    expect(supervisor.locator("#open-appeals")).not_to_have_text("0")
    supervisor.get_by_role("link", name="待裁决申诉").click()
    supervisor.get_by_role("link", name=title).first.click()
    supervisor.get_by_label("裁决理由").fill("复核照片，收集点已清运")
    supervisor.get_by_role("button", name="予以撤销").click()
    expect(supervisor.locator("#appeal-state")).to_have_text("予以撤销")
    expect(supervisor.locator(".score-change")).to_contain_text("94 → 100")
    shot(supervisor, "appeal-decided")

    with live_app.app_context():
        after = rank_of(COMPANY)
        db.session.remove()
    assert before is not None and after is not None and after < before
    supervisor.goto(f"/assessment/{CURRENT}")
    expect(supervisor.locator("#appeal-changes")).to_contain_text(f"名次 {before} → {after}")
    expect(supervisor.locator("#ranking li.rk-row", has_text=COMPANY).locator(".rk-rank")).to_have_text(str(after))
    supervisor.locator("#appeal-changes").scroll_into_view_if_needed()
    shot(supervisor, "appeal-ranking", full_page=False)
    assert supervisor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    supervisor.context.close()
