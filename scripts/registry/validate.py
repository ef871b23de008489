"""``registry validate``: the proposal files on disk, gathered and handed to the checking engine.

Cross-file rules (unique ids, related ids) read an index of ids taken from the file names, so that
checking one file never has to parse the others. A large registry is checked in worker processes,
one per core; each worker loads its files and runs every rule, and sends back only the problems.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from registry.catalogue import text
from registry.config import Registry
from registry.errors import RegistryError
from registry.layout import build_index, misplaced_file, walk
from registry.lint.context import Context
from registry.lint.engine import file_problems, fixed_problems
from registry.lint.report import Report
from registry.load import load_file
from registry.parallel import collector_paused, map_chunks
from registry.problem import Finding, Problem

PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves


def check_files(context: Context, files: Sequence[Path]) -> list[Problem]:
    problems: list[Problem] = []
    with collector_paused():
        for file in files:
            proposal, found = load_file(context.registry.root, file)
            problems.extend(file_problems(proposal, found, context))
    return problems


def resolve_paths(registry: Registry, paths: Sequence[str]) -> list[Path]:
    """The files named on the command line, each inside the registry; folders are walked."""
    root = registry.root
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        # Normalised but not resolved, so that a symlinked file is still seen as one; its folder is resolved.
        absolute = Path(os.path.normpath(Path.cwd() / path))
        if not absolute.is_relative_to(root) or not absolute.parent.resolve().is_relative_to(root):
            raise RegistryError(text("cli.error.outside_registry", name=name, root=root))
        if absolute.is_dir() and not absolute.is_symlink():
            for folder, dirs, names in os.walk(absolute):
                dirs.sort()
                files.extend(Path(folder, n) for n in sorted(names))
        elif absolute.exists() or absolute.is_symlink():
            files.append(absolute)
        else:
            raise RegistryError(text("cli.error.no_such_file", name=name))
    return files


def _named_files(registry: Registry, files: Sequence[Path]) -> tuple[list[Path], list[Finding]]:
    """The files named on the command line that can hold a proposal, and what is wrong with the others."""
    kept: list[Path] = []
    findings: list[Finding] = []
    for file in files:
        finding = misplaced_file(file.relative_to(registry.root).as_posix())
        if finding is None:
            kept.append(file)
        else:
            findings.append(finding)
    return kept, findings


def validate(
    registry: Registry, paths: Sequence[str] = (), jobs: int | None = None, as_of: date | None = None
) -> Report:
    """The problems of the given files (or of every proposal), checked against the whole registry;
    what was checked is the files and the other entries the layout reports. With ``as_of``, steps
    overdue on that day are warned about too (the rule ``deadline``)."""
    everything, layout = walk(registry.root)
    if paths:
        files, layout = _named_files(registry, resolve_paths(registry, paths))
    else:
        files = [registry.root / path for path in everything]
    context = Context(registry, build_index(everything), as_of)
    checked = len(files) + len(layout)
    _ = registry.quick_check  # compiled once, before the workers are forked
    found = map_chunks(check_files, context, files, parallel_from=PARALLEL_FROM, jobs=jobs)
    problems = fixed_problems(layout) + [problem for chunk in found for problem in chunk]
    return Report.of(problems, checked)
