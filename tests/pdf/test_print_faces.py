"""An order PDF carries two small faces: the GB 2312 cuts built at set-up (inspect_app/pdf/fontbuild.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from inspect_app.orders import pdf as order_pdf
from inspect_app.pdf import fontbuild
from tests.orders.test_pdf import make_order

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
MAX_FONT_BYTES = 80 * 1024


def embedded_fonts(data: bytes) -> dict[str, int]:
    """Each embedded font program's base name → its bytes in the file."""
    found: dict[str, int] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if descriptor and key in descriptor.get_object():
                        stream = descriptor.get_object()[key].get_object()
                        found[str(descendant.get_object()["/BaseFont"])] = len(stream._data)
    return found


@pytest.fixture(scope="module")
def built_faces():
    faces = [FONTS / name for name, _ in fontbuild.FACES]
    missing = [face.name for face in faces if not face.is_file()]
    assert not missing, f"print faces not built ({missing}): run `make static/fonts/{missing[0]}`"
    return faces


def test_the_common_characters_come_first(built_faces):
    font = TTFont(built_faces[0])
    cmap, order = font.getBestCmap(), font.getGlyphOrder()
    level1_last = max(order.index(cmap[ord(c)]) for c in "整改通知书请于日内清理消防通道堆放杂物")
    assert level1_last < 5100  # Latin, punctuation, symbols (~1,250), then the 3,755 of GB 2312 level 1
    assert all(ord(c) in cmap for c in "鑫亍")  # level 2 is there too
    assert ord("龘") not in cmap  # beyond GB 2312: the system's full face prints it


def test_an_order_embeds_two_faces_within_80_kib(app, world, built_faces):
    data = order_pdf.render_order_pdf(make_order(world, 6))
    fonts = embedded_fonts(data)
    assert len(fonts) <= 2, fonts
    assert all("Noto-CJK-SC-Print" in name for name in fonts), fonts
    assert sum(fonts.values()) <= MAX_FONT_BYTES, fonts


def test_a_rare_character_still_prints_from_the_full_face(app, world, built_faces):
    order = make_order(world, 1)
    order.lines[0].requirement = "龘"
    fonts = embedded_fonts(order_pdf.render_order_pdf(order))
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
