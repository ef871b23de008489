"""status-transition: a status changes only along the lifecycle, one step per pull request."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.config import Registry
from registry.lint.context import ProposalChange
from registry.model import TRANSITIONS
from tests.helpers.rules import (
    DECISION,
    EVALUATION,
    IMPLEMENTATION,
    PATH,
    STAGES,
    SUSPENSION,
    Expect,
    assert_problems,
    change,
    check_pull_request,
    check_transitions,
    parsed,
    pull_request,
    staged,
    text,
)

REJECTED = DECISION.replace("outcome: approved", "outcome: rejected")
SUSPENDED = STAGES["implementing"] + SUSPENSION

# Each step of the lifecycle, as a pull request makes it: the version before and after.
STEPS = {
    ("draft", "submitted"): (text("draft"), text("submitted")),
    ("draft", "withdrawn"): (text("draft"), text("withdrawn")),
    ("submitted", "approved"): (text("submitted"), staged("approved")),
    ("submitted", "rejected"): (text("submitted"), staged("rejected", REJECTED)),
    ("submitted", "withdrawn"): (text("submitted"), text("withdrawn")),
    ("approved", "implementing"): (staged("approved"), text("implementing", extra=DECISION + IMPLEMENTATION)),
    ("implementing", "reported"): (staged("implementing"), staged("reported")),
    ("implementing", "suspended"): (staged("implementing"), text("suspended", extra=SUSPENDED)),
    ("suspended", "implementing"): (text("suspended", extra=SUSPENDED), text("implementing", extra=SUSPENDED)),
    ("suspended", "evaluated"): (text("suspended", extra=SUSPENDED), text("evaluated", extra=SUSPENDED + EVALUATION)),
    ("reported", "evaluated"): (staged("reported"), text("evaluated", extra=STAGES["reported"] + EVALUATION)),
}


def test_the_steps_are_the_lifecycles() -> None:
    assert sorted(STEPS) == sorted((old, new) for old, news in TRANSITIONS.items() for new in news)


@pytest.mark.parametrize(("old", "new"), sorted(STEPS))
def test_a_step_of_the_lifecycle(project_registry: Registry, old: str, new: str) -> None:
    before, after = STEPS[(old, new)]
    assert_problems(check_transitions(project_registry, change(before, after)), [])


def test_a_skipped_step_in_a_pull_request(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.write(PATH, text("implementing", extra=DECISION + IMPLEMENTATION))
    expected = Expect(
        "status-transition", 11, 1, "submitted cannot become implementing (allowed: approved, rejected, withdrawn)"
    )
    assert_problems(check_pull_request(repo, "Triển khai luôn"), [expected])


INVALID = {
    "a draft approved without being submitted": (
        text("draft"),
        staged("approved"),
        [Expect("status-transition", 11, 1, "draft cannot become approved (allowed: submitted, withdrawn)")],
    ),
    "a withdrawn proposal submitted again": (
        text("withdrawn"),
        text("submitted"),
        [Expect("status-transition", 11, 1, "withdrawn cannot become submitted (allowed: none: it is final)")],
    ),
    "an evaluated proposal reopened": (
        staged("evaluated"),
        staged("evaluated").replace("status: evaluated", "status: implementing"),
        [Expect("status-transition", 11, 1, "evaluated cannot become implementing (allowed: none: it is final)")],
    ),
    "an approval taken back": (
        staged("approved"),
        text("submitted"),
        [
            Expect("frozen-content", 1, 1, "the decision of a approved proposal was changed"),
            Expect("status-transition", 11, 1, "approved cannot become submitted (allowed: implementing)"),
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    before, after, expected = INVALID[case]
    assert_problems(check_transitions(project_registry, change(before, after)), expected)


def test_a_change_to_a_version_that_does_not_load_is_refused(project_registry: Registry) -> None:
    """The base's file is broken (pushed past the checks): nothing to compare with, so no waving through."""
    broken_base = ProposalChange("2025-901", PATH, PATH, None, parsed(text("submitted")))
    expected = Expect("status-transition", 11, 1, "the version at the base does not load")
    assert_problems(check_transitions(project_registry, broken_base), [expected])
