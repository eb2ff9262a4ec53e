"""Request size limits: oversize photos and bodies answer 413 inline with nothing stored; the real forms still fit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from inspect_app.checklists import services as checklists
from inspect_app.core.db import db
from inspect_app.orders import services as orders
from inspect_app.photos.models import Photo
from tests import factories
from tests.security.helpers import (
    UPLOAD_ROUTES,
    fingerprint,
    form_values,
    jpeg,
    multipart,
    prepare_upload,
    stored_files,
)

HX = {"HX-Request": "true"}
MB = 1024 * 1024
# Routes that take no files keep the small global MAX_CONTENT_LENGTH.
PLAIN_ROUTES = {
    "autosave": ("inspector", "/inspections/{draft_patrol}/items/{item}", {"outcome": "pass"}),
    "order draft": ("inspector", "/orders/{draft_a}/draft", {"lock_version": "1"}),
    "acknowledge": ("company_a", "/orders/{issued_a}/acknowledge", {}),
    "login": ("anonymous", "/login", {"username": "inspector1"}),
}


def photo_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo))


def assert_inline_413(response, *messages: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 413, body[:300]
    assert 'role="alert"' in body and "<html" not in body  # a fragment htmx shows on the form, not a page
    for message in messages:
        assert message in body


@pytest.mark.parametrize("route", UPLOAD_ROUTES)
def test_a_30_mb_photo_is_refused_inline_and_nothing_is_stored(app, scene, clients, route):
    role, path, fields = UPLOAD_ROUTES[route]
    prepare_upload(scene, route)
    rows, files = photo_rows(), stored_files(app.config["UPLOAD_FOLDER"])
    body, content_type = multipart({**fields, "client_key": "big-1"},
                                   [("photos", "整改照片.jpg", jpeg() + bytes(30 * MB))])
    response = clients[role].post(path.format(**scene.values()), data=body, content_type=content_type, headers=HX)
    assert_inline_413(response, "整改照片.jpg", "照片文件过大")
    assert photo_rows() == rows and stored_files(app.config["UPLOAD_FOLDER"]) == files


def test_a_body_over_the_upload_route_s_own_limit_is_413_before_anything_is_read(app, scene, clients):
    app.config["UPLOAD_MAX_BYTES"] = 1 * MB  # the route then takes 6 × 1 MB + form overhead
    role, path, fields = UPLOAD_ROUTES["patrol item"]
    rows, files = photo_rows(), stored_files(app.config["UPLOAD_FOLDER"])
    body, content_type = multipart(fields, [("photos", "a.jpg", jpeg() + bytes(7 * MB))])
    response = clients[role].post(path.format(**scene.values()), data=body, content_type=content_type, headers=HX)
    assert_inline_413(response, "上传的内容过大")
    assert photo_rows() == rows and stored_files(app.config["UPLOAD_FOLDER"]) == files


@pytest.mark.parametrize("route", PLAIN_ROUTES)
def test_a_large_body_to_a_route_without_uploads_is_413(app, scene, clients, route):
    role, path, fields = PLAIN_ROUTES[route]
    before = fingerprint()
    response = clients[role].post(path.format(**scene.values()), headers=HX,
                                  data={**fields, "note": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
    assert_inline_413(response)
    assert fingerprint() == before


@pytest.mark.parametrize("route", ["autosave", "patrol item"])
def test_a_text_field_over_max_form_memory_size_is_413(app, scene, clients, route):
    role, path, fields = {**PLAIN_ROUTES, **UPLOAD_ROUTES}[route]
    size = app.config["MAX_FORM_MEMORY_SIZE"] + 1
    assert size < app.config["MAX_CONTENT_LENGTH"]  # the part limit, not the body limit, refuses it
    body, content_type = multipart({**fields, "note": "备" * (size // 3 + 1)}, [("photos", "a.jpg", jpeg())])
    before = fingerprint()
    response = clients[role].post(path.format(**scene.values()), data=body, content_type=content_type, headers=HX)
    assert_inline_413(response)
    assert fingerprint() == before


@pytest.mark.parametrize("route", ["autosave", "patrol item"])
def test_more_parts_than_max_form_parts_is_413(app, scene, clients, route):
    role, path, fields = {**PLAIN_ROUTES, **UPLOAD_ROUTES}[route]
    extra = [(f"x{i}", "1") for i in range(app.config["MAX_FORM_PARTS"])]
    body, content_type = multipart([*fields.items(), *extra], [("photos", "a.jpg", jpeg())])
    assert len(body) < app.config["MAX_CONTENT_LENGTH"]
    before = fingerprint()
    response = clients[role].post(path.format(**scene.values()), data=body, content_type=content_type, headers=HX)
    assert_inline_413(response)
    assert fingerprint() == before


def test_the_largest_checklist_form_fits_in_either_encoding(app, world, clients):
    """The admin's edit form carries the whole checklist (29 items); posted back as the page has it, it saves."""
    draft = checklists.copy_as_draft(checklists.current_template(), actor=world.admin)
    page = clients["admin"].get(f"/admin/checklists/{draft.id}/edit").get_data(as_text=True)
    values = form_values(page, f"checklist-edit-{draft.id}")
    values.setlist("action", ["save"])
    items = sum(1 for key in values if key.endswith("-code"))
    assert items == 29
    # Room for a checklist twice this size before MAX_FORM_PARTS refuses it.
    assert 2 * len(list(values.items(multi=True))) < app.config["MAX_FORM_PARTS"]
    response = clients["admin"].post(f"/admin/checklists/{draft.id}/edit", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    values.setlist("lock_version", [str(draft.lock_version + 1)])
    body, content_type = multipart(list(values.items(multi=True)))
    response = clients["admin"].post(f"/admin/checklists/{draft.id}/edit", data=body, content_type=content_type)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def test_the_largest_order_draft_fits(app, world, clients):
    """60 lines (the most an order takes), each requirement and the remarks at their maximum length."""
    findings = [factories.finding(world.neighborhood_a, title=f"问题{i}") for i in range(orders.MAX_LINES)]
    order = orders.draft_order(world.neighborhood_a, [f.id for f in findings], actor=world.inspector)
    page = clients["inspector"].get(f"/orders/{order.id}").get_data(as_text=True)
    values = form_values(page, "draft-form")
    for key in list(values):
        if key.startswith("requirement-"):
            values.setlist(key, ["整" * 1000])
    values.setlist("remarks", ["备" * 2000])
    assert sum(key.startswith("requirement-") for key in values) == orders.MAX_LINES
    response = clients["inspector"].post(f"/orders/{order.id}/draft", data=values)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert order.remarks == "备" * 2000 and all(line.requirement == "整" * 1000 for line in order.lines)
