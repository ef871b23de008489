"""What a decided proposal may still gain, and everything else it may not change, on real pull requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.check import check_changes
from registry.config import load_registry
from registry.gitrepo import Repository
from registry.lifecycle import AMENDMENTS
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import (
    DECISION,
    EVALUATION,
    IMPLEMENTATION,
    MORE_PROGRESS,
    MORE_RECOGNITION,
    PATH,
    PROGRESS,
    RECOGNITION,
    STAGES,
    SUSPENSION,
    text,
)


def proposal(status: str, blocks: str | None = None, edit: tuple[str, str] | None = None) -> str:
    result = text(status, extra=STAGES[status] if blocks is None else blocks)
    if edit is not None:
        assert edit[0] in result, edit[0]
        result = result.replace(edit[0], edit[1], 1)
    return result


def pull_request(tmp_path: Path, base: str, head: str) -> set[str]:
    """The rules that `check` names when a pull request turns ``base`` into ``head``."""
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, base)
    repo.commit("Trạng thái trên main (#1)")
    repo.branch("pr")
    repo.write(PATH, head)
    repo.commit("Thay đổi")
    problems = check_changes(load_registry(repo.root), Repository(repo.root), "main").problems
    assert all(p.path == PATH for p in problems)
    return {p.rule for p in problems if p.severity == "error"}


FORBIDDEN = {
    "title": ("approved", ('title: "Rút ngắn', 'title: "Rút gọn')),
    "summary": ("approved", ("trong 3 ngày", "trong 2 ngày")),
    "author's name": ("approved", ("Nguyễn Văn An", "Nguyễn Văn Ân")),
    "author added": (
        "approved",
        (
            "    unit: so-tu-phap\n",
            '    unit: so-tu-phap\n  - {name: "Lê Thị Hoa", position: "Chuyên viên", unit: so-tu-phap}\n',
        ),
    ),
    "field": ("approved", ("field: linh-vuc-khac", "field: kinh-te-xa-hoi")),
    "tags": ("approved", ("confidential: false", "confidential: false\ntags: [chuyen-doi-so]")),
    "public reason": (
        "approved",
        ("confidential: false", 'confidential: false\npublic_reason: "Đã được phép công khai toàn bộ."'),
    ),
    "submitted": ("approved", ("submitted: 2025-03-03", "submitted: 2025-03-04")),
    "unit": ("approved", ("unit: so-tu-phap\nfield", "unit: ubnd-tinh\nfield")),
    "decision": ("approved", ("45/QĐ-STP", "46/QĐ-STP")),
    "body": ("approved", ("Nội dung phần này.", "Nội dung khác.")),
    "progress entry edited": ("implementing", ("percent: 50", "percent: 60")),
    "planned end moved": ("implementing", ("end: 2025-09-30", "end: 2025-10-30")),
    "report edited": ("reported", ("12/BC-STP", "13/BC-STP")),
    "evaluation result": ("evaluated", ("result: completed", "result: partial")),
    "recognition edited": ("evaluated", ("Giấy khen", "Bằng khen")),
    "progress removed": ("implementing", (PROGRESS, "")),
}


@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_a_decided_proposal_is_frozen(tmp_path: Path, case: str) -> None:
    status, edit = FORBIDDEN[case]
    assert "frozen-content" in pull_request(tmp_path, proposal(status), proposal(status, edit=edit))


def test_a_rejected_proposal_is_frozen_too(tmp_path: Path) -> None:
    rejected = DECISION.replace("outcome: approved", "outcome: rejected")
    base = proposal("rejected", rejected)
    head = proposal("rejected", rejected, edit=('title: "Rút ngắn', 'title: "Rút gọn'))
    assert pull_request(tmp_path, base, head) == {"frozen-content"}


def test_moving_a_defence_proposal_out_of_its_field_cannot_publish_it(tmp_path: Path) -> None:
    """The attack: an approved defence proposal, hidden by the publication policy, moved to another field."""
    defence = ("field: linh-vuc-khac", "field: quoc-phong-an-ninh")
    base = proposal("approved", edit=defence).replace("confidential: false", "confidential: true")
    head = proposal("approved").replace("confidential: false", "confidential: true")
    assert pull_request(tmp_path, base, head) == {"frozen-content"}


def test_a_confidential_proposal_cannot_be_shown_again(tmp_path: Path) -> None:
    base = proposal("approved").replace("confidential: false", "confidential: true")
    assert pull_request(tmp_path, base, proposal("approved")) == {"frozen-content"}


ALLOWED = {
    "start the work": ("approved", "implementing", DECISION + IMPLEMENTATION),
    "append progress": ("implementing", "implementing", STAGES["implementing"] + MORE_PROGRESS),
    "suspend": ("implementing", "suspended", STAGES["implementing"] + MORE_PROGRESS + SUSPENSION),
    "report": ("implementing", "reported", STAGES["reported"]),
    "evaluate": ("reported", "evaluated", STAGES["reported"] + EVALUATION),
    "recognise": ("evaluated", "evaluated", STAGES["evaluated"] + MORE_RECOGNITION),
}


@pytest.mark.parametrize("case", sorted(ALLOWED))
def test_what_each_later_status_may_add(tmp_path: Path, case: str) -> None:
    before, after, blocks = ALLOWED[case]
    assert pull_request(tmp_path, proposal(before), proposal(after, blocks)) == set()


def test_hiding_is_always_allowed(tmp_path: Path) -> None:
    head = proposal("evaluated").replace("confidential: false", "confidential: true")
    assert pull_request(tmp_path, proposal("evaluated"), head) == set()


def test_an_addition_belongs_to_its_status(tmp_path: Path) -> None:
    """Recognition is added once evaluated, not to an ongoing proposal; an evaluation comes with the
    status evaluated, not before."""
    assert "frozen-content" in pull_request(
        tmp_path / "a", proposal("implementing"), proposal("implementing", STAGES["implementing"] + RECOGNITION)
    )
    assert "frozen-content" in pull_request(
        tmp_path / "b", proposal("reported"), proposal("reported", STAGES["reported"] + EVALUATION)
    )


def test_the_list_is_documented_where_reviewers_read_it() -> None:
    rules = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    reviewers = (Path(__file__).resolve().parent.parent / "docs" / "xem-xet-quyet-dinh.md").read_text(encoding="utf-8")
    for amendment in AMENDMENTS:
        key = ".".join(amendment.at)
        assert f"`{key}`" in rules
        assert f"`{key}`" in reviewers
