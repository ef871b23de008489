"""Accessibility as axe-core judges it (the npm package, pinned in package-lock.json and installed by
`make setup`), run inside Debian's headless Chromium on each kind of public page, at a desktop and at a
phone width, against WCAG 2.1 A and AA and axe's best practices. A page that breaks a rule fails with
the rule, its impact, the elements and the help, so the fix can start from the test's output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.helpers.proposals import PROJECT
from tests.helpers.site import serve

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}

MISSING = "/khong-co-trang-nay/"

# (path, what to wait for before the check): one page of each kind a visitor meets.
PAGES = {
    "home": ("/", "h1"),
    "all proposals": ("/de-xuat/", "h1"),
    "completed": ("/de-xuat/hoan-thanh/", "h1"),
    "in progress": ("/de-xuat/dang-trien-khai/", "h1"),
    "by status": ("/trang-thai/dang-trien-khai/", "h1"),
    "by field": ("/linh-vuc/kinh-te-xa-hoi/", "h1"),
    "by unit": ("/don-vi/so-noi-vu/", "h1"),
    "by year": ("/nam/2025/", "h1"),
    "proposal": ("/de-xuat/2025-011/", "progress.registry-progress"),  # timeline, progress bar, vote
    "statistics": ("/thong-ke/", "h1"),
    "implementation": ("/tinh-hinh-thuc-hien/", "h1"),
    "open data": ("/du-lieu-mo/", "h1"),
    "search": ("/tim-kiem/?q=so%20hoa", ".registry-search__link"),
    "not found": (MISSING, "h1"),
}


# The pages whose pictures are saved at both widths, per engine, to test-artifacts/<engine>/.
SCREENSHOTS = {"home": "home", "all proposals": "listing", "proposal": "proposal", "statistics": "statistics"}
ARTIFACTS = PROJECT / "test-artifacts"


@pytest.fixture(scope="module")
def site_url(sample_site: Path) -> Iterator[str]:
    yield from serve(sample_site)


def violations(page: Page) -> list[dict[str, Any]]:
    """What axe-core finds wrong with the page as it stands."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        assert AXE.is_file(), f"axe-core is not installed at {AXE}: run `make setup` (npm ci)"
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    found: list[dict[str, Any]] = result["violations"]
    return found


def report(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


# Two frames after the resize, and no transition or animation running (the theme's are 250 ms).
SETTLED = """() => {
    window.__frames = (window.__frames || 0) + 1;
    if (window.__frames < 3) return false;
    const running = document.getAnimations().some(a => a.playState === "running");
    if (!running) window.__frames = 0;
    return !running;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(browser: Browser, site_url: str, engine: str, name: str) -> None:
    """Each page at desktop width, then resized to a phone's: the theme's layout follows media queries,
    so one load serves both widths (a load per width doubled the time of the suite's slowest module).
    The pages of SCREENSHOTS are saved as pictures at each width, for a person to look at."""
    path, ready = PAGES[name]
    found: dict[str, list[dict[str, Any]]] = {}
    columns, rows = WIDTHS["desktop"]
    context = browser.new_context(viewport={"width": columns, "height": rows}, locale="vi-VN")
    try:
        page = context.new_page()
        response = page.goto(site_url + path)
        assert response is not None and response.status == (404 if path == MISSING else 200)
        page.wait_for_selector(ready, timeout=15_000)
        for width, (columns, rows) in WIDTHS.items():
            page.set_viewport_size({"width": columns, "height": rows})
            page.wait_for_function("width => window.innerWidth === width", arg=columns)
            # The theme's resize handlers have run (two frames later) and its transitions ended.
            page.wait_for_function(SETTLED, polling="raf")
            found[width] = violations(page)
            if name in SCREENSHOTS:
                (ARTIFACTS / engine).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / engine / f"{SCREENSHOTS[name]}-{columns}.png"), full_page=True)
    finally:
        context.close()
    failed = {width: report(items) for width, items in found.items() if items}
    assert failed == {}, "\n".join(f"axe-core on {path} at {WIDTHS[w][0]}px:\n{text}" for w, text in failed.items())


def test_axe_reports_a_violation(browser: Browser, site_url: str) -> None:
    """The check can fail: a field without a label and grey text on white are reported."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "/")
        page.evaluate(
            """() => {
                const main = document.querySelector('main') || document.body;
                main.insertAdjacentHTML('beforeend',
                    '<input type="text" id="unlabelled"><p style="color:#bbb;background:#fff">nhạt</p>');
            }"""
        )
        found = {violation["id"] for violation in violations(page)}
    finally:
        context.close()
    assert {"label", "color-contrast"} <= found, found


def test_a_table_wider_than_the_screen_takes_the_keyboard(browser: Browser, site_url: str) -> None:
    """On a 300 px screen the implementation table still scrolls: its wrapper is reached by Tab."""
    context = browser.new_context(viewport={"width": 300, "height": 700}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(site_url + "/tinh-hinh-thuc-hien/")
        page.wait_for_load_state("load")
        wraps = page.evaluate(
            """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
                .map(wrap => [wrap.scrollWidth > wrap.clientWidth, wrap.getAttribute('tabindex')])"""
        )
        found = violations(page)
    finally:
        context.close()
    assert [True, "0"] in wraps, wraps  # one scrolls, and takes the focus
    assert all(tabindex == "0" for scrolls, tabindex in wraps if scrolls), wraps
    assert found == [], report(found)
