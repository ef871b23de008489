"""The package as `pip install .` makes it, not as the editable install of development: the wheel ships
every file of the package folder, and a fresh virtual environment with only that wheel (its
dependencies reached through a path file, so that nothing is downloaded) checks and builds the sample
site outside the source tree, as another province's registry would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.helpers.git import ENV
from tests.helpers.proposals import PROJECT
from tests.helpers.site import HOSTILE_ID, PUBLISHED, once

PACKAGE = PROJECT / "scripts" / "registry"


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(word) for word in command], cwd=cwd, env={**ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip install .` would install, built from a copy of the sources: setuptools reuses a
    build/ folder left in the tree, which would ship files since deleted. Built once per test run, shared
    by the workers (the tests only read it)."""
    return once(tmp_path_factory, "wheel", _build_wheel)


def _build_wheel(target: Path) -> Path:
    source, out = target / "source", target / "wheel"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    shutil.copytree(PROJECT / "scripts", source / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out.mkdir()
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, source, cwd=source)
    (built,) = out.glob("registry-*.whl")
    return built


def test_the_wheel_ships_every_file_of_the_package_folder(wheel: Path) -> None:
    """A data file that package-data does not name would be missing from a real install only."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("registry/")}
        entry_points = next(name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt"))
        declared = archive.read(entry_points).decode()
    present = {
        f"registry/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert shipped == present, {"missing from the wheel": present - shipped, "extra": shipped - present}
    assert "registry/py.typed" in shipped
    assert "registry = registry.mkdocs_plugin:RegistryPlugin" in declared


def test_the_installed_wheel_checks_and_builds_the_sample_site(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    install: list[str | Path] = ["install", "--quiet", "--no-deps", "--no-index", wheel]
    run(sys.executable, "-m", "pip", "--python", python, *install, cwd=tmp_path)
    # The dependencies from the project's environment, as plain paths: its editable install of this
    # package is a .pth file there, which a path line does not run, so `registry` is the wheel's.
    where = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
    target = Path(where.stdout.strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (target / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    imported = run(python, "-c", "import registry.mkdocs_plugin as m; print(m.__file__)", cwd=tmp_path).stdout
    assert Path(imported.strip()).is_relative_to(venv)

    # The sample registry, as a province would hold it: `registry init`, then its own configuration
    # and proposals; no scripts/ folder, so nothing can come from the source tree.
    root = tmp_path / "registry"
    run(venv / "bin" / "registry", "init", root, cwd=tmp_path)
    shutil.copy(PROJECT / "registry.yml", root / "registry.yml")
    shutil.copytree(PROJECT / "proposals", root / "proposals", dirs_exist_ok=True)
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Sổ đăng ký"]):
        run("git", *command, cwd=root)
    assert not (root / "scripts").exists()
    checked = run(venv / "bin" / "registry", "validate", cwd=root)
    assert "0 lỗi" in checked.stdout
    run(python, "-m", "mkdocs", "build", "--strict", cwd=root)
    site = root / "site"
    for proposal_id in PUBLISHED:
        if proposal_id != HOSTILE_ID:  # the site tests' own addition, not a sample
            assert (site / "de-xuat" / proposal_id / "index.html").is_file(), proposal_id
    for built in ("index.html", "thong-ke/index.html", "du-lieu/proposals.json", "feed.xml", "pagefind/pagefind.js"):
        assert (site / built).is_file(), built
