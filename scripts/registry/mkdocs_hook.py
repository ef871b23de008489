"""The MkDocs glue, kept thin: generated pages in, sanitized HTML out, the search index after the build.

Named in mkdocs.yml under ``hooks:``. Everything it adds is made by site.py from the public view; it
only hands the files to MkDocs, cleans each generated page's HTML, and runs Pagefind over the built
site so that search loads only the index fragments a query needs.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from registry.catalogue import text
from registry.config import Registry, load_registry
from registry.errors import RegistryError
from registry.gitrepo import NotARepository, Repository
from registry.history import read_history
from registry.prerender import Prerendered
from registry.provenance import Keyring, prover
from registry.public import PublicProposal, published_and_tallied
from registry.sanitize import clean_html
from registry.site import (
    PROPOSALS,
    STATUS_PAGE,
    build_site,
    search_page,
    status_counts,
    status_page,
    status_tally,
    theme_values,
)

log = logging.getLogger("mkdocs.registry")
# A body too slow to render is a warning that must not fail `mkdocs build --strict` (the body is frozen
# once approved, so a failing build would stop every publication): its logger is not MkDocs' own.
_render_log = logging.getLogger("registry.render")
if not _render_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    _render_log.addHandler(_handler)
    _render_log.propagate = False
_generated: set[str] = set()
_prerendered: Prerendered | None = None
_shadow: Path | None = None  # the small copies of the proposals' pages that search indexes
_search: subprocess.Popen[str] | None = None  # Pagefind indexing them while the pages are written
# The HTML blocks of the generated pages (the listings' tables, the tables and lists of a proposal's
# page), each from a line that opens it to the line that closes it. Proposal text cannot start a line
# with a tag: site.py escapes it, and the bodies are placeholders by then.
HTML_BLOCK = re.compile(r"^<(table|ul)[ >].*?^</\1>$", re.M | re.S)
SITE_URL_VARIABLE = "REGISTRY_SITE_URL"
# The day the page "Tình hình thực hiện" counts to: the build day, unless this names one (YYYY-MM-DD).
AS_OF_VARIABLE = "REGISTRY_AS_OF"


def on_config(config: Any) -> Any:
    """Refuse to build from anything that is not the repository's own files.

    MkDocs follows symbolic links: a link under docs/ to /etc/passwd would be copied into the site,
    and a linked folder would publish whatever it points to. A link is refused wherever it is, in
    docs/ (the administrators' pages: a link there is a mistake to fix, not something to skip) as
    under proposals/, and so is a docs or proposals folder that resolves outside the repository.
    """
    root = Path(config.config_file_path).resolve().parent
    try:
        registry = load_registry(root)
    except RegistryError as error:
        raise PluginError(str(error)) from None
    proposals = registry.proposals_dir
    config.extra["registry"] = theme_values(registry, root, Path(config.docs_dir))  # for overrides/
    # The site's address: registry.yml's, or the one the publishing workflow passes (GitHub Pages'),
    # unless mkdocs.yml sets one. It makes the sitemap, canonical links, the feed's ids and the open
    # data's URLs absolute, and the 404 page's links right below a project's folder.
    site_url = config.site_url or registry.site_url or os.environ.get(SITE_URL_VARIABLE, "").strip()
    if site_url:
        config.site_url = site_url if site_url.endswith("/") else site_url + "/"
    for top in (Path(config.docs_dir), proposals):
        found = _foreign(root, top)
        if found is not None:
            where = found.relative_to(root) if found.is_relative_to(root) else found
            raise PluginError(
                f"{where}: a symbolic link, or a folder outside the repository; the site is built only from "
                f"the repository's own files\n    {text('ui.hint')}: {text('site.build.foreign')}"
            )
    return config


def _foreign(root: Path, top: Path) -> Path | None:
    """The first symbolic link under ``top`` (links are not followed), or ``top`` itself if it lies
    outside ``root``; None when every file is the repository's own."""
    if top.is_symlink() or not top.resolve().is_relative_to(root):
        return top
    if not top.exists():
        return None  # a new registry's checkout: git keeps no empty proposals/ folder
    pending = [top]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return Path(entry.path)
                if entry.is_dir():
                    pending.append(Path(entry.path))
    return None


def on_files(files: Files, config: Any) -> Files:
    root = Path(config.config_file_path).resolve().parent
    try:
        registry = load_registry(root)
    except RegistryError as error:
        raise PluginError(str(error)) from None
    try:
        repository = Repository(root)
        with Keyring(registry.pull_request_signers) as keyring:  # pull requests proven by signature only
            history = read_history(repository, prove=prover(repository, keyring))
    except NotARepository as error:  # a site built from an archive of the registry: it has no history
        log.info("%s: the proposals' timelines are left out", error)
        history = {}
    except RegistryError as error:  # git missing, a damaged repository, a key that cannot be read
        # A warning, so that `mkdocs build --strict` (the publication) stops rather than publish the
        # site without its timelines; `--no-strict` builds it without them (docs/development.md).
        log.warning("the proposals' timelines cannot be read and are left out: %s", error)
        history = {}
    global _prerendered
    # The bodies are cleaned on the workers for the depth of the proposals' pages (de-xuat/ID/index.html).
    page = File(f"{PROPOSALS}/page.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    depth = page.dest_uri.count("/")
    _prerendered = Prerendered(list(config.markdown_extensions), dict(config.mdx_configs), depth)
    as_of = _as_of()
    public, left_out, tallies = published_and_tallied(registry, history, status_tally(registry, as_of))
    status = status_counts(registry, as_of, tallies)  # numbers only: no unpublished proposal's title or id
    for path in left_out:
        # Not MkDocs' own logger: the site builds without it (`mkdocs serve` while an author
        # edits); `registry validate`, which the publishing workflow runs first, fails on it.
        hint = f"{text('ui.hint')}: {text('site.build.left_out')}"
        _render_log.warning("%s has errors and is left out\n    %s", path, hint)
    generated = build_site(registry, public, str(config.site_url or ""), _prerendered, pull_requests(config))
    generated[STATUS_PAGE] = status_page(status)
    # Search indexes a small page per proposal, written now (see site.search_page); Pagefind starts
    # once every page is HTML (on_env). Parsing ten thousand built pages took it a gigabyte of memory.
    _write_search_pages(registry, public, config)
    del public  # the pages hold what is needed now
    for path, content in generated.items():
        if isinstance(content, str):
            generated[path] = _prerendered.set_aside(content, HTML_BLOCK)
    _generated.clear()
    _generated.update(generated)
    # One pass: Files rebuilds its index after every change, so looking up one file per addition
    # would cost the square of the number of pages.
    kept = [file for file in files if file.src_uri not in generated]
    added = [File.generated(config, path, content=content) for path, content in generated.items()]
    return Files(kept + added)


def _as_of() -> date:
    asked = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not asked:
        return date.today()
    try:
        return date.fromisoformat(asked)
    except ValueError:
        raise PluginError(f"{AS_OF_VARIABLE}: {text('report.error.date', day=asked)}") from None


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri not in _generated:
        return html  # the hand-written pages are trusted
    depth = page.file.dest_uri.count("/")
    if _prerendered is not None:
        html = _prerendered.restore(html)  # the tables set aside, cleaned with the page
    cleaned = clean_html(html, depth, _anchors(page.toc), pull_requests(config))
    # The bodies, cleaned on the workers, go in last: a body cannot open or close an element around
    # the page's own.
    return _prerendered.restore_clean(cleaned, depth) if _prerendered is not None else cleaned


def pull_requests(config: Any) -> str:
    """The forge's address of a pull request, without its number, from mkdocs.yml's ``repo_url``
    (``https://github.com/OWNER/REPO``): the timelines link there. Empty without an https repo_url."""
    repository = str(config.repo_url or "").rstrip("/")
    return f"{repository}/pull/" if repository.startswith("https://") else ""


def _write_search_pages(registry: Registry, public: list[PublicProposal], config: Any) -> None:
    """What Pagefind indexes: of each proposal its title, id, summary, units, field, status and year,
    at the place of its page. Not the bodies: Vietnamese syllables recur in nearly every text, and
    indexing them made the fragments a query loads grow past a megabyte at ten thousand proposals."""
    shutil.rmtree(_search_source(), ignore_errors=True)
    for p in public:
        page = File(f"{PROPOSALS}/{p.id}.md", config.docs_dir, config.site_dir, config.use_directory_urls)
        target = _search_source() / page.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(search_page(registry, p), encoding="utf-8")


def _anchors(items: Any) -> set[str]:
    """The ids of a page's headings, as the engine made them for its table of contents."""
    found: set[str] = set()
    for item in items:
        found.add(item.id)
        found |= _anchors(item.children)
    return found


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Once a generated page is written, MkDocs needs neither its Markdown nor its HTML again (its
    search plugin, which would, is off): at ten thousand pages they were most of the memory."""
    if page.file.src_uri in _generated:
        page.markdown = None
        page.content = None
    return output


def _search_source() -> Path:
    global _shadow
    if _shadow is None:
        _shadow = Path(tempfile.mkdtemp(prefix="registry-search-"))
    return _shadow


def on_env(env: Any, config: Any, files: Files) -> Any:
    """Every page is HTML now and every search copy written: Pagefind indexes them on the other core
    while MkDocs writes the pages through the theme's templates."""
    global _search, _shadow
    source = _search_source()
    if not any(source.rglob("*.html")):  # nothing published yet (a new registry): Pagefind refuses to index nothing
        shutil.rmtree(source, ignore_errors=True)
        _shadow = None
        return env
    _search = subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path",
         str(Path(config.site_dir) / "pagefind"), "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return env


def on_post_build(config: Any) -> None:
    global _search, _shadow
    if _search is None:
        return
    try:
        output, errors = _search.communicate()
    finally:
        shutil.rmtree(_search_source(), ignore_errors=True)
        _shadow = None
    if _search.returncode != 0:
        _search = None
        raise PluginError(f"pagefind failed: {errors.strip() or output.strip()}")
    _search = None


def on_build_error(error: Exception) -> None:
    """A build that stops midway leaves neither Pagefind running nor the search copies behind."""
    global _search, _shadow
    if _search is not None:
        _search.kill()
        _search.communicate()
        _search = None
    if _shadow is not None:
        shutil.rmtree(_shadow, ignore_errors=True)
        _shadow = None
