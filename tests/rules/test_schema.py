"""schema: the front matter follows schema/proposal.schema.json; three of YAML's traps have ids of
their own (yaml-boolean, yaml-number, yaml-null), since the fix is to put the value in quotes."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, STAGES, Expect, assert_problems, check_rule, front

VALID = {
    "submitted": front(),
    "a draft": front(status="draft"),
    "approved with its decision": front(DECISION, status="approved"),
    "evaluated with every block": front(STAGES["evaluated"], status="evaluated"),
    "tags": front("tags: [chuyen-doi-so, tu-phap]\n"),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "schema", VALID[case]), [])


INVALID = {
    "an unknown key": (front('colour: "đỏ"\n'), [Expect("schema", 14, 1, "unknown key 'colour'")]),
    "a status without its block": (
        front(status="approved"),
        [Expect("schema", 11, 1, "missing key 'decision' (required by the status)")],
    ),
    "a block before its status": (
        front(DECISION),
        [Expect("schema", 14, 1, "a submitted proposal cannot have 'decision' yet")],
    ),
    "a key missing from a block": (
        front(DECISION.replace('  document: "45/QĐ-STP"\n', ""), status="approved"),
        [Expect("schema", 14, 1, "missing key 'decision.document'")],
    ),
    "an unknown status": (
        front(status="finished"),
        [Expect("schema", 11, 1, "status: 'finished' is not allowed here")],
    ),
    "a list that is a number": (front("tags: 5\n"), [Expect("schema", 14, 1, "tags must be a list")]),
    "yes for a title": (
        front(title="yes"),
        [Expect("yaml-boolean", 3, 1, "title: yes is read as true/false, not text")],
    ),
    "a number for a summary": (
        front(summary="2025014"),
        [Expect("yaml-number", 4, 1, "summary: 2025014 is read as a number, not text")],
    ),
    "an empty summary": (front(summary=""), [Expect("yaml-null", 4, 1, "summary: (empty) is read as empty, not text")]),
    "a tilde for a summary": (front(summary="~"), [Expect("yaml-null", 4, 1, "summary: ~ is read as empty, not text")]),
    "yes in a list of text": (
        front("tags: [chuyen-doi-so, yes]\n"),
        [Expect("yaml-boolean", 14, 23, "tags.1: yes is read as true/false")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "schema", proposal), expected)
