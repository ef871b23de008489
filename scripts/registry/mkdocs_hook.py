"""The MkDocs glue, kept thin: the pipeline of sitebuild.py run inside `mkdocs build` and `mkdocs serve`.

Named in mkdocs.yml under ``hooks:``. The steps are sitebuild.py's, which `registry site prepare` and
`registry site finish` run around an engine that runs no hook (Zensical); here they run in MkDocs'
events, in memory: the generated pages in ``on_files``, each page's HTML cleaned in
``on_page_content``, Pagefind indexing while MkDocs writes the pages (``on_env`` to ``on_post_build``).

Under `mkdocs serve` (``make serve``), for a proposer who watches their page while writing it:

- the proposals' folder and registry.yml are watched (``on_serve``), so that an edit rebuilds the site;
- a proposal file with errors, which the site leaves out, gets a preview page at its usual address
  (``de-xuat/<id>/``, the id its file name starts with): at the top, an admonition "Đề xuất này còn lỗi,
  chưa được công khai" listing each problem (its line, its message, its hint), then the proposal's page
  as far as the file allows, or the file's text as code when the page cannot be made
  (sitebuild.previews). A file too broken to load gets a page naming it, with its problems and text.
  Everything in it is escaped and cleaned like any generated page.

Only `mkdocs serve` makes previews: MkDocs says which command runs in ``on_startup``, and `mkdocs build`,
`mkdocs gh-deploy`, `mkdocs serve --clean` (a build) and `registry site prepare` (no hook) never do, so
a published site cannot hold a page of a proposal with errors.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from registry import sitebuild
from registry.config import load_registry
from registry.errors import RegistryError
from registry.prerender import Prerendered
from registry.site import theme_values
from registry.sitebuild import HTML_BLOCK, SITE_URL_VARIABLE, Search

__all__ = ["HTML_BLOCK", "SITE_URL_VARIABLE"]
_generated: set[str] = set()
_prerendered: Prerendered | None = None
# The small copies of the proposals' pages that search indexes, in a temporary folder, written while
# the engine renders the pages.
_shadow: sitebuild.SearchPages | None = None
_search: Search | None = None  # Pagefind indexing them while the pages are written
_serving = False  # `mkdocs serve`: previews of the files with errors (see the module's docstring)
_source_read: sitebuild.Source | None = None  # this build's, read by on_config (and again at each rebuild)


def _source(config: Any) -> sitebuild.Source:
    root = Path(config.config_file_path).resolve().parent
    try:
        registry = load_registry(root)
    except RegistryError as error:
        raise PluginError(str(error)) from None
    return sitebuild.Source(
        root=root,
        registry=registry,
        docs_dir=Path(config.docs_dir),
        site_url=sitebuild.site_url(config.site_url, registry),
        pull_requests=sitebuild.pull_requests(config.repo_url),
        extensions=list(config.markdown_extensions),
        configs=dict(config.mdx_configs),
        use_directory_urls=config.use_directory_urls,
    )


def on_startup(command: str, dirty: bool) -> None:
    """Once per run of MkDocs (the module stays loaded across `mkdocs serve`'s rebuilds)."""
    global _serving
    _serving = command == "serve"


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """A proposal or registry.yml edited rebuilds the site, as the docs folder does."""
    root = Path(config.config_file_path).resolve().parent
    try:
        proposals = load_registry(root).proposals_dir
    except RegistryError:
        proposals = root / "proposals"
    for path in (proposals, root / "registry.yml"):
        if path.exists():
            server.watch(str(path))
    return server


def on_config(config: Any) -> Any:
    """The site's address resolved, and no build from anything but the repository's own files."""
    global _source_read
    source = _source_read = _source(config)
    if source.site_url:
        config.site_url = source.site_url
    try:
        sitebuild.refuse_foreign(source.root, [source.docs_dir, source.registry.proposals_dir])
    except RegistryError as error:
        raise PluginError(str(error)) from None
    # For overrides/: the header's search box, the footer, the 404 page, the hand-written pages' dates.
    config.extra["registry"] = theme_values(source.registry, source.root, source.docs_dir)
    return config


def on_files(files: Files, config: Any) -> Files:
    global _prerendered, _shadow
    source = _source_read or _source(config)
    try:
        generated = sitebuild.generate(source, source.registry)
    except RegistryError as error:
        raise PluginError(str(error)) from None
    _shadow = sitebuild.SearchPages(sitebuild.temporary_search(), generated.search_pages)
    _prerendered = generated.prerendered
    pages = generated.files
    if _serving:
        previews = sitebuild.previews(source.registry, generated.left_out, _prerendered, source.pull_requests, pages)
        pages.update(previews)
    for path, content in pages.items():
        if isinstance(content, str):
            pages[path] = _prerendered.set_aside(content, HTML_BLOCK)
    _generated.clear()
    _generated.update(pages)
    # One pass: Files rebuilds its index after every change, so looking up one file per addition
    # would cost the square of the number of pages.
    kept = [file for file in files if file.src_uri not in pages]
    added = [File.generated(config, path, content=content) for path, content in pages.items()]
    return Files(kept + added)


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri not in _generated:
        return html  # the hand-written pages are trusted
    depth = page.file.dest_uri.count("/")
    forge = _source_read.pull_requests if _source_read else sitebuild.pull_requests(config.repo_url)
    return sitebuild.clean_page(html, depth, _anchors(page.toc), _prerendered, forge)


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


def on_env(env: Any, config: Any, files: Files) -> Any:
    """Every page is HTML now and every search copy written: Pagefind indexes them on the other core
    while MkDocs writes the pages through the theme's templates."""
    global _search
    if _shadow is not None:
        try:
            _shadow.wait()
        except RegistryError as error:
            raise PluginError(str(error)) from None
        _search = Search(_shadow.folder, Path(config.site_dir) / "pagefind")
    return env


def on_post_build(config: Any) -> None:
    global _search
    try:
        if _search is not None:
            _search.wait()
    except RegistryError as error:
        raise PluginError(str(error)) from None
    finally:
        _search = None
        _forget_shadow()


def _forget_shadow() -> None:
    global _shadow
    if _shadow is not None:
        # Still writing if the build stopped before on_env: the thread ends first. What stopped it, on_env
        # told, or the build has failed already.
        with contextlib.suppress(Exception):
            _shadow.wait()
        shutil.rmtree(_shadow.folder, ignore_errors=True)
        _shadow = None


def on_build_error(error: Exception) -> None:
    """A build that stops midway leaves neither Pagefind running nor the search copies behind."""
    global _search
    if _search is not None:
        _search.stop()
        _search = None
    _forget_shadow()
