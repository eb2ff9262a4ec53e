"""Serving photos: who may see which one, what the response says, and conditional requests."""

from dataclasses import dataclass
from io import BytesIO

import pytest
from PIL import Image
from werkzeug.test import TestResponse

from inspect_app.core.db import db
from inspect_app.orders.models import RectificationOrder, RectificationReport
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import photo_path, store_photo
from inspect_app.resident_reports.models import ResidentReport
from tests import factories

LINES = ["2026-11-28 10:32", "枫墅小镇小区"]


def jpeg(color: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    buf = BytesIO()
    Image.new("RGB", (64, 48), color).save(buf, "JPEG")
    return buf.getvalue()


def fetch(client, url: str, **kwargs) -> TestResponse:
    """GET and close: a served file stays open until its response is closed."""
    with client.get(url, **kwargs) as response:
        response.get_data()
    return response


def store(kind: PhotoKind = PhotoKind.EVIDENCE, data: bytes | None = None, **links: int) -> Photo:
    return store_photo(data or jpeg(), kind=kind, actor=None, watermark_lines=LINES, **links)


@dataclass
class Photos:
    finding_a: Photo
    finding_b: Photo
    report_a: Photo
    patrol: Photo
    resident_a: Photo


@pytest.fixture
def photos(world) -> Photos:
    finding_a, finding_b = factories.finding(world.neighborhood_a), factories.finding(world.neighborhood_b)
    order = RectificationOrder(neighborhood_id=world.neighborhood_a.id, company_id=world.company_a.id,
                               created_by_id=world.inspector.id)
    db.session.add(order)
    db.session.flush()
    report = RectificationReport(order_id=order.id, finding_id=finding_a.id,
                                 reported_by_id=world.company_user_a.id, note="已清理")
    resident = ResidentReport(receipt_code="R2026A", neighborhood_id=world.neighborhood_a.id,
                              category_code="H", description="楼道堆放杂物")
    db.session.add_all([report, resident])
    db.session.commit()
    return Photos(
        finding_a=store(finding_id=finding_a.id),
        finding_b=store(finding_id=finding_b.id),
        report_a=store(PhotoKind.AFTER, rectification_report_id=report.id),
        patrol=store(),
        resident_a=store(PhotoKind.RESIDENT, resident_report_id=resident.id, finding_id=finding_a.id),
    )


ROLES = ["inspector", "supervisor", "admin", "company_user_a", "company_user_b"]
# Hidden photos answer 404, exactly as a photo that does not exist.
EXPECTED = {
    "finding_a": {"company_user_a": 200, "company_user_b": 404},
    "finding_b": {"company_user_a": 404, "company_user_b": 200},
    "report_a": {"company_user_a": 200, "company_user_b": 404},
    "patrol": {"company_user_a": 404, "company_user_b": 404},
    "resident_a": {"company_user_a": 404, "company_user_b": 404},
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_photo(client, login, world, photos, role):
    login(getattr(world, role))
    for name, by_role in EXPECTED.items():
        photo = getattr(photos, name)
        for variant in ("display", "thumb"):
            response = fetch(client, f"/photos/{photo.id}/{variant}")
            assert response.status_code == by_role.get(role, 200), (name, variant)


def test_served_photo_is_private_jpeg_with_nosniff(client, login, world, photos):
    login(world.inspector)
    response = fetch(client, f"/photos/{photos.finding_a.id}/display")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.cache_control.private and not response.cache_control.public
    assert response.cache_control.max_age == 86400
    assert response.data == photo_path(photos.finding_a, "display").read_bytes()


def test_etag_is_strong_and_answers_304(client, login, world, photos):
    login(world.supervisor)
    url = f"/photos/{photos.finding_a.id}/thumb"
    first = fetch(client, url)
    etag, is_weak = first.get_etag()
    assert etag and not is_weak
    again = fetch(client, url, headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.data == b""
    other = fetch(client, f"/photos/{photos.finding_b.id}/thumb", headers={"If-None-Match": f'"{etag}"'})
    assert other.status_code == 200


def test_anonymous_is_sent_to_login(client, world, photos):
    response = fetch(client, f"/photos/{photos.finding_a.id}/display")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("variant", ["original", "originals", "full", "display.jpg"])
def test_original_and_unknown_variants_are_404(client, login, world, photos, variant):
    login(world.admin)
    assert fetch(client, f"/photos/{photos.finding_a.id}/{variant}").status_code == 404


def test_unknown_photo_and_lost_file_are_404_not_500(client, login, world, photos):
    login(world.inspector)
    assert fetch(client, "/photos/999999/display").status_code == 404
    photo_path(photos.patrol, "display").unlink()
    assert fetch(client, f"/photos/{photos.patrol.id}/display").status_code == 404


def test_served_copies_of_a_gps_photo_carry_no_metadata(client, login, world, photos_dir):
    photo = store(data=(photos_dir / "phone_HMD_Nokia_8.3_5G.jpg").read_bytes())
    assert photo.gps_lat is not None
    login(world.inspector)
    for variant, longest in (("display", 1600), ("thumb", 320)):
        data = fetch(client, f"/photos/{photo.id}/{variant}").data
        assert data.startswith(b"\xff\xd8") and b"Exif" not in data and b"GPS" not in data
        with Image.open(BytesIO(data)) as im:
            assert not im.getexif() and max(im.size) <= longest
