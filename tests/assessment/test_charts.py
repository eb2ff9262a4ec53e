"""The SVG charts: scalable, CSP-safe (no style attribute, no script), readable text, escaped labels."""

import re
from decimal import Decimal as D
from xml.etree import ElementTree

import pytest

from inspect_app.assessment import charts

NS = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ElementTree.Element:
    return ElementTree.fromstring(str(svg))


def texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text")]


@pytest.fixture(params=["line", "histogram"])
def svg(request):
    if request.param == "line":
        return charts.score_line([charts.Point("2026Q2", D("68.42"), "第13名"), charts.Point("2026Q3", D("93.98"))],
                                 "九州物业 历季综合得分")
    return charts.histogram([D("95.1"), D("93.98"), D("73.45"), D(100)], "分布", highlight=D("93.98"),
                            highlight_label="本公司")


def test_scalable_safe_and_readable(svg):
    root = parse(svg)
    assert root.get("viewBox").startswith("0 0 320 ") and root.get("width") is None
    assert "style=" not in str(svg) and "<script" not in str(svg)
    assert all(int(t.get("font-size")) >= 12 for t in root.iter(f"{NS}text"))
    assert root.find(f"{NS}title").text


def test_line_chart_labels_and_gap_for_unrated_periods():
    points = [charts.Point("2025Q4", D(80)), charts.Point("2026Q1", D(85)), charts.Point("2026Q2", None),
              charts.Point("2026Q3", D(90))]
    root = parse(charts.score_line(points, "t"))
    assert {"2025Q4", "80.00", "85.00", "未评级", "90.00"} <= set(texts(root))
    assert len(root.findall(f"{NS}polyline")) == 1  # 2026Q3 stands alone after the gap
    assert len(root.findall(f"{NS}circle")) == 3


def test_line_chart_with_one_point():
    root = parse(charts.score_line([charts.Point("2026Q3", D("77.5"))], "t"))
    assert root.find(f"{NS}polyline") is None and "77.50" in texts(root)


def test_histogram_counts_per_band_and_top_band_includes_100():
    root = parse(charts.histogram([D("71"), D("74.99"), D("86"), D("99"), D(100)], "t"))
    assert [t for t in texts(root) if re.fullmatch(r"\d", t or "")] == ["2", "1", "2"]


def test_highlighted_band_is_drawn_darker():
    root = parse(charts.histogram([D(80), D(90)], "t", highlight=D(90), highlight_label="本公司"))
    fills = [r.get("fill") for r in root.iter(f"{NS}rect")]
    assert fills == [charts.RED_LIGHT, charts.RED] and "本公司" in texts(root)


def test_labels_are_escaped():
    svg = str(charts.score_line([charts.Point("<b>x</b>", D(80))], "<script>"))
    assert "<b>" not in svg and "<script>" not in svg and "&lt;b&gt;" in svg


def test_empty_histogram():
    assert "—" in texts(parse(charts.histogram([], "t")))
