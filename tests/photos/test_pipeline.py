"""Photo pipeline: allow-listed formats, bombs, broken files, orientation, metadata stripping, watermark."""

import random
import re
import time
from datetime import datetime
from io import BytesIO

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFile, ImageStat, TiffImagePlugin

from inspect_app.photos import stamping
from inspect_app.photos.pipeline import PhotoError, PhotoLimits, ProcessedPhoto, process_photo
from tests.conftest import shared_photos
from tests.images import png_bomb

LINES = ["2026-11-28 10:32", "林业北小区", "巡查员 张伟"]
CODES = {"too_large", "empty", "not_image", "format_not_allowed", "too_many_pixels", "truncated", "corrupt"}
_T = Image.Transpose


# ---------- helpers ----------


def fixture(name: str) -> bytes:
    return (shared_photos() / name).read_bytes()


def scene(w: int = 160, h: int = 120) -> Image.Image:
    """An RGB test picture with no symmetry: gradients plus a red block in the top-left corner."""
    grad = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (grad, grad.transpose(_T.ROTATE_90).resize((w, h)), Image.new("L", (w, h), 60)))
    ImageDraw.Draw(im).rectangle((0, 0, w // 4, h // 4), fill=(230, 20, 20))
    return im


def encode(im: Image.Image, fmt: str, **params) -> bytes:
    buf = BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def run(data: bytes, **kwargs) -> ProcessedPhoto:
    return process_photo(data, watermark_lines=kwargs.pop("lines", LINES), **kwargs)


def refuse(data: bytes, **kwargs) -> PhotoError:
    with pytest.raises(PhotoError) as info:
        run(data, **kwargs)
    err = info.value
    assert err.code in CODES
    assert re.search(r"[\u4e00-\u9fff]", err.message), "the user message must be Chinese"
    return err


def opened(jpeg: bytes) -> Image.Image:
    with Image.open(BytesIO(jpeg)) as im:
        im.load()
        return im


def assert_clean_jpeg(jpeg: bytes) -> None:
    assert jpeg.startswith(b"\xff\xd8")
    for marker in (b"Exif", b"ICC_PROFILE", b"http://ns.adobe.com/xap", b"Photoshop"):
        assert marker not in jpeg
    with Image.open(BytesIO(jpeg)) as im:
        assert im.format == "JPEG"
        assert im.mode == "RGB"
        assert not im.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment", "photoshop"} & im.info.keys()


def small(jpeg: bytes) -> Image.Image:
    return opened(jpeg).convert("RGB").resize((40, 30), Image.Resampling.BOX)


def mad(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0-255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3




def jpeg_with_exif(gps: dict | None = None, taken: str | None = None, orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    if taken is not None:
        exif.get_ifd(0x8769)[36867] = taken
    return encode(scene(), "JPEG", exif=exif, quality=90)


# ---------- refused input ----------

R = TiffImagePlugin.IFDRational
BAD_INPUTS = [
    pytest.param(b"", {"empty"}, id="empty"),
    pytest.param(
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", {"not_image"}, id="html"
    ),
    pytest.param(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF", {"not_image"}, id="pdf"
    ),
    pytest.param(
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        {"not_image"},
        id="svg",
    ),
    pytest.param(
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n", {"format_not_allowed"}, id="eps"
    ),
    pytest.param(encode(Image.new("P", (1, 1)), "GIF"), {"format_not_allowed"}, id="gif"),
    pytest.param(encode(scene(), "TIFF"), {"format_not_allowed"}, id="tiff"),
    pytest.param(encode(scene(), "BMP"), {"format_not_allowed"}, id="bmp"),
    pytest.param(encode(scene(800, 600), "JPEG", quality=90)[:20_000], {"truncated"}, id="truncated-jpeg"),
    pytest.param(b"\xff\xd8\xff\xe0" + bytes(200), {"not_image", "corrupt"}, id="jpeg-magic-only"),
]


@pytest.mark.parametrize(("data", "codes"), BAD_INPUTS)
def test_refuses_bad_input_with_a_chinese_message(data: bytes, codes: set[str]) -> None:
    assert refuse(data).code in codes


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_cut_upload_says_incomplete(fmt: str) -> None:
    whole = encode(scene(800, 600), fmt)
    for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 64):
        err = refuse(whole[:cut])
        assert (err.code, err.message) == ("truncated", "照片上传不完整，请重试")


def test_too_large_is_checked_before_decoding() -> None:
    assert refuse(b"not even an image" * 100, limits=PhotoLimits(max_bytes=1000)).code == "too_large"
    assert (
        refuse(encode(scene(400, 300), "JPEG", quality=95), limits=PhotoLimits(max_bytes=1000)).code
        == "too_large"
    )


def test_decompression_bomb_is_refused_quickly() -> None:
    bomb = png_bomb(20_000, 20_000)
    assert len(bomb) < 1_000_000
    started = time.perf_counter()
    assert refuse(bomb).code == "too_many_pixels"
    assert time.perf_counter() - started < 1.0  # decoding 400 MP would take many seconds and ~400 MB


def test_pillow_bomb_warning_counts_as_too_many_pixels_even_when_only_shown() -> None:
    bomb = png_bomb(10_000, 10_000)  # 100 MP: above Pillow's warning level, below its hard error
    generous = PhotoLimits(max_pixels=500_000_000)
    assert refuse(bomb, limits=generous).code == "too_many_pixels"  # pytest turns the warning into an error
    with pytest.warns(Image.DecompressionBombWarning):  # production: the warning is only shown
        assert refuse(bomb, limits=generous).code == "too_many_pixels"


def test_pixel_limit_comes_from_limits() -> None:
    assert (
        refuse(encode(scene(200, 200), "PNG"), limits=PhotoLimits(max_pixels=10_000)).code
        == "too_many_pixels"
    )


def test_a_48_megapixel_photo_passes() -> None:
    big = Image.linear_gradient("L").resize((8000, 6000))
    result = run(encode(big, "JPEG", quality=70))
    assert (result.original_width, result.original_height) == (8000, 6000)
    assert (result.width, result.height) == (1600, 1200)


@pytest.mark.parametrize("seed", range(40))
def test_damaged_bytes_never_raise_anything_but_photo_error(seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(encode(scene(320, 240), "JPEG" if seed % 2 else "PNG", quality=85))
    for _ in range(rng.randint(1, 6)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if seed % 3 == 0:
        del data[rng.randrange(len(data)) :]
    try:
        result = run(bytes(data))
    except PhotoError as err:
        assert err.code in CODES
    else:
        assert_clean_jpeg(result.display_jpeg)


def test_global_pillow_settings_are_untouched() -> None:
    before = Image.MAX_IMAGE_PIXELS
    run(encode(scene(), "JPEG"))
    refuse(png_bomb(20_000, 20_000))
    assert Image.MAX_IMAGE_PIXELS == before
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


# ---------- accepted input ----------

ACCEPTED = [
    pytest.param(encode(scene(), "JPEG"), "JPEG", id="jpeg"),
    pytest.param(encode(scene().convert("L"), "JPEG"), "JPEG", id="grey-jpeg"),
    pytest.param(encode(scene(), "MPO", save_all=True, append_images=[scene(80, 60)]), "JPEG", id="mpo"),
    pytest.param(encode(scene(), "PNG"), "PNG", id="png"),
    pytest.param(encode(scene(), "WEBP", quality=80), "WEBP", id="webp"),
    pytest.param(encode(scene(), "HEIF", quality=80), "HEIF", id="heif"),
    pytest.param(
        encode(scene().convert("P", palette=Image.Palette.ADAPTIVE), "PNG"), "PNG", id="palette-png"
    ),
    pytest.param(encode(scene().convert("1"), "PNG"), "PNG", id="1-bit-png"),
]


@pytest.mark.parametrize(("data", "source_format"), ACCEPTED)
def test_accepts_allowed_formats_and_outputs_clean_jpeg(data: bytes, source_format: str) -> None:
    result = run(data)
    assert result.source_format == source_format
    assert (result.width, result.height) == (result.original_width, result.original_height) == (160, 120)
    assert opened(result.thumb_jpeg).size == (160, 120)
    assert_clean_jpeg(result.display_jpeg)
    assert_clean_jpeg(result.thumb_jpeg)


def half_opaque(mode: str, clear: object, solid: object) -> Image.Image:
    """100x80, left half transparent, right half opaque red (black for grey modes)."""
    im = Image.new(mode, (100, 80), clear)
    if mode == "P":
        im.putpalette([0, 0, 0, 255, 0, 0])
    ImageDraw.Draw(im).rectangle((50, 0, 99, 79), fill=solid)
    return im


@pytest.mark.parametrize(
    ("image", "fmt", "params"),
    [
        pytest.param(half_opaque("RGBA", (0, 0, 0, 0), (255, 0, 0, 255)), "PNG", {}, id="rgba-png"),
        pytest.param(half_opaque("LA", (0, 0), (0, 255)), "PNG", {}, id="la-png"),
        pytest.param(half_opaque("P", 0, 1), "PNG", {"transparency": 0}, id="palette-png-trns"),
        pytest.param(
            half_opaque("RGBA", (0, 0, 0, 0), (255, 0, 0, 255)), "WEBP", {"lossless": True}, id="rgba-webp"
        ),
    ],
)
def test_transparency_becomes_white(image: Image.Image, fmt: str, params: dict) -> None:
    result = run(encode(image, fmt, **params), lines=[])
    shown = opened(result.display_jpeg)
    assert min(shown.getpixel((10, 40))) > 240  # was transparent
    assert max(shown.getpixel((80, 40))[1:]) < 40  # opaque red (or black) stays dark in G and B


def test_16_bit_grey_png_is_scaled_not_clipped() -> None:
    result = run(encode(Image.new("I;16", (64, 48), 50_000), "PNG"), lines=[])
    r, g, b = opened(result.display_jpeg).getpixel((32, 24))
    assert abs(r - 50_000 / 256) < 4 and r == g == b


def test_cmyk_jpeg_becomes_rgb() -> None:
    result = run(encode(Image.new("CMYK", (120, 90), (0, 255, 255, 0)), "JPEG"), lines=[])
    r, g, b = opened(result.display_jpeg).getpixel((60, 45))
    assert r > 200 and g < 60 and b < 60


# ---------- orientation, size, EXIF ----------

# Stored pixels for each EXIF orientation, given the upright picture (the inverse of what viewers apply).
_STORE = {
    2: _T.FLIP_LEFT_RIGHT,
    3: _T.ROTATE_180,
    4: _T.FLIP_TOP_BOTTOM,
    5: _T.TRANSPOSE,
    6: _T.ROTATE_90,
    7: _T.TRANSVERSE,
    8: _T.ROTATE_270,
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_synthetic_orientation_comes_out_upright(orientation: int) -> None:
    upright = scene(160, 120)
    stored = upright.transpose(_STORE[orientation]) if orientation in _STORE else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    result = run(encode(stored, "JPEG", quality=95, exif=exif), lines=[])
    assert (result.width, result.height, result.original_width, result.original_height) == (
        160,
        120,
        160,
        120,
    )
    expected = upright.resize((40, 30), Image.Resampling.BOX)
    assert mad(small(result.display_jpeg), expected) < 5


@pytest.mark.parametrize(
    ("gps", "taken", "expected"),
    [
        pytest.param(
            {1: "N", 2: (R(43), R(28), R(2814, 1000)), 3: "E", 4: (R(11), R(53), R(645, 100))},
            "2008:10:22 16:28:39",
            (43.4674, 11.8851, datetime(2008, 10, 22, 16, 28, 39)),
            id="valid",
        ),
        pytest.param(
            {1: "S", 2: (R(33), R(52), R(0)), 3: "W", 4: (R(70), R(30), R(0))},
            None,
            (-33.8667, -70.5, None),
            id="south-west",
        ),
        pytest.param(
            {1: "N", 2: (R(0, 0),) * 3, 3: "E", 4: (R(0, 0),) * 3},
            "0000:00:00 00:00:00",
            (None, None, None),
            id="zero-over-zero",
        ),
        pytest.param(
            {1: "N", 2: (R(0), R(0), R(0)), 3: "E", 4: (R(0), R(0), R(0))},
            "garbage",
            (None, None, None),
            id="no-fix-zero-zero",
        ),
        pytest.param(
            {1: "N", 2: (R(95), R(0), R(0)), 3: "E", 4: (R(10), R(0), R(0))},
            None,
            (None, None, None),
            id="latitude-out-of-range",
        ),
        pytest.param(
            {1: "N", 2: (R(45), R(0)), 3: "E", 4: R(10)}, None, (None, None, None), id="wrong-shapes"
        ),
    ],
)
def test_exif_time_and_gps_are_read_leniently(gps: dict, taken: str | None, expected: tuple) -> None:
    result = run(jpeg_with_exif(gps=gps, taken=taken))
    lat, lng, taken_at = expected
    assert result.taken_at == taken_at
    for got, want in ((result.gps_lat, lat), (result.gps_lng, lng)):
        assert got == want if want is None else got == pytest.approx(want, abs=1e-3)
    assert_clean_jpeg(result.display_jpeg)
    assert_clean_jpeg(result.thumb_jpeg)


def test_large_photo_is_resized_and_thumb_comes_from_display() -> None:
    result = run(encode(scene(3000, 2000), "JPEG", quality=90))
    assert (result.width, result.height) == (1600, 1067)
    assert (result.original_width, result.original_height) == (3000, 2000)
    assert opened(result.thumb_jpeg).size == (320, 213)
    assert opened(result.display_jpeg).size == (1600, 1067)


def test_sha256_is_of_the_original_bytes() -> None:
    import hashlib

    data = encode(scene(), "PNG")
    assert run(data).sha256 == hashlib.sha256(data).hexdigest()


# ---------- watermark ----------


def test_watermark_darkens_and_writes_in_the_bottom_left_only() -> None:
    data = encode(scene(800, 600).transpose(_T.ROTATE_180), "JPEG", quality=95)
    plain, marked = opened(run(data, lines=[]).display_jpeg), opened(run(data).display_jpeg)
    corner = (0, 500, 200, 600)
    top_right = (600, 0, 800, 100)
    assert mad(plain.crop(corner), marked.crop(corner)) > 20
    assert mad(plain.crop(top_right), marked.crop(top_right)) < 1
    assert marked.crop(corner).convert("L").getextrema()[1] > 230  # white text


def test_watermark_fits_long_lines() -> None:
    result = run(encode(scene(300, 200), "JPEG"), lines=["巡查地点：" + "林业北小区" * 8, "x"])
    assert opened(result.display_jpeg).size == (300, 200)


def test_missing_cjk_font_is_a_loud_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fc_match(*args, **kwargs):
        raise FileNotFoundError("fc-match")

    stamping.cjk_font_file.cache_clear()
    stamping._font.cache_clear()
    monkeypatch.setattr(stamping.subprocess, "run", no_fc_match)
    try:
        with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
            run(encode(scene(), "JPEG"))
    finally:
        stamping.cjk_font_file.cache_clear()
        stamping._font.cache_clear()


def test_latin_only_fallback_font_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Done:
        stdout = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n0\nen|fr|de"

    stamping.cjk_font_file.cache_clear()
    monkeypatch.setattr(stamping.subprocess, "run", lambda *a, **k: Done())
    try:
        with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
            stamping.cjk_font_file()
    finally:
        stamping.cjk_font_file.cache_clear()


# ---------- real photos ----------


@pytest.mark.parametrize("n", range(1, 9))
def test_real_orientation_samples_come_out_upright(n: int) -> None:
    reference = small(run(fixture("orientation/landscape_1.jpg")).display_jpeg)
    result = run(fixture(f"orientation/landscape_{n}.jpg"))
    assert (result.width, result.height, result.original_width, result.original_height) == (
        600,
        450,
        600,
        450,
    )
    got = small(result.display_jpeg)
    wrong = [mad(got, reference.transpose(t).resize((40, 30))) for t in _T]
    assert mad(got, reference) < 20  # the same scene, only the big orientation digit differs
    assert mad(got, reference) < min(wrong) / 2


def test_real_camera_gps_is_read_then_stripped() -> None:
    result = run(fixture("gps_DSCN0010.jpg"))
    assert result.gps_lat == pytest.approx(43.4674, abs=1e-3)
    assert result.gps_lng == pytest.approx(11.8851, abs=1e-3)
    assert result.taken_at == datetime(2008, 10, 22, 16, 28, 39)
    assert_clean_jpeg(result.display_jpeg)
    assert_clean_jpeg(result.thumb_jpeg)


def test_real_phone_photo_is_resized_and_stripped() -> None:
    original = fixture("phone_HMD_Nokia_8.3_5G.jpg")
    result = run(original)
    assert (result.original_width, result.original_height) == (4608, 1976)
    assert (result.width, result.height) == (1600, 686)
    assert max(opened(result.thumb_jpeg).size) <= 320
    assert len(result.display_jpeg) <= 0.15 * len(original)
    assert result.gps_lat is not None and 59 < result.gps_lat < 61
    assert result.gps_lng is not None and 24 < result.gps_lng < 26
    assert_clean_jpeg(result.display_jpeg)
    assert_clean_jpeg(result.thumb_jpeg)


def test_real_iphone_heic_is_accepted_as_jpeg() -> None:
    result = run(fixture("phone_iphone_IMG_5195.HEIC"))
    assert result.source_format == "HEIF"
    assert result.height == 1600 and result.width < result.height
    assert result.taken_at is not None
    assert_clean_jpeg(result.display_jpeg)
    assert_clean_jpeg(result.thumb_jpeg)


def test_real_heic_cut_short_is_refused_not_painted_green() -> None:
    whole = fixture("phone_iphone_IMG_5195.HEIC")
    assert refuse(whole[: len(whole) // 2]).code == "truncated"


def test_real_damaged_jpeg_is_refused() -> None:
    assert refuse(fixture("broken/corrupted.jpg")).code == "corrupt"


def test_real_broken_jpeg_is_refused_or_best_effort() -> None:
    try:
        result = run(fixture("broken/invalid_image00971.jpg"))
    except PhotoError as err:
        assert err.code in CODES
    else:
        assert_clean_jpeg(result.display_jpeg)
