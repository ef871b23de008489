"""Proposal text against the public site, attack by attack (issue 7, items 7 to 13): each proposal of
tests/helpers/attacks.py is published by a real `mkdocs build`, and by Zensical (`registry site prepare`,
`zensical build`, `registry site finish`: issue 11, item 12), and loaded in Debian's headless Chromium,
the site served below a folder (``/site/``) as GitHub Pages serves a project's site."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Dialog, Page

from registry.prerender import Prerendered
from registry.sanitize import inside_url
from registry.site import SECTIONS_LIMIT, safe_headings
from tests.helpers import attacks as attack
from tests.helpers.html import Elements
from tests.helpers.site import ENGINES, engine_build, per_engine, prepare, serve, validate
from tests.helpers.site import build as build_site

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


@pytest.fixture(scope="module", params=ENGINES)
def source(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The registry folder, with the site built into its folder site/ by each engine in turn; built once
    per test run, shared by the workers (the tests only read it)."""
    return per_engine(tmp_path_factory, "attacks", request.param, _attacks)


def _attacks(target: Path, engine: str) -> Path:
    started = time.monotonic()
    # The slow body predates the rule markdown-slow, which `registry validate` now reports (see below).
    build_site(target, attack.ATTACKS, timeout=240, checked=False, engine=engine)
    (target / "build-seconds").write_text(f"{time.monotonic() - started:.1f}")
    return target


@pytest.fixture(scope="module")
def site(source: Path) -> Path:
    return source / "site"


@pytest.fixture(scope="module")
def base_url(source: Path) -> Iterator[str]:
    for root in serve(source):
        yield f"{root}/site/"


class Visit:
    """A page loaded in Chromium, with every request it made and every dialog it opened."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dismiss)

    def _dismiss(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_harmless(self, base_url: str) -> None:
        self.page.wait_for_timeout(500)  # autofocus, image loads and the theme's scripts have run
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.dialogs == []
        outside = [url for url in self.requests if urlparse(url).hostname not in ("127.0.0.1", "localhost")]
        assert outside == [], "requests left localhost"
        above = [url for url in self.requests if not url.startswith(base_url)]
        assert above == [], "requests left the site's folder"


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN")
    yield Visit(context.new_page())
    context.close()


def proposal_page(site: Path, proposal: str) -> str:
    return (site / "de-xuat" / proposal / "index.html").read_text(encoding="utf-8")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend((tag, value or "") for name, value in attrs if name == "id")


def content_ids(page: str) -> list[tuple[str, str]]:
    """The ids of the elements in a page's content (the article), where proposal text lands."""
    article = page.partition('<article class="md-content__inner md-typeset">')[2].partition("</article>")[0]
    assert article, "the page has its article"
    # Zensical's theme opens the article with its own target of the "skip to content" link.
    article = article.strip().removeprefix('<a id="__skip" tabindex="-1"></a>')
    parsed = _Ids()
    parsed.feed(article)
    return parsed.ids


# 7. Stored XSS through the table of contents.


def test_attribute_lists_in_headings_are_not_honoured(site: Path) -> None:
    page = proposal_page(site, attack.TOC_ID)
    parsed = Elements()
    parsed.feed(page)
    for tag, attributes in parsed.elements:
        assert not [name for name in attributes if name.startswith("on") or name == "autofocus"], (tag, attributes)
        assert tag not in ("h1", "h2", "h3") or "md-header" not in attributes.get("class", ""), (tag, attributes)
        assert tag != "img" or "__pwned" not in str(attributes), attributes
    # The heading's own words are shown as written, and its id is the slug of its words.
    assert "Tóm tắt {: id='x\" autofocus onfocus=\"window.__pwned=71;alert(71)' }<a" in page.replace("&#39;", "'")
    assert 'id="muc-tom-tat-idx-autofocus-onfocuswindow__pwned71alert71"' in page
    for _, id in content_ids(page):
        assert id.startswith(("muc-", "de-xuat-")) or id in ("qua-trinh-xu-ly", "cap-nhat-vao-so"), id


def test_the_table_of_contents_runs_nothing(visit: Visit, base_url: str) -> None:
    visit.page.goto(f"{base_url}de-xuat/{attack.TOC_ID}/")
    visit.page.locator(".md-content h3").first.click()
    visit.assert_harmless(base_url)
    assert visit.page.locator(".md-sidebar--secondary a.md-nav__link").count() >= 5


# 8. Clobbering the theme's configuration.


def test_no_id_from_proposal_text_is_one_the_theme_uses(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        if '<article class="md-content__inner md-typeset">' in page:
            assert not [id for _, id in content_ids(page) if id.startswith("_")], path
    page = proposal_page(site, attack.CONFIG_ID)
    assert page.count('id="__config"') == 1  # the theme's own


def test_the_theme_keeps_its_own_configuration(visit: Visit, base_url: str) -> None:
    visit.page.goto(f"{base_url}de-xuat/{attack.CONFIG_ID}/")
    assert visit.page.evaluate("document.querySelector('#__config').tagName") == "SCRIPT"
    visit.assert_harmless(base_url)
    assert "evil.example" not in visit.page.content().partition("<article")[0]


# 9. URLs resolved as a browser resolves them.


def test_links_and_images_stay_inside_the_site(visit: Visit, base_url: str) -> None:
    visit.page.goto(f"{base_url}de-xuat/{attack.URLS_ID}/")
    visit.assert_harmless(base_url)
    urls = visit.page.evaluate(
        "[...document.querySelectorAll('article a[href], article img[src]')].map(e => e.href || e.src)"
    )
    assert urls, "the page has links"
    assert [url for url in urls if not url.startswith(base_url)] == []
    assert visit.page.locator("article a", has_text="trang khác").get_attribute("href") == "../2024-001/"


# Pieces of URLs that parsers disagree on: whitespace, slashes both ways, dots plain and encoded, schemes.
URL_PIECES = [
    "\t", "\n", "\r", " ", "/", "\\", ".", "..", "%2e", "%2E", "%2f", "%5c", "%09", "evil.example",
    "a", "#", "?", ":", "@", "javascript:", "http:", "data:", "//", "x.png", "%", "\x00", "\u3002", "\uff45",
]  # fmt: skip


@pytest.fixture(scope="module")
def blank(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@settings(max_examples=300, deadline=None)  # 4,000 agreed too, when the filter was written
@given(st.lists(st.sampled_from(URL_PIECES), max_size=10).map("".join), st.integers(0, 3))
def test_the_url_filter_agrees_with_chromium(blank: Page, value: str, depth: int) -> None:
    """Whatever the filter keeps, Chromium resolves inside the site, and to the same place as the URL
    the filter writes in its stead."""
    kept = inside_url(value, depth)
    if kept is None:
        return
    base = "https://registry.example/site/" + "f/" * depth
    resolve = "([v, b]) => { try { return new URL(v, b).href } catch (e) { return null } }"
    original, written = blank.evaluate(resolve, [value, base]), blank.evaluate(resolve, [kept, base])
    assert original is not None and original.startswith("https://registry.example/site/"), (value, original)
    assert written == original, (value, kept)


# 10. Forged placeholders.


def test_a_summary_cannot_pull_in_another_proposals_section(site: Path) -> None:
    page = proposal_page(site, attack.PLACEHOLDER_ID)
    assert attack.FORGED in page  # shown as the text it is
    assert page.count('<div class="registry-text">') == 5  # its own five sections, nothing else
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<div class="registry-text">' not in home, "the home page shows no proposal's body"
    for path in (site / "de-xuat").glob("*/index.html"):
        if path.parent.name != attack.PLACEHOLDER_ID:
            assert "RGSTRSECTION" not in path.read_text(encoding="utf-8"), path


# 14. A body's HTML around the page's own elements.


class _Headings(HTMLParser):
    """Each heading of a page's article, with the elements open around it there."""

    VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.headings: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2"):
            self.headings.append((dict(attrs).get("id") or "", list(self.open)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def test_a_body_cannot_wrap_the_pages_headings(site: Path) -> None:
    """Each section's HTML is cleaned alone (on the prerendering workers): what it leaves open is closed
    at its end, and what it closes that it did not open stays inside it, so every heading of the page
    stays where the page put it, outside any element of a section."""
    page = proposal_page(site, attack.ENCLOSING_ID)
    article = page.partition('<article class="md-content__inner md-typeset">')[2].partition("</article>")[0]
    parsed = _Headings()
    parsed.feed(article)
    sections = [id for id, _ in parsed.headings if id.startswith("muc-")]
    assert len(sections) == 5
    assert [(id, around) for id, around in parsed.headings if around] == []
    assert "Mở bảng" in article and "Mở khối" in article  # the text stays, as text


# 11. Spreadsheet formulas in the open data.


def test_open_data_cells_cannot_be_formulas(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "du-lieu" / "proposals.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == attack.FORMULA_ID)
    assert row["title"] == "'" + attack.FORMULA_TITLE
    assert row["summary"].startswith("'+1")
    assert row["authors"].startswith("'-Trần Văn Thử")
    for r in rows:
        for value in r.values():
            assert not value or value[0] not in "=+-@\t\r", value
    records = json.loads((site / "du-lieu" / "proposals.json").read_text(encoding="utf-8"))["proposals"]
    assert next(r for r in records if r["id"] == attack.FORMULA_ID)["title"] == attack.FORMULA_TITLE  # JSON as is


# 13. A body that takes Python-Markdown minutes.


def test_validate_reports_the_slow_body_and_nothing_else(source: Path) -> None:
    result = validate(source)
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if ": error[" in line or ": warning[" in line]
    assert len(problems) == 1 and f"{attack.SLOW_ID}-cham.md:" in problems[0] and "[markdown-slow]" in problems[0]


def test_a_slow_body_is_shown_as_text_and_the_build_completes(source: Path, site: Path) -> None:
    log = (source / "build.log").read_text(encoding="utf-8")
    assert f"proposals/so-tu-phap/{attack.SLOW_ID}-cham.md" in log
    page = proposal_page(site, attack.SLOW_ID)
    assert "[" * 1000 in page
    assert "Phần hai." in page and "registry-plain" in page


# 12. Files from outside the repository.


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("docs/mat-khau.txt", "/etc/passwd"),
        ("docs/assets/ngoai", "/etc"),
        ("proposals/so-tu-phap/2025-957-lien-ket.md", "{outside}/2025-957-lien-ket.md"),
        ("proposals/so-noi-vu", "../docs"),
    ],
)
def test_a_symlink_fails_the_build_and_names_itself(tmp_path: Path, link: str, target: str, engine: str) -> None:
    root, outside = tmp_path / "registry", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    # A valid proposal outside the repository, that a symlink would publish.
    (outside / "2025-957-lien-ket.md").write_text(attack.proposal("2025-957", ["Bí mật."] * 5), encoding="utf-8")
    prepare(root)
    path = root / link
    if path.is_dir():
        path.rename(root / "moved")
    path.symlink_to(target.format(outside=outside))
    result = engine_build(root, engine, timeout=120)
    assert result.returncode != 0
    assert link in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not any("root:x:0:0" in p.read_text(errors="replace") for p in root.glob("site/**/*") if p.is_file())
    assert not (root / "site" / "de-xuat" / "2025-957").exists()


SIZE_LIMIT = {
    "open": "[" * 1_000_000,
    "image": "![" * 500_000,
    "list": "- a\n" * 250_000,
    "headings": "## a\n" * 200_000,
    "long-heading": "## " + "[" * 1_000_000,
}


@pytest.mark.parametrize("text", SIZE_LIMIT.values(), ids=SIZE_LIMIT.keys())
def test_a_body_at_the_size_limit_is_made_small_for_the_engine(text: str) -> None:
    """Each at 1 MiB, through the steps a build takes (site.safe_headings, then prerender): the open
    brackets would take Python-Markdown hours, the list (linear but slow) about the budget; the
    headings would take the engine minutes, the long one in the square of its length. How long each
    takes is measured by `make bench` (docs/benchmarks.md), not here."""
    body = f"## {attack.SECTIONS[0]}\n\n{text}\n"
    assert len(body.encode()) <= 1 << 20
    prerendered = Prerendered(EXTENSIONS, {})
    page = prerendered(["proposals/x.md"], [safe_headings(body)])[0]
    assert page.startswith(f"## {attack.SECTIONS[0]} {{: #muc-")
    assert page.count("\n#") <= SECTIONS_LIMIT + 1 and len(page) < 10_000  # what the engine gets is small


def test_heading_ids_come_from_the_words_and_are_unique() -> None:
    body = "## Tóm tắt ##\n\n## Tóm tắt\n\n# Tóm tắt 2\n\n## {: #__config }\n\n## ###\n\n```\n## trong mã\n```\n"
    assert safe_headings(body).splitlines() == [
        "## Tóm tắt {: #muc-tom-tat }",
        "",
        "## Tóm tắt {: #muc-tom-tat-2 }",
        "",
        "# Tóm tắt 2 {: #muc-tom-tat-2-2 }",
        "",
        "## \\{: \\#\\_\\_config \\} {: #muc-__config }",
        "",
        "##  {: #muc }",
        "",
        "```",
        "## trong mã",
        "```",
    ]
