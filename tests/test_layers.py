"""Who may import whom, read from the source with ``ast`` (imports inside functions included).

The package's modules are in layers, and a module imports from its own layer and the layers below it
only: the data flows one way (docs/development.md). Every module is in exactly one layer, so that a new
module is placed on purpose. The tests import shared code from tests/helpers/ only, never from one
another or from conftest.py.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from tests.helpers.proposals import PROJECT

TESTS = PROJECT / "tests"
PACKAGE = PROJECT / "scripts" / "registry"

# Lowest first. A pattern is a module's dotted name, or ends in ``.*`` for every module below a package;
# renaming a module is a change to one line here.
LAYERS: dict[str, tuple[str, ...]] = {
    # Vocabulary that knows nothing of proposals' files: errors, problems, the catalogue's text, the
    # lifecycle's tables, working days, the guarded YAML reader and the other small parsers.
    "base": (
        "registry",
        "registry.errors",
        "registry.problem",
        "registry.catalogue",
        "registry.lifecycle",
        "registry.format_version",
        "registry.parallel",
        "registry.workdays",
        "registry.yamlread",
        "registry.frontmatter",
        "registry.spreadsheet",
        "registry.sanitize",
        "registry.quickcheck",
    ),
    # The registry's files: where proposals live, the model, loading a file, the configuration.
    "format": (
        "registry.layout",
        "registry.model",
        "registry.custody",
        "registry.load",
        "registry.config",
        "registry.fast_status",
        "registry.fast_front_matter",
        "registry.deadlines",
    ),
    # Git, GitHub's conventions, signatures, and the history read from them.
    "git": (
        "registry.gitrepo",
        "registry.github",
        "registry.provenance",
        "registry.history",
    ),
    # What a rule receives and how it says what it found; the result that reporters read.
    "lint": (
        "registry.lint",
        "registry.lint.context",
        "registry.lint.findings",
        "registry.lint.report",
    ),
    # The rules: they know the engine's vocabulary, never the engine.
    "rules": (
        "registry.lint.rules",
        "registry.lint.rules.*",
        "registry.lint.transitions",
        "registry.lint.transitions.*",
    ),
    "engine": ("registry.lint.engine",),
    # What the subcommands and the site do, each a plain function over the layers below.
    "commands": (
        "registry.validate",
        "registry.check",
        "registry.new",
        "registry.audit",
        "registry.codeowners",
        "registry.form",
        "registry.intake",
        "registry.init",
        "registry.rules",
        "registry.synthetic",
        "registry.lifecycle_schema",
        "registry.migrate",
        "registry.record",
        "registry.reporters",
        "registry.public",
        "registry.prerender",
        "registry.site",
        "registry.sitebuild",
        "registry.reporting",
    ),
    # Where a user or MkDocs comes in: parse arguments or MkDocs' events, call a command, report.
    "entry points": (
        "registry.__main__",
        "registry.cli",
        "registry.mkdocs_hook",
        "registry.mkdocs_plugin",
    ),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (a submodule when ``from package import submodule``)
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.where}: {self.module} imports {self.target}"


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package in folder ``root``, by dotted name."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports(module: str, path: Path, known: set[str]) -> list[Import]:
    """The modules that ``module`` (the file at ``path``) imports, anywhere in the file. ``from p import
    n`` imports ``p.n`` when that is one of the ``known`` modules, else ``p``."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    shown = path.relative_to(PROJECT) if path.is_relative_to(PROJECT) else path
    found = []
    for node in ast.walk(tree):
        where = f"{shown}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, where) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..y import z
                parent = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append(Import(module, submodule if submodule in known else base, where))
    return found


def test_imports_are_read_at_any_depth_and_from_packages(tmp_path: Path) -> None:
    package = tmp_path / "tests"
    (package / "helpers").mkdir(parents=True)
    source = package / "test_x.py"
    source.write_text(
        "import os\nfrom tests.helpers import git\nfrom . import conftest\n\n"
        "def f():\n    from tests.test_y import Z\n",
        encoding="utf-8",
    )
    known = {"tests", "tests.helpers", "tests.helpers.git", "tests.conftest", "tests.test_x", "tests.test_y"}
    found = [(i.target, i.where.rpartition(":")[2]) for i in imports("tests.test_x", source, known)]
    assert sorted(found) == [("os", "1"), ("tests.conftest", "3"), ("tests.helpers.git", "2"), ("tests.test_y", "6")]


def layer_of(module: str, layers: dict[str, tuple[str, ...]]) -> list[str]:
    """The layers whose patterns match ``module`` (one, if the table is right)."""
    return [name for name, patterns in layers.items() if any(fnmatchcase(module, pattern) for pattern in patterns)]


def layer_problems(found: list[Import], modules: set[str], layers: dict[str, tuple[str, ...]]) -> list[str]:
    """What breaks the layers: a module in no layer or in two, an import from a higher layer, and a
    pattern that matches no module (a module renamed or gone)."""
    problems = []
    rank = {name: position for position, name in enumerate(layers)}
    for module in sorted(modules):
        placed = layer_of(module, layers)
        if len(placed) != 1:
            problems.append(f"{module} is in {len(placed)} layers {placed}: place it in one, in LAYERS")
    for name, patterns in layers.items():
        problems += [f"{pattern} ({name}) matches no module" for pattern in patterns
                     if not any(fnmatchcase(module, pattern) for module in modules)]  # fmt: skip
    for each in found:
        if each.target not in modules or each.target == each.module:
            continue
        importer, imported = layer_of(each.module, layers), layer_of(each.target, layers)
        if len(importer) == len(imported) == 1 and rank[imported[0]] > rank[importer[0]]:
            problems.append(f"{each}: layer {importer[0]} imports from the higher layer {imported[0]}")
    return problems


# --- The package -----------------------------------------------------------------------------------


def test_every_module_is_in_one_layer_and_imports_only_from_its_own_and_lower_layers() -> None:
    modules = module_names(PACKAGE, "registry")
    found = [each for name, path in modules.items() for each in imports(name, path, set(modules))]
    assert any(each.target.startswith("registry.") for each in found)
    problems = layer_problems(found, set(modules), LAYERS)
    assert problems == [], "\n".join(problems)


def test_a_lower_layer_importing_a_higher_one_is_named() -> None:
    layers = {"low": ("pkg.low",), "high": ("pkg.high", "pkg.sub.*")}
    modules = {"pkg.low", "pkg.high", "pkg.sub.a"}
    found = [Import("pkg.high", "pkg.low", "high.py:1"), Import("pkg.low", "pkg.sub.a", "low.py:7")]
    assert layer_problems(found, modules, layers) == [
        "low.py:7: pkg.low imports pkg.sub.a: layer low imports from the higher layer high"
    ]


def test_a_module_in_no_layer_or_a_pattern_without_module_is_named() -> None:
    layers = {"low": ("pkg.low", "pkg.gone"), "high": ("pkg.*",)}
    assert layer_problems([], {"pkg.low", "other.new"}, layers) == [
        "other.new is in 0 layers []: place it in one, in LAYERS",
        "pkg.low is in 2 layers ['low', 'high']: place it in one, in LAYERS",
        "pkg.gone (low) matches no module",
    ]


# --- The tests -------------------------------------------------------------------------------------


def test_code_imports_from_tests_helpers_only() -> None:
    """A test module, conftest.py or a helper imports no test module and no conftest: what tests share
    lives in tests/helpers/."""
    modules = {name: path for name, path in module_names(TESTS, "tests").items() if not name.startswith("tests.corpus")}
    wrong = [
        str(found)
        for name, path in modules.items()
        for found in imports(name, path, set(modules))
        if (found.target == "tests" or found.target.startswith("tests."))
        and not (found.target == "tests.helpers" or found.target.startswith("tests.helpers."))
    ]
    assert wrong == [], "move what is shared into tests/helpers/:\n" + "\n".join(wrong)
