"""Hostile photo contents and names through the real upload route, and what the served copies carry."""

from __future__ import annotations

import re
import struct
import time
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageFile, TiffImagePlugin
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.inspections import services as patrols
from inspect_app.photos.models import Photo
from tests.inspections.helpers import items
from tests.security.helpers import jpeg, multipart, sign_in, stored_files

HX = {"HX-Request": "true"}
SECRETS = [b"SecretCam", b"OwnerZhang", b"SN-998877", b"ArtistWang", b"CommentSecret", b"XmpSecret", b"GPS",
           b"Exif", b"xmpmeta"]
STORED_NAME = re.compile(r"(originals|display|thumb)/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp|heic)")


def _image(fmt: str, **save) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, fmt, **save)
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares width × height: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


# Not photos, or formats outside the allow-list, each named .jpg and sent as image/jpeg.
DISGUISED = {
    "html": (b"<!doctype html><html><body><script>alert(1)</script></body></html>", "不是照片"),
    "pdf": (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "不是照片"),
    "eps": (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n", "不支持该图片格式"),
    "tiff": (_image("TIFF"), "不支持该图片格式"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "不是照片"),
    "gif": (_image("GIF"), "不支持该图片格式"),
    "bmp": (_image("BMP"), "不支持该图片格式"),
}


def exif_jpeg(gps: tuple, **extra) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x013B], exif[0x8298] = "Canon", "SecretCam", "ArtistWang", "Copyright"
    gps_ifd = exif.get_ifd(0x8825)
    gps_ifd.update({1: "N", 2: gps, 3: "E", 4: gps})
    exif.get_ifd(0x8769).update({0xA430: "OwnerZhang", 0xA431: "SN-998877", 36867: "2026:11:28 10:00:00"})
    return jpeg((800, 600), exif=exif.tobytes(), comment=b"CommentSecret",
                xmp=b"<x:xmpmeta>XmpSecret</x:xmpmeta>", **extra)


@pytest.fixture
def upload(app, world, client):
    """Post files to a patrol item as the inspector's phone does (htmx); returns (response, new photos)."""
    patrol = patrols.start_patrol(world.neighborhood_a, actor=world.inspector)
    url = f"/inspections/{patrol.id}/items/{items(patrol)['H2'].id}/photos"
    sign_in(client, world.inspector)

    def post(*files: tuple[str, bytes], key: str | None = None):
        known = set(db.session.scalars(select(Photo.id)))
        body, content_type = multipart({"client_key": key} if key else {}, [("photos", n, d) for n, d in files])
        response = client.post(url, data=body, content_type=content_type, headers=HX)
        db.session.expire_all()
        return response, [p for p in db.session.scalars(select(Photo).order_by(Photo.id)) if p.id not in known]

    return post


def served(client, photo: Photo, variant: str):
    with client.get(f"/photos/{photo.id}/{variant}") as response:
        response.get_data()
    return response


@pytest.mark.parametrize("kind", DISGUISED)
def test_a_disguised_file_is_refused_by_its_content(app, upload, kind):
    data, message = DISGUISED[kind]
    response, photos = upload(("现场.jpg", data))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'role="alert"' in body and message in body
    assert photos == [] and stored_files(app.config["UPLOAD_FOLDER"]) == []


def test_a_decompression_bomb_is_refused_fast_with_a_message(app, upload):
    assert Image.MAX_IMAGE_PIXELS is not None
    started = time.perf_counter()
    response, photos = upload(("bomb.jpg", _png_header_only(14000, 14000)))
    assert time.perf_counter() - started < 3  # refused from the header: 196 million pixels are never decoded
    assert response.status_code == 422 and "照片像素过大" in response.get_data(as_text=True)
    assert photos == [] and stored_files(app.config["UPLOAD_FOLDER"]) == []


def test_a_real_large_phone_photo_is_downscaled(client, upload, photos_dir):
    response, (photo,) = upload(("phone.jpg", (photos_dir / "phone_HMD_Nokia_8.3_5G.jpg").read_bytes()))
    assert response.status_code == 200
    with Image.open(BytesIO(served(client, photo, "display").data)) as im:
        assert max(im.size) == 1600


def test_a_truncated_jpeg_says_the_upload_was_incomplete(app, upload):
    import inspect_app.pdf.service  # noqa: F401  (WeasyPrint switches truncated loading on at import)

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    whole = jpeg((1200, 900), quality=95)
    response, photos = upload(("cut.jpg", whole[: len(whole) * 6 // 10]))
    assert response.status_code == 422 and "照片上传不完整，请重试" in response.get_data(as_text=True)
    assert photos == [] and stored_files(app.config["UPLOAD_FOLDER"]) == []


@pytest.mark.parametrize("source", ["synthetic", "camera"])
def test_no_metadata_reaches_any_served_copy(client, upload, photos_dir, source):
    data = exif_jpeg((40.0, 45.0, 30.0)) if source == "synthetic" else (photos_dir / "gps_DSCN0010.jpg").read_bytes()
    response, (photo,) = upload(("exif.jpg", data))
    assert response.status_code == 200 and photo.gps_lat is not None  # read for the record, kept in the database
    for variant in ("display", "thumb"):
        copy = served(client, photo, variant).data
        assert copy.startswith(b"\xff\xd8") and not [s for s in SECRETS if s in copy], variant
        with Image.open(BytesIO(copy)) as im:
            assert not im.getexif() and not im.info.get("icc_profile") and not im.info.get("comment")


def test_orientation_is_applied_before_metadata_goes(client, upload, photos_dir):
    response, (photo,) = upload(("turned.jpg", (photos_dir / "orientation" / "landscape_6.jpg").read_bytes()))
    with Image.open(BytesIO(served(client, photo, "display").data)) as im:
        assert im.size == (600, 450)  # stored 450×600 with "rotate 90°": upright is landscape


def test_malformed_exif_still_uploads(upload):
    zero = TiffImagePlugin.IFDRational(0, 0)
    response, (photo,) = upload(("bad-exif.jpg", exif_jpeg((zero, zero, zero))))
    assert response.status_code == 200 and photo.gps_lat is None and photo.gps_lng is None


@pytest.mark.parametrize("name", ["../../app.py", "../../../etc/passwd.jpg", "a\x00b.jpg", "/tmp/x.jpg",
                                  "C:\\Windows\\x.jpg", "整改照片.jpg"])
def test_names_never_become_paths(app, upload, name):
    response, (photo,) = upload((name, jpeg()))
    assert response.status_code == 200
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert all(STORED_NAME.fullmatch(p) for p in stored_files(folder)), stored_files(folder)
    assert not (folder.parent / "app.py").exists() and "\x00" not in photo.original_filename


def test_the_same_name_twice_makes_two_files(app, upload):
    first, (one,) = upload(("整改照片.jpg", jpeg(color=(1, 2, 3))))
    second, (two,) = upload(("整改照片.jpg", jpeg(color=(200, 2, 3))))
    assert one.original_filename == two.original_filename == "整改照片.jpg"
    assert len({one.display_path, two.display_path}) == 2 and len(stored_files(app.config["UPLOAD_FOLDER"])) == 6
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert (folder / one.original_path).read_bytes() != (folder / two.original_path).read_bytes()


def test_the_original_name_is_only_escaped_text(app, client, world, upload):
    hostile = "<img src=x onerror=alert(1)>.jpg"
    refused, _ = upload((hostile, b"not a photo"))
    assert "<img src=x" not in refused.get_data(as_text=True) and "&lt;img src=x" in refused.get_data(as_text=True)
    body, content_type = multipart({"neighborhood": str(world.neighborhood_a.id), "category": "H",
                                    "title": "楼道堆物", "deduction": "0"}, [("photos", hostile, jpeg())])
    assert client.post("/findings/new", data=body, content_type=content_type).status_code == 303
    page = client.get(f"/findings/{db.session.scalar(select(Finding.id))}").get_data(as_text=True)
    assert "<img src=x" not in page and 'alt="&lt;img src=x onerror=alert(1)&gt;.jpg"' in page
