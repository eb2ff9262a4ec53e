"""Colours as they were seen: embedded ICC profiles converted to sRGB, transparency put on white.

Every stored copy is an sRGB JPEG without a profile (metadata is stripped), so a photo taken in another colour
space, such as the Display P3 of iPhones, must be converted, or it comes out about 10 % less saturated.
"""

from __future__ import annotations

import functools
from io import BytesIO

from PIL import Image, ImageCms


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB; a profile that is broken or does not fit the image is ignored (the pixels are taken as sRGB)."""
    if icc and im.mode == "CMYK":
        converted = _convert(im, icc)
        if converted is not None:
            return converted
    rgb = to_rgb(im)
    if icc and im.mode in ("RGB", "RGBA", "P", "CMYK"):  # white stays white: relative colorimetric keeps it
        return _convert(rgb, icc) or rgb
    return rgb


def _convert(im: Image.Image, icc: bytes) -> Image.Image | None:
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(source) or "").lower().replace(" ", ""):
            return None  # already sRGB: nothing to do
        converted = ImageCms.profileToProfile(im, source, _srgb(), outputMode="RGB",
                                              renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return converted


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_rgb(im: Image.Image) -> Image.Image:
    """Convert any decoded mode to RGB, putting transparency on white."""
    if im.mode == "RGB":
        return im
    if im.mode.startswith("I;16") or im.mode == "I":
        # 16-bit grey: scale to 8 bits instead of letting convert() clip everything above 255 to white
        im = im.convert("I").point(lambda v: v / 256).convert("L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return im.convert("RGB")
