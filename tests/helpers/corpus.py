"""The corpus of broken files (tests/corpus/): its manifest, and one case validated in a registry of its own."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import yaml

from registry.config import load_registry
from registry.lint.report import Report
from registry.validate import validate
from tests.helpers.proposals import CORPUS, copy_configuration

CASES: dict[str, dict[str, object]] = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))["cases"]


def validate_case(case: str, tmp_path: Path) -> tuple[Report, str]:
    """Validate the corpus file ``case`` (and the copies its manifest names) in a registry under
    ``tmp_path``: the report, and the file's path in the registry."""
    spec = CASES[case]
    root = tmp_path / "registry"
    root.mkdir(parents=True)
    copy_configuration(root)
    folder = root / "proposals" / str(spec.get("folder", "so-tu-phap"))
    folder.mkdir(parents=True)
    target = folder / f"2025-901-{case}.md"
    shutil.copy(CORPUS / f"{case}.md", target)
    for copy in spec.get("copies", []):  # type: ignore[attr-defined]
        shutil.copy(CORPUS / f"{case}.md", folder / copy)
    return validate(load_registry(root), [str(target)], jobs=1), target.relative_to(root).as_posix()


def vietnamese_words(text: str) -> set[str]:
    """The words of ``text`` that carry a Vietnamese letter (đ, or a letter with a tone or a mark)."""
    return {
        word
        for word in text.split()
        if any(c in "đĐ" or unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))
    }
