"""The statistics page's charts: sorted as the tables beside them, whole numbers on the axis, the same
bytes from build to build, and, on a phone (390 px), text at least 12 px high as shown; on each engine's
build."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Browser

from registry.site import Chart, _chart_svg, by_count, chart_ticks, vietnamese_key
from tests.helpers.site import serve

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = ["linh-vuc", "don-vi", "trang-thai", "nam"]


def test_the_axis_counts_in_whole_numbers() -> None:
    for largest in [*range(0, 120), 999, 1000, 1001, 12345]:
        ticks = chart_ticks(largest)
        step = ticks[1] - ticks[0]
        assert ticks[0] == 0 and ticks[-1] >= largest and 2 <= len(ticks) <= 6, largest
        assert all(b - a == step for a, b in itertools.pairwise(ticks)), largest
        assert re.fullmatch(r"[125]0*", str(step)), largest


def test_vietnamese_order() -> None:
    words = ["Ủy ban", "Uông Bí", "Đông Hải", "Dương Minh", "Ân Thi", "Ăn ở", "An Giang", "Bà Rịa", "ươm", "Út"]
    expected = ["An Giang", "Ăn ở", "Ân Thi", "Bà Rịa", "Dương Minh", "Đông Hải", "Uông Bí", "Út", "Ủy ban", "ươm"]
    assert sorted(words, key=vietnamese_key) == expected
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # no tone, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["mạ", "ma", "mã", "mà", "má", "mả"], key=vietnamese_key) == tones
    assert by_count([("Sở Y tế", 2), ("Sở Tư pháp", 5), ("Sở Nội vụ", 2), ("Ủy ban", 2)]) == [
        ("Sở Tư pháp", 5), ("Sở Nội vụ", 2), ("Sở Y tế", 2), ("Ủy ban", 2),
    ]  # fmt: skip


def drawn(svg: bytes) -> tuple[list[str], list[str], ElementTree.Element]:
    """The chart's names (the lines above each bar joined) and its axis' numbers."""
    root = ElementTree.fromstring(svg)
    names: list[str] = []
    ticks: list[str] = []
    pending: list[str] = []
    for element in root.iter(f"{SVG}text"):
        words = element.text or ""
        if element.get("text-anchor"):
            ticks.append(words)
        elif element.get("font-weight") == "bold":
            names.append(" ".join(pending))
            pending = []
        else:
            pending.append(words)
    return names, ticks, root


def test_a_long_name_is_written_whole_on_lines_that_fit() -> None:
    long = "Văn phòng Ủy ban nhân dân thành phố Cần Thơ và các đơn vị trực thuộc khác"
    chart = Chart("x", "Theo đơn vị", "Đơn vị", [(long, 1234), ("Ngắn", 7)], "")
    names, ticks, root = drawn(_chart_svg(chart))
    assert names == [long, "Ngắn"]
    assert ticks == ["0", "500", "1.000", "1.500"]  # Vietnamese thousands
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.get("height") == str(chart.height)


def tables(page: str) -> list[list[tuple[str, str]]]:
    """Each table of the statistics page: its rows' two cells, as text."""
    found = []
    for table in re.findall(r"<tbody>(.*?)</tbody>", page, re.S):
        rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>", table, re.S)
        found.append([(re.sub(r"<[^>]+>", "", a).strip(), b.strip()) for a, b in rows])
    return found


def test_each_chart_shows_its_table_in_the_same_order(sample_site: Path, engine: str) -> None:
    page = (sample_site / "thong-ke" / "index.html").read_text(encoding="utf-8")
    images = re.findall(r"<img ([^>]*)>", page.partition('class="md-content')[2])
    # Zensical rewrites a raw relative URL as if from the page's source file (docs/development.md):
    # thong-ke.md's pictures are written one folder up for it, and lead to the same files.
    folder = "../thong-ke/" if engine == "zensical" else ""
    sources = [re.search(r'src="([^"]+)\.svg"', image).group(1) for image in images]  # type: ignore[union-attr]
    assert sources == [folder + name for name in CHARTS]
    for name, image, rows in zip(CHARTS, images, tables(page), strict=True):
        svg = (sample_site / "thong-ke" / f"{name}.svg").read_bytes()
        names, ticks, root = drawn(svg)
        assert names == [html.unescape(cell) for cell, _ in rows], name
        counts = [int(count) for _, count in rows]
        bold = [e.text for e in root.iter(f"{SVG}text") if e.get("font-weight") == "bold"]
        assert bold == [str(count) for count in counts], name
        assert all(re.fullmatch(r"\d+(\.\d{3})*", tick) for tick in ticks) and int(ticks[-1]) >= max(counts), name
        if name in ("linh-vuc", "don-vi"):  # by count, then in Vietnamese order
            assert rows == sorted(rows, key=lambda r: (-int(r[1]), vietnamese_key(html.unescape(r[0])))), name
        if name == "nam":
            assert [cell for cell, _ in rows] == sorted(cell for cell, _ in rows)
        # The picture's size is set (no shift while it loads), its text alternative names the table.
        assert f'width="{root.get("width")}"' in image and f'height="{root.get("height")}"' in image, name
        assert "bảng ngay dưới đây" in image
        assert not [e for e in root.iter() if e.get("id") and not e.get("id", "").startswith("bieu-do-")]


@pytest.fixture(scope="module")
def site_url(sample_site: Path) -> Iterator[str]:
    yield from serve(sample_site)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_charts_text_is_at_least_12_px_as_shown(
    browser: Browser, site_url: str, sample_site: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(site_url + "/thong-ke/")
        shown = page.evaluate(
            "[...document.querySelectorAll('.md-content img')].map(i => [i.getAttribute('src'), "
            "i.getBoundingClientRect().width, i.getBoundingClientRect().right, document.documentElement.clientWidth])"
        )
    finally:
        page.close()
    assert len(shown) == len(CHARTS)
    for src, displayed, right, viewport in shown:
        root = ElementTree.fromstring((sample_site / "thong-ke" / src).read_bytes())
        drawn_width = float(root.get("viewBox", "").split()[2])
        smallest = min(float(e.get("font-size", "0")) for e in root.iter(f"{SVG}text"))
        assert smallest * displayed / drawn_width >= 12, (src, width, displayed)
        assert right <= viewport, "the chart fits the screen: no sideways scrolling"
