"""The fast status reader agrees with the loader, or declines: over the samples, generated registries
and documents full of YAML's traps; and history, fooled before by a status line inside a quoted
summary, now reads what the loader reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.audit import audit
from registry.config import load_registry
from registry.fast_status import declared_status
from registry.gitrepo import Repository
from registry.history import read_history, status_of
from registry.layout import discover
from registry.load import parse_proposal
from registry.synthetic import generate
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import DECISION, PATH, PROJECT, VALID_FRONT, proposal_text
from tests.helpers.yaml_traps import FRAGMENTS


def loader_status(blob: bytes) -> str | None:
    proposal, _ = parse_proposal(PATH, blob)
    return proposal.status if proposal is not None else None


def document(front: str, body: str = "\nNội dung.\n") -> bytes:
    return f"---\n{front}---\n{body}".encode()


def test_a_body_with_too_many_headings() -> None:
    blob = document(VALID_FRONT, "\n## Mục\n" * 1001)
    assert loader_status(blob) is None
    assert declared_status(blob) is None


@settings(max_examples=400, deadline=None)
@given(
    picks=st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.integers(0, 20)), min_size=1, max_size=3),
    drop_status=st.booleans(),
    crlf=st.booleans(),
)
def test_the_fast_path_agrees_with_the_loader_or_declines(
    picks: list[tuple[str, int]], drop_status: bool, crlf: bool
) -> None:
    lines = VALID_FRONT.splitlines()
    if drop_status:
        lines = [line for line in lines if not line.startswith("status:")]
    for fragment, place in picks:
        lines.insert(place % (len(lines) + 1), fragment)
    front = "\n".join(lines) + "\n"
    blob = document(front.replace("\n", "\r\n") if crlf else front)
    declared = declared_status(blob)
    assert declared is None or declared == loader_status(blob)
    assert status_of(blob, PATH) == loader_status(blob)


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_trap_alone(fragment: str) -> None:
    for front in (VALID_FRONT + fragment + "\n", fragment + "\n" + VALID_FRONT):
        blob = document(front)
        declared = declared_status(blob)
        assert declared is None or declared == loader_status(blob), front


def test_the_fast_path_answers_for_ordinary_proposals(tmp_path: Path) -> None:
    """Not a path that always declines: every sample and every generated proposal is read fast."""
    registry = load_registry(PROJECT)
    files = [path.read_bytes() for path in discover(registry.root)]
    generate(registry, tmp_path, 300)
    files += [path.read_bytes() for path in sorted((tmp_path / "proposals").rglob("*.md"))]
    assert len(files) > 300
    for blob in files:
        assert declared_status(blob) is not None
        assert declared_status(blob) == loader_status(blob)


def test_a_status_line_inside_a_quoted_summary_does_not_fool_history_or_audit(tmp_path: Path) -> None:
    """The attack: a direct push approves a proposal with the key written "status", while a quoted
    summary carries a line that reads as status: submitted."""
    repo = GitRegistry(tmp_path / "registry")
    registry = load_registry(repo.root)
    repo.branch("de-xuat")
    repo.write(PATH, proposal_text(registry, VALID_FRONT))
    repo.commit("Trình")
    repo.merge_pull_request("de-xuat")
    disguised = VALID_FRONT.replace(
        'summary: "Cấp phiếu lý lịch tư pháp trực tuyến trong 3 ngày làm việc thay cho 10 ngày."',
        'summary: "Cấp phiếu lý lịch tư pháp trực tuyến\nstatus: submitted\n  trong 3 ngày làm việc."',
    ).replace("status: submitted\nconfidential", '"status": approved\nconfidential')
    repo.write(PATH, proposal_text(registry, disguised + DECISION))
    pushed = repo.commit("Cập nhật tóm tắt")
    assert loader_status((repo.root / PATH).read_bytes()) == "approved"
    last = read_history(Repository(repo.root))["2025-901"][-1]
    assert (last.commit, last.status_before, last.status_after) == (pushed, "submitted", "approved")
    problems, _ = audit(Repository(repo.root), "main")
    assert [p.path for p in problems if pushed[:10] in p.message] == [PATH]


@pytest.mark.parametrize(
    "fragment",
    [
        "tags:\n- a\n- b",
        "x:\n  -   a: 1\n      b: 2",
        "x:\n  - - a\n    - b",
        "summary: Tóm tắt\n  - mục",
        "summary: Tóm tắt\n  [b, c]",
        "x: a #b: c",
        "x: {a: 'b: c'}",
        'x: "a\\nb"',
        "x: a\u00a0b",
    ],
)
def test_shapes_the_fast_path_reads(fragment: str) -> None:
    """Not a path that declines whatever is unusual: these are read, and as the loader reads them."""
    for front in (VALID_FRONT + fragment + "\n", fragment + "\n" + VALID_FRONT):
        assert declared_status(document(front)) == loader_status(document(front)) == "submitted"


@pytest.mark.parametrize(
    ("body", "answered"),
    [
        ("\nCà phê\u0301 không ở dạng NFC.\n", True),  # loads, with a problem: the status stands
        ("\nDấu" + "\u0301" * 40 + " nối liền.\n", False),  # a run the loader refuses
        ("\nMột NUL \x00 giữa dòng.\n", False),
        ("\nDòng\u2028ngắt.\n", True),
    ],
)
def test_the_body_gates(body: str, answered: bool) -> None:
    blob = document(VALID_FRONT, body)
    assert (declared_status(blob) is not None) == answered
    assert declared_status(blob) in (None, loader_status(blob))
    assert status_of(blob, PATH) == loader_status(blob)


def test_bytes_that_are_not_utf8_decline_in_the_body_or_the_front_matter() -> None:
    valid = document(VALID_FRONT)
    assert declared_status(valid) == "submitted"
    for blob in (valid + b"\xff\n", valid.replace(b"Nguy\xe1\xbb\x85n", b"Nguy\xe1\xbbn")):
        assert loader_status(blob) is None
        assert declared_status(blob) is None


def test_what_one_version_taught_the_fast_path_does_not_answer_for_the_next() -> None:
    """Lines, skeletons and bodies are kept from version to version: the same lines in another
    order, the same body after another front matter, are read for what they are."""
    lines = VALID_FRONT.splitlines(keepends=True)
    assert declared_status(document(VALID_FRONT)) == "submitted"
    # The status line moved under the authors' entry: now the entry's key, and the top has none.
    moved = [line for line in lines if not line.startswith("status:")]
    moved.insert(moved.index("    unit: so-tu-phap\n") + 1, "    status: approved\n")
    blob = document("".join(moved))
    assert loader_status(blob) is None and declared_status(blob) is None
    # An author's line pulled out of its indentation: the same lines, a broken document.
    shifted = [line.replace("    position", "   position") for line in lines]
    blob = document("".join(shifted))
    assert loader_status(blob) is None and declared_status(blob) is None


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x01", "\t", "\x1f", "\x7f", "*", "&", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\uffff"],
)
def test_a_character_libyaml_refuses_or_breaks_a_line_at_is_left_to_the_loader(character: str) -> None:
    """Control characters, C1, the byte-order mark, U+FFFF, the line and paragraph separators, and
    the anchor and alias indicators: a front matter line that holds one is not read by the fast path."""
    blob = document(VALID_FRONT + f"note: Ghi{character}chú\n")
    assert declared_status(blob) is None
    assert status_of(blob, PATH) == loader_status(blob)


@pytest.mark.parametrize("character", ["\u00a0", "\u00bf", "\u2013", "\u2030", "\uef00", "\ufe00"])
def test_characters_that_share_a_first_byte_with_a_refused_one_are_read(character: str) -> None:
    """No-break space and ¿ (C2 as C1 controls), the en dash and per mille (E2 80 as U+2028), private
    use and variation selectors (EF as the byte-order mark): read, as the loader reads them."""
    blob = document(VALID_FRONT + f"note: Ghi{character}chú\n")
    assert declared_status(blob) == loader_status(blob) == "submitted"


@pytest.mark.parametrize("offset", range(8))
def test_a_run_of_combining_marks_is_found_wherever_it_starts(offset: int) -> None:
    """The body is searched for a long run in every fourth byte first: the shortest run the loader
    refuses (31 marks, 62 bytes) is found at every offset, and one mark fewer is read."""
    for marks, answered in ((31, False), (30, True)):
        blob = document(VALID_FRONT, "\n" + "x" * offset + "Dấu" + "\u0301" * marks + " nối liền.\n")
        assert loader_status(blob) == (None if marks > 30 else "submitted")
        assert (declared_status(blob) is not None) == answered
