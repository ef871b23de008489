"""The registry's object is the "đề xuất đổi mới, sáng tạo" (Decree 73/2023/NĐ-CP); a "sáng kiến" is
another legal scheme (the initiatives of Decree 13/2012/NĐ-CP), so what the public or a user reads never
calls a proposal that: the catalogue, the templates, the schema's descriptions (the hints reuse them),
the published docs pages, mkdocs.yml, the site's scripts, the pull request template, and every page
and data file of the built sample site, URLs included. The word is looked for in any case, with or
without its diacritics, and whatever separates the two syllables (``sang-kien``, ``SangKien``).

Only ``ALLOWED`` passages may say it, each naming Decree 13/2012's scheme on purpose. What stays,
and why: the GitHub organisation ``sang-kien-can-tho`` in registry.yml and CODEOWNERS is an account
name that reviewers see, not a word of the site (registry.yml says so in its third line)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from tests.helpers.proposals import PROJECT

# Each passage that may say "sáng kiến", with why. Matched after folding, so line breaks do not matter.
ALLOWED = {
    "không phải là sáng kiến theo Điều lệ Sáng kiến": "docs/quy-trinh.md tells the two schemes apart",
}
SITE_FILES = (".html", ".xml", ".json", ".csv", ".js", ".txt")


def fold(text: str) -> str:
    """Lower case, without diacritics (đ as d), every run of other characters one space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", bare))


WORD = re.compile(r"\bsang ?kien")
PASSAGES = [fold(passage) for passage in ALLOWED]


def said(text: str) -> list[str]:
    """Where ``text`` says "sáng kiến" outside the allowed passages: a little of the folded context."""
    folded = fold(text)
    for passage in PASSAGES:
        folded = folded.replace(passage, " ")
    return [folded[max(0, m.start() - 40) : m.end() + 40] for m in WORD.finditer(folded)]


@pytest.mark.parametrize(
    "text",
    [
        "Sáng kiến",
        "SÁNG KIẾN",
        "sang kien",
        "sang-kien/2025-001",
        "SangKien",
        "sáng_kiến",
        "sa\u0301ng kie\u0302\u0301n",  # not NFC: the marks apart from their letters
    ],
)
def test_the_word_is_found_however_it_is_written(text: str) -> None:
    assert said(f"Trang {text} này") != []


def test_the_allowed_passage_is_allowed_and_only_it() -> None:
    passage = next(iter(ALLOWED))
    assert said(f"Đề xuất {passage.upper()}.") == []
    assert said(f"Đề xuất {passage}. Sáng kiến mới.") != []


def published_docs() -> list[Path]:
    """docs/*.md that the site publishes: those mkdocs.yml does not exclude."""
    # MkDocs' own loader: mkdocs.yml names toc's slugify by its Python name (!!python/name:).
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    excluded = set(config["exclude_docs"].split())
    pages = [path for path in sorted((PROJECT / "docs").glob("*.md")) if path.name not in excluded]
    assert {"quy-trinh.md", "xem-xet-quyet-dinh.md", "gui-de-xuat.md"} <= {path.name for path in pages}
    return pages


def sources() -> list[Path]:
    package = PROJECT / "scripts" / "registry"
    return [
        *sorted((package / "catalogue").glob("*.yml")),
        *sorted((package / "templates").rglob("*.j2")),
        *sorted((PROJECT / "schema").glob("*.json")),
        *published_docs(),
        *sorted((PROJECT / "docs" / "assets").iterdir()),
        PROJECT / "mkdocs.yml",
        PROJECT / ".github" / "pull_request_template.md",
    ]


def test_what_a_user_reads_never_calls_a_proposal_sang_kien() -> None:
    found = {
        path.relative_to(PROJECT).as_posix(): hits
        for path in sources()
        if (hits := said(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_each_allowed_passage_is_still_there() -> None:
    """An allowance that nothing uses any more is removed, so that the list stays a list of reasons."""
    text = fold(" ".join(path.read_text(encoding="utf-8") for path in sources()))
    assert [passage for passage in PASSAGES if passage not in text] == []


def test_the_built_site_never_calls_a_proposal_sang_kien(built_site: Path) -> None:
    files = [path for path in built_site.rglob("*") if path.suffix in SITE_FILES and "pagefind" not in path.parts]
    assert any(path.name == "feed.xml" for path in files) and any(path.suffix == ".csv" for path in files)
    found = {}
    for path in files:
        relative = path.relative_to(built_site).as_posix()
        hits = said(relative) + said(path.read_text(encoding="utf-8", errors="replace"))
        if hits:
            found[relative] = hits
    assert found == {}
