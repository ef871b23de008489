"""The site's pipeline, the same for either engine: generate the pages, let the engine make HTML, finish.

MkDocs (with Material) and Zensical read the same mkdocs.yml and the same Markdown, but only MkDocs
runs hooks. So everything the registry adds happens outside the engine, in three steps:

1. **prepare** (``registry site prepare``): refuse foreign files, read the registry and its history, make
   every generated page (site.py) with the bodies already rendered and sanitised (prerender.py), and write
   the build folder ``build/``: ``docs/`` (the hand-written pages and the generated ones), ``mkdocs.yml``
   (the repository's, pointed at that folder, without the hook and the engine's own search), the pages
   Pagefind indexes (``search/``) and ``manifest.json`` (which pages are generated, and the markers
   around their content).
2. the engine: ``zensical build -f build/mkdocs.yml`` (or ``mkdocs build -f build/mkdocs.yml``).
3. **finish** (``registry site finish``): sanitise the content of every generated page of the built site
   (between the markers prepare wrote: an engine that passes raw HTML through unsanitised is harmless),
   index the search pages with Pagefind meanwhile, and move the site to ``site/``.

The MkDocs hook (mkdocs_hook.py) calls the same functions in memory, so that ``mkdocs build`` and
``mkdocs serve`` work from mkdocs.yml alone: it generates in ``on_files``, sanitises each page in
``on_page_content`` (the same ``clean_page``), and runs the same ``Search`` while MkDocs writes.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from registry.catalogue import text
from registry.config import Registry, load_registry
from registry.errors import RegistryError
from registry.gitrepo import NotARepository, Repository
from registry.history import Event, read_history
from registry.layout import build_index, discover, id_from_path
from registry.lint.context import Context
from registry.lint.engine import file_problems
from registry.load import load_file
from registry.model import Proposal
from registry.parallel import map_chunks
from registry.prerender import Prerendered
from registry.problem import Problem, sorted_problems
from registry.provenance import Keyring, prover
from registry.public import PublicProposal, proposal_view, published_and_tallied
from registry.sanitize import clean_html
from registry.site import (
    PROPOSALS,
    STATUS_PAGE,
    build_site,
    render_template,
    safe_headings,
    search_page,
    status_counts,
    status_page,
    status_tally,
    tag_name,
    theme_values,
)

log = logging.getLogger("mkdocs.registry")  # MkDocs counts its warnings (--strict); elsewhere a plain logger
# A proposal left out, or a body too slow to render, is a warning that must not fail `mkdocs build
# --strict` (the body is frozen once approved, so a failing build would stop every publication): its
# logger is not MkDocs' own.
render_log = logging.getLogger("registry.render")
if not render_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    render_log.addHandler(_handler)
    render_log.propagate = False

CONFIG = "mkdocs.yml"
BUILD = "build"  # the build folder, git-ignored
MANIFEST = "manifest.json"
SITE_URL_VARIABLE = "REGISTRY_SITE_URL"
# The day the page "Tình hình thực hiện" counts to: the build day, unless this names one (YYYY-MM-DD).
AS_OF_VARIABLE = "REGISTRY_AS_OF"
# The HTML blocks of the generated pages (the listings' tables, the tables and lists of a proposal's
# page), each from a line that opens it to the line that closes it. Proposal text cannot start a line
# with a tag: site.py escapes it, and the bodies are placeholders by then.
HTML_BLOCK = re.compile(r"^<(table|ul)[ >].*?^</\1>$", re.M | re.S)
CLEAN_PARALLEL_FROM = 400  # pages: below, cleaning them here is quicker than starting workers


@dataclass(frozen=True)
class Source:
    """What the pipeline needs of the engine's configuration (mkdocs.yml), whichever engine reads it."""

    root: Path
    registry: Registry  # registry.yml, read once for the whole build
    docs_dir: Path
    site_url: str  # absolute, ending with "/"; empty when none is known
    pull_requests: str  # the forge's address of a pull request without its number; empty without repo_url
    extensions: list[Any]
    configs: dict[str, Any]
    use_directory_urls: bool = True

    def page_url(self, path: str) -> str:
        """The file, relative to the site's root, that the engine writes a page of the docs folder to."""
        stem = path.removesuffix(".md")
        if not self.use_directory_urls or stem == "index" or stem.endswith("/index"):
            return stem + ".html"
        return stem + "/index.html"

    def depth(self, path: str) -> int:
        """The folders below the site's root of the page made from ``path`` (the depth its links are for)."""
        return self.page_url(path).count("/")


def pull_requests(repo_url: object) -> str:
    """The forge's address of a pull request, without its number, from mkdocs.yml's ``repo_url``
    (``https://github.com/OWNER/REPO``): the timelines link there. Empty without an https repo_url."""
    repository = str(repo_url or "").rstrip("/")
    return f"{repository}/pull/" if repository.startswith("https://") else ""


def site_url(configured: object, registry: Registry) -> str:
    """The site's address: mkdocs.yml's, else registry.yml's, else the one the publishing workflow passes
    (GitHub Pages'). It makes the sitemap, canonical links, the feed's ids and the open data's URLs
    absolute, and the 404 page's links right below a project's folder."""
    url = str(configured or "") or registry.site_url or os.environ.get(SITE_URL_VARIABLE, "").strip()
    return url if not url or url.endswith("/") else url + "/"


def extensions(configured: object) -> tuple[list[Any], dict[str, Any]]:
    """mkdocs.yml's ``markdown_extensions`` as Python-Markdown takes them: names, and their options."""
    names: list[Any] = []
    options: dict[str, Any] = {}
    for item in configured if isinstance(configured, list) else []:
        if isinstance(item, dict):
            for name, value in item.items():
                names.append(name)
                options[name] = value or {}
        else:
            names.append(item)
    return names, options


class PythonName(str):
    """A ``!!python/name:module.attribute`` of mkdocs.yml (toc's ``slugify``): kept as the tag when the
    engine's configuration is written, and imported for the pre-rendering only from this package."""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data, with its ``!!python/name:`` tags as PythonName, never run on loading."""


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: PythonName(suffix))
_ConfigDumper.add_representer(
    PythonName, lambda dumper, name: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")
)


def _imported(value: Any) -> Any:
    """The options with each PythonName of this package replaced by the object it names."""
    if isinstance(value, dict):
        return {key: _imported(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_imported(item) for item in value]
    if isinstance(value, PythonName):
        module, _, attribute = value.rpartition(".")
        if module != "registry" and not module.startswith("registry."):
            raise RegistryError(f"{CONFIG}: {text('site.build.python_name', name=value)}")
        return getattr(importlib.import_module(module), attribute)
    return value


def read_config(path: Path) -> dict[str, Any]:
    """A mkdocs.yml as data, its ``!!python/name:`` tags kept as PythonName (never imported here)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise RegistryError(f"{path}: {text('site.build.config_unreadable', error=error)}") from None
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: {text('site.build.config_not_mapping')}")
    return data


def read_source(root: Path, registry: Registry) -> Source:
    """The repository's mkdocs.yml, read as data; its ``!!python/name:`` tags name this package's
    functions only (toc's ``slugify``)."""
    data = read_config(root / CONFIG)
    names, options = extensions(_imported(data.get("markdown_extensions")))
    return Source(
        root=root,
        registry=registry,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        site_url=site_url(data.get("site_url"), registry),
        pull_requests=pull_requests(data.get("repo_url")),
        extensions=names,
        configs=options,
        use_directory_urls=bool(data.get("use_directory_urls", True)),
    )


def refuse_foreign(root: Path, tops: Sequence[Path]) -> None:
    """Refuse to build from anything that is not the repository's own files.

    Engines follow symbolic links: a link under docs/ to /etc/passwd would be copied into the site, and
    a linked folder would publish whatever it points to. A link is refused wherever it is, in docs/ (the
    administrators' pages: a link there is a mistake to fix, not something to skip) as under proposals/,
    and so is a docs or proposals folder that resolves outside the repository.
    """
    for top in tops:
        found = _foreign(root, top)
        if found is not None:
            where = found.relative_to(root) if found.is_relative_to(root) else found
            raise RegistryError(
                f"{where}: {text('site.build.outside')}\n    {text('ui.hint')}: {text('site.build.foreign')}"
            )


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


def timelines(root: Path, registry: Registry, strict: bool = False) -> dict[str, list[Event]]:
    """The proposals' history from git; empty, with a line saying why, when it cannot be read. A
    history that is there but cannot be read is a warning, which stops `mkdocs build --strict`, and an
    error when ``strict`` (``registry site prepare``, unless ``--no-strict``)."""
    try:
        repository = Repository(root)
        with Keyring(registry.pull_request_signers) as keyring:  # pull requests proven by signature only
            return read_history(repository, prove=prover(repository, keyring))
    except NotARepository as error:  # a site built from an archive of the registry: it has no history
        log.info("%s: %s", error, text("site.build.no_timelines"))
    except RegistryError as error:  # git missing, a damaged repository, a key that cannot be read
        # So that the publication stops rather than publish the site without its timelines; a preview
        # is built without them with --no-strict (docs/development.md).
        if strict:
            raise RegistryError(text("site.build.timelines_failed", error=error)) from None
        log.warning("%s", text("site.build.timelines_left_out", error=error))
    return {}


def as_of() -> date:
    asked = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not asked:
        return date.today()
    try:
        return date.fromisoformat(asked)
    except ValueError:
        raise RegistryError(f"{AS_OF_VARIABLE}: {text('report.error.date', day=asked)}") from None


@dataclass
class Generated:
    """Every generated file by its path in the docs folder, and the bodies' HTML their pages wait for."""

    files: dict[str, str | bytes]
    prerendered: Prerendered
    left_out: list[str] = field(default_factory=list)  # the proposal files with errors, not published
    search_pages: dict[str, str] = field(default_factory=dict)  # the pages Pagefind indexes, by path


def generate(source: Source, registry: Registry, strict: bool = False) -> Generated:
    """The generated files, with each body rendered and sanitised (a placeholder in its page, its HTML in
    ``prerendered``), and the pages Pagefind indexes."""
    history = timelines(source.root, registry, strict)
    prerendered = Prerendered(source.extensions, source.configs, source.depth(f"{PROPOSALS}/page.md"))
    day = as_of()
    public, left_out, tallies = published_and_tallied(registry, history, status_tally(registry, day))
    status = status_counts(registry, day, tallies)  # numbers only: no unpublished proposal's title or id
    for path in left_out:
        # Not MkDocs' own logger: the site builds without it (`mkdocs serve` while an author edits);
        # `registry validate`, which the publishing workflow runs first, fails on it.
        hint = f"{text('ui.hint')}: {text('site.build.left_out')}"
        render_log.warning("%s: %s\n    %s", path, text("site.build.has_errors"), hint)
    files = build_site(registry, public, source.site_url, prerendered, source.pull_requests)
    files[STATUS_PAGE] = status_page(status)
    # Search indexes a small page per proposal (see site.search_page), not the built pages: parsing ten
    # thousand of those took Pagefind a gigabyte of memory.
    search_pages = {source.page_url(f"{PROPOSALS}/{p.id}.md"): search_page(registry, p) for p in public}
    return Generated(files, prerendered, left_out, search_pages)


def write_search_pages(folder: Path, pages: dict[str, str]) -> None:
    """The pages Pagefind indexes, written into ``folder``, an empty one."""
    try:
        for path, html in pages.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
    except OSError as error:
        where = error.filename or folder
        raise RegistryError(text("site.build.search_unwritable", path=where, reason=error.strerror)) from None


class SearchPages:
    """The pages Pagefind indexes, written into ``folder`` on a thread while the engine renders the
    site's (the thread waits on the file system, not on the interpreter): on a file system that does not
    soon reuse a freed inode (ext4 without a journal), a thousand small files freshly made cost 1.7 s."""

    def __init__(self, folder: Path, pages: dict[str, str]) -> None:
        self.folder = folder
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._write, args=(pages,), daemon=True)
        self._thread.start()

    def _write(self, pages: dict[str, str]) -> None:
        try:
            write_search_pages(self.folder, pages)
        except BaseException as error:  # raised again by ``wait``, in the build's thread
            self._failure = error

    def wait(self) -> None:
        """Every page written; what stopped the writing is raised here (a page that could not be
        written: a ``RegistryError``)."""
        self._thread.join()
        if self._failure is not None:
            raise self._failure


# --- The preview of a file with problems, for `mkdocs serve` only -------------------------------------------

RAW_LIMIT = 100_000  # characters of a file's text shown when its page cannot be made


@dataclass
class _Preview:
    path: str  # the file's, under the repository
    address: str  # the page's path in the docs folder
    problems: list[Problem]
    view: PublicProposal | None  # None when the proposal's page cannot be made


def previews(
    registry: Registry, left_out: Sequence[str], prerendered: Prerendered, pull_requests: str, taken: Collection[str]
) -> dict[str, str]:
    """A page for each file of ``left_out`` (the files with errors) at its proposal's usual address: its
    problems at the top, then the proposal's page or, when that cannot be made, the file's text as code.

    Only the MkDocs hook calls this, and only under `mkdocs serve` (never `mkdocs build`, never `registry
    site prepare`): a published site cannot hold such a page. The address is the id the file's name
    starts with (the front matter's id only if it is one), so that a file names no other path; a file
    with neither, or whose address a published page has (a duplicate id), gets no preview.
    """
    if not left_out:
        return {}
    root = registry.root
    context = Context(registry, build_index(file.relative_to(root).as_posix() for file in discover(root)))
    found: list[_Preview] = []
    for path in left_out:
        proposal, loaded = load_file(root, root / path)
        named = proposal.id if proposal is not None else None
        ident = id_from_path(path) or (named if named and id_from_path(f"{named}.md") == named else None)
        address = f"{PROPOSALS}/{ident}.md"
        if ident is None or address in taken or any(p.address == address for p in found):
            continue
        problems = sorted_problems(file_problems(proposal, loaded, context))
        found.append(_Preview(path, address, problems, _view(registry, proposal)))
    shown = [p for p in found if p.view is not None]
    bodies = dict(
        zip(
            (p.path for p in shown),
            prerendered([p.path for p in shown], [safe_headings(p.view.body) for p in shown if p.view]),
            strict=True,
        )
    )
    return {p.address: _preview_page(registry, p, bodies.get(p.path), pull_requests) for p in found}


def _view(registry: Registry, proposal: Proposal | None) -> PublicProposal | None:
    """What the proposal's page would show, or None when the file is too broken for it."""
    if proposal is None:
        return None
    try:
        return proposal_view(registry, proposal)
    except Exception:  # a half-written file can be wrong in any way a valid one cannot
        return None


def _preview_page(registry: Registry, preview: _Preview, body: str | None, pull_requests: str) -> str:
    values: dict[str, Any] = {"path": preview.path, "problems": preview.problems, "front": "", "card": None}
    if preview.view is not None and body is not None:
        tags = [(tag_name(registry, tag), tag) for tag in preview.view.tags]
        try:
            page = render_template("proposal.md.j2", p=preview.view, body=body, pull_requests=pull_requests, tags=tags)
        except Exception:  # as in _view: the template expects a valid file's values
            page = ""
        if page.startswith("---\n") and (end := page.find("\n---\n", 4)) != -1:
            values["front"], values["card"] = page[: end + 5], page[end + 5 :]
    if values["card"] is None:
        values["raw"] = _raw(registry.root / preview.path)
    return render_template("preview.md.j2", **values)


def _raw(file: Path) -> str:
    """The file's text as an indented code block (no fence to close early), cut at RAW_LIMIT."""
    try:
        content = file.read_bytes()[: RAW_LIMIT * 4].decode("utf-8", errors="replace")[:RAW_LIMIT]
    except OSError:
        return ""
    return "\n".join("    " + line for line in content.splitlines())


def clean_page(
    html: str, depth: int, ids: Collection[str], prerendered: Prerendered | None, pull_requests: str = ""
) -> str:
    """A generated page's content once the engine has made it HTML, with only what is safe left: the
    HTML blocks set aside put back and cleaned with the page, then the bodies (cleaned alone already,
    so that a body cannot open or close an element around the page's own) put in last."""
    if prerendered is not None:
        html = prerendered.restore(html)
    cleaned = clean_html(html, depth, ids, pull_requests)
    return prerendered.restore_clean(cleaned, depth) if prerendered is not None else cleaned


# --- The build folder, for an engine that runs no hook ----------------------------------------------------


def prepare(root: Path, build: Path | None = None, strict: bool = True) -> Path:
    """Write the build folder (see the module's docstring); its engine configuration's path."""
    root = root.resolve()
    build = build or root / BUILD
    registry = load_registry(root)
    source = read_source(root, registry)
    refuse_foreign(root, [source.docs_dir, registry.proposals_dir])
    generated = generate(source, registry, strict)
    shutil.rmtree(build / "search", ignore_errors=True)
    write_search_pages(build / "search", generated.search_pages)
    docs = build / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(source.docs_dir, docs)
    values = theme_values(registry, root, source.docs_dir)
    _date_hand_written(docs, values["updated"])
    token = secrets.token_hex(16)  # drawn for each build: no proposal text can spell a marker
    pages: dict[str, int] = {}
    for path, content in generated.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif path.endswith(".md"):
            page = from_source(generated.prerendered.inline(content), path)
            target.write_text(_marked(page, token), encoding="utf-8")
            pages[source.page_url(path)] = source.depth(path)
        else:
            target.write_text(content, encoding="utf-8")
    manifest = {"token": token, "pages": pages, "pull_requests": source.pull_requests}
    (build / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    config = build / CONFIG
    config.write_text(_engine_config(root, build, source, values), encoding="utf-8")
    return config


def _date_hand_written(docs: Path, dates: dict[str, str]) -> None:
    """Each hand-written page's copy with the day it last changed (its last commit, ``dates`` by path)
    in its front matter, where overrides/main.html reads a generated page's: Zensical's templates see
    ``page.meta``, but not the page's source path, by which the theme's values date it under MkDocs."""
    for path, when in dates.items():
        page = docs / path
        content = page.read_text(encoding="utf-8")
        if not content.startswith("---\n"):
            content = f"---\n---\n\n{content}"
        if "\nupdated:" not in content[: content.find("\n---", 3)]:
            page.write_text(f'---\nupdated: "{when}"\n{content[4:]}', encoding="utf-8")


_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def from_source(page: str, path: str) -> str:
    """The page's raw HTML with each relative URL read from its source file rather than from the page.

    The HTML that site.py writes and the bodies' HTML carry URLs relative to the built page
    (``de-xuat/2024-001/``), which MkDocs copies as they are. Zensical reads every relative URL, raw HTML
    too, from the page's source file (``de-xuat/2024-001.md``), as MkDocs reads a Markdown link: a page
    not named index is one folder deeper than its source, and Zensical adds a ``../`` to each URL. So
    the URLs are written here one folder up (``../x`` becomes ``x``; ``x``, inside the page's own
    folder, becomes ``2024-001/x``); fragments, queries and absolute URLs stay. What is safe is decided
    after the engine (finish), not by this.
    """
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return page
    name = stem.rpartition("/")[2]

    def rebase(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url or url.startswith(("#", "?")) or ":" in url.partition("/")[0]:
            return match.group(0)
        url = url[3:] if url.startswith("../") else f"{name}/{url.removeprefix('./')}"
        return f'{match.group(1)}="{url}"'

    return _URL_ATTRIBUTE.sub(rebase, page)


def _marked(page: str, token: str) -> str:
    """The page with its content (after its front matter) between the two markers finish looks for."""
    front = ""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 4)
        if end != -1:
            front, page = page[: end + 5], page[end + 5 :]
    begin, end_marker = _markers(token)
    return f"{front}{begin}\n\n{page}\n\n{end_marker}\n"


def _markers(token: str) -> tuple[str, str]:
    return f"<!-- registry-content {token} -->", f"<!-- /registry-content {token} -->"


def _engine_config(root: Path, build: Path, source: Source, values: dict[str, Any]) -> str:
    """mkdocs.yml for the build folder: its docs there, no hook (the pages are generated already), no
    search of the engine's own (Pagefind's is the site's), and the site's address resolved."""
    data = read_config(root / CONFIG)
    data.pop("hooks", None)
    # What overrides/ shows besides the pages (the hook sets the same in MkDocs' on_config).
    extra = data.get("extra")
    data["extra"] = {
        **(extra if isinstance(extra, dict) else {}),
        "registry": values,
    }
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"
    data["plugins"] = [{"search": {"enabled": False}}]
    # Zensical has no `validation` levels: with strict, a proposal's own broken link or anchor would stop
    # the publication, which MkDocs only notes (`links.not_found: info`). What strict guards in MkDocs'
    # build (the timelines) is prepare's own error.
    data["strict"] = False
    if source.site_url:
        data["site_url"] = source.site_url
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(root / str(theme["custom_dir"]), build)
    header = "# Written by `registry site prepare` from ../mkdocs.yml: edit that one.\n"
    return header + dump_config(data)


def dump_config(data: dict[str, Any]) -> str:
    """``data`` as a mkdocs.yml, its PythonName values written back as ``!!python/name:`` tags."""
    return yaml.dump(data, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=4096)


def finish(root: Path, build: Path | None = None) -> Path:
    """Sanitise the built site in the build folder, index its search, and move it to ``site/``."""
    root = root.resolve()
    build = build or root / BUILD
    built = build / "site"
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RegistryError(f"{build / MANIFEST}: {text('site.build.no_manifest', error=error)}") from None
    if not built.is_dir():
        raise RegistryError(f"{built}: {text('site.build.not_built', config=build / CONFIG)}")
    search = Search(build / "search", built / "pagefind")
    try:
        pages = sorted(manifest["pages"].items())
        state = (built, manifest["token"], manifest["pull_requests"])
        chunks = map_chunks(_clean_files, state, pages, parallel_from=CLEAN_PARALLEL_FROM)
        missing = [page for chunk in chunks for page in chunk]
        if missing:
            raise RegistryError(f"{built / missing[0]}: {text('site.build.markers_lost')}")
    except BaseException:
        search.stop()
        raise
    search.wait()
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    built.rename(site)
    return site


def _clean_files(state: tuple[Path, str, str], pages: Sequence[tuple[str, int]]) -> list[str]:
    """Clean each page's content in place; the pages whose markers are not found, which are emptied."""
    built, token, forge = state
    begin, end = _markers(token)
    missing = []
    for page, depth in pages:
        path = built / page
        html = path.read_text(encoding="utf-8") if path.is_file() else ""
        head, found, rest = html.partition(begin)
        content, closed, tail = rest.partition(end)
        if not (found and closed) or begin in tail or end in tail:
            missing.append(page)
            if path.is_file():
                path.write_text("", encoding="utf-8")  # not published as the engine left it
            continue
        cleaned = clean_page(content, depth, _heading_ids(content), None, forge)
        path.write_text(head + cleaned + tail, encoding="utf-8")
    return missing


_HEADING_ID = re.compile(r"<h[1-6]\s[^>]*?\bid=\"([^\"]*)\"")


def _heading_ids(html: str) -> set[str]:
    """The ids of the content's headings. Proposal text brings none: the bodies were cleaned of every
    id before the engine ran, and the headings' own are the slugs site.py set."""
    return set(_HEADING_ID.findall(html))


class Search:
    """Pagefind indexing the search pages into the site, on another core while the rest goes on."""

    def __init__(self, source: Path, output: Path, on_done: Callable[[], None] | None = None) -> None:
        self.source = source
        self.process: subprocess.Popen[str] | None = None
        if not any(source.rglob("*.html")):  # nothing published yet: Pagefind refuses to index nothing
            return
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output), "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def wait(self) -> None:
        if self.process is None:
            return
        output, errors = self.process.communicate()
        code, self.process = self.process.returncode, None
        if code != 0:
            raise RegistryError(text("site.build.pagefind_failed", output=errors.strip() or output.strip()))

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.communicate()
            self.process = None


def temporary_search() -> Path:
    return Path(tempfile.mkdtemp(prefix="registry-search-"))
