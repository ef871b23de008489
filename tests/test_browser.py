"""What a visitor sees, in Debian's headless Chromium: the showcase, a proposal's card and timeline,
search in Vietnamese with and without diacritics, a hostile proposal that runs nothing, and no request
leaving localhost; on each engine's build. Screenshots are saved to test-artifacts/<engine>/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Dialog, Page

from tests.helpers.proposals import PROJECT
from tests.helpers.site import HOSTILE_ID, serve

ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture(scope="module")
def site_url(sample_site: Path) -> Iterator[str]:
    yield from serve(sample_site)


@pytest.fixture
def dialogs() -> list[str]:
    """The messages of the dialogs that the page opened and that were dismissed."""
    return []


@pytest.fixture
def page(browser: Browser, dialogs: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    requested: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", lambda request: requested.append(request.url))
    page.on("dialog", dismiss)
    yield page
    outside = [url for url in requested if urlparse(url).hostname not in ("127.0.0.1", "localhost")]
    assert outside == [], "requests left localhost"
    context.close()


def screenshot(page: Page, engine: str, name: str) -> None:
    (ARTIFACTS / engine).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / engine / name), full_page=True)


def test_the_home_page_shows_the_showcase(page: Page, site_url: str, engine: str) -> None:
    page.goto(site_url + "/")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Đề xuất đổi mới, sáng tạo"
    assert page.get_by_role("heading", name="Đề xuất được đánh giá hoàn thành").is_visible()
    page.locator(".md-content a[href='de-xuat/2024-001/']").first.click()
    assert page.url == site_url + "/de-xuat/2024-001/"


def test_a_proposal_page_shows_its_card_and_timeline(page: Page, site_url: str) -> None:
    page.goto(site_url + "/de-xuat/2024-002/")
    assert "Thí điểm tổ công nghệ số cộng đồng" in page.locator("h1").first.inner_text()
    card = page.locator("table").first
    assert "Mã đề xuất" in card.inner_text() and "Cho thực hiện thí điểm" in card.inner_text()
    assert page.locator("progress.registry-progress").count() == 0  # evaluated as partly done: no bar
    assert page.get_by_role("heading", name="Quá trình xử lý").is_visible()
    assert page.get_by_role("heading", name="Cập nhật vào sổ").is_visible()
    assert "Đạt một phần" in page.inner_text("body") and "Miễn trách nhiệm" in page.inner_text("body")
    assert page.locator(".md-sidebar--secondary a.md-nav__link").count() >= 5  # the table of contents


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hành tím", "Nhắn tin cảnh báo độ mặn"),
        ("hanh tim", "Nhắn tin cảnh báo độ mặn"),
        ("số hóa hồ sơ", "Số hóa hồ sơ cán bộ"),
        ("so hoa ho so", "Số hóa hồ sơ cán bộ"),
    ],
)
def test_search_finds_vietnamese_with_or_without_diacritics(
    page: Page, site_url: str, query: str, expected: str
) -> None:
    page.goto(f"{site_url}/tim-kiem/?q={query}")
    page.wait_for_selector(".registry-search__link", timeout=15_000)
    deadline = time.monotonic() + 10
    while True:  # results arrive as the index fragments load: wait until the list settles
        titles = page.locator(".registry-search__link").all_inner_texts()
        if (titles and titles[0].startswith(expected)) or time.monotonic() > deadline:
            break
        page.wait_for_timeout(200)
    assert titles and titles[0].startswith(expected), titles


def test_the_hostile_proposal_runs_nothing(page: Page, site_url: str, engine: str, dialogs: list[str]) -> None:
    page.goto(f"{site_url}/de-xuat/{HOSTILE_ID}/")
    page.hover("text=Di chuột vào đây.")
    page.get_by_text("Bấm vào đây").click()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert "Thí điểm" in page.title()
    screenshot(page, engine, "hostile.png")
