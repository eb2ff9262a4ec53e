"""`flask orders list` and `flask orders pdf NUMBER -o FILE` through Flask's CLI runner."""

from __future__ import annotations

from inspect_app.core.db import db
from tests.orders.test_pdf import NUMBER, make_order


def test_list_shows_issued_and_draft_orders(app, world):
    issued = make_order(world, 1)
    draft = make_order(world, 1, number=None)
    result = app.test_cli_runner().invoke(args=["orders", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [f"{NUMBER}\t九州物业\t枫墅小镇小区\tissued\t2026-12-15",
                     f"草稿#{draft.id}\t九州物业\t枫墅小镇小区\tdraft\t2026-12-15"]
    only_drafts = app.test_cli_runner().invoke(args=["orders", "list", "--state", "draft"])
    assert only_drafts.output.splitlines() == lines[1:]
    assert issued.id != draft.id


def test_list_without_orders(app, world):
    result = app.test_cli_runner().invoke(args=["orders", "list"])
    assert result.exit_code == 0 and "没有整改通知书" in result.output


def test_pdf_writes_the_stored_pdf(app, world, tmp_path):
    order = make_order(world, 2)
    out = tmp_path / "notice.pdf"
    result = app.test_cli_runner().invoke(args=["orders", "pdf", NUMBER, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    db.session.refresh(order)
    assert order.pdf_revision == order.revision and order.pdf_path


def test_pdf_of_an_unknown_number_fails_clearly(app, world, tmp_path):
    out = tmp_path / "notice.pdf"
    result = app.test_cli_runner().invoke(args=["orders", "pdf", "经开整改〔2026〕第9999号", "-o", str(out)])
    assert result.exit_code != 0
    assert "未找到编号为 经开整改〔2026〕第9999号 的整改通知书" in result.output
    assert not out.exists()
