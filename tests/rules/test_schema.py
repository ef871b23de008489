"""schema: the front matter follows schema/proposal.schema.json; four of YAML's traps have ids of
their own (yaml-boolean, yaml-number, yaml-null, yaml-comment), since the fix is to put the value in
quotes; the usual slips (50%, "5", không for false) get a hint that names them."""

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
    "a comment after a code, a date or quoted text": front(
        "tags: [tu-phap] # từ khóa\n", unit="so-tu-phap  # Sở Tư pháp", title='"Giải pháp #1 cho hồ sơ" # tên'
    ),
    "a hash inside plain text, without a space before it": front(title="Giải pháp C# cho hồ sơ"),
    # Two spaces or more, then "# ": a comment written as YAML's style writes one (the reviewers' commands
    # keep such comments), not text cut off.
    "a comment written as one after a name": front(
        authors="\n  - name: Nguyễn Văn An  # tác giả chính\n    position: Chuyên viên\n    unit: so-tu-phap"
    ),
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
    "plain text cut by a comment": (
        front(title="Giải pháp #1 cho hồ sơ lý lịch"),
        [
            Expect(
                "yaml-comment",
                3,
                18,
                "title: YAML reads the text from ' #' on as a comment, so the value is 'Giải pháp'",
            )
        ],
    ),
    "an author's name cut by a comment": (
        front(authors="\n  - name: Nguyễn Văn An # tác giả chính\n    position: Chuyên viên\n    unit: so-tu-phap"),
        [Expect("yaml-comment", 8, 25, "authors.0.name: YAML reads")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "schema", proposal), expected)


SHARE = "    unit: so-tu-phap\n    share: {}\n"
SLIPS = {
    "a percent sign after a share": (
        front().replace("    unit: so-tu-phap\n", SHARE.format("100%"), 1),
        "authors.0.share must be a number, without '%'",
        "Ghi số, không kèm dấu %, ví dụ 100.",
    ),
    "a number in quotes": (
        front().replace("    unit: so-tu-phap\n", SHARE.format('"100"'), 1),
        "not text in quotes",
        "Ghi số không đặt trong dấu ngoặc kép, ví dụ 100.",
    ),
    "không for false": (
        front(confidential="không"),
        "confidential must be true or false, not 'không'",
        'Ghi false thay cho "không"',
    ),
    "có for true": (front(confidential="Có"), "not 'Có'", 'Ghi true thay cho "Có"'),
    "false in quotes": (front(confidential='"false"'), "not 'false'", 'Ghi false thay cho "false"'),
    "another word for true or false": (
        front(confidential="mật"),
        "confidential must be true or false",
        "Ghi true (đúng, có) hoặc false (sai, không)",
    ),
}


@pytest.mark.parametrize("case", sorted(SLIPS))
def test_a_usual_slip_gets_one_problem_whose_hint_names_it(project_registry: Registry, case: str) -> None:
    proposal, says, hint = SLIPS[case]
    problems = check_rule(project_registry, "schema", proposal)
    line, column = (11, 5) if "share" in proposal else (12, 1)  # the share, or confidential
    assert_problems(problems, [Expect("schema", line, column, says)])
    assert problems[0].hint is not None
    assert problems[0].hint.startswith(hint), problems[0].hint
