"""Search, the head's meta and a site served below a project's folder, as a visitor sees them in
headless Chromium: the samples plus proposals that carry every Vietnamese letter and a hostile
summary, built by each engine with registry.yml's site_url, served at /repo/ as GitHub Pages serves
https://ORG.github.io/REPO/ (tests/helpers/site.py's below_folder, the site test_site_public reads too)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Browser, Page

from tests.helpers.site import (
    ATTACK_ID,
    FOLDER,
    LETTERS,
    LOWER_ID,
    SITE_URL,
    UPPER_ID,
    below_folder,
    per_engine,
    serve,
    word,
)


def fold(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The site below a project folder, shared with tests/test_site_public.py (helpers/site.py)."""
    return per_engine(tmp_path_factory, "below-folder", engine, below_folder)


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    yield from serve(site, below=FOLDER)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    yield page
    assert [url for url in failed if "khong-co-trang-nay" not in url] == [], failed
    context.close()


def find(page: Page, base: str, query: str) -> list[str]:
    """The result pages' ids for ``query``, best first, by the site's own search code."""
    if not page.url.startswith(base + "tim-kiem/"):
        page.goto(base + "tim-kiem/")
        page.wait_for_function("window.registrySearch !== undefined")
    urls: list[str] = page.evaluate("q => registrySearch.find(q).then(ps => ps.map(p => p.url))", query)
    return [url.rstrip("/").rsplit("/", 1)[-1] for url in urls]


def test_every_vietnamese_letter_is_found_with_and_without_diacritics(page: Page, base: str) -> None:
    """Each made-up syllable, as typed with its diacritics and without, in either case, finds the two
    pages that hold it (one in lower case, one in upper case) and nothing else."""
    queries = [q for letter in LETTERS for w in (word(letter), word(letter).upper()) for q in (w, fold(w))]
    find(page, base, "x")  # the search page, loaded
    found = page.evaluate(
        "qs => Promise.all(qs.map(q => registrySearch.find(q).then(ps => ps.map(p => p.url))))", queries
    )
    missed = [
        f"{query}: {urls}" for query, urls in zip(queries, found, strict=True)
        if sorted(url.rstrip("/").rsplit("/", 1)[-1] for url in urls) != [LOWER_ID, UPPER_ID]
    ]  # fmt: skip
    assert missed == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dat dai", "2024-002"), ("đất đai", "2024-002"), ("do man", "2025-004"), ("độ mặn", "2025-004"),
        ("dien tu", "2025-009"), ("điện tử", "2025-009"), ("DAT DAI", "2024-002"),
        ("số hóa", "2024-001"), ("so hoa", "2024-001"), ("2024-001", "2024-001"),
        ("Sở Y tế", "2025-001"), ("so y te", "2025-001"), ("Sở Nội vụ tỉnh Sóc Trăng", "2024-001"),
        # decomposed tone marks, as some keyboards type them
        (unicodedata.normalize("NFD", "số hóa"), "2024-001"),
    ],
)  # fmt: skip
def test_a_query_finds_its_proposal_first(page: Page, base: str, query: str, expected: str) -> None:
    assert find(page, base, query)[:1] == [expected]


def test_the_sample_notice_is_not_searched(page: Page, base: str) -> None:
    find(page, base, "x")  # the search page, loaded
    for query in ("hư cấu", "chỉ dùng để minh họa"):
        contents = page.evaluate("q => registrySearch.find(q).then(ps => ps.map(p => p.content))", query)
        assert not any("minh họa" in content or "hư cấu" in content for content in contents), contents


def test_the_search_page_labels_announces_and_shares_its_query(page: Page, base: str) -> None:
    page.goto(base + "tim-kiem/")
    field = page.get_by_label("Từ cần tìm")
    field.fill("so hoa")
    page.wait_for_url(re.compile(r"\?q=so(\+|%20)hoa$"))
    status = page.get_by_role("status").filter(has_text="Tìm thấy")  # Zensical's theme has one more: its dialog
    status.wait_for()
    assert status.get_attribute("aria-live") == "polite"
    first = page.locator(".registry-search__result").first
    assert first.locator("a").inner_text().startswith("Số hóa hồ sơ cán bộ")
    facts = first.locator(".registry-search__facts").inner_text()
    assert facts == "2024-001 · Đã đánh giá · Sở Nội vụ tỉnh Sóc Trăng · 2024"
    first.locator("a").click()
    page.wait_for_url(base + "de-xuat/2024-001/")
    # Shared: the address opens the same search.
    page.goto(base + "tim-kiem/?q=" + "độ mặn")
    page.locator(".registry-search__result").first.wait_for()
    assert page.get_by_label("Từ cần tìm").input_value() == "độ mặn"
    assert "Nhắn tin cảnh báo độ mặn" in page.locator(".registry-search__link").first.inner_text()


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data


def head(site: Path, path: str) -> _Head:
    parser = _Head()
    parser.feed((site / path).read_text(encoding="utf-8").partition("</head>")[0])
    return parser


def metas(parsed: _Head) -> dict[str, str | None]:
    return {(a.get("name") or a.get("property") or ""): a.get("content") for tag, a in parsed.tags if tag == "meta"}


def test_each_page_has_its_title_once_its_description_and_open_graph(site: Path) -> None:
    home = head(site, "index.html")
    assert home.title.strip() == "Đề xuất đổi mới, sáng tạo"
    one = head(site, "de-xuat/2024-001/index.html")
    title = "Số hóa hồ sơ cán bộ, công chức, viên chức và khai thác trên phần mềm dùng chung"
    assert one.title.strip() == f"{title} - Đề xuất đổi mới, sáng tạo"
    found = metas(one)
    description = found["description"] or ""
    assert description == found["og:description"] and description.startswith("Chuyển toàn bộ hồ sơ giấy")
    assert found["og:title"] == title and found["og:url"] == SITE_URL + "de-xuat/2024-001/"
    links = {a.get("rel"): a.get("href") for tag, a in one.tags if tag == "link"}
    assert links["canonical"] == SITE_URL + "de-xuat/2024-001/"
    assert links["alternate"] == "../../feed.xml"


def test_a_hostile_title_and_summary_stay_attribute_text(site: Path, page: Page, base: str) -> None:
    parsed = head(site, f"de-xuat/{ATTACK_ID}/index.html")
    normal = head(site, "de-xuat/2024-001/index.html")
    assert [tag for tag, _ in parsed.tags] == [tag for tag, _ in normal.tags]  # no element added
    for tag, attributes in parsed.tags:
        if tag == "meta":
            assert set(attributes) <= {"charset", "name", "property", "content"}, attributes
    description = metas(parsed)["description"] or ""
    assert "window.__pwned=11" in description and "<" not in description and '"' not in description
    page.goto(f"{base}de-xuat/{ATTACK_ID}/")
    page.goto(f"{base}tim-kiem/?q=thuộc tính")
    page.locator(".registry-search__result").first.wait_for()
    page.locator(".registry-search__result").first.hover()
    assert page.locator(".registry-search__results script, .registry-search__results b").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_the_site_works_below_a_project_folder(page: Page, base: str) -> None:
    page.goto(base)
    page.locator(".md-content a[href='de-xuat/2024-001/']").first.click()
    page.wait_for_url(base + "de-xuat/2024-001/")
    response = page.goto(base + "khong-co-trang-nay/")
    assert response is not None and response.status == 404
    assert page.evaluate("document.styleSheets.length") >= 2  # the theme's and the registry's, below /repo/
    home = page.locator("a.md-header__button.md-logo").get_attribute("href")
    assert home is not None and page.evaluate("h => new URL(h, location.href).pathname", home) == f"/{FOLDER}/"


def test_the_feed_sitemap_open_data_and_robots_are_absolute(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site / "feed.xml").getroot()
    ids = [element.text or "" for element in feed.iter(f"{atom}id")]
    assert len(ids) > 5 and all(i.startswith(SITE_URL) for i in ids), ids
    assert any(a.get("rel") == "self" and a.get("href") == SITE_URL + "feed.xml" for a in feed.iter(f"{atom}link"))
    locations = [
        e.text or "" for e in ElementTree.parse(site / "sitemap.xml").getroot().iter() if e.tag.endswith("loc")
    ]
    assert SITE_URL + "de-xuat/2024-001/" in locations and all(loc.startswith(SITE_URL) for loc in locations)
    rows = list(csv.DictReader(io.StringIO((site / "du-lieu" / "proposals.csv").read_text(encoding="utf-8-sig"))))
    assert {row["url"] for row in rows} >= {SITE_URL + "de-xuat/2024-001/"}
    assert all(row["url"] == f"{SITE_URL}de-xuat/{row['id']}/" for row in rows)
    assert (site / "robots.txt").read_text(
        encoding="utf-8"
    ) == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"
