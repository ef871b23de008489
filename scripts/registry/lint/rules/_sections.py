"""Matching the body's level-2 headings to the section headings of registry.yml (shared by three rules)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from registry.model import Proposal, Section

SECTION_LEVEL = 2  # the report's sections are "## " headings; a level-1 heading is the title
_NUMBERING = re.compile(r"^(?:[0-9]+|[IVXLC]+|[a-z])[.)/-]\s*", re.I)


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
