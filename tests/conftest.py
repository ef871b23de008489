from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from registry.config import Registry, load_registry

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


def copy_configuration(root: Path) -> None:
    shutil.copy(PROJECT / "registry.yml", root / "registry.yml")
    shutil.copytree(PROJECT / "schema", root / "schema")


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


WriteProposal = Callable[..., Path]


@pytest.fixture
def write_proposal(registry_root: Path) -> WriteProposal:
    """Write text (or bytes) as proposals/<folder>/<name> in the temporary registry."""

    def write(content: str | bytes, name: str = "2025-901-de-xuat.md", folder: str = "so-tu-phap") -> Path:
        path = registry_root / "proposals" / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write


VALID_FRONT = """id: "2025-901"
title: "Rút ngắn thời gian cấp phiếu lý lịch tư pháp"
summary: "Cấp phiếu lý lịch tư pháp trực tuyến trong 3 ngày làm việc thay cho 10 ngày."
unit: so-tu-phap
field: linh-vuc-khac
authors:
  - name: "Nguyễn Văn An"
    position: "Chuyên viên"
    unit: so-tu-phap
status: submitted
confidential: false
submitted: 2025-03-03
"""


def sections_body(registry: Registry, texts: list[str] | None = None) -> str:
    texts = texts or ["Nội dung phần này."] * len(registry.sections)
    return "".join(f"\n## {heading}\n\n{text}\n" for heading, text in zip(registry.sections, texts, strict=False))


def proposal_text(registry: Registry, front: str = VALID_FRONT, body: str | None = None) -> str:
    return f"---\n{front}---\n{sections_body(registry) if body is None else body}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples plus a hostile proposal, built by the real mkdocs into a site folder."""
    from tests.site_helper import build

    return build(tmp_path_factory.mktemp("site-source"))
