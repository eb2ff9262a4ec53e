"""A photo shrunk on the phone arrives without EXIF: the capture time the phone read is used, EXIF first."""

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from PIL import Image

from inspect_app.core.db import db, utcnow
from inspect_app.core.time import LOCAL_TZ
from inspect_app.inspections import services
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import store_photo
from tests.inspections.helpers import items, jpeg

PHONE_TIME = datetime(2026, 5, 1, 9, 30, 15, tzinfo=LOCAL_TZ)


def jpeg_taken(when: str) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = when
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def stored_time(data: bytes, device_taken_at: datetime | None) -> datetime | None:
    photo = store_photo(data, kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=["t"],
                        device_taken_at=device_taken_at)
    db.session.expire_all()
    return db.session.get(Photo, photo.id).taken_at


def test_a_photo_without_exif_takes_the_time_the_phone_read(app):
    assert stored_time(jpeg(), PHONE_TIME) == PHONE_TIME


def test_exif_wins_over_the_phone(app):
    assert stored_time(jpeg_taken("2024:03:02 10:11:12"), PHONE_TIME) == datetime(2024, 3, 2, 10, 11, 12,
                                                                                   tzinfo=LOCAL_TZ)


def test_a_phone_time_without_zone_is_local_like_exif(app):
    assert stored_time(jpeg(), PHONE_TIME.replace(tzinfo=None)) == PHONE_TIME


@pytest.mark.parametrize("when", [datetime(1970, 1, 1, tzinfo=UTC), utcnow() + timedelta(days=3)])
def test_an_impossible_phone_time_is_ignored(app, when):
    assert stored_time(jpeg(), when) is None


@pytest.mark.parametrize("sent,expected", [
    ("2026-05-01T09:30:15", PHONE_TIME),  # read from EXIF on the phone: local time
    ("2026-05-01T01:30:15.000Z", PHONE_TIME),  # the file's lastModified, in UTC
    ("yesterday", None),
])
def test_the_upload_form_s_taken_at(hx, login, world, sent, expected):
    login(world.inspector, to=hx)
    patrol = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    h2 = items(patrol)["H2"]
    response = hx.post(f"/inspections/{patrol.id}/items/{h2.id}/photos", content_type="multipart/form-data",
                       data={"photos": [(BytesIO(jpeg()), "a.jpg")], "client_key": "t1", "taken_at": sent,
                             "lat": "40.7681", "lng": "114.8863"})
    assert response.status_code == 200
    photo = db.session.query(Photo).one()
    assert photo.taken_at == expected
    assert (photo.gps_lat, photo.gps_lng, photo.location_source) == (40.7681, 114.8863, "device")
