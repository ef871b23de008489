"""frozen-content: what a decided proposal may still gain, and everything else it may not change.

Most cases compare two versions directly (``change``); the first runs ``registry check`` on a real pull
request. Lines: the valid proposal's (tests/rules/helpers.py), its blocks appended from line 14.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.config import Registry
from registry.lifecycle import AMENDMENTS
from tests.helpers.proposals import PROJECT
from tests.helpers.rules import (
    ADJUSTMENT,
    COMPLETED,
    DECISION,
    EVALUATION,
    IMPLEMENTATION,
    MORE_PROGRESS,
    MORE_RECOGNITION,
    PATH,
    PROGRESS,
    RECOGNITION,
    SCALING,
    STAGES,
    SUSPENSION,
    Expect,
    assert_problems,
    change,
    check_pull_request,
    check_transitions,
    pull_request,
    staged,
    text,
)


def test_an_approved_proposal_in_a_pull_request(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: staged("approved")})
    edited = staged("approved", edit=("45/QĐ-STP", "46/QĐ-STP")).replace("Nội dung phần này.", "Nội dung đã sửa.", 1)
    repo.write(PATH, edited)
    assert_problems(
        check_pull_request(repo, "Sửa nội dung"),
        [
            Expect("frozen-content", 14, 1, "the decision of a approved proposal was changed"),
            Expect("frozen-content", 23, 1, "the text of a approved proposal was changed"),
        ],
    )
    # Starting the work, with its plan, is what a later pull request may do.
    repo.write(PATH, text("implementing", extra=DECISION + IMPLEMENTATION))
    assert_problems(check_pull_request(repo, "Triển khai"), [])


def frozen(line: int, column: int, says: str) -> list[Expect]:
    return [Expect("frozen-content", line, column, says)]


# What each case edits in a proposal of that status, and where the rule points.
FORBIDDEN = {
    "title": (
        "approved",
        ('title: "Rút ngắn', 'title: "Rút gọn'),
        frozen(3, 1, "title of a approved proposal was changed"),
    ),
    "summary": ("approved", ("trong 3 ngày", "trong 2 ngày"), frozen(4, 1, "summary of a approved proposal")),
    "author's name": ("approved", ("Nguyễn Văn An", "Nguyễn Văn Ân"), frozen(7, 1, "authors of a approved proposal")),
    "author added": (
        "approved",
        (
            "    unit: so-tu-phap\n",
            '    unit: so-tu-phap\n  - {name: "Lê Thị Hoa", position: "Chuyên viên", unit: so-tu-phap}\n',
        ),
        frozen(7, 1, "authors of a approved proposal was changed"),
    ),
    "field": ("approved", ("field: linh-vuc-khac", "field: kinh-te-xa-hoi"), frozen(6, 1, "field of a approved")),
    "tags added": (
        "approved",
        ("confidential: false", "confidential: false\ntags: [chuyen-doi-so]"),
        frozen(13, 1, "tags of a approved proposal was changed"),
    ),
    "public reason added": (
        "approved",
        ("confidential: false", 'confidential: false\npublic_reason: "Đã được phép công khai toàn bộ."'),
        frozen(13, 1, "public_reason of a approved proposal was changed"),
    ),
    "submitted": ("approved", ("submitted: 2025-03-03", "submitted: 2025-03-04"), frozen(13, 1, "submitted of a")),
    "unit": (
        "approved",
        ("unit: so-tu-phap\nfield", "unit: ubnd-tinh\nfield"),
        [
            Expect("frozen-content", 5, 1, "unit of a approved proposal was changed"),
            Expect("referral-move", 5, 1, "only a submitted proposal is referred, not a approved one"),
            Expect("referral-move", 5, 1, "the move from so-tu-phap to ubnd-tinh has no new referrals entry"),
        ],
    ),
    "decision": (
        "approved",
        ("45/QĐ-STP", "46/QĐ-STP"),
        frozen(14, 1, "the decision of a approved proposal was changed"),
    ),
    "body": ("approved", ("Nội dung phần này.", "Nội dung khác."), frozen(23, 1, "the text of a approved proposal")),
    "progress entry edited": (
        "implementing",
        ("percent: 50", "percent: 60"),
        frozen(22, 3, "implementation.progress of a implementing proposal was changed"),
    ),
    "planned end moved": (
        "implementing",
        ("end: 2025-09-30", "end: 2025-10-30"),
        frozen(21, 3, "implementation.end of a implementing proposal was changed"),
    ),
    "progress removed": (
        "implementing",
        (PROGRESS, ""),
        frozen(19, 1, "implementation.progress of a implementing proposal was removed"),
    ),
    "report edited": ("reported", ("12/BC-STP", "13/BC-STP"), frozen(25, 1, "completion_report of a reported")),
    "evaluation result": ("evaluated", ("result: completed", "result: partial"), frozen(26, 1, "evaluation of a")),
    "completion day moved": (
        "reported",
        ("completed: 2025-09-30", "completed: 2025-09-26"),
        frozen(24, 3, "implementation.completed of a reported proposal was changed"),
    ),
    "recognition edited": ("evaluated", ("Giấy khen", "Bằng khen"), frozen(33, 1, "recognition of a evaluated")),
}


@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_a_decided_proposal_is_frozen(project_registry: Registry, case: str) -> None:
    status, edit, expected = FORBIDDEN[case]
    problems = check_transitions(project_registry, change(staged(status), staged(status, edit=edit)))
    assert_problems(problems, expected)


REJECTED = DECISION.replace("outcome: approved", "outcome: rejected")


def test_a_rejected_proposal_is_frozen_too(project_registry: Registry) -> None:
    before = staged("rejected", REJECTED)
    after = staged("rejected", REJECTED, edit=('title: "Rút ngắn', 'title: "Rút gọn'))
    expected = frozen(3, 1, "title of a rejected proposal was changed")
    assert_problems(check_transitions(project_registry, change(before, after)), expected)


def test_moving_a_defence_proposal_out_of_its_field_cannot_publish_it(project_registry: Registry) -> None:
    """The attack: an approved defence proposal, hidden by the publication policy, moved to another field."""
    defence = ("field: linh-vuc-khac", "field: quoc-phong-an-ninh")
    before = staged("approved", edit=defence).replace("confidential: false", "confidential: true")
    after = staged("approved").replace("confidential: false", "confidential: true")
    expected = frozen(6, 1, "field of a approved proposal was changed")
    assert_problems(check_transitions(project_registry, change(before, after)), expected)


def test_a_confidential_proposal_cannot_be_shown_again(project_registry: Registry) -> None:
    before = staged("approved").replace("confidential: false", "confidential: true")
    expected = frozen(12, 1, "a confidential approved proposal was made public")
    assert_problems(check_transitions(project_registry, change(before, staged("approved"))), expected)


ALLOWED = {
    "start the work": ("approved", "implementing", DECISION + IMPLEMENTATION),
    "append progress": ("implementing", "implementing", STAGES["implementing"] + MORE_PROGRESS),
    "suspend": ("implementing", "suspended", STAGES["implementing"] + MORE_PROGRESS + SUSPENSION),
    "report": ("implementing", "reported", STAGES["reported"]),
    "evaluate": ("reported", "evaluated", STAGES["reported"] + EVALUATION),
    "recognise": ("evaluated", "evaluated", STAGES["evaluated"] + MORE_RECOGNITION),
    "adjust the plan": ("implementing", "implementing", STAGES["implementing"] + ADJUSTMENT),
    "adjust the plan when suspended": ("implementing", "suspended", STAGES["implementing"] + ADJUSTMENT + SUSPENSION),
    "record the completion before the report": ("implementing", "implementing", STAGES["implementing"] + COMPLETED),
    "scale up the pilot": ("evaluated", "evaluated", STAGES["evaluated"] + SCALING),
    "relate another proposal": ("approved", "approved", DECISION + 'related: ["2024-001"]\n'),
}


@pytest.mark.parametrize("case", sorted(ALLOWED))
def test_what_each_later_status_may_add(project_registry: Registry, case: str) -> None:
    before, after, blocks = ALLOWED[case]
    assert_problems(check_transitions(project_registry, change(staged(before), staged(after, blocks))), [])


def test_hiding_is_always_allowed(project_registry: Registry) -> None:
    after = staged("evaluated").replace("confidential: false", "confidential: true")
    assert_problems(check_transitions(project_registry, change(staged("evaluated"), after)), [])


def test_a_proposal_not_yet_decided_may_change(project_registry: Registry) -> None:
    after = text("submitted").replace('title: "Rút ngắn', 'title: "Rút gọn').replace("Nội dung phần này.", "Khác.")
    assert_problems(check_transitions(project_registry, change(text("submitted"), after)), [])


def test_an_addition_belongs_to_its_status(project_registry: Registry) -> None:
    """Recognition is added once evaluated, not to an ongoing proposal; an evaluation comes with the
    status evaluated, not before."""
    recognised = change(staged("implementing"), staged("implementing", STAGES["implementing"] + RECOGNITION))
    expected = frozen(24, 1, "recognition of a implementing proposal was changed")
    assert_problems(check_transitions(project_registry, recognised), expected)
    evaluated_early = change(staged("reported"), staged("reported", STAGES["reported"] + EVALUATION))
    expected = frozen(26, 1, "evaluation of a reported proposal was changed")
    assert_problems(check_transitions(project_registry, evaluated_early), expected)


def test_an_adjustment_once_made_stays_as_it_was(project_registry: Registry) -> None:
    adjusted = staged("implementing", STAGES["implementing"] + ADJUSTMENT)
    edited = change(adjusted, adjusted.replace("end: 2025-10-31", "end: 2025-12-31"))
    expected = frozen(24, 3, "implementation.adjustments of a implementing proposal was changed")
    assert_problems(check_transitions(project_registry, edited), expected)
    # Once reported, the plan takes no more adjustments.
    late = change(staged("reported"), staged("reported", STAGES["reported"].replace(COMPLETED, COMPLETED + ADJUSTMENT)))
    expected = frozen(25, 3, "implementation.adjustments of a reported proposal was changed")
    assert_problems(check_transitions(project_registry, late), expected)


def test_scaling_up_waits_for_the_evaluation(project_registry: Registry) -> None:
    early = change(staged("reported"), staged("reported", STAGES["reported"] + SCALING))
    assert_problems(check_transitions(project_registry, early), frozen(26, 1, "scaling of a reported proposal"))


def test_the_list_is_documented_where_reviewers_read_it() -> None:
    rules = (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8")
    reviewers = (PROJECT / "docs" / "xem-xet-quyet-dinh.md").read_text(encoding="utf-8")
    for amendment in AMENDMENTS:
        key = ".".join(amendment.at)
        assert f"`{key}`" in rules
        assert f"`{key}`" in reviewers
