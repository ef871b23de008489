"""Matching the body's level-2 headings to the section headings of registry.yml (shared by four rules),
and finding the heading a proposer meant for a section that is missing (a near miss)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from registry.load import heading_like_lines
from registry.model import Proposal, Section

SECTION_LEVEL = 2  # the report's sections are "## " headings; a level-1 heading is the title
_NUMBERING = re.compile(r"^(?:[0-9]+|[IVXLC]+|[a-z])[.)/-]\s*", re.I)
# What a near miss is compared without: the '#' runs, emphasis and code markers, punctuation.
_MARKUP = str.maketrans(dict.fromkeys("#*_`~;,.:!?()[]\"'\u201c\u201d\u2018\u2019", " "))
CLOSE = 0.8  # difflib's ratio from which a heading is taken for a section written a little differently
PREFIX = 0.9  # the score of a heading that is the start of a section's heading (or of one of its clauses)
_COMPARED = 150  # characters of a near miss compared: the plan's longest heading has 85


@lru_cache(maxsize=4096)  # the same headings recur in every file
def normalise(heading: str) -> str:
    """Compare headings without case, numbering ("1.", "II."), extra spaces or a final colon."""
    text = unicodedata.normalize("NFC", heading).strip()
    text = _NUMBERING.sub("", text)
    return " ".join(text.casefold().rstrip(":.").split())


def find_sections(proposal: Proposal, expected: tuple[str, ...]) -> list[Section | None]:
    """For each expected heading, the first level-2 section of the body that carries it."""
    wanted = [normalise(title) for title in expected]
    found: list[Section | None] = [None] * len(expected)
    for section in proposal.sections:
        if section.level != SECTION_LEVEL:
            continue
        key = normalise(section.title)
        for index, title in enumerate(wanted):
            if found[index] is None and key == title:
                found[index] = section
                break
    return found


@lru_cache(maxsize=4096)
def loose(heading: str) -> str:
    """A heading as a near miss is compared: without '#' runs, emphasis, punctuation, numbering, case
    or diacritics (``## **1. Tổ chức thực hiện:**`` and ``###to chuc thuc hien`` are the same)."""
    text = unicodedata.normalize("NFC", heading[:_COMPARED]).translate(_MARKUP).strip()
    text = _NUMBERING.sub("", text).casefold().replace("đ", "d")
    return " ".join("".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).split())


@lru_cache(maxsize=256)
def _clauses(heading: str) -> tuple[str, ...]:
    """The parts of a section's heading that a proposer may write alone: the heading, and each of its
    clauses between ';' and ',' (``Sự cần thiết`` of ``Sự cần thiết; căn cứ …``)."""
    return (loose(heading), *(loose(part) for part in re.split(r"[;,]", heading) if part.strip()))


def closeness(line: str, heading: str, matcher: SequenceMatcher[str] | None = None) -> float:
    """How close a heading-like ``line`` is to a section's ``heading``: 1 when they are the same but for
    markup, case and diacritics, ``PREFIX`` when it is the start of the heading or of one of its clauses
    (two words at least), or begins with the whole heading; else difflib's ratio, 0 below ``CLOSE``.
    ``matcher`` holds ``heading`` (loose) already: its index is built once for all the lines compared."""
    candidate, wanted = loose(line), loose(heading)
    if not candidate:
        return 0.0
    if candidate == wanted:
        return 1.0
    if candidate.startswith(wanted + " ") or (
        " " in candidate
        and any(clause == candidate or clause.startswith(candidate + " ") for clause in _clauses(heading))
    ):
        return PREFIX
    if 2 * min(len(candidate), len(wanted)) < CLOSE * (len(candidate) + len(wanted)):
        return 0.0  # difflib's real_quick_ratio, before any index is built
    if matcher is None:
        matcher = SequenceMatcher(None, candidate, wanted, autojunk=False)
    else:
        matcher.set_seq1(candidate)
    if matcher.quick_ratio() < CLOSE:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= CLOSE else 0.0


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A line that looks like a missing section's heading: where, and as written."""

    line: int
    text: str


def near_misses(proposal: Proposal, expected: tuple[str, ...], found: list[Section | None]) -> dict[int, NearMiss]:
    """For the sections ``found`` lacks (by index), the closest heading-like line of the body that is not
    already a section's heading: each line for one section at most, the closest pairs first."""
    missing = [index for index, section in enumerate(found) if section is None]
    if not missing:
        return {}
    taken = {section.line for section in found if section is not None}
    lines = [(line, text) for line, text in heading_like_lines(proposal.body, proposal.body_line) if line not in taken]
    # One matcher per missing section, made here: difflib indexes the second sequence once for all lines.
    matchers = {index: SequenceMatcher(None, "", loose(expected[index]), autojunk=False) for index in missing}
    pairs = []
    for line, text in lines:
        for index in missing:
            score = closeness(text, expected[index], matchers[index])
            if score:
                pairs.append((-score, line, index, text))
    result: dict[int, NearMiss] = {}
    used: set[int] = set()
    for _, line, index, text in sorted(pairs):
        if index not in result and line not in used:
            result[index] = NearMiss(line, text)
            used.add(line)
    return result
