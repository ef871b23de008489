"""Validation of the whole registry or of some files: load, run the rules, collect the problems.

Cross-file rules (unique ids, related ids) read an index of ids taken from the file names, so that
checking one file never has to parse the others. A large registry is checked in worker processes,
one per core; each worker loads its files and runs every rule, and sends back only the problems.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from registry.catalogue import hint
from registry.config import Registry
from registry.errors import RegistryError
from registry.layout import PROPOSAL_FILE, misplaced
from registry.load import load_file
from registry.model import id_from_path
from registry.problem import Problem, sorted_problems
from registry.rules import run_rules
from registry.rules.base import Context

PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves


def discover(registry: Registry) -> list[Path]:
    """Every proposal file under proposals/, symlinks included (they are reported, not followed);
    entries whose place or name cannot hold a proposal are left out (``validate`` reports them)."""
    return [registry.root / path for path in _walk(registry.root, registry.proposals_dir)[0]]


def _walk(root: Path, top: Path) -> tuple[list[str], list[Problem]]:
    """The proposal files under ``top`` as posix paths relative to ``root``, in a stable order, and
    the problems of every other entry there (layout.py says what may stand under proposals/)."""
    found: list[str] = []
    problems: list[Problem] = []
    prefix = len(str(root)) + 1
    if top.is_symlink():
        return [], [_layout_problem(top.relative_to(root).as_posix(), "file-symlink", "a symbolic link")]
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        relative = folder[prefix:].replace(os.sep, "/")
        for name in list(dirs):
            path = f"{relative}/{name}"
            if Path(folder, name).is_symlink():
                dirs.remove(name)
                problems.append(_layout_problem(path, "file-symlink", "a symbolic link to a folder"))
            elif why := misplaced(path, folder=True):
                dirs.remove(name)  # one mistake, one message: what lies inside is not looked at
                rule = "file-type" if PROPOSAL_FILE.fullmatch(name) else "file-name"
                problems.append(_layout_problem(path, rule, why))
        for name in sorted(files):
            path = f"{relative}/{name}"
            if why := misplaced(path):
                problems.append(_layout_problem(path, "file-name", why))
            elif (entry := Path(folder, name)).lstat().st_mode & 0o111 and not entry.is_symlink():
                problems.append(_layout_problem(path, "file-type", "the file is executable"))
            else:
                found.append(path)
    return found, problems


def _layout_problem(path: str, rule: str, message: str) -> Problem:
    return Problem(path, 1, 1, rule, "error", message, hint(rule))


def build_index(paths: Iterable[str]) -> dict[str, list[str]]:
    """Proposal ids, taken from the file names, to the files that carry them."""
    index: dict[str, list[str]] = {}
    for path in paths:
        name = id_from_path(path)
        if name:
            index.setdefault(name, []).append(path)
    return index


def check_files(context: Context, files: Sequence[Path]) -> list[Problem]:
    problems: list[Problem] = []
    # Loading makes many short-lived objects and no reference cycles; the cyclic collector would only
    # rescan them (about a tenth of the time), and reference counting frees them all the same.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for file in files:
            proposal, found = load_file(context.registry.root, file)
            problems.extend(found)
            if proposal is not None:
                # A value the loader already objected to (a datetime, say) is not reported again
                # by the schema: one mistake, one message.
                told = {problem.line for problem in found}
                problems.extend(p for p in run_rules(proposal, context) if p.rule != "schema" or p.line not in told)
    finally:
        if collecting:
            gc.enable()
    return problems


_worker_context: Context | None = None


def _start_worker(context: Context) -> None:
    global _worker_context
    _worker_context = context


def _check_chunk(files: Sequence[Path]) -> list[Problem]:
    assert _worker_context is not None
    return check_files(_worker_context, files)


def resolve_paths(registry: Registry, paths: Sequence[str]) -> list[Path]:
    """The files named on the command line, each inside the registry; folders are walked."""
    root = registry.root
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        # Normalised but not resolved, so that a symlinked file is still seen as one; its folder is resolved.
        absolute = Path(os.path.normpath(Path.cwd() / path))
        if not absolute.is_relative_to(root) or not absolute.parent.resolve().is_relative_to(root):
            raise RegistryError(f"{name}: outside the registry at {root}")
        if absolute.is_dir() and not absolute.is_symlink():
            for folder, dirs, names in os.walk(absolute):
                dirs.sort()
                files.extend(Path(folder, n) for n in sorted(names))
        elif absolute.exists() or absolute.is_symlink():
            files.append(absolute)
        else:
            raise RegistryError(f"{name}: no such file")
    return files


def _named_files(registry: Registry, files: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The files named on the command line that can hold a proposal, and the problems of the others."""
    kept: list[Path] = []
    problems: list[Problem] = []
    for file in files:
        path = file.relative_to(registry.root).as_posix()
        if why := misplaced(path):
            problems.append(_layout_problem(path, "file-name", why))
        else:
            kept.append(file)
    return kept, problems


def validate(registry: Registry, paths: Sequence[str] = (), jobs: int | None = None) -> tuple[list[Problem], int]:
    """Problems of the given files (or of every proposal), checked against the whole registry,
    and how many files were checked."""
    everything, layout = _walk(registry.root, registry.proposals_dir)
    if paths:
        files, layout = _named_files(registry, resolve_paths(registry, paths))
    else:
        files = [registry.root / path for path in everything]
    context = Context(registry, build_index(everything))
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(files) < PARALLEL_FROM:
        return sorted_problems(layout + check_files(context, files)), len(files) + len(layout)
    _ = registry.quick_check  # compiled once, before the workers are forked
    # Contiguous chunks keep each worker's reads local; several per worker even out the load.
    size = max(50, len(files) // (jobs * 4))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    problems: list[Problem] = []
    with ProcessPoolExecutor(
        jobs, mp_context=get_context("fork"), initializer=_start_worker, initargs=(context,)
    ) as pool:
        for found in pool.map(_check_chunk, chunks):
            problems.extend(found)
    return sorted_problems(layout + problems), len(files) + len(layout)
