"""The photo service: three files plus one row, exactly once, or nothing at all."""

import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.photos import services
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.photos.services import delete_photo, photo_path, store_photo
from tests import factories
from tests.images import png_bomb

LINES = ["2026-11-28 10:32", "枫墅小镇小区", "巡查员 张伟"]


def jpeg(w: int = 320, h: int = 240, color: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    im = Image.new("RGB", (w, h), color)
    ImageDraw.Draw(im).rectangle((0, 0, w // 3, h // 3), fill=(230, 20, 20))
    buf = BytesIO()
    im.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def gif_1x1() -> bytes:
    buf = BytesIO()
    Image.new("P", (1, 1)).save(buf, "GIF")
    return buf.getvalue()




def store(data: bytes, **kwargs) -> Photo:
    kwargs.setdefault("kind", PhotoKind.EVIDENCE)
    kwargs.setdefault("actor", None)
    return store_photo(data, watermark_lines=LINES, **kwargs)


def stored_files(app) -> list[str]:
    """Every file under the upload folder, temporary ones included."""
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def photo_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo))


def all_paths(photo: Photo) -> list[str]:
    return [photo.original_path, photo.display_path, photo.thumb_path]


def assert_no_metadata(data: bytes) -> None:
    assert data.startswith(b"\xff\xd8")
    assert b"Exif" not in data and b"GPS" not in data
    with Image.open(BytesIO(data)) as im:
        assert not im.getexif()


# ---------- storing ----------


@pytest.mark.parametrize("name,suffix,lat,lng", [
    ("phone_HMD_Nokia_8.3_5G.jpg", "jpg", 60.1467, 24.9068),
    ("gps_DSCN0010.jpg", "jpg", 43.4674, 11.8851),
    ("phone_iphone_IMG_5195.HEIC", "heic", 39.0513, -94.2888),
])
def test_real_photo_becomes_three_clean_files_and_a_row(app, world, photos_dir, name, suffix, lat, lng):
    data = (photos_dir / name).read_bytes()
    photo = store(data, actor=world.inspector, original_filename=name, device_lat=1.0, device_lng=2.0)

    assert stored_files(app) == sorted(all_paths(photo))
    assert photo.original_path.startswith("originals/") and photo.original_path.endswith("." + suffix)
    assert photo_path(photo, "display").parent.parent.name == "display"
    assert (Path(app.config["UPLOAD_FOLDER"]) / photo.original_path).read_bytes() == data
    display, thumb = photo_path(photo, "display").read_bytes(), photo_path(photo, "thumb").read_bytes()
    for copy, longest in ((display, 1600), (thumb, 320)):
        assert_no_metadata(copy)
        with Image.open(BytesIO(copy)) as im:
            assert max(im.size) <= longest
    db.session.expire_all()
    row = db.session.get(Photo, photo.id)
    assert (row.gps_lat, row.gps_lng) == (pytest.approx(lat, abs=1e-3), pytest.approx(lng, abs=1e-3))
    assert row.location_source == "exif"
    assert row.taken_at is not None and row.taken_at.tzinfo is not None
    assert row.uploaded_by_id == world.inspector.id and row.original_bytes == len(data)
    assert row.display_bytes == len(display) and max(row.width, row.height) <= 1600


def test_device_location_is_used_when_the_photo_has_none(app, world):
    photo = store(jpeg(), device_lat=40.7681, device_lng=114.8863)
    assert (photo.gps_lat, photo.gps_lng, photo.location_source) == (40.7681, 114.8863, "device")


@pytest.mark.parametrize("lat,lng", [(None, 114.9), (float("nan"), 114.9), (95.0, 114.9), (40.7, float("inf"))])
def test_missing_or_impossible_device_location_is_not_recorded(app, world, lat, lng):
    photo = store(jpeg(), device_lat=lat, device_lng=lng)
    assert (photo.gps_lat, photo.gps_lng, photo.location_source) == (None, None, None)


def test_links_are_stored_and_unknown_links_refused(app, world):
    finding = factories.finding(world.neighborhood_a)
    assert store(jpeg(), finding_id=finding.id).finding_id == finding.id
    with pytest.raises(TypeError, match="company_id"):
        store(jpeg(), company_id=world.company_a.id)
    with pytest.raises(ValueError, match="client_key"):
        store(jpeg(), client_key="k" * 65)
    assert photo_count() == 1 and len(stored_files(app)) == 3


# ---------- exactly once ----------


def test_replaying_the_same_upload_stores_it_once(app, world):
    data = jpeg()
    photos = [store(data, client_key="k-123") for _ in range(3)]
    assert {p.id for p in photos} == {photos[0].id}
    assert photo_count() == 1
    assert len(stored_files(app)) == 3


def test_same_key_with_other_content_is_409_and_the_original_untouched(app, world):
    original = store(jpeg(), client_key="k-1", original_filename="a.jpg")
    before = {name: (Path(app.config["UPLOAD_FOLDER"]) / name).read_bytes() for name in stored_files(app)}
    with pytest.raises(DomainError) as info:
        store(jpeg(color=(0, 200, 0)), client_key="k-1", original_filename="b.jpg")
    assert info.value.status == 409 and info.value.field == "photo"
    assert re.search(r"[\u4e00-\u9fff]", info.value.message)
    after = {name: (Path(app.config["UPLOAD_FOLDER"]) / name).read_bytes() for name in stored_files(app)}
    assert after == before
    db.session.expire_all()
    assert photo_count() == 1 and db.session.get(Photo, original.id).original_filename == "a.jpg"


class _LostRace:
    """The replay check misses the winner once, as when a concurrent request commits in between."""

    def __init__(self) -> None:
        self.real, self.missed = services.photo_by_client_key, False

    def __call__(self, key: str) -> Photo | None:
        if not self.missed:
            self.missed = True
            return None
        return self.real(key)


@pytest.mark.parametrize("same_content", [True, False])
def test_losing_a_concurrent_replay_leaves_the_winner_only(app, world, monkeypatch, same_content):
    data = jpeg()
    winner = store(data, client_key="k-race")
    winner_id = winner.id
    monkeypatch.setattr(services, "photo_by_client_key", _LostRace())
    if same_content:
        assert store(data, client_key="k-race").id == winner_id
    else:
        with pytest.raises(DomainError) as info:
            store(jpeg(color=(9, 9, 9)), client_key="k-race")
        assert info.value.status == 409
    assert photo_count() == 1
    assert stored_files(app) == sorted(all_paths(db.session.get(Photo, winner_id)))


# ---------- bad input: a message, no row, no file ----------


@pytest.mark.parametrize("make,config,status", [
    pytest.param(lambda: b"<!doctype html><html><body>hello</body></html>", {}, 422, id="html-renamed-jpg"),
    pytest.param(lambda: (d := jpeg(800, 600))[: len(d) // 2], {}, 422, id="truncated-jpeg"),
    pytest.param(gif_1x1, {}, 422, id="gif-as-png"),
    pytest.param(lambda: b"", {}, 422, id="empty"),
    pytest.param(jpeg, {"UPLOAD_MAX_BYTES": 1000}, 413, id="over-size-limit"),
    pytest.param(lambda: png_bomb(20_000, 20_000), {}, 422, id="pixel-bomb"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    app, world, make: Callable[[], bytes], config: dict, status: int
):
    app.config.update(config)
    with pytest.raises(DomainError) as info:
        store(make(), client_key="k-bad", original_filename="照片.jpg")
    assert info.value.status == status and info.value.field == "photo"
    assert re.search(r"[\u4e00-\u9fff]", info.value.message), "the user message must be Chinese"
    assert photo_count() == 0
    assert stored_files(app) == []


def test_a_refused_upload_does_not_use_up_its_key(app, world):
    with pytest.raises(DomainError):
        store(b"not a photo", client_key="k-retry")
    assert store(jpeg(), client_key="k-retry").id is not None


def test_original_names_never_become_paths(app, world):
    names = ["../../app.py", "整改照片.jpg", "整改照片.jpg"]
    photos = [store(jpeg(color=(i * 60, 0, 0)), original_filename=name) for i, name in enumerate(names)]
    assert len({p.id for p in photos}) == 3 and photo_count() == 3
    paths = [path for p in photos for path in all_paths(p)]
    assert len(set(paths)) == 9 and stored_files(app) == sorted(paths)
    assert all(re.fullmatch(r"(originals|display|thumb)/[0-9a-f]{2}/[0-9a-f]{32}\.jpg", p) for p in paths)
    assert [p.original_filename for p in photos] == names
    root = Path(app.config["UPLOAD_FOLDER"]).resolve()
    assert all(photo_path(p, "display").resolve().is_relative_to(root) for p in photos)


def test_original_name_is_display_text_only(app, world):
    photo = store(jpeg(), original_filename="a\x00b\x1b[31m\u202ec\ud800" + "长" * 300)
    assert photo.original_filename == "ab[31mc" + "长" * 248
    db.session.expire_all()
    assert len(db.session.get(Photo, photo.id).original_filename) == 255


# ---------- failures after the files exist ----------


def test_failed_commit_leaves_no_files_and_no_row(app, world, monkeypatch):
    real_commit = db.session.commit
    calls = []

    def fail_once() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))
        real_commit()

    monkeypatch.setattr(db.session, "commit", fail_once)
    with pytest.raises(OperationalError):
        store(jpeg(), client_key="k-fail")
    monkeypatch.undo()
    assert stored_files(app) == [] and photo_count() == 0
    assert store(jpeg(), client_key="k-fail").client_key == "k-fail"


def test_uncommitted_unit_that_rolls_back_takes_its_files(app, world):
    photo = store(jpeg(), commit=False)
    assert photo.id is not None and len(stored_files(app)) == 3
    db.session.rollback()
    assert stored_files(app) == [] and photo_count() == 0


def test_uncommitted_unit_that_commits_keeps_its_files(app, world):
    photo_id = store(jpeg(), commit=False).id
    db.session.commit()
    db.session.close()
    assert stored_files(app) == sorted(all_paths(db.session.get(Photo, photo_id)))


# ---------- deleting and paths ----------


def test_delete_removes_row_then_files_and_ignores_missing_ones(app, world):
    photo, keep = store(jpeg()), store(jpeg(color=(1, 2, 3)))
    photo_path(photo, "thumb").unlink()
    delete_photo(photo)
    assert photo_count() == 1
    assert stored_files(app) == sorted(all_paths(keep))


def test_only_display_and_thumb_have_a_served_path(app, world):
    photo = store(jpeg())
    assert photo_path(photo, "display").name.endswith(".jpg")
    for variant in ("original", "../originals", ""):
        with pytest.raises(ValueError):
            photo_path(photo, variant)
