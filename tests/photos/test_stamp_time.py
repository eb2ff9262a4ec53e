"""The evidence stamp says when (and where) the photo was taken, not when it reached the server."""

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from PIL import Image, TiffImagePlugin
from werkzeug.datastructures import FileStorage, MultiDict

from inspect_app.core.db import utcnow
from inspect_app.core.time import LOCAL_TZ
from inspect_app.photos import pipeline
from inspect_app.photos.forms import PhotoUpload, photo_upload
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.photos.stamping import watermark_lines
from inspect_app.photos.uploads import store_uploads

R = TiffImagePlugin.IFDRational
PLACE, WHO = "林业北小区", "巡查员 张伟"
NOW = "%Y-%m-%d %H:%M"


def jpeg(taken: str | None = None, gps: dict | None = None) -> bytes:
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[36867] = taken
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def stamped(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The lines drawn onto each photo processed, in order."""
    drawn: list[list[str]] = []
    real = pipeline.draw_watermark
    monkeypatch.setattr(pipeline, "draw_watermark", lambda im, lines: (drawn.append(list(lines)), real(im, lines)))
    return drawn


def now_line() -> str:
    return utcnow().astimezone(LOCAL_TZ).strftime(NOW)


def test_lines_say_the_time_given_or_now_and_the_place_when_known() -> None:
    taken = datetime(2026, 5, 1, 8, 15, tzinfo=LOCAL_TZ)
    assert watermark_lines(PLACE, WHO, taken) == ["2026-05-01 08:15", PLACE, WHO]
    assert watermark_lines(PLACE, WHO, datetime(2026, 5, 1, 8, 15))[0] == "2026-05-01 08:15"  # no zone: local
    assert watermark_lines(PLACE, WHO)[0] in {now_line(), (utcnow() - timedelta(minutes=1)).astimezone(LOCAL_TZ)
                                              .strftime(NOW)}
    assert watermark_lines(PLACE, WHO, taken, lat=40.7686, lng=114.8853) == [
        "2026-05-01 08:15", PLACE, "40.76860°N 114.88530°E", WHO]
    assert watermark_lines(PLACE, WHO, taken, lat=-33.5, lng=-70.25)[2] == "33.50000°S 70.25000°W"


def test_a_photo_is_stamped_with_its_exif_capture_time_and_gps(app, world, stamped) -> None:
    gps = {1: "N", 2: (R(40), R(46), R(7)), 3: "E", 4: (R(114), R(53), R(7))}
    photo = store_photo(jpeg("2026:05:01 08:15:30", gps), kind=PhotoKind.EVIDENCE, actor=None,
                        watermark_lines=watermark_lines(PLACE, WHO))
    assert stamped == [["2026-05-01 08:15", PLACE, "40.76861°N 114.88528°E", WHO]]
    assert photo.taken_at == datetime(2026, 5, 1, 8, 15, 30, tzinfo=LOCAL_TZ)


def test_without_exif_the_phone_reported_time_and_place_are_stamped(app, world, stamped) -> None:
    store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=watermark_lines(PLACE, WHO),
                device_taken_at=datetime(2026, 4, 30, 21, 5, tzinfo=LOCAL_TZ), device_lat=40.5, device_lng=114.9)
    assert stamped == [["2026-04-30 21:05", PLACE, "40.50000°N 114.90000°E", WHO]]


def test_an_implausible_phone_time_is_not_stamped(app, world, stamped) -> None:
    store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=watermark_lines(PLACE, WHO),
                device_taken_at=utcnow() + timedelta(days=30))
    assert stamped[0][0] == now_line()
    assert stamped[0][1:] == [PLACE, WHO]


def test_a_photo_queued_offline_is_stamped_with_the_time_it_was_queued(app, world, stamped) -> None:
    """The outbox sends queued_at; the phone knew no capture time (no EXIF, no taken_at)."""
    form = MultiDict({"client_key": "k-offline", "queued_at": "2026-05-01T00:15:00.000Z"})
    files = MultiDict({"photos": FileStorage(BytesIO(jpeg()), "photo.jpg")})
    upload = photo_upload(form, files)
    assert upload.taken_at is None and upload.capture_time == datetime(2026, 5, 1, 0, 15, tzinfo=UTC)
    errors = store_uploads(upload, kind=PhotoKind.EVIDENCE, actor=None, watermark_lines=watermark_lines(PLACE, WHO))
    assert errors == []
    assert stamped == [["2026-05-01 08:15", PLACE, WHO]]  # 00:15 UTC is 08:15 in China


def test_taken_at_from_the_phone_wins_over_queued_at() -> None:
    upload = PhotoUpload(taken_at=datetime(2026, 5, 1, 7, 0, tzinfo=LOCAL_TZ),
                         queued_at=datetime(2026, 5, 1, 8, 0, tzinfo=LOCAL_TZ))
    assert upload.capture_time == datetime(2026, 5, 1, 7, 0, tzinfo=LOCAL_TZ)


def test_lines_given_as_a_plain_list_are_stamped_as_they_are(app, world, stamped) -> None:
    store_photo(jpeg("2026:05:01 08:15:30"), kind=PhotoKind.EVIDENCE, actor=None,
                watermark_lines=["2026-11-28 10:32", PLACE, WHO])
    assert stamped == [["2026-11-28 10:32", PLACE, WHO]]
