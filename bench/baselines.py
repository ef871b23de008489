"""The alternatives that `make bench` runs beside our commands, on the same data, so that each of our
figures is also given as a ratio to theirs (docs/benchmarks.md, "Side by side with the alternatives").

Each baseline is run in a fresh process, like our commands, and every run is checked to have done the
work it stands for (so many files checked, so many commits listed, so many pages written): a baseline
that silently did less would make our ratio look better than it is.

- validate: ``naive_validate.py`` (PyYAML's C loader and jsonschema, file by file, in one process), and
  ``check-jsonschema`` once over the front matter of every proposal, extracted beforehand to .yaml files;
- history: one ``git log --name-status -M`` over the same repository, with the first-parent choice our
  history makes;
- site: MkDocs with Material, the same theme settings and Markdown extensions, building as many bare
  pages as our site has, none of them in the navigation (no hook, no search index).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from registry.config import PROPOSAL_SCHEMA, load_registry
from registry.site import theme_values
from registry.sitebuild import dump_config, read_config

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
NAIVE_VALIDATE = HERE / "naive_validate.py"
# What our history reads (gitrepo.Repository.log): the first-parent line, each merge diffed against its
# first parent. Our log also asks for --reverse, --raw and its own format; the baseline keeps git's.
GIT_LOG = ["git", "log", "--first-parent", "--diff-merges=first-parent", "--name-status", "-M", "-z", "HEAD"]
_COMMIT = re.compile(rb"(?:^|(?<=\x00))commit [0-9a-f]{40}\n")
_ENTRIES = re.compile(rb"\n\n(?! {4})")
_ARGV_BYTES = 256 * 1024  # well below ARG_MAX (2 MiB on Linux, of which the environment takes a share)


class BaselineError(Exception):
    """A baseline failed or did less than it should have: its time would mean nothing."""


@dataclass(frozen=True)
class Timing:
    """Wall seconds, and CPU seconds (user and system) of the process and every process it waited for.
    On a machine that other work keeps busy, a command that spreads over both cores gets less than
    both, so its wall time suffers more than a one-process command's; its CPU time much less."""

    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def children_cpu() -> float:
    """CPU seconds used so far by the ended children of this process, and by their waited-for children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Run:
    time: Timing
    stdout: bytes
    status: int


def timed(argv: list[str], cwd: Path, statuses: tuple[int, ...] = (0,), env: dict[str, str] | None = None) -> Run:
    """One run of a command in a fresh process, its output read in full through a pipe."""
    cpu, started = children_cpu(), time.perf_counter()
    process = subprocess.run(argv, cwd=cwd, capture_output=True, check=False, env=env)
    spent = Timing(time.perf_counter() - started, children_cpu() - cpu)
    if process.returncode not in statuses:
        stderr = process.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BaselineError(f"{' '.join(argv[:4])} … failed with status {process.returncode}: {stderr}")
    return Run(spent, process.stdout, process.returncode)


def proposal_files(root: Path) -> list[Path]:
    return sorted((root / "proposals").rglob("*.md"))


# validate


@dataclass(frozen=True)
class Checked:
    """What a validator reported: how many files it checked, and which of them it found invalid."""

    time: Timing
    files: int
    invalid: frozenset[str]


def naive_validate(root: Path) -> Checked:
    """The naive loop over every proposal under ``root`` (see naive_validate.py)."""
    run = timed([sys.executable, str(NAIVE_VALIDATE), str(root)], root)
    found = json.loads(run.stdout)
    return Checked(run.time, found["files"], frozenset(found["invalid"]))


def extract_front_matter(root: Path, target: Path) -> list[str]:
    """Each proposal's front matter as a .yaml file under ``target`` (same relative path, the ending
    changed), and the schema beside them; the paths written, relative to ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    written = []
    for path in proposal_files(root):
        relative = path.relative_to(root).with_suffix(".yaml")
        text = path.read_text(encoding="utf-8")
        front = text[4:].partition("\n---\n")[0] if text.startswith("---\n") else ""
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(f"{front}\n", encoding="utf-8")
        written.append(str(relative))
    (target / PROPOSAL_SCHEMA).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / PROPOSAL_SCHEMA, target / PROPOSAL_SCHEMA)
    return written


def check_jsonschema(target: Path, files: list[str]) -> Checked:
    """check-jsonschema over the extracted front matter: one invocation, or one per share of the files
    when their names would not fit on one command line (the times added up)."""
    command = [
        str(Path(sys.executable).with_name("check-jsonschema")),
        *("--schemafile", PROPOSAL_SCHEMA, "--output-format", "json", "--verbose"),
    ]
    chunks: list[list[str]] = [[]]
    size = 0
    for name in files:
        if size + len(name) + 1 > _ARGV_BYTES and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(name)
        size += len(name) + 1
    spent, checked, invalid = Timing(0.0, 0.0), 0, set()
    for chunk in chunks:
        run = timed([*command, *chunk], target, statuses=(0, 1))
        report = json.loads(run.stdout)
        spent += run.time
        if report["status"] == "ok":  # --verbose lists the files checked: all of them, or those that passed
            checked += len(report["checked_paths"])
            continue
        failed = {error["filename"] for error in [*report["errors"], *report["parse_errors"]]}
        if not failed:
            raise BaselineError("check-jsonschema failed without naming a file")
        checked += len(report["successes"]) + len(failed)
        invalid |= failed
    return Checked(spent, checked, frozenset(invalid))


# history


@dataclass(frozen=True)
class Logged:
    time: Timing
    commits: int
    changes: int


def git_log(repo: Path) -> Logged:
    """One ``git log --name-status -M`` over the repository: the commits it listed, and their changes
    (one name-status entry per file, a rename counting once). Its output is fully buffered, as our
    history has git's (GIT_FLUSH=0: into a pipe, git would flush after each commit, 6 % slower)."""
    run = timed(GIT_LOG, repo, env={**os.environ, "GIT_FLUSH": "0"})
    starts = [match.start() for match in _COMMIT.finditer(run.stdout)]
    changes = 0
    for start, end in zip(starts, [*starts[1:], len(run.stdout)], strict=True):
        # The header, a blank line, the message indented by four spaces, a blank line, then the entries:
        # a status, and one path (two for a rename or a copy), each ended by a NUL.
        found = _ENTRIES.search(run.stdout, start, end)
        tokens = iter(run.stdout[found.end() : end].split(b"\x00") if found else [])
        for token in tokens:
            if token:
                changes += 1
                next(tokens, None)
                if token[:1] in (b"R", b"C"):
                    next(tokens, None)
    return Logged(run.time, len(starts), changes)


def first_parent_commits(repo: Path) -> int:
    output = subprocess.run(
        ["git", "rev-list", "--first-parent", "--count", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    )
    return int(output.stdout)


# site


def bare_site(source: Path, pages: int, target: Path) -> None:
    """A MkDocs project under ``target`` with ``pages`` bare pages: the home page, then the body of each
    proposal under ``source`` (in turn, from the first again if there are fewer) under its title; the
    theme, its settings and the Markdown extensions of the project's mkdocs.yml; no hook, no plugin,
    and no page but the home page in the navigation."""
    ours = read_config(PROJECT / "mkdocs.yml")
    config: dict[str, Any] = {
        "site_name": ours["site_name"],
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": ours["theme"],
        "plugins": [],
        "markdown_extensions": ours["markdown_extensions"],
        "validation": ours["validation"],
        "nav": [{"Trang chủ": "index.md"}],
        # What the theme's templates (overrides/) read besides the pages: the header, the footer.
        "extra": {"registry": theme_values(load_registry(PROJECT), PROJECT, PROJECT / "docs")},
    }
    shutil.rmtree(target, ignore_errors=True)
    (target / "docs" / "p").mkdir(parents=True)
    shutil.copytree(PROJECT / ours["theme"].get("custom_dir", "overrides"), target / "overrides")  # the same theme
    (target / "mkdocs.yml").write_text(dump_config(config), encoding="utf-8")
    (target / "docs" / "index.md").write_text(f"# {ours['site_name']}\n", encoding="utf-8")
    files = proposal_files(source)
    if not files:
        raise BaselineError(f"{source}: no proposals to make pages of")
    for number in range(1, pages):
        text = files[(number - 1) % len(files)].read_text(encoding="utf-8")
        front, _, body = text[4:].partition("\n---\n")
        title = yaml.load(front, Loader=yaml.CSafeLoader)["title"]
        (target / "docs" / "p" / f"{number:05d}.md").write_text(f"# {title}\n{body}", encoding="utf-8")


def html_pages(site: Path) -> int:
    """The pages of a built site: its HTML files, but MkDocs' 404 page and anything under pagefind/."""
    return sum(
        1
        for path in site.rglob("*.html")
        if path.name != "404.html" and "pagefind" not in path.relative_to(site).parts[:1]
    )


def build_bare(target: Path) -> Timing:
    """One ``mkdocs build`` of the bare project, as ours is built (same Python, quiet)."""
    return timed([sys.executable, "-m", "mkdocs", "build", "-q"], target).time
