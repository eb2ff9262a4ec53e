"""The neighbourhood's public link: the staff page with its QR code, and the A4 poster PDF whose QR leads to it."""

import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from inspect_app.resident_reports.services import board_url, resident_url

POSTER_PNG = Path(__file__).resolve().parents[1] / "browser" / "screenshots" / "poster"


@pytest.fixture
def inspector(client, world, login):
    login(world.inspector)
    return client


def test_the_link_is_short_stable_and_not_the_id(app, world):
    token = world.neighborhood_a.public_token
    assert 6 <= len(token) <= 16 and str(world.neighborhood_a.id) != token
    assert resident_url(world.neighborhood_a) == f"http://127.0.0.1:5000/r/{token}"
    app.config["PUBLIC_BASE_URL"] = "https://wuye.example.cn/"
    assert resident_url(world.neighborhood_a) == f"https://wuye.example.cn/r/{token}"


def test_the_staff_page_shows_link_qr_and_poster(inspector, world):
    body = inspector.get(f"/neighborhoods/{world.neighborhood_a.id}/resident-link").get_data(as_text=True)
    assert board_url(world.neighborhood_a) in body and 'src="data:image/svg+xml' in body
    assert f"/neighborhoods/{world.neighborhood_a.id}/poster.pdf" in body and world.neighborhood_a.name in body
    assert inspector.get("/neighborhoods/999999/resident-link").status_code == 404


def test_the_poster_qr_decodes_to_the_neighbourhood_link(inspector, world, tmp_path):
    response = inspector.get(f"/neighborhoods/{world.neighborhood_a.id}/poster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    data = response.get_data()
    reader = PdfReader(BytesIO(data))
    text = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert len(reader.pages) == 1
    expected_text = ("百姓说事·随手拍", world.neighborhood_a.name, "微信或手机相机扫码", "提交后凭回执码查询办理进度",
                     "张家口经济技术开发区")
    for expected in expected_text:
        assert expected in text, expected
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "poster")], check=True)
    with Image.open(tmp_path / "poster.png") as page:
        codes = [r.text for r in zxingcpp.read_barcodes(page) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert codes == [board_url(world.neighborhood_a)]  # the board, which links to the form
    POSTER_PNG.parent.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(POSTER_PNG)], check=True)
