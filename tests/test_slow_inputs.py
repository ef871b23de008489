"""Hostile inputs: every file of the slow-input corpus (bench/hostile.py), built at the size limits, gets
the problems it should from the real validator, and the one-pass scans that replaced backtracking
regular expressions agree with them. How long each file takes is measured by ``make bench``
(docs/benchmarks.md), not here: a test with a clock fails on a busy machine and proves nothing on a
fast one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema._utils import equal as jsonschema_equal

from bench.hostile import corpus
from registry.catalogue import hint
from registry.config import load_registry
from registry.load import (
    MAX_BYTES,
    MAX_FRONT_MATTER,
    MAX_HEADINGS,
    _without_comments,
    heading_title,
    parse_proposal,
    scan_sections,
)
from registry.problem import MAX_PROBLEMS_PER_RULE
from registry.validate import validate
from registry.yamlread import MAX_DEPTH
from tests.helpers.proposals import PROJECT, VALID_FRONT, WriteProposal, sections_body

MORE = MAX_PROBLEMS_PER_RULE + 1  # the first hundred, and one that says the rest are not shown

# Each file's problems, by rule. Files that are valid Markdown however odd (a heading with a
# megabyte of spaces, a quarter of a million unclosed comments) have none.
EXPECTED: dict[str, dict[str, int]] = {
    "deep-flow-sequences": {"yaml-too-deep": 1},
    "deep-flow-mappings": {"yaml-too-deep": 1},
    "deep-block-sequences": {"yaml-too-deep": 1},
    "deep-block-mappings": {"yaml-too-deep": 1},
    "long-plain-scalar": {"schema": 1},
    "long-number-like-scalar": {"yaml-number-too-long": 1},
    "long-sexagesimal-scalar": {"yaml-number-too-long": 1},
    "long-float-like-scalar": {"schema": 1},
    "long-date-like-scalar": {"schema": 1},
    "long-quoted-scalar": {"schema": 1},
    "long-key": {"yaml-syntax": 1},
    "many-unknown-keys": {"schema": MORE},
    "many-duplicate-keys": {"yaml-duplicate-key": MORE},
    "many-tags": {"schema": 1},
    "many-related-mixed": {"yaml-number": MORE, "related-exists": 1},
    "many-related-lists": {"schema": MORE},
    "many-authors": {"schema": MORE},
    "many-referrals": {"date-order": 10, "schema": MORE, "referral-up": MORE},
    "many-tagged-values": {"yaml-tag": MORE},
    "many-datetimes": {"yaml-datetime": MORE},
    "many-aliases": {"yaml-alias": 1},
    "many-tabs": {"yaml-tab": 5},
    "many-front-lines": {},
    "many-comments": {},
    "front-matter-megabyte": {"front-matter-too-large": 1},
    "closing-hashes": {},
    "closing-hashes-tabs": {},
    "comment-openers": {},
    "comment-openers-lines": {},
    "many-headings": {"body-too-many-headings": 1},
    "many-distinct-headings": {"body-too-many-headings": 1},
    "many-empty-headings": {"body-too-many-headings": 1},
    "many-level-one-headings": {"body-too-many-headings": 1},
    "many-level-seven-hashes": {},
    "many-level-three-headings": {},
    "many-hash-lines": {},
    "many-heading-hashes": {},
    "many-code-fences": {},
    "many-tilde-fences": {},
    "unclosed-fence-headings": {},
    "long-fence": {},
    "many-headings-in-comments": {"body-too-many-headings": 1},
    "long-line": {},
    "many-blank-lines": {},
    "many-space-lines": {},
    "many-crlf-lines": {},
    "many-tab-lines": {},
    "open-brackets": {"markdown-slow": 1},  # the site's rule: Python-Markdown would take hours
    "many-emphasis": {},
    "many-html-tags": {},
    "many-links": {},
    "many-list-items": {},
    "deep-blockquotes": {},
    "deep-lists": {},
    "combining-marks": {"unicode-combining": 1},
    "not-nfc-lines": {"unicode-nfc": 1},
}


@cache
def hostile_files() -> dict[str, bytes]:
    return corpus(load_registry(PROJECT).sections)


def test_the_corpus_is_at_the_size_limit() -> None:
    files = hostile_files()
    assert set(files) == set(EXPECTED)
    for name, data in files.items():
        assert MAX_BYTES * 0.85 < len(data) <= MAX_BYTES, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(name: str, write_proposal: WriteProposal, registry_root: Path) -> None:
    path = write_proposal(hostile_files()[name])

    report = validate(load_registry(registry_root), [str(path)], jobs=1)
    problems, checked = report.problems, report.checked

    found: dict[str, int] = {}
    for problem in problems:
        found[problem.rule] = found.get(problem.rule, 0) + 1
    assert (checked, found) == (1, EXPECTED[name])
    assert all(p.hint and p.line >= 1 and p.column >= 1 for p in problems)
    if any(count == MORE for count in found.values()):
        assert sum("khác trong tệp này không hiển thị" in p.message for p in problems) >= 1


def test_a_heading_with_a_megabyte_of_spaces_keeps_its_text(write_proposal: WriteProposal) -> None:
    proposal, problems = parse_proposal("x.md", hostile_files()["closing-hashes"])
    assert proposal is not None and not problems
    last = proposal.sections[-1]
    assert last.title.startswith("a ") and last.title.endswith(" #x")  # "#x" is text, not closing hashes


def test_a_too_large_front_matter_is_named_with_its_line(write_proposal: WriteProposal) -> None:
    front = VALID_FRONT + "notes: |\n" + "  dòng\n" * (MAX_FRONT_MATTER // 7 + 1)
    _, problems = parse_proposal("x.md", f"---\n{front}---\n".encode())
    assert [(p.rule, p.line) for p in problems] == [("front-matter-too-large", front.count("\n") + 2)]


# The scans that replaced regular expressions say what those said, on texts short enough for them.

_OLD_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_OLD_COMMENT = re.compile(r"<!--.*?-->", re.S)
# What a line of text is (not a heading; an indented code block is text) is the loader's, as it is now:
# the property is about the one-pass scans, which cut comments and count lines as the patterns did.
_OLD_TEXT_LINE = re.compile(r"^(?:[ ]{0,3}(?!#{1,6}(?:[ \t\r]|$))[^\s]|(?:[ ]{0,3}\t|[ ]{4})[ \t]*\S)", re.M)
markdownish = st.text(alphabet="#<!->` \t\nax\r~", max_size=80)


@settings(max_examples=500, deadline=None)
@given(markdownish)
def test_closing_hashes_as_the_pattern_took_them(rest: str) -> None:
    assert heading_title(rest) == _OLD_CLOSING_HASHES.sub("", rest.strip()).strip()


@settings(max_examples=500, deadline=None)
@given(markdownish)
def test_comments_removed_as_the_pattern_removed_them(text: str) -> None:
    assert _without_comments(text) == _OLD_COMMENT.sub("", text)


_OLD_MARKER = re.compile(r"\n {0,3}(#{1,6}(?=[ \t\r\n]|$)|`{3,}|~{3,})([^\n]*?)\r?(?=\n|$)")


def old_headings(text: str) -> Iterator[re.Match[str]]:
    fence = ""
    for match in _OLD_MARKER.finditer(text):
        marker, rest = match.group(1), match.group(2)
        if marker[0] in "`~":
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip():
                fence = ""
        elif not fence and len(marker) <= 2:
            yield match


def old_scan_sections(body: str, first_line: int) -> list[tuple[str, int, bool]]:
    """scan_sections as it was: every heading level matched, a line count from the top and the
    patterns above, per heading."""
    text = "\n" + body
    found = []
    for match in old_headings(text):
        marker, rest = match.group(1), match.group(2)
        title = _OLD_CLOSING_HASHES.sub("", rest.strip()).strip()
        line = text.count("\n", 0, match.start() + 1) + first_line - 1
        found.append((("#" if len(marker) == 1 else "") + title, line, match.start(), match.end()))
    sections = []
    for index, (title, line, _, end) in enumerate(found):
        stop = found[index + 1][2] if index + 1 < len(found) else len(text)
        content = _OLD_COMMENT.sub("", text[end:stop])
        sections.append((title, line, _OLD_TEXT_LINE.search(content) is not None))
    return sections


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["## a", "# b ##", "## c #x", "### d", "####### e", "```", "````", "~~~", "-->", "x", "  ", "\t#"]
        ),
        max_size=20,
    )
)
def test_sections_as_before(lines: list[str]) -> None:
    """Comments excepted: a heading inside a comment now counts as Python-Markdown shows it (test_headings)."""
    body = "\n".join(lines)
    sections = scan_sections(body, 17)
    assert not isinstance(sections, int)
    as_before = [(("#" if s.level == 1 else "") + s.title, s.line, s.has_text) for s in sections]  # "#": level 1
    assert as_before == old_scan_sections(body, 17)
    assert all(s.level in (1, 2) for s in sections)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([0.0, 1.0, 2.5])
    | st.sampled_from(["a", "b", "1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
    max_leaves=8,
)


@cache
def unique_items_validator() -> Any:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "uniqueItems": True}
    return type(load_registry(PROJECT).validator)(schema)


@settings(max_examples=500, deadline=None)
@given(st.lists(json_values, max_size=6))
def test_unique_items_agrees_with_jsonschemas_equality(items: list[Any]) -> None:
    """The one-pass uniqueItems against every pair compared with jsonschema's own equality (its sorted
    shortcut misses [1, 2] after [true, 2] after [1, 2], which the pairs do not)."""
    ours = unique_items_validator()
    pairs = [(a, b) for index, a in enumerate(items) for b in items[index + 1 :]]
    assert ours.is_valid(items) == (not any(jsonschema_equal(a, b) for a, b in pairs))


def test_a_run_of_combining_marks_is_refused_before_it_is_normalised() -> None:
    text = "a" + "\u0301" * 31
    front = VALID_FRONT.replace('title: "', f'title: "{text}')
    _, problems = parse_proposal("x.md", f"---\n{front}---\n{sections_body(load_registry(PROJECT))}".encode())
    assert [(p.rule, p.line, p.column) for p in problems] == [("unicode-combining", 3, 9 + 31)]


def test_the_hints_name_the_limits_the_code_applies() -> None:
    def vietnamese(number: int) -> str:
        return f"{number:,}".replace(",", ".")

    assert vietnamese(MAX_DEPTH) in (hint("yaml-too-deep") or "")
    assert vietnamese(MAX_FRONT_MATTER) in (hint("front-matter-too-large") or "")
    assert vietnamese(MAX_HEADINGS) in (hint("body-too-many-headings") or "")
