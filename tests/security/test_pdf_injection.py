"""User text in the order and record PDFs, typed through the real pages: literal text, no file, no network."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select

from inspect_app.checklists.services import current_template
from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.orders import pdf as order_pdf
from inspect_app.orders.models import OrderLine, RectificationOrder
from tests.inspections.helpers import items, pass_all_but
from tests.security.helpers import sign_in, tcp_listener, watched_io


def payloads(port: int) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        '<link rel=attachment href="file:///etc/passwd">',
        "http://127.0.0.1:5432/",
        f"<style>@import url(http://127.0.0.1:{port}/a.css);</style>",
        f'@import "http://127.0.0.1:{port}/b.css";',
        f'<img src="http://127.0.0.1:{port}/c.png"><object data="file:///etc/hostname"></object>',
    ]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_pdf(response, expected: list[str], events: list, hits: list) -> None:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = squash("".join(page.extract_text() for page in reader.pages))
    for payload in expected:
        assert squash(payload) in text, payload
    assert "root:" not in text
    assert len(reader.attachments) == 0 and "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    for page in reader.pages:
        assert all(a.get_object().get("/Subtype") != "/FileAttachment" for a in page.get("/Annots") or [])
        assert "/XObject" not in (page.get("/Resources") or {}) or not [
            x for x in page["/Resources"]["/XObject"].values() if x.get_object().get("/Subtype") == "/Image"]
    assert hits == []  # nothing connected to the listener named in the text
    assert [e for e in events if e[0] != "socket.connect"] == []  # no /etc file read, no URL fetched
    assert not [e for e in events if e[0] == "socket.connect" and "127.0.0.1" in e[1] and "5432" not in e[1]]


def test_hostile_text_in_an_order_prints_literally(app, world, client):
    sign_in(client, world.inspector)
    with tcp_listener() as (port, hits):
        hostile = payloads(port)
        text = " | ".join(hostile)
        client.post("/findings/new", data={"neighborhood": world.neighborhood_a.id, "category": "H",
                                           "title": hostile[0], "description": text, "deduction": "0"})
        finding_id = db.session.scalar(select(Finding.id))
        created = client.post("/orders", data={"neighborhood_id": world.neighborhood_a.id, "finding_ids": finding_id})
        order = db.session.get(RectificationOrder, int(created.headers["Location"].rsplit("/", 1)[1]))
        line = order.lines[0]
        saved = client.post(f"/orders/{order.id}/draft", data={
            f"requirement-{line.id}": text, f"deadline-{line.id}": "2030-01-31", "remarks": text,
            "lock_version": order.lock_version})
        assert saved.status_code == 303 and client.post(f"/orders/{order.id}/issue").status_code == 303
        sign_in(client, world.company_user_a)  # the company downloads the issued notice
        with watched_io() as events:
            response = client.get(f"/orders/{order.id}/pdf")
        check_pdf(response, hostile, events, hits)


def test_hostile_text_in_a_patrol_note_prints_literally(app, world, client):
    sign_in(client, world.inspector)
    with tcp_listener() as (port, hits):
        hostile = payloads(port)
        started = client.post(f"/patrols/start/{world.neighborhood_a.id}")
        patrol = db.session.get(Inspection, int(started.headers["Location"].rsplit("/", 1)[1]))
        pass_all_but(patrol, world.inspector, "H5")
        h5 = items(patrol)["H5"]
        answered = client.post(f"/inspections/{patrol.id}/items/{h5.id}", data={
            "outcome": "deduct", "preset_id": "custom", "custom_amount": "1", "reason": " | ".join(hostile[:3]),
            "note": " | ".join(hostile[3:])})
        assert answered.status_code == 303
        assert client.post(f"/inspections/{patrol.id}/submit", data={"submit_key": "k" * 32}).status_code == 303
        with watched_io() as events:
            response = client.get(f"/inspections/{patrol.id}/record.pdf")
        check_pdf(response, hostile, events, hits)


def _order_with_lines(world, count: int, text: str) -> RectificationOrder:
    n = world.neighborhood_a
    rows = [{"source": "manual", "neighborhood_id": n.id, "community_id": n.community_id, "company_id": n.company_id,
             "subdistrict_id": n.community.subdistrict_id, "category_code": "H", "title": f"问题{i}" + "堆" * 190,
             "description": text[:2000]} for i in range(count)]
    ids = db.session.scalars(insert(Finding).returning(Finding.id), rows).all()
    order = RectificationOrder(neighborhood=n, company_id=n.company_id, created_by=world.inspector, remarks=text[:2000],
                               deadline=date(2030, 1, 31))
    db.session.add(order)
    db.session.flush()
    db.session.execute(insert(OrderLine), [{"order_id": order.id, "finding_id": fid, "requirement": text[:1000],
                                            "deadline": date(2030, 1, 31), "position": i} for i, fid in enumerate(ids)])
    db.session.commit()
    return order


def _untouched(order: RectificationOrder) -> tuple:
    db.session.expire_all()
    return order.state, order.revision, order.lock_version, order.remarks[:10], order.pdf_path, len(order.lines)


def test_thousands_of_lines_of_long_text_render_bounded(app, world, client, request):
    """2000 lines, every text at its form's maximum: the PDF lists MAX_LINES of them and says so, in bounded time."""
    if "postgresql" in request.node.callspec.id:
        pytest.skip("rendering does not depend on the database: measured once, on SQLite")
    order = _order_with_lines(world, 2000, "楼道堆放杂物，影响通行，" * 200)
    before = _untouched(order)
    sign_in(client, world.supervisor)
    started = time.perf_counter()
    response = client.get(f"/orders/{order.id}/pdf")
    elapsed = time.perf_counter() - started
    print(f"worst-case order PDF: {elapsed:.1f} s, {len(response.data)} bytes")  # noqa: T201
    assert response.status_code == 200 and elapsed < 90, elapsed  # ~12 s on an idle machine
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages))
    assert f"另有{2000 - order_pdf.MAX_LINES}项问题未在本通知书中列出" in text
    assert _untouched(order) == before


@pytest.mark.parametrize("where", ["order", "record"])
def test_a_document_too_big_to_render_gets_a_clear_message(app, world, client, where):
    """Text no form accepts (an import, an old row) must not hang the worker: refused before layout."""
    huge = "超长备注" * 600_000  # 7 MB of UTF-8, past the renderer's 2 MB HTML cap
    sign_in(client, world.supervisor)
    if where == "order":
        order = _order_with_lines(world, 1, "立即整改")
        order.remarks = huge
        db.session.commit()
        before, url = _untouched(order), f"/orders/{order.id}/pdf"
    else:
        patrol = Inspection(neighborhood_id=world.neighborhood_a.id, company_id=world.company_a.id, note=huge,
                            template_id=current_template().id, status="submitted",
                            inspector_id=world.inspector.id)
        db.session.add(patrol)
        db.session.commit()
        url = f"/inspections/{patrol.id}/record.pdf"
    started = time.perf_counter()
    response = client.get(url)
    assert time.perf_counter() - started < 10
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "文档过大，无法生成 PDF" in body and 'role="alert"' in body
    if where == "order":
        assert _untouched(order) == before
