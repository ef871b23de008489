"""The MkDocs glue, kept thin: generated pages in, sanitized HTML out, the search index after the build.

Named in mkdocs.yml under ``hooks:``. Everything it adds is made by site.py from the public view; it
only hands the files to MkDocs, cleans each generated page's HTML, and runs Pagefind over the built
site so that search loads only the index fragments a query needs.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from registry.config import load_registry
from registry.errors import RegistryError
from registry.gitrepo import Repository
from registry.history import read_history
from registry.load import load_file
from registry.public import public_view
from registry.sanitize import clean_html
from registry.site import PROPOSALS, build_site
from registry.validate import discover

log = logging.getLogger("mkdocs.registry")
_generated: set[str] = set()
PROPOSAL_PAGE = re.compile(rf"^{PROPOSALS}/[0-9]{{4}}-[0-9]{{3,4}}\.md$")


def on_files(files: Files, config: Any) -> Files:
    root = Path(config.config_file_path).resolve().parent
    try:
        registry = load_registry(root)
    except RegistryError as error:
        raise PluginError(str(error)) from None
    proposals = []
    for file in discover(registry):
        proposal, problems = load_file(root, file)
        if any(problem.severity == "error" for problem in problems) or proposal is None:
            log.warning("%s does not load and is left out; run: registry validate", file.relative_to(root))
            continue
        proposals.append(proposal)
    try:
        history = read_history(Repository(root))
    except RegistryError:
        log.info("not a git repository: the proposals' timelines are left out")
        history = {}
    site_url = str(config.site_url or "")
    generated = build_site(registry, public_view(registry, proposals, history), site_url)
    _generated.clear()
    for path, content in generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
        _generated.add(path)
    return files


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri not in _generated:
        return html  # the hand-written pages are trusted
    cleaned = clean_html(html, page.file.dest_uri.count("/"))
    if PROPOSAL_PAGE.match(page.file.src_uri):
        # Only the proposals' own pages go into the search index, so that results are proposals.
        cleaned = f"<div data-pagefind-body>{cleaned}</div>"
    return cleaned


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink", "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PluginError(f"pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
