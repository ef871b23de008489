"""The site built by Zensical as by MkDocs + Material, from the same sources (issue 11, item 12): the
commands of `make site ENGINE=zensical` (registry site prepare, zensical build, registry site finish)
build the samples into the same pages, with the same links, sanitised after the engine. What a visitor
sees is tested on both engines' builds by the browser modules (test_browser, test_listings, test_search,
test_site_public, test_charts, test_accessibility: the `engine` fixture of conftest.py); the hostile
proposals' tests run on both in tests/test_site_attacks.py."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import cast
from urllib.parse import unquote, urlsplit

import pytest

from registry.errors import RegistryError
from registry.sitebuild import SearchPages
from tests.helpers.git import ENV
from tests.helpers.html import Elements
from tests.helpers.proposals import PROJECT
from tests.helpers.site import HOSTILE_ID, PUBLISHED, sample_site

_URL = re.compile(r'\b(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples built by Zensical: conftest's sample_site, shared by the test run."""
    return sample_site(tmp_path_factory, "zensical")


@pytest.fixture(scope="module")
def source(site: Path) -> Path:
    return site.parent


def pages(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.html")}


def broken_links(site: Path) -> dict[str, list[str]]:
    """Per page, the links and images inside the site that lead to no file of it."""
    broken: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        for url in map(html.unescape, _URL.findall(page.read_text(encoding="utf-8"))):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
                continue  # elsewhere, on this page, or from the server's root (404.html)
            target = (page.parent / unquote(parts.path)).resolve()
            if not (target / "index.html" if target.is_dir() else target).is_file():
                broken.setdefault(str(page.relative_to(site)), []).append(url)
    return broken


def test_the_commands_of_make_site_are_the_tests(source: Path) -> None:
    """The helper runs what the Makefile runs, in its order."""
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.partition("else ifeq ($(ENGINE),zensical)")[2].partition("else")[0]
    assert [line.split()[0].rpartition("/")[2] for line in recipe.strip().splitlines()] == [
        "registry", "rm", "zensical", "registry"
    ]  # fmt: skip
    assert "site prepare" in recipe and "--config-file build/mkdocs.yml" in recipe and "site finish" in recipe


def test_zensical_builds_the_same_pages_as_mkdocs(site: Path, built_site: Path) -> None:
    assert pages(site) == pages(built_site)
    for proposal in PUBLISHED:
        assert (site / "de-xuat" / proposal / "index.html").is_file(), proposal
    for name in ("du-lieu/proposals.json", "du-lieu/proposals.csv", "feed.xml", "robots.txt"):
        assert (site / name).read_bytes() == (built_site / name).read_bytes(), name
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "rules").exists() and not (site / "development").exists()  # developer docs stay out


def test_every_link_of_the_zensical_site_leads_to_one_of_its_pages(site: Path, built_site: Path) -> None:
    """Zensical reads each relative URL from the page's source file, raw HTML too (MkDocs copies raw
    HTML as written): the generated pages' URLs are written for it (sitebuild.from_source)."""
    hand_written = "gui-de-xuat/index.html"  # its link to the forge's issue form is relative to the repository
    assert {k: v for k, v in broken_links(site).items() if k != hand_written} == {}
    assert {k: v for k, v in broken_links(built_site).items() if k != hand_written} == {}
    page = (site / "de-xuat" / "2024-001" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../don-vi/so-noi-vu/"' in page


def test_the_engines_output_is_sanitised_after_it_ran(site: Path) -> None:
    page = (site / "de-xuat" / HOSTILE_ID / "index.html").read_text(encoding="utf-8")
    article = page.partition('<article class="md-content__inner md-typeset">')[2].partition("</article>")[0]
    parsed = Elements()
    parsed.feed(article)
    tags = {tag for tag, _ in parsed.elements}
    assert tags & {"script", "iframe", "style", "form", "object", "embed", "meta", "svg"} == set(), tags
    for tag, attributes in parsed.elements:
        assert not [name for name in attributes if name.startswith("on") or name == "autofocus"], (tag, attributes)
        assert not any(value.lower().startswith(("javascript:", "data:", "http")) for value in attributes.values())
    assert "Di chuột vào đây." in article  # the text stays
    assert "registry-content" not in page  # the markers are gone with the cleaning


def test_a_page_the_engine_left_without_its_markers_is_not_published(tmp_path: Path, source: Path) -> None:
    """finish cleans what lies between the markers prepare wrote; a page where the engine lost them
    (another engine, a theme that drops comments) stops the publication instead of going out as the
    engine made it."""
    root = tmp_path / "registry"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("site"))
    run = [sys.executable, "-m", "registry", "site"]
    assert subprocess.run([*run, "prepare"], cwd=root, env=ENV, capture_output=True, check=False).returncode == 0
    engine = [sys.executable, "-m", "zensical", "build", "--config-file", "build/mkdocs.yml"]
    assert subprocess.run(engine, cwd=root, env=ENV, capture_output=True, check=False).returncode == 0
    page = root / "build" / "site" / "de-xuat" / HOSTILE_ID / "index.html"
    page.write_text(re.sub(r"<!-- /?registry-content \w+ -->", "", page.read_text(encoding="utf-8")))
    finished = subprocess.run([*run, "finish"], cwd=root, env=ENV, capture_output=True, text=True, check=False)
    assert finished.returncode == 2 and "Traceback" not in finished.stderr
    assert f"de-xuat/{HOSTILE_ID}/index.html" in finished.stderr
    assert not (root / "site").exists()
    assert "<script>" not in page.read_text(encoding="utf-8")


def test_search_pages_that_cannot_be_written_are_named(tmp_path: Path, source: Path) -> None:
    """prepare writes the pages Pagefind indexes under build/search; where it cannot (here build/search
    is a file), it says which path and why, and stops, without a traceback. The hook's writer, on its
    thread, tells the same when MkDocs waits for it."""
    root = tmp_path / "registry"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("site", "build"))
    (root / "build").mkdir()
    (root / "build" / "search").write_text("", encoding="utf-8")
    run = [sys.executable, "-m", "registry", "site", "prepare"]
    prepared = subprocess.run(run, cwd=root, env=ENV, capture_output=True, text=True, check=False)
    assert prepared.returncode == 2 and "Traceback" not in prepared.stderr
    assert "build/search" in prepared.stderr and "không ghi được trang cho chỉ mục tìm kiếm" in prepared.stderr
    writing = SearchPages(root / "build" / "search", {"de-xuat/x/index.html": "<p>x</p>"})
    with pytest.raises(RegistryError, match="không ghi được trang cho chỉ mục tìm kiếm"):
        writing.wait()
    broken = SearchPages(tmp_path / "search", cast(dict[str, str], {"de-xuat/x/index.html": 5}))
    with pytest.raises(TypeError):  # whatever stops the writer's thread stops the build, not only OSError
        broken.wait()
