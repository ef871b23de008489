"""``registry init``: another province's registry, started from this one.

It writes, into an empty or new folder: a ``registry.yml`` skeleton (valid as it stands; what the
province must fill in is marked THAY), the schemas, the site's hand-written pages and ``mkdocs.yml``,
the workflows, the pull-request template, ``.github/CODEOWNERS`` made from the skeleton, a README and
a ``.gitignore``. It never overwrites a file and never writes outside the folder.

One source of truth: ``init_templates/repository/`` holds byte-for-byte copies of this repository's
own files (a test keeps them equal), and the few differences a province needs are made here, in code:

- ``mkdocs.yml`` names the site's glue as the ``registry`` MkDocs plugin of the installed package
  instead of the hook file ``scripts/registry/mkdocs_hook.py``, which a province does not have.
- The workflows install the checker from ``checker/``, a git submodule pinned to a commit of the
  checker's repository, instead of from the repository itself: every checkout but the pull request's
  own data fetches submodules, and the two install lines read ``checker/`` (``base/checker/`` in the
  pull-request workflow, where the checker is the base branch's pinned one, as here).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import jinja2

from registry.catalogue import text
from registry.codeowners import CODEOWNERS, render_codeowners
from registry.config import CONFIG_FILE, SHIPPED, load_registry
from registry.errors import RegistryError
from registry.form import FORM, render_form, today
from registry.format_version import CURRENT
from registry.layout import PROPOSALS_DIR
from registry.lifecycle import PUBLISHED_BY_DEFAULT

TEMPLATES = Path(__file__).with_name("init_templates")
COPIES = SHIPPED
CHECKER = "checker"  # where the province's repository holds the checker, as a git submodule
NAME_PLACEHOLDER = "Ủy ban nhân dân tỉnh THAY"
ORG_PLACEHOLDER = "THAY-to-chuc"
MIN_NAME = 3  # characters of the province's name: fewer is a slip, not a name
GITHUB_ORG = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?")
# Package data cannot hold dot folders (setuptools' globs skip them): copies under github/ go to .github/.
DOT_FOLDERS = {"github": ".github"}

# The install lines of this repository's workflows, and what they become in a province's.
REQUIREMENTS = re.compile(r"(?<= -r )(base/)?requirements/workflows\.txt$", re.M)
CHECKER_SOURCE = re.compile(r"(?<= --no-build-isolation )(\./base|\.)$", re.M)
CHECKOUT = re.compile(r"^( *)(- )?uses: actions/checkout@")
SUBMODULES = "submodules: true # checker/: the registry's checker, at the commit this branch pins"
HOOK_FILE = "hooks:\n  - scripts/registry/mkdocs_hook.py\n"
NO_PLUGINS = "plugins: []\n"
PLUGIN = "plugins:\n  - registry # the site's pages, from the installed checker (registry.mkdocs_plugin)\n"


def adapt_mkdocs(source: str) -> str:
    """This repository's mkdocs.yml, with the hook file replaced by the installed package's plugin."""
    _expect_once(source, HOOK_FILE, "mkdocs.yml")
    _expect_once(source, NO_PLUGINS, "mkdocs.yml")
    return source.replace(HOOK_FILE, "").replace(NO_PLUGINS, PLUGIN)


def adapt_workflow(name: str, source: str) -> str:
    """This repository's workflow ``name``, installing the checker from the pinned submodule."""
    source, replaced = REQUIREMENTS.subn(rf"\g<1>{CHECKER}/requirements/workflows.txt", source)
    if replaced != 1:
        raise RegistryError(text("init.error.template.requirements", name=name, count=replaced))
    source, replaced = CHECKER_SOURCE.subn(rf"\g<1>/{CHECKER}", source)
    if replaced != 1:
        raise RegistryError(text("init.error.template.checker", name=name, count=replaced))
    return _fetch_submodules(name, source)


def _fetch_submodules(name: str, source: str) -> str:
    """Every checkout step, except that of the pull request's data (``path: pr``), fetches submodules."""
    lines = source.splitlines(keepends=True)
    inserts: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        found = CHECKOUT.match(line)
        if found is None:
            continue
        step_indent = len(found.group(1)) - (0 if found.group(2) else 2)
        start = number
        while not lines[start].startswith(" " * step_indent + "- "):
            start -= 1
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > step_indent):
            end += 1
        step = lines[start:end]
        if any(entry.strip() == "path: pr" for entry in step):
            continue
        with_line = next((start + i for i, entry in enumerate(step) if entry.strip() == "with:"), None)
        if with_line is None:
            raise RegistryError(text("init.error.template.no_with", name=name))
        last = max(i for i in range(with_line, end) if lines[i].strip())
        inserts.append((last + 1, " " * (_indent(lines[with_line]) + 2) + SUBMODULES + "\n"))
    if not inserts:
        raise RegistryError(text("init.error.template.no_checkout", name=name))
    for at, line in reversed(inserts):
        lines.insert(at, line)
    return "".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _expect_once(source: str, part: str, name: str) -> None:
    if source.count(part) != 1:
        raise RegistryError(text("init.error.template.not_once", name=name, part=part))


def starter_files(name: str, github_org: str) -> dict[str, str]:
    """Every file of a new registry, by its path in the registry, except CODEOWNERS."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
    # A JSON string is a YAML double-quoted scalar: quotes, backslashes and controls come out escaped.
    environment.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    values = {
        "name": name,
        "github_org": github_org,
        "version": CURRENT,
        "published_statuses": [status.value for status in PUBLISHED_BY_DEFAULT],
    }
    files = {
        CONFIG_FILE: environment.get_template("registry.yml.j2").render(values),
        "README.md": environment.get_template("README.md.j2").render(values),
        ".gitignore": (TEMPLATES / "gitignore").read_text(encoding="utf-8"),
    }
    for source in sorted(COPIES.rglob("*")):
        if source.is_file():
            parts = source.relative_to(COPIES).parts
            target = "/".join((DOT_FOLDERS.get(parts[0], parts[0]), *parts[1:]))
            files[target] = source.read_text(encoding="utf-8")
    files["mkdocs.yml"] = adapt_mkdocs(files["mkdocs.yml"])
    for target in [path for path in files if path.startswith(".github/workflows/")]:
        files[target] = adapt_workflow(target, files[target])
    return files


def _generated(files: dict[str, str]) -> dict[str, str]:
    """CODEOWNERS and the issue form as `registry codeowners` and `registry form` make them from the
    skeleton, which is loaded (and so checked) from a scratch folder before anything is written where
    the user asked."""
    with tempfile.TemporaryDirectory(prefix="registry-init-") as scratch:
        for path in (CONFIG_FILE, "schema/proposal.schema.json", "schema/registry.schema.json"):
            target = Path(scratch, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[path], encoding="utf-8")
        registry = load_registry(Path(scratch))
        return {CODEOWNERS: render_codeowners(registry), FORM: render_form(registry, today())}


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) < MIN_NAME or any(not character.isprintable() for character in name):
        raise RegistryError(text("init.error.name", name=name))
    return name


def _existing(folder: Path, paths: list[str]) -> list[str]:
    """The paths that are taken already, or that a symbolic link would carry out of the folder."""
    taken = []
    for path in paths:
        parts = Path(path).parts
        for depth in range(1, len(parts) + 1):
            here = folder.joinpath(*parts[:depth])
            if here.is_symlink() or (os.path.lexists(here) and (depth == len(parts) or not here.is_dir())):
                taken.append("/".join(parts[:depth]))
                break
    return sorted(set(taken))


def init_registry(folder: Path, name: str | None, github_org: str | None) -> list[str]:
    """Write a new registry into ``folder``; the paths written, relative to it."""
    name = _check_name(name) if name is not None else NAME_PLACEHOLDER
    github_org = github_org if github_org is not None else ORG_PLACEHOLDER
    if not GITHUB_ORG.fullmatch(github_org):
        raise RegistryError(text("init.error.github_org", github_org=github_org))
    if os.path.lexists(folder) and not folder.is_dir():
        raise RegistryError(text("init.error.not_folder", folder=folder))
    folder = folder.resolve()  # the folder named may be a link; nothing inside it may be one
    files = starter_files(name, github_org)
    files.update(_generated(files))
    proposals = folder / PROPOSALS_DIR
    taken = _existing(folder, list(files))
    if proposals.is_symlink() or (os.path.lexists(proposals) and not proposals.is_dir()):
        taken.append(PROPOSALS_DIR)  # an empty proposals/ of its own is welcome
    if taken:
        raise RegistryError(text("init.error.taken", folder=folder, paths=", ".join(taken)))
    proposals.mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as stream:  # "x": never an existing file
                stream.write(content)
        except OSError as error:
            raise RegistryError(text("init.error.write", path=target, reason=error.strerror)) from None
    return sorted(files)
