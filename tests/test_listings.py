"""The listings as a visitor reads them, on a synthetic registry of more than two pages: cards at phone
and desktop widths, pages of a fixed size with real links (with and without JavaScript), filters that
combine and show their counts, sorting by the day of decision, by title in Vietnamese order and by
unit; and the hostile proposal of the sample site shown as text by the script. On each engine's build."""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from registry.catalogue import text
from registry.config import load_registry
from registry.public import published_files
from registry.site import PAGE_SIZE, number, pager, status_slug
from registry.synthetic import generate
from tests.helpers.proposals import PROJECT
from tests.helpers.site import HOSTILE_ID, engine_build, per_engine, serve

COUNT = 2 * PAGE_SIZE + 17  # three pages of the whole listing, the last one short
ARTIFACTS = PROJECT / "test-artifacts"


def _listings(target: Path, engine: str) -> Path:
    """COUNT published synthetic proposals (outside git: the site is built without timelines)."""
    generate(load_registry(PROJECT), target, COUNT, body_bytes=400, published=True)
    for name in ("mkdocs.yml",):
        shutil.copy(PROJECT / name, target / name)
    for name in ("docs", "overrides"):
        shutil.copytree(PROJECT / name, target / name)
    (target / "scripts" / "registry").mkdir(parents=True)
    shutil.copy(PROJECT / "scripts" / "registry" / "mkdocs_hook.py", target / "scripts" / "registry")
    result = engine_build(target, engine)
    assert result.returncode == 0, result.stderr
    return target / "site"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    return per_engine(tmp_path_factory, "listings", engine, _listings)


@pytest.fixture(scope="module")
def records(big_site: Path) -> list[dict[str, Any]]:
    """The published proposals as the public view gives them, in the listings' order: the latest
    decision first, the latest id first on a day."""
    shown, left_out = published_files(load_registry(big_site.parent))
    assert len(shown) == COUNT and left_out == []
    data = [{"id": p.id, "title": p.title, "unit": p.unit, "field": p.field, "status": p.status, "year": p.year,
             "decided": p.approved_on or p.submitted} for p in shown]  # fmt: skip
    return sorted(data, key=lambda r: (r["decided"], r["id"]), reverse=True)


@pytest.fixture(scope="module")
def big_url(big_site: Path) -> Iterator[str]:
    yield from serve(big_site)


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    yield from serve(sample_site)


@pytest.fixture(autouse=True)
def close_pages(request: pytest.FixtureRequest) -> Iterator[None]:
    """The pages a test opened (open_page) closed after it: the browser serves the whole run."""
    browser: Browser | None = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    before = list(browser.contexts) if browser else []
    yield
    for context in browser.contexts if browser else []:
        if context not in before:
            context.close()


def open_page(browser: Browser, width: int, script: bool = True) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN", java_script_enabled=script)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: errors.append(request.url) if "127.0.0.1" not in request.url else None)
    page.set_default_timeout(10_000)
    page.errors = errors  # type: ignore[attr-defined]
    return page


def ready(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html.registry-listing-ready")


def shown_ids(page: Page) -> list[str]:
    links = page.locator("ul.registry-cards:visible h2 a").evaluate_all("links => links.map(a => a.href)")
    return [re.search(r"de-xuat/([^/]+)/$", link).group(1) for link in links]  # type: ignore[union-attr]


def status_text(page: Page) -> str:
    return page.locator(".registry-listing__status").inner_text()


def choose(page: Page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).select_option(value)


# --- without a browser: the static pages ----------------------------------------------------------------


def test_a_listing_is_cut_into_pages_of_a_fixed_size_in_the_order_of_decision(
    big_site: Path, records: list[dict[str, Any]]
) -> None:
    pages = [big_site / "de-xuat" / "index.html", big_site / "de-xuat" / "trang-2" / "index.html",
             big_site / "de-xuat" / "trang-3" / "index.html"]  # fmt: skip
    assert not (big_site / "de-xuat" / "trang-4").exists()
    shown: list[str] = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        ids = re.findall(r'<h2 class="registry-card__title"><a href="[./]*de-xuat/([^/]+)/">', html)
        assert len(ids) == min(PAGE_SIZE, COUNT - len(shown)), page
        shown += ids
    assert shown == [r["id"] for r in records]
    # Real links from one page to the others, and to the listings by field, unit, year and status.
    second = pages[1].read_text(encoding="utf-8")
    assert (
        '<a href="../../de-xuat/">Trang trước</a>' in second
        and '<a href="../../de-xuat/trang-3/">Trang sau</a>' in second
    )
    assert '<strong class="registry-pager__current" title="Trang 2">2</strong>' in second
    some = records[0]
    folders = {"field": "linh-vuc", "unit": "don-vi", "year": "nam", "status": "trang-thai"}
    addresses = {**{key: str(some[key]) for key in folders}, "status": status_slug(some["status"])}
    for key, folder in folders.items():
        assert f'href="../../{folder}/{addresses[key]}/"' in second
        listed = (big_site / folder / addresses[key] / "index.html").read_text(encoding="utf-8")
        assert f"de-xuat/{some['id']}/" in listed or (big_site / folder / addresses[key] / "trang-2").exists()


def test_the_filter_links_show_their_counts_in_vietnamese_numbers(
    big_site: Path, records: list[dict[str, Any]]
) -> None:
    html = (big_site / "de-xuat" / "index.html").read_text(encoding="utf-8")
    for unit, count in Counter(r["unit"] for r in records).items():
        assert re.search(rf'href="../don-vi/{unit}/">[^<]+</a>&nbsp;\({count}\)', html), unit
    assert f"{COUNT} đề xuất, sắp xếp theo ngày quyết định" in html
    assert [number(n) for n in (7, 1000, 10000, 1234567)] == ["7", "1.000", "10.000", "1.234.567"]


def test_the_page_links_keep_the_first_the_last_and_the_neighbours() -> None:
    assert pager(1, 1) == [1]
    assert pager(1, 200) == [1, 2, 3, None, 200]
    assert pager(100, 200) == [1, None, 98, 99, 100, 101, 102, None, 200]
    assert pager(4, 6) == [1, 2, 3, 4, 5, 6]


# --- in Chromium ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1366])
def test_cards_read_well_at_phone_and_desktop_widths(browser: Browser, big_url: str, engine: str, width: int) -> None:
    page = open_page(browser, width)
    ready(page, big_url + "/de-xuat/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing runs off the side"
    title = page.locator("ul.registry-cards h2").first.bounding_box()
    assert title is not None and title["width"] >= (300 if width == 390 else 600)
    # No word is broken across lines: each syllable of every title lies on one line.
    broken = page.evaluate("""() => {
        const broken = [];
        for (const heading of document.querySelectorAll('ul.registry-cards h2 a')) {
            const node = heading.firstChild, text = node.textContent;
            for (const match of text.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(match[0]);
            }
        }
        return broken;
    }""")
    assert broken == []
    size = page.evaluate("getComputedStyle(document.querySelector('.registry-card__facts')).fontSize")
    assert float(size.removesuffix("px")) >= 12
    (ARTIFACTS / engine).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / engine / f"listing-long-{width}.png"), full_page=False)
    assert page.errors == []  # type: ignore[attr-defined]


def test_filters_combine_and_count_what_each_choice_would_find(
    browser: Browser, big_url: str, records: list[dict[str, Any]]
) -> None:
    page = open_page(browser, 1366)
    ready(page, big_url + "/de-xuat/")
    assert status_text(page) == f"{COUNT} đề xuất. Trang 1/3."
    field, unit = Counter(r["field"] for r in records).most_common(1)[0][0], records[0]["unit"]
    choose(page, "Lĩnh vực", field)
    choose(page, text("site.group.unit"), unit)
    # The status option's counts are what it would find with the other filters.
    chosen = [r for r in records if r["field"] == field and r["unit"] == unit]
    by_status = Counter(r["status"] for r in chosen)
    status = by_status.most_common(1)[0][0]
    option = page.locator(f"#registry-listing-status option[value='{status}']").inner_text()
    assert option.endswith(f"({by_status[status]})"), option
    choose(page, "Năm", str(chosen[0]["year"]))
    choose(page, "Trạng thái", status)
    expected = [r["id"] for r in chosen if r["status"] == status and r["year"] == chosen[0]["year"]]
    assert shown_ids(page) == expected
    assert status_text(page) == f"{len(expected)} đề xuất. Trang 1/1."
    assert page.locator(".registry-listing__status").get_attribute("aria-live") == "polite"
    query = page.evaluate("location.search")
    assert f"linh-vuc={field}" in query and f"don-vi={unit}" in query and f"trang-thai={status}" in query
    # The address is shareable: opened again, it shows the same.
    ready(page, big_url + "/de-xuat/" + query)
    assert shown_ids(page) == expected
    page.get_by_role("button", name="Bỏ lọc").click()
    assert status_text(page) == f"{COUNT} đề xuất. Trang 1/3."
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_listing_by_field_starts_from_its_field(
    browser: Browser, big_url: str, records: list[dict[str, Any]]
) -> None:
    field = records[0]["field"]
    page = open_page(browser, 1366)
    ready(page, f"{big_url}/linh-vuc/{field}/")
    assert page.get_by_label("Lĩnh vực", exact=True).input_value() == field
    assert shown_ids(page) == [r["id"] for r in records if r["field"] == field][:PAGE_SIZE]


def test_the_script_pages_through_with_real_links(
    browser: Browser, big_url: str, records: list[dict[str, Any]]
) -> None:
    page = open_page(browser, 390)
    ready(page, big_url + "/de-xuat/")
    pager = page.get_by_role("navigation", name="Các trang của danh sách")
    assert pager.get_by_role("link", name="Trang sau").get_attribute("href") == "?sap-xep=ngay&trang=2"
    pager.get_by_role("link", name="Trang sau").click()
    assert shown_ids(page) == [r["id"] for r in records][PAGE_SIZE : 2 * PAGE_SIZE]
    assert pager.locator("[aria-current=page]").inner_text() == "2"
    assert status_text(page) == f"{COUNT} đề xuất. Trang 2/3."
    page.go_back()
    assert shown_ids(page) == [r["id"] for r in records][:PAGE_SIZE]


def test_without_javascript_the_static_pages_and_their_links_work(
    browser: Browser, big_url: str, records: list[dict[str, Any]]
) -> None:
    page = open_page(browser, 390, script=False)
    page.goto(big_url + "/de-xuat/")
    assert page.locator("form.registry-listing__form").count() == 0  # the header's search box stays
    page.get_by_role("link", name="Trang sau").click()
    page.get_by_role("link", name="3", exact=True).click()
    assert page.url.endswith("/de-xuat/trang-3/")
    assert shown_ids(page) == [r["id"] for r in records][2 * PAGE_SIZE :]
    page.get_by_text("Trạng thái", exact=True).click()
    status = records[0]["status"]
    page.locator(f"ul.registry-filters a[href$='trang-thai/{status_slug(status)}/']").click()
    assert shown_ids(page) == [r["id"] for r in records if r["status"] == status][:PAGE_SIZE]


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def vietnamese_key(title: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Vietnamese alphabetical order, independently of the browser: letters first (ă after a, đ after
    d…), tones second; other characters before letters."""
    letters, tones = [], []
    for char in title.lower():
        parts = unicodedata.normalize("NFD", char)
        tone = next((TONES.index(mark) + 1 for mark in parts if mark in TONES), 0)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in TONES))
        letters.append((VIETNAMESE.index(letter) + 1, 0) if letter in VIETNAMESE else (0, ord(letter)))
        tones.append(tone)
    return letters, tones


def test_sorting_by_title_follows_the_vietnamese_alphabet_and_by_unit_and_by_date(
    browser: Browser, big_url: str, records: list[dict[str, Any]]
) -> None:
    page = open_page(browser, 1366)
    ready(page, big_url + "/de-xuat/")
    choose(page, "Sắp xếp theo", "ten")
    titles = page.locator("ul.registry-cards h2 a").all_inner_texts()
    expected = sorted((r["title"] for r in records), key=vietnamese_key)[:PAGE_SIZE]
    assert titles == expected
    assert titles != sorted(r["title"] for r in records)[:PAGE_SIZE], "code-point order would differ"
    choose(page, "Sắp xếp theo", "ngay-cu")
    assert shown_ids(page) == [r["id"] for r in reversed(records)][:PAGE_SIZE]
    choose(page, "Sắp xếp theo", "don-vi")
    units = page.locator(".registry-card__unit").all_inner_texts()
    assert [vietnamese_key(unit) for unit in units] == sorted(vietnamese_key(unit) for unit in units)


def test_the_script_shows_a_hostile_title_as_text(browser: Browser, sample_url: str) -> None:
    page = open_page(browser, 1366)
    ready(page, sample_url + "/de-xuat/?sap-xep=ten&trang=1")
    assert page.evaluate("window.__pwned") is None
    card = page.locator(f"ul.registry-cards a[href$='de-xuat/{HOSTILE_ID}/']")
    assert "<script>window.__pwned = 1</script>" in card.inner_text()
    assert page.locator("ul.registry-cards script, ul.registry-cards img").count() == 0
    assert page.errors == []  # type: ignore[attr-defined]
