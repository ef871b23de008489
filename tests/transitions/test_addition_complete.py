"""addition-complete: what a pull request adds carries what format version 2 records: a new report the day
the work was completed, a new evaluation who evaluated, and a liability other than none its findings, the
competent body and its document. Records migrated from version 1 lack them and stay valid; the first case
runs ``registry check`` on a real pull request."""

from __future__ import annotations

from pathlib import Path

from registry.config import Registry
from tests.helpers.rules import (
    COMPLETED,
    EVALUATION,
    MORE_RECOGNITION,
    PATH,
    RECOGNITION,
    STAGES,
    Expect,
    assert_problems,
    change,
    check_pull_request,
    check_transitions,
    pull_request,
    staged,
)

REPORTED_WITHOUT_COMPLETION_DAY = STAGES["reported"].replace(COMPLETED, "")
WITHOUT_EVALUATOR = STAGES["reported"] + EVALUATION.replace("  evaluated_by: so-tu-phap\n", "")
REDUCED = EVALUATION.replace("result: completed", "result: partial").replace(
    "  liability: {outcome: none}\n",
    '  causes: {objective: "Thiếu kinh phí bổ sung.", subjective: "Chưa tập huấn đủ."}\n'
    "  liability: {outcome: reduced, body: so-tu-phap}\n",
)


def test_a_report_without_the_day_the_work_was_completed(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: staged("implementing")})
    repo.write(PATH, staged("reported", REPORTED_WITHOUT_COMPLETION_DAY))
    expected = [
        Expect("addition-complete", 24, 1, "a new completion report without implementation.completed"),
        Expect("deadline", 24, 1, "completion_report without implementation.completed", "warning"),
    ]
    assert_problems(check_pull_request(repo, "Báo cáo kết quả"), expected)
    repo.write(PATH, staged("reported"))
    assert_problems(check_pull_request(repo, "Báo cáo kết quả, ghi ngày hoàn thành"), [])


def test_what_is_added_complete(project_registry: Registry) -> None:
    reduced = REDUCED.replace(
        "body: so-tu-phap}",
        'body: so-tu-phap, document: "25/QĐ-STP",'
        " findings: {followed_policy: true, clean_motive: true, common_good: true}}",
    )
    for before, after in (
        (staged("implementing"), staged("reported")),
        (staged("reported"), staged("evaluated", STAGES["reported"] + EVALUATION)),
        (staged("reported"), staged("evaluated", STAGES["reported"] + reduced)),
    ):
        assert_problems(check_transitions(project_registry, change(before, after)), [])


def test_a_migrated_record_is_not_judged(project_registry: Registry) -> None:
    """A report and an evaluation already on main, without the new facts, may still gain recognition."""
    old = REPORTED_WITHOUT_COMPLETION_DAY + EVALUATION.replace("  evaluated_by: so-tu-phap\n", "") + RECOGNITION
    recognised = change(staged("evaluated", old), staged("evaluated", old + MORE_RECOGNITION))
    assert_problems(check_transitions(project_registry, recognised), [])


def test_an_evaluation_without_who_evaluated(project_registry: Registry) -> None:
    evaluated = change(staged("reported"), staged("evaluated", WITHOUT_EVALUATOR))
    expected = [Expect("addition-complete", 26, 1, "a new evaluation without evaluated_by")]
    assert_problems(check_transitions(project_registry, evaluated), expected)


def test_a_reduction_without_its_findings_and_document(project_registry: Registry) -> None:
    evaluated = change(staged("reported"), staged("evaluated", STAGES["reported"] + REDUCED))
    expected = [Expect("addition-complete", 31, 3, "liability reduced without findings, document")]
    assert_problems(check_transitions(project_registry, evaluated), expected)
