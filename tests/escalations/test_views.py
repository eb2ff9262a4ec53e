"""督办 pages (thin): the 督办单 PDF, the order page's list, the ledger's badge and filter, the supervisor's queue,
the admin's setting, and scoping — a supervisor of another subdistrict sees none of it. The assessment's count."""

import re
import subprocess
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from inspect_app.assessment import ranking
from inspect_app.core.db import db
from inspect_app.escalations import services
from inspect_app.escalations.models import Escalation
from tests.assessment import helpers as assessment_helpers
from tests.escalations.helpers import area_staff, overdue_order
from tests.security.helpers import sign_in

PNG = Path(__file__).resolve().parents[1] / "browser" / "screenshots" / "escalation-pdf"


def escalated(world):
    """An order of 九州物业 escalated to 社区 and 街道; the staff of the areas."""
    staff = area_staff(world)
    order = overdue_order(world, date(2026, 9, 30))
    services.sweep(date(2026, 10, 16))  # 8 working days overdue with N = 3
    return order, staff


def client_of(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def test_the_subdistrict_supervisor_downloads_the_numbered_chinese_pdf(app, world, tmp_path):
    order, (_, nanzhan, _) = escalated(world)
    street = db.session.scalar(select(Escalation).where(Escalation.level == "subdistrict"))
    response = client_of(app, nanzhan).get(f"/escalations/{street.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "escalation.pdf"
    path.write_bytes(response.data)
    text = re.sub(r"\s+", "", run("pdftotext", str(path), "-"))
    for expected in ("督办单", street.number, "经开督办〔2026〕第0002号", order.number, "九州物业", "枫墅小镇小区",
                     "问题1", "问题2", "8个工作日", "街道级督办", "张家口经济技术开发区物业服务监管工作专班",
                     f"/orders/{order.id}", "2026年9月30日"):
        assert expected in text, expected
    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    assert fonts and all(f[-5] == "yes" for f in fonts), fonts  # every font embedded
    assert any(re.search(r"Noto-?(S(ans|erif)-?)?CJK", f[0]) for f in fonts), fonts
    PNG.parent.mkdir(parents=True, exist_ok=True)
    run("pdftoppm", "-r", "70", "-f", "1", "-l", "1", "-png", "-singlefile", str(path), str(PNG))


def test_the_order_page_lists_its_escalations_with_their_pdfs(app, world):
    order, _ = escalated(world)
    page = client_of(app, world.inspector).get(f"/orders/{order.id}").get_data(as_text=True)
    assert "督办·社区" in page and "督办·街道" in page and page.count("/pdf\"") >= 3
    assert "经开督办〔2026〕第0001号" in page and "逾期 8 个工作日" in page
    company = client_of(app, world.company_user_a).get(f"/orders/{order.id}").get_data(as_text=True)
    assert "督办·街道" in company and "/escalations/" not in company  # the company sees it happened, no 督办单


def test_the_ledger_shows_the_level_and_filters_the_escalated(app, world):
    order, _ = escalated(world)
    client = client_of(app, world.supervisor)
    escalated_only = client.get("/ledger?escalated=1").get_data(as_text=True)
    assert escalated_only.count("督办·街道") == 2 and "问题1" in escalated_only
    order.lines[0].finding.escalation_level = None
    db.session.commit()
    assert client.get("/ledger?escalated=1").get_data(as_text=True).count('class="row ledger-row"') == 1


def test_the_supervisors_queue_shows_the_escalation_at_their_level(app, world):
    order, (_, nanzhan, _) = escalated(world)
    home = client_of(app, nanzhan).get("/").get_data(as_text=True)
    assert re.search(r'href="/escalations"><b>1</b><span>督办</span>', home)
    listing = client_of(app, nanzhan).get("/escalations").get_data(as_text=True)
    assert order.number in listing and "经开督办〔2026〕第0002号" in listing
    assert "经开督办〔2026〕第0001号" not in listing  # the community's, not this level's
    assert "经开督办〔2026〕第0001号" in client_of(app, nanzhan).get("/escalations?all=1").get_data(as_text=True)


def test_a_supervisor_of_another_subdistrict_sees_none_of_it(app, world):
    order, (_, _, beizhan) = escalated(world)
    client = client_of(app, beizhan)
    for escalation in db.session.scalars(select(Escalation)):
        assert client.get(f"/escalations/{escalation.id}/pdf").status_code == 404
    assert order.number not in client.get("/escalations?all=1").get_data(as_text=True)
    assert re.search(r'href="/escalations"><b>0</b>', client.get("/").get_data(as_text=True))


def test_the_admin_sets_n_on_a_page(app, world):
    client = client_of(app, world.admin)
    assert "逾期多少个工作日升一级" in client.get("/admin/escalation").get_data(as_text=True)
    assert client.post("/admin/escalation", data={"overdue_workdays": "abc"}).status_code == 422
    assert client.post("/admin/escalation", data={"overdue_workdays": "5"}).status_code == 303
    assert services.current_setting().overdue_workdays == 5


def test_the_assessment_counts_escalations_per_company_without_deducting(app, world):
    order, _ = escalated(world)
    for escalation in db.session.scalars(select(Escalation)):
        escalation.created_at = assessment_helpers.at(assessment_helpers.IN_PAST)
    db.session.commit()
    period = assessment_helpers.period(world)
    rows = {row.company_id: row for row in ranking.live_rows(period, datetime.now().astimezone())}
    assert rows[world.company_a.id].escalated == 2 and rows[world.company_b.id].escalated == 0
    assert rows[world.company_a.id].result.penalty == 0 or rows[world.company_a.id].result.overdue > 0
    page = client_of(app, world.admin).get(f"/assessment/{period.code}").get_data(as_text=True)
    assert "本期督办 2 次" in page


def test_the_findings_record_names_the_escalation(app, world):
    order, _ = escalated(world)
    page = client_of(app, world.inspector).get(f"/findings/{order.lines[0].finding_id}").get_data(as_text=True)
    assert "督办·街道 经开督办〔2026〕第0002号：逾期 8 个工作日" in page and "→ escalated" not in page
