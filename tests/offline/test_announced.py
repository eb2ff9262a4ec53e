"""Announced photos are listed until they arrive and hold the submission back; real saves carry the saved mark."""

from io import BytesIO

import pytest

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.inspections import queries, services
from inspect_app.inspections.models import Inspection, InspectionStatus
from inspect_app.offline.models import AnnouncedPhoto
from inspect_app.photos.models import Photo
from tests.inspections.helpers import attach_photo, deduct, items, jpeg, pass_all_but

SAVED = "X-Inspect-Saved"


@pytest.fixture
def patrol(world):
    return services.start_patrol(world.neighborhood_a, actor=world.inspector)


@pytest.fixture
def hx_inspector(hx, world, login):
    login(world.inspector, to=hx)
    return hx


def announce(client, patrol, code: str, key: str):
    item = items(patrol)[code]
    return client.post(f"/inspections/{patrol.id}/items/{item.id}/photos/announce", data={"client_key": key})


def upload(client, patrol, code: str, key: str, data: bytes | None = None, **form):
    item = items(patrol)[code]
    return client.post(f"/inspections/{patrol.id}/items/{item.id}/photos", content_type="multipart/form-data",
                       data={"photos": [(BytesIO(data or jpeg()), "a.jpg")], "client_key": key, **form})


def missing(patrol) -> list[str]:
    return [a.client_key for a in queries.missing_photos(patrol)]


def test_an_announced_photo_is_listed_until_it_arrives(hx_inspector, patrol):
    first = announce(hx_inspector, patrol, "H2", "k1")
    again = announce(hx_inspector, patrol, "H2", "k1")  # a replay records nothing more
    assert first.status_code == again.status_code == 200 and first.headers[SAVED] == "1"
    assert "有 1 张照片已登记但未上传" in again.get_data(as_text=True)
    assert missing(patrol) == ["k1"] and db.session.query(AnnouncedPhoto).count() == 1
    page = hx_inspector.get(f"/inspections/{patrol.id}", headers={"HX-Request": ""}).get_data(as_text=True)
    assert "有 1 张照片已登记但未上传" in page and "放弃这张照片" in page

    arrived = upload(hx_inspector, patrol, "H2", "k1")
    body = arrived.get_data(as_text=True)
    assert arrived.status_code == 200 and arrived.headers[SAVED] == "1"
    assert 'id="missing-photos" class="missing-photos" hx-swap-oob="true" hidden' in body
    assert missing(patrol) == [] and db.session.query(AnnouncedPhoto).count() == 0


def test_a_photo_that_arrived_before_its_announcement_is_not_missing(hx_inspector, patrol):
    upload(hx_inspector, patrol, "H2", "k2")
    assert announce(hx_inspector, patrol, "H2", "k2").status_code == 200
    assert missing(patrol) == [] and db.session.query(AnnouncedPhoto).count() == 0


def test_a_refused_photo_stays_announced_until_given_up(hx_inspector, patrol):
    announce(hx_inspector, patrol, "H2", "k3")
    refused = upload(hx_inspector, patrol, "H2", "k3", data=b"<html>not a photo</html>")
    assert refused.status_code == 422 and SAVED not in refused.headers
    assert missing(patrol) == ["k3"]
    withdrawn = hx_inspector.post(f"/inspections/{patrol.id}/photos/withdraw", data={"client_key": "k3"})
    assert withdrawn.status_code == 200 and withdrawn.headers[SAVED] == "1" and missing(patrol) == []


def test_submit_is_refused_while_an_announced_photo_is_missing(client, login, world, patrol):
    pass_all_but(patrol, world.inspector)
    services.announce_photo(patrol, items(patrol)["H1"], "k4", actor=world.inspector)
    login(world.inspector)
    refused = client.post(f"/inspections/{patrol.id}/submit", data={"submit_key": "s4"})
    assert refused.status_code == 422
    assert "有 1 张照片已登记但未上传" in refused.get_data(as_text=True)
    assert db.session.get(Inspection, patrol.id).status == InspectionStatus.DRAFT

    given_up = client.post(f"/inspections/{patrol.id}/photos/withdraw", data={"client_key": "k4"})
    assert given_up.status_code == 303 and given_up.headers["Location"].endswith("#missing-photos")
    assert client.post(f"/inspections/{patrol.id}/submit", data={"submit_key": "s4"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Inspection, patrol.id).status == InspectionStatus.SUBMITTED


def test_the_record_shows_a_draft_s_missing_photos_to_a_supervisor(client, login, world, patrol):
    services.announce_photo(patrol, items(patrol)["F1"], "k5", actor=world.inspector)
    login(world.supervisor)
    record = client.get(f"/inspections/{patrol.id}").get_data(as_text=True)
    assert "巡查记录" in record and "有 1 张照片已登记但未上传" in record and "F1" in record
    assert "放弃这张照片" not in record


def test_only_the_inspector_announces_and_only_into_a_draft(world, patrol):
    h1 = items(patrol)["H1"]
    with pytest.raises(DomainError) as not_theirs:
        services.announce_photo(patrol, h1, "k6", actor=world.supervisor)
    assert not_theirs.value.status == 403
    pass_all_but(patrol, world.inspector)
    services.submit(patrol, actor=world.inspector)
    with pytest.raises(DomainError) as submitted:
        services.announce_photo(patrol, h1, "k6", actor=world.inspector)
    assert submitted.value.status == 409


def test_a_key_announced_for_another_inspection_is_a_conflict(world, patrol):
    other = services.start_patrol(world.neighborhood_b, actor=world.inspector)
    services.announce_photo(patrol, items(patrol)["H1"], "k7", actor=world.inspector)
    with pytest.raises(DomainError) as conflict:
        services.announce_photo(other, items(other)["H1"], "k7", actor=world.inspector)
    assert conflict.value.status == 409 and missing(other) == []


def test_a_bad_key_is_refused(hx_inspector, world, patrol):
    response = announce(hx_inspector, patrol, "H1", "")
    assert response.status_code == 422 and SAVED not in response.headers
    with pytest.raises(DomainError):
        services.announce_photo(patrol, items(patrol)["H1"], "x" * 41, actor=world.inspector)
    assert missing(patrol) == []


def test_the_saved_mark_is_only_on_real_saves(hx_inspector, world, patrol):
    h2 = items(patrol)["H2"]
    url = f"/inspections/{patrol.id}/items/{h2.id}"
    refused = hx_inspector.post(url, data={"outcome": "deduct", "preset_id": "custom", "custom_amount": "99",
                                           "reason": "超出本项分值"})
    assert refused.status_code == 422 and SAVED not in refused.headers  # more than the item is worth
    saved = hx_inspector.post(url, data={"outcome": "deduct", "preset_id": h2.presets[0].id},
                              headers={"X-Inspect-Change": "c1"})
    assert saved.status_code == 200 and saved.headers[SAVED] == "1"
    photo = attach_photo(patrol, deduct(patrol, h2, world.inspector), world.inspector)
    deleted = hx_inspector.post(f"/inspections/{patrol.id}/photos/{photo.id}/delete")
    assert deleted.status_code == 200 and deleted.headers[SAVED] == "1"
    assert db.session.query(Photo).count() == 0


def test_only_the_inspector_s_own_draft_is_offered_for_offline_use(client, login, world, patrol):
    login(world.inspector)
    assert client.get(f"/inspections/{patrol.id}").headers.get("X-Inspect-Offline") == "draft"
    login(world.supervisor)
    assert "X-Inspect-Offline" not in client.get(f"/inspections/{patrol.id}").headers
    pass_all_but(patrol, world.inspector)
    services.submit(patrol, actor=world.inspector)
    login(world.inspector)
    assert "X-Inspect-Offline" not in client.get(f"/inspections/{patrol.id}").headers
