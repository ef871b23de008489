"""The public site as a visitor reads it, all of it in Vietnamese: the header's search box on every page
(served below a project's folder), the footer with the authority's address and contacts, the 404 page,
heading anchors that keep "đ" as "d", statuses and keywords by their Vietnamese names, the day each page
last changed (from git), a progress bar that says what it measures and as of when, and units named as
they were when they decided, with their names today. Built by each engine from a git repository whose
last commit is dated apart from the first (tests/helpers/site.py's below_folder, the site test_search
reads too); read as HTML and in headless Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page

from registry.catalogue import text
from registry.config import load_registry
from registry.errors import RegistryError
from registry.lifecycle import Status
from registry.site import number, slugify, status_slug
from tests.helpers.proposals import PROJECT
from tests.helpers.site import EMAIL, EXTRA, FOLDER, LATER_SHOWN, PHONE, PUBLISHED, below_folder, per_engine, serve

ENGLISH = ("Made with", "Material for MkDocs", "Permanent link", "Not found", "Previous", "Next")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The site below a project folder, shared with tests/test_search.py (helpers/site.py)."""
    return per_engine(tmp_path_factory, "below-folder", engine, below_folder)


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def visible(markup: str) -> str:
    """The page's words: no tags, no scripts or styles, entities as they are."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def today() -> str:
    return date.today().strftime("%d/%m/%Y")


def updated(markup: str) -> str | None:
    found = re.search(r'class="registry-updated">[^<]*<time>([^<]*)</time>', markup)
    return unescape(found.group(1)) if found else None  # Zensical's templates write "/" as &#x2f;


# --- Heading anchors, statuses, keywords, numbers ----------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Tiến độ thực hiện", "tien-do-thuc-hien"),
        ("ĐỀ XUẤT ĐỔI MỚI", "de-xuat-doi-moi"),
        ("Đơn vị đã bàn giao", "don-vi-da-ban-giao"),
    ],
)
def test_a_heading_slug_keeps_d_for_the_letter_d_with_stroke(heading: str, slug: str) -> None:
    assert slugify(heading, "-") == slug


def test_heading_anchors_keep_d_on_hand_written_and_generated_pages(site: Path) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', html(site, "gui-de-xuat")))
    assert "gui-de-xuat-doi-moi-sang-tao" in ids, ids
    assert "chuyen-len-cap-tren-ban-giao-cho-don-vi-ke-thua" in set(
        re.findall(r'\bid="([^"]+)"', html(site, "xem-xet-quyet-dinh"))
    )
    generated = set(re.findall(r'\bid="([^"]+)"', html(site, "de-xuat/2024-001")))
    assert "muc-su-can-thiet-can-cu-va-co-so-ly-luan-thuc-tien-du-bao-pham-vi-tac-dong-tinh-kha-thi" in generated
    assert not [i for i in ids | generated if re.search(r"(^|-)(e|on|at)-", i) and "de-" not in i]


def test_status_pages_have_vietnamese_addresses(site: Path) -> None:
    folders = {path.name for path in (site / "trang-thai").iterdir()}
    assert folders == {"duoc-chap-thuan", "dang-trien-khai", "tam-dung", "da-bao-cao-ket-qua", "da-danh-gia"}
    assert status_slug(Status.APPROVED) == "duoc-chap-thuan"
    codes = "|".join(Status)
    for page in ("", "de-xuat", "trang-thai/da-danh-gia"):
        assert not re.search(rf'href="[^"]*trang-thai/({codes})/', html(site, page)), page


def test_the_process_diagram_names_statuses_in_vietnamese(site: Path) -> None:
    diagram = re.search(r"<pre>.*?</pre>", html(site, "quy-trinh"), re.S)
    assert diagram is not None
    assert "Được chấp thuận" in diagram.group(0) and "Đang triển khai" in diagram.group(0)
    assert not re.search(r"\b(draft|submitted|approved|implementing|suspended|reported|evaluated)\b", diagram.group(0))


def test_keywords_are_shown_by_their_names_as_links_to_search(site: Path) -> None:
    page = html(site, "de-xuat/2025-012")
    links = {name: href for href, name in re.findall(r'<a href="(\.\./\.\./tim-kiem/\?q=[^"]+)">([^<]+)</a>', page)}
    assert set(links) == {"Môi trường", "Đô thị"}
    assert parse_qs(urlparse(links["Đô thị"]).query)["q"] == ["Đô thị"]
    assert "moi-truong" not in visible(page) and "do-thi" not in visible(page)


def test_numbers_are_written_the_vietnamese_way(site: Path) -> None:
    assert [number(n) for n in (7, 1000, 10000, 1234567)] == ["7", "1.000", "10.000", "1.234.567"]
    published = len(PUBLISHED) + len(EXTRA)  # the samples, the hostile proposal and below_folder's three
    assert re.search(rf"<td[^>]*>{published}</td>", html(site, "")), "the home page counts the published proposals"


# --- No English on a public page ----------------------------------------------------------------------


def test_no_page_carries_the_themes_english(site: Path) -> None:
    pages = [path for path in site.rglob("*.html") if "pagefind" not in path.parts and "assets" not in path.parts]
    assert len(pages) > 40
    for path in pages:
        markup = path.read_text(encoding="utf-8")
        words = visible(markup)
        found = [word for word in ENGLISH if word in words or f'title="{word}' in markup]
        assert not found, (path.relative_to(site), found)
    assert 'title="Liên kết đến mục này"' in html(site, "quy-trinh")


def test_the_footer_names_the_authority_its_address_and_contacts(site: Path) -> None:
    registry = load_registry(PROJECT)
    for page in ("", "de-xuat/2024-001", "quy-trinh"):
        footer = re.search(r'<footer class="md-footer registry-footer">.*?</footer>', html(site, page), re.S)
        assert footer is not None, page
        words = visible(footer.group(0))
        assert registry.authority in words and registry.contact["address"] in words
        assert f'href="mailto:{EMAIL}"' in footer.group(0) and PHONE in words
        assert 'href="https://cantho.gov.vn"' in unescape(footer.group(0))  # Zensical writes "/" as &#x2f;


def test_the_404_page_is_vietnamese(site: Path) -> None:
    page = (site / "404.html").read_text(encoding="utf-8")
    assert f"<h1>{text('site.not_found.title')}</h1>" in page
    assert "404 - Not found" not in page


# --- The day each page last changed -------------------------------------------------------------------


def test_each_page_says_when_it_last_changed_from_git(site: Path) -> None:
    later = LATER_SHOWN
    assert updated(html(site, "de-xuat/2024-001")) == later  # its file's last commit
    assert updated(html(site, "de-xuat/2024-003")) == today()  # untouched since the first commit
    assert updated(html(site, "gui-de-xuat")) == later  # a hand-written page, its last commit
    assert updated(html(site, "quy-trinh")) == today()
    assert updated(html(site, "")) == later  # a page made of the proposals: the latest of them
    assert updated(html(site, "de-xuat")) == later


# --- Progress -----------------------------------------------------------------------------------------


def progress(site: Path, proposal: str) -> tuple[str, str] | None:
    found = re.search(
        r'<progress class="registry-progress" value="(\d+)"[^>]*>.*?</progress>\s*'
        r'<span class="registry-progress__text">([^<]*)</span>',
        html(site, f"de-xuat/{proposal}"),
        re.S,
    )
    return (found.group(1), found.group(2)) if found else None


def test_the_progress_bar_says_what_it_measures_and_when(site: Path) -> None:
    # implementing: the latest report, its percent and date
    assert progress(site, "2025-001") == ("65", "65% khối lượng công việc, theo báo cáo tiến độ ngày 30/09/2025")
    # reported (the last report said less): done, full, with the day the work completed
    assert progress(site, "2025-004") == ("100", "Đã hoàn thành việc thực hiện ngày 30/06/2025")
    # evaluated as completed: full
    assert progress(site, "2024-001") == ("100", "Đã hoàn thành việc thực hiện ngày 30/09/2024")
    # evaluated as partly done: no bar beside the evaluation (its last report said 65%)
    assert progress(site, "2024-002") is None
    # suspended: says so, with the latest report's percent and date
    assert progress(site, "2025-009") == (
        "25",
        "Đang tạm dừng thực hiện từ ngày 15/07/2025; 25% khối lượng công việc theo báo cáo tiến độ ngày 16/06/2025",
    )
    # approved, nothing reported yet: no bar
    assert progress(site, "2025-002") is None


# --- Units as they were, and as they are --------------------------------------------------------------


def decided_by(site: Path, proposal: str) -> str:
    found = re.search(r"Đơn vị quyết định</td>\s*<td>(.*?)</td>", html(site, f"de-xuat/{proposal}"), re.S)
    assert found is not None
    return visible(found.group(1))


def test_the_deciding_unit_is_the_one_that_decided_named_as_then_and_now(site: Path) -> None:
    # Handed over after the decision: the card names the unit that decided, not the one holding it now.
    assert decided_by(site, "2025-012") == (
        "Ủy ban nhân dân thị xã Vĩnh Châu; đề xuất nay do Ủy ban nhân dân phường Vĩnh Châu theo dõi"
    )
    # Renamed when the provinces merged.
    assert decided_by(site, "2024-001") == "Sở Nội vụ tỉnh Sóc Trăng, nay là Sở Nội vụ thành phố Cần Thơ"
    # The home page's cards say the same.
    assert "Sở Nội vụ tỉnh Sóc Trăng, nay là Sở Nội vụ thành phố Cần Thơ" in visible(html(site, ""))


def test_filters_and_statistics_say_which_unit_they_count(site: Path) -> None:
    which = text("site.group.unit")
    assert "hiện nay" in which
    assert which in visible(html(site, "thong-ke")) and which in visible(html(site, "de-xuat"))


# --- registry.yml's site_url -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["ftp://to-chuc.github.io/repo/", "https://to-chuc.github.io/repo/?a=1", "https://to-chuc.github.io/#x",
     '"to-chuc.github.io/repo/"', '"https://to chuc.github.io/"', "42"],
)  # fmt: skip
def test_a_bad_site_url_is_refused_in_vietnamese_with_its_line(tmp_path: Path, value: str) -> None:
    shutil.copytree(PROJECT / "schema", tmp_path / "schema")
    source = (PROJECT / "registry.yml").read_text(encoding="utf-8")
    (tmp_path / "registry.yml").write_text(source + f"\nsite_url: {value}\n", encoding="utf-8")
    line = source.count("\n") + 2
    with pytest.raises(RegistryError) as raised:
        load_registry(tmp_path)
    message = str(raised.value)
    assert f"registry.yml:{line}:1:" in message
    assert "site_url phải là địa chỉ bắt đầu bằng https://" in message and "registry.yml có lỗi" in message


# --- In the browser, below a project's folder ---------------------------------------------------------


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    yield from serve(site, below=FOLDER)


@pytest.fixture(params=[(1366, 900), (390, 844)], ids=["desktop", "phone"])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_the_header_search_box_goes_to_the_search_page_with_the_query(page: Page, base: str) -> None:
    page.goto(base + "de-xuat/2025-012/")
    field = page.get_by_role("searchbox", name=text("site.search.label"))
    assert field.is_visible()
    field.fill("số hóa")
    field.press("Enter")
    page.wait_for_url("**/tim-kiem/**")
    address = urlparse(page.url)
    assert address.path == f"/{FOLDER}/tim-kiem/" and parse_qs(address.query)["q"] == ["số hóa"]
    page.wait_for_selector(".registry-search__link", timeout=15_000)
    status = page.locator(".registry-search__status")
    page.wait_for_function("document.querySelector('.registry-search__status').textContent.length > 0")
    assert status.inner_text().startswith("Tìm thấy ") and "“số hóa”" in status.inner_text()
    assert page.locator("#registry-search-q").input_value() == "số hóa"
    assert page.locator("label[for=registry-search-q]").inner_text() == text("site.search.field")


def test_a_visitor_reads_the_footer_progress_and_units_in_vietnamese(page: Page, base: str) -> None:
    page.goto(base + "de-xuat/2025-009/")
    body = page.inner_text("body")
    assert not [word for word in ENGLISH if word in body]
    footer = page.locator("footer.registry-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible() and "Số 02 Hòa Bình" in footer.inner_text()
    bar = page.locator("progress.registry-progress")
    assert bar.is_visible() and "tạm dừng" in (bar.get_attribute("title") or "")
    assert page.locator(".registry-progress__text").is_visible()
    assert page.locator("a.headerlink").first.get_attribute("title") == "Liên kết đến mục này"
    page.goto(base + "de-xuat/2025-012/")
    assert "nay do Ủy ban nhân dân phường Vĩnh Châu theo dõi" in page.inner_text("body")
    page.goto(base + "404.html")
    assert page.locator("h1").first.inner_text() == text("site.not_found.title")
