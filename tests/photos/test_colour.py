"""Colours survive re-encoding: an embedded profile (the Display P3 of iPhones) is converted to sRGB, not dropped."""

from io import BytesIO

import pytest
from PIL import Image, ImageCms, ImageStat

from inspect_app.photos.pipeline import process_photo
from tests.conftest import shared_photos

LINES: list[str] = []  # no stamp: the whole display copy is the colour under test
COLOUR = (200, 120, 60)  # inside both gamuts: P3 and sRGB values differ without clipping


def display_p3() -> bytes:
    """The Display P3 profile an iPhone embeds, taken from the shared iPhone photo."""
    with Image.open(shared_photos() / "phone_iphone_IMG_5195.HEIC") as im:
        icc = im.info["icc_profile"]
    assert "P3" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(BytesIO(icc)))
    return icc


def flat(fmt: str, icc: bytes | None, colour: tuple[int, int, int] = COLOUR) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, fmt, **({"icc_profile": icc} if icc else {}))
    return buffer.getvalue()


def stored_colour(data: bytes) -> tuple[float, ...]:
    result = process_photo(data, watermark_lines=LINES)
    with Image.open(BytesIO(result.display_jpeg)) as im:
        assert "icc_profile" not in im.info  # stored as sRGB, without a profile
        return tuple(ImageStat.Stat(im.convert("RGB")).mean)


def srgb_of(colour: tuple[int, int, int], icc: bytes) -> tuple[int, ...]:
    pixel = Image.new("RGB", (1, 1), colour)
    converted = ImageCms.profileToProfile(pixel, ImageCms.ImageCmsProfile(BytesIO(icc)), ImageCms.createProfile("sRGB"),
                                          renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB")
    assert converted is not None
    return converted.getpixel((0, 0))  # type: ignore[return-value]


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_display_p3_photo_is_stored_in_srgb(fmt: str) -> None:
    icc = display_p3()
    expected = srgb_of(COLOUR, icc)
    assert not close(expected, COLOUR, 8), "P3 and sRGB must differ for this colour, or the test proves nothing"
    assert close(stored_colour(flat(fmt, icc)), expected)


def saturation(im: Image.Image) -> float:
    return ImageStat.Stat(im.convert("RGB").convert("HSV").getchannel("S")).mean[0]


def test_the_real_iphone_photo_is_converted_not_taken_as_srgb() -> None:
    data = (shared_photos() / "phone_iphone_IMG_5195.HEIC").read_bytes()
    with Image.open(BytesIO(data)) as im:
        icc = im.info["icc_profile"]
        naive = im.convert("RGB").resize((400, 520))
    converted = ImageCms.profileToProfile(naive, ImageCms.ImageCmsProfile(BytesIO(icc)), ImageCms.createProfile("sRGB"),
                                          renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB")
    assert converted is not None
    result = process_photo(data, watermark_lines=LINES)
    with Image.open(BytesIO(result.display_jpeg)) as stored:
        kept = saturation(stored)
    assert abs(kept - saturation(converted)) < 0.02 * saturation(converted)
    assert kept > 1.04 * saturation(naive)  # dropping the profile loses saturation


def test_an_srgb_photo_keeps_its_colour() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    assert close(stored_colour(flat("PNG", srgb)), COLOUR)
    assert close(stored_colour(flat("PNG", None)), COLOUR)


def test_a_broken_or_mismatched_profile_is_ignored_not_refused() -> None:
    assert close(stored_colour(flat("PNG", b"not an icc profile at all")), COLOUR)
    grey = Image.new("L", (64, 48), 128)
    buffer = BytesIO()
    grey.save(buffer, "PNG", icc_profile=display_p3())  # an RGB profile on a grey image
    assert close(stored_colour(buffer.getvalue()), (128, 128, 128))
