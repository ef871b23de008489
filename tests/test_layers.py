"""Who may import whom, read from the source with ``ast`` (imports inside functions included).

The tests import shared code from tests/helpers/ only, never from one another or from conftest.py.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.proposals import PROJECT

TESTS = PROJECT / "tests"


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
