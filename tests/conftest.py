"""Fixtures only; what the tests share besides is in tests/helpers/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from registry.config import Registry, load_registry
from tests.helpers.new import Pipe, run_piped
from tests.helpers.proposals import PROJECT, WriteProposal, copy_configuration
from tests.helpers.site import CHROMIUM, ENGINES, FLAGS, sample_site


@pytest.fixture
def registry_root(tmp_path: Path) -> Path:
    """An empty registry (the project's configuration, no proposals) in a temporary folder."""
    root = tmp_path / "registry"
    root.mkdir()
    copy_configuration(root)
    (root / "proposals").mkdir()
    return root


@pytest.fixture
def samples_root(tmp_path: Path) -> Path:
    """A copy of the project's registry with its sample proposals."""
    root = tmp_path / "registry"
    root.mkdir()
    copy_configuration(root)
    shutil.copytree(PROJECT / "proposals", root / "proposals")
    return root


@pytest.fixture(scope="session")
def project_registry() -> Registry:
    return load_registry(PROJECT)


@pytest.fixture
def write_proposal(registry_root: Path) -> WriteProposal:
    """Write text (or bytes) as proposals/<folder>/<name> in the temporary registry."""

    def write(content: str | bytes, name: str = "2025-901-de-xuat.md", folder: str = "so-tu-phap") -> Path:
        path = registry_root / "proposals" / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The site's engine: a test that asks for it, or for a fixture that does, runs on each."""
    engine: str = request.param
    return engine


@pytest.fixture(name="sample_site", scope="session")
def sample_site_fixture(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The samples plus a hostile proposal, built by each engine (the real `mkdocs build`, or the
    commands of `make site ENGINE=zensical`) into a site folder, once per test run."""
    return sample_site(tmp_path_factory, engine)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples plus a hostile proposal, built by the real mkdocs (sample_site's, shared)."""
    return sample_site(tmp_path_factory, "mkdocs")


@pytest.fixture
def pipe(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Pipe:
    """`registry new` in this process, its answers piped in (standard input is not a terminal)."""
    return run_piped(monkeypatch, capsys)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, one per test run (per xdist worker): seven modules use it, and xdist
    splits a module between its workers; each test closes the contexts it opens. A machine without it
    fails, it does not skip."""
    assert Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM}: apt-get install chromium (.ci/run does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()
