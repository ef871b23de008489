"""The lifecycle commands (registry receive, decide, progress…): each accepted on the statuses the
lifecycle allows, leaving a file that `validate` and `check` accept in a real git repository, and
refused on every other status with a Vietnamese message, exit status 2 and the file untouched; the
author's comments and layout kept byte for byte outside the edited block; hostile values kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.cli import main
from registry.config import load_registry
from registry.lifecycle import LIFECYCLE
from registry.load import parse_proposal
from tests.helpers import proposals
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import PATH, text

PILOT = proposals.DECISION.replace("outcome: approved", "outcome: approved-pilot")
REJECTED = proposals.DECISION.replace("outcome: approved", "outcome: rejected")
# A proposal in each status, as a reviewer finds it.
AT = {
    "draft": text("draft"),
    "submitted": text("submitted"),
    "approved": text("approved", extra=proposals.STAGES["approved"]),
    "rejected": text("rejected", extra=REJECTED),
    "withdrawn": text("withdrawn"),
    "implementing": text("implementing", extra=proposals.STAGES["implementing"]),
    "suspended": text(
        "suspended", extra=proposals.DECISION + proposals.IMPLEMENTATION + proposals.PROGRESS + proposals.SUSPENSION
    ),
    "reported": text("reported", extra=proposals.STAGES["reported"]),
    "evaluated": text("evaluated", extra=proposals.STAGES["evaluated"].replace(proposals.DECISION, PILOT)),
}
assert set(AT) == set(LIFECYCLE)

DECIDE = ["--date", "2025-03-10", "--document", "45/QĐ-STP", "--signed-by", "Lê Văn Bình"]
EVALUATE = ["--date", "2025-10-14", "--document", "20/QĐ-STP", "--result", "partial", "--damage", "không"]
EVALUATE += ["--liability", "none", "--evaluated-by", "so-tu-phap"]
EVALUATE += ["--objective", "Kinh phí về chậm.", "--subjective", "Phân công chưa rõ."]
# Each command with valid options, and the statuses it is accepted on, written out here (not read
# from the lifecycle) so that a change of the lifecycle's tables shows up as a failing test.
COMMANDS: dict[str, tuple[list[str], set[str]]] = {
    "receive": (["--date", "2025-03-04", "--unit", "so-tu-phap"], {"submitted"}),
    "decide": (["--outcome", "approved", *DECIDE], {"submitted"}),
    "refer": (["--to", "ubnd-tinh", "--date", "2025-03-05", "--document", "12/TTr-STP"], {"submitted"}),
    "withdraw": ([], {"draft", "submitted"}),
    "start": (["--start", "2025-04-01", "--end", "2025-09-30"], {"approved"}),
    "progress": (["--percent", "60", "--note", "Đã làm.", "--date", "2025-07-01"], {"implementing", "suspended"}),
    "adjust": (
        [
            "--date",
            "2025-07-01",
            "--document",
            "20/QĐ-STP",
            "--change",
            "Gia hạn để hoàn thiện.",
            "--end",
            "2025-10-31",
        ],
        {"implementing", "suspended"},
    ),
    "suspend": (
        ["--date", "2025-08-05", "--document", "15/QĐ-STP", "--reason", "Chờ kinh phí bổ sung."],
        {"implementing"},
    ),
    "resume": ([], {"suspended"}),
    "complete": (["--completed", "2025-09-30", "--date", "2025-10-06", "--document", "12/BC-STP"], {"implementing"}),
    "evaluate": (EVALUATE, {"reported", "suspended"}),
    "recognise": (["--date", "2025-12-01", "--form", "Bằng khen", "--document", "31/QĐ-UBND"], {"evaluated"}),
    "scale": (["--date", "2025-12-15", "--document", "40/QĐ-UBND", "--units", "so-noi-vu,so-y-te"], {"evaluated"}),
    "transfer": (
        ["--to", "so-noi-vu", "--date", "2025-07-01", "--document", "202/2025/QH15"],
        {"approved", "implementing", "suspended", "reported"},
    ),
}


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    status = main(["--root", str(root), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def repository(tmp_path: Path, content: str | bytes) -> GitRegistry:
    """A registry whose main branch holds ``content`` at PATH, on a branch for the reviewer's change."""
    repo = GitRegistry(tmp_path / "registry")
    target = repo.root / PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    repo.commit("Đề xuất")
    repo.branch("buoc")
    return repo


def validate_and_check(capsys: pytest.CaptureFixture[str], repo: GitRegistry) -> None:
    repo.commit("Bước tiếp theo")
    status, out, _ = run(capsys, repo.root, "validate")
    assert status == 0, out
    status, out, _ = run(capsys, repo.root, "check", "--base", "main")
    assert status == 0, out


REFUSED = [(name, status) for name, (_, accepted) in COMMANDS.items() for status in LIFECYCLE if status not in accepted]
ACCEPTED = [
    (name, status)
    for name, (_, accepted) in COMMANDS.items()
    for status in LIFECYCLE
    if status in accepted and name != "transfer"  # a handover needs a unit that ended: below
]


@pytest.mark.parametrize(("command", "status"), REFUSED)
def test_a_step_the_lifecycle_does_not_allow_is_refused(
    command: str, status: str, registry_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = registry_root / PATH
    target.parent.mkdir(parents=True)
    target.write_text(AT[status], encoding="utf-8")
    before = target.read_bytes()
    code, out, err = run(capsys, registry_root, command, "2025-901", *COMMANDS[command][0])
    assert code == 2
    assert "Không thể" in err and f"trạng thái là {status}" in err and "Chưa ghi gì" in err
    assert "Traceback" not in err + out
    assert target.read_bytes() == before
    assert [path.relative_to(registry_root).as_posix() for path in registry_root.glob("proposals/*/*")] == [PATH]


@pytest.mark.parametrize(("command", "status"), ACCEPTED)
def test_an_allowed_step_writes_a_file_that_validate_and_check_accept(
    command: str, status: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, AT[status])
    code, out, err = run(capsys, repo.root, command, "2025-901", *COMMANDS[command][0])
    assert code == 0, out + err
    assert "Đã ghi" in out
    validate_and_check(capsys, repo)


@pytest.mark.parametrize(("outcome", "status"), [("approved-pilot", "approved"), ("rejected", "rejected")])
def test_decide_sets_the_status_of_its_outcome(
    outcome: str, status: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = repository(tmp_path, AT["submitted"])
    code, out, err = run(capsys, repo.root, "decide", "2025-901", "--outcome", outcome, *DECIDE)
    assert code == 0, out + err
    proposal, _ = parse_proposal(PATH, (repo.root / PATH).read_bytes())
    assert proposal is not None and proposal.status == status
    assert proposal.block("decision")["outcome"] == outcome
    validate_and_check(capsys, repo)


def test_a_complete_decision_with_every_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Receipt, appraisal, then a decision after registry.yml's complete_from, with the vote, the signer's
    position and capacity, a member who did not vote and a note: what decision-record asks for."""
    repo = repository(tmp_path, AT["submitted"].replace("2025-03-03", "2026-03-02"))
    steps = [
        ["receive", "2025-901", "--date", "2026-03-03", "--unit", "so-noi-vu"],
        ["appraise", "2025-901", "--date", "2026-03-04", "--unit", "so-noi-vu", "--opinion", "Đề nghị chấp thuận."],
        [
            "appraise",
            "2025-901",
            "--date",
            "2026-03-04",
            "--unit",
            "so-noi-vu",
            "--opinion",
            "Đồng ý.",
            "--document",
            "10/TTr-SNV",
        ],
    ]
    for argv in steps:
        code, out, err = run(capsys, repo.root, *argv)
        assert code == 0, out + err
    decide = ["decide", "2025-901", "--outcome", "approved", "--date", "2026-03-10", "--document", "45/QĐ-STP"]
    decide += ["--signed-by", "Lê Văn Bình", "--position", "Giám đốc", "--capacity", "truc-tiep", "--members", "6"]
    decide += ["--not-voting", "Nguyễn Văn An: Là tác giả đề xuất", "--for", "4", "--against", "1", "--abstain", "0"]
    decide += ["--absent", "0", "--note", "Thực hiện từ quý II."]
    code, out, err = run(capsys, repo.root, *decide)
    assert code == 0, out + err
    proposal, _ = parse_proposal(PATH, (repo.root / PATH).read_bytes())
    assert proposal is not None
    decision = proposal.block("decision")
    assert decision["signed_by"] == {"name": "Lê Văn Bình", "position": "Giám đốc", "capacity": "truc-tiep"}
    assert decision["vote"] == {
        "members": 6,
        "not_voting": [{"name": "Nguyễn Văn An", "reason": "Là tác giả đề xuất"}],
        "for": 4,
        "against": 1,
        "abstain": 0,
        "absent": 0,
    }
    assert proposal.block("appraisal")["document"] == "10/TTr-SNV"
    validate_and_check(capsys, repo)


def test_a_decision_the_rules_refuse_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """After complete_from, a decision without a vote or receipt fails decision-record: nothing written."""
    repo = repository(tmp_path, AT["submitted"].replace("2025-03-03", "2026-03-02"))
    before = (repo.root / PATH).read_bytes()
    code, out, err = run(
        capsys, repo.root, "decide", "2025-901", "--outcome", "approved", *DECIDE[:1], "2026-03-10", *DECIDE[2:]
    )
    assert code == 1
    assert "decision-record" in out and "chưa ghi gì" in err
    assert (repo.root / PATH).read_bytes() == before


def test_a_vote_that_does_not_add_up_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = repository(tmp_path, AT["submitted"])
    before = (repo.root / PATH).read_bytes()
    counts = ["--members", "5", "--for", "4", "--against", "3", "--abstain", "0", "--absent", "0"]
    code, out, _ = run(capsys, repo.root, "decide", "2025-901", "--outcome", "approved", *DECIDE, *counts)
    assert code == 1 and "vote-counts" in out
    assert (repo.root / PATH).read_bytes() == before


def test_refer_moves_the_file_to_the_higher_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = repository(tmp_path, AT["submitted"])
    code, out, err = run(capsys, repo.root, "refer", "2025-901", *COMMANDS["refer"][0])
    assert code == 0, out + err
    moved = PATH.replace("so-tu-phap", "ubnd-tinh")
    assert not (repo.root / PATH).exists()
    proposal, _ = parse_proposal(moved, (repo.root / moved).read_bytes())
    assert proposal is not None and proposal.unit == "ubnd-tinh"
    assert proposal.meta["referrals"] == [
        {"date": "2025-03-05", "from": "so-tu-phap", "to": "ubnd-tinh", "document": "12/TTr-STP"}
    ]
    validate_and_check(capsys, repo)


AUTHORED = """---
# Hồ sơ do tác giả soạn; đừng xóa dòng này
id: '2025-901'
title:   "Rút ngắn thời gian cấp phiếu lý lịch tư pháp"   # tên ngắn
summary: >-
  Cấp phiếu lý lịch tư pháp trực tuyến trong 3 ngày
  làm việc thay cho 10 ngày.
unit: so-tu-phap
field: linh-vuc-khac
authors:
- name: Nguyễn Văn An     # tác giả chính
  position: 'Chuyên viên'
  unit: so-tu-phap
status: submitted
confidential: false
submitted: 2025-03-03   # ngày trình
---
"""


def test_comments_and_layout_are_kept_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The author's comments, quotes, folded text and list layout stay; only the status line and the new
    block differ; the body is untouched, and CRLF line endings stay CRLF."""
    body = proposals.sections_body(load_registry(proposals.PROJECT))
    content = (AUTHORED + body).replace("\n", "\r\n")
    repo = repository(tmp_path, content.encode("utf-8"))
    code, out, err = run(capsys, repo.root, "decide", "2025-901", "--outcome", "approved", *DECIDE)
    assert code == 0, out + err
    after = (repo.root / PATH).read_bytes().decode("utf-8")
    old_lines, new_lines = content.split("\r\n"), after.split("\r\n")
    status_at = old_lines.index("status: submitted")
    decision_at = new_lines.index("decision:")
    assert new_lines[:status_at] == old_lines[:status_at]
    assert new_lines[status_at] == "status: approved"
    assert new_lines[status_at + 1 : decision_at] == old_lines[status_at + 1 : decision_at]
    assert new_lines[decision_at:] == [
        "decision:",
        "  outcome: approved",
        "  date: 2025-03-10",
        '  document: "45/QĐ-STP"',
        '  signed_by: {name: "Lê Văn Bình"}',
        *old_lines[decision_at:],
    ]
    assert "\n" not in after.replace("\r\n", "")
    validate_and_check(capsys, repo)


@pytest.mark.parametrize(
    "note",
    [
        "Xong.\nstatus: evaluated",
        'x" \nstatus: approved\n"',
        "- [a, b] & *alias ! %tag @ `x` #1: {k: v} ---",
        "$(touch /tmp/pwned) `id`",
        "null",
    ],
)
def test_hostile_values_stay_text(note: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = repository(tmp_path, AT["implementing"])
    code, out, err = run(
        capsys, repo.root, "progress", "2025-901", "--percent", "70", "--date", "2025-07-01", "--note", note
    )
    assert code == 0, out + err
    proposal, found = parse_proposal(PATH, (repo.root / PATH).read_bytes())
    assert proposal is not None and not found
    assert proposal.status == "implementing"
    assert proposal.meta["implementation"]["progress"][-1] == {"date": "2025-07-01", "percent": 70, "note": note}
    validate_and_check(capsys, repo)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["receive", "2025-999", "--date", "2025-03-04", "--unit", "so-tu-phap"], "Không có đề xuất mã 2025-999"),
        (["receive", "2025-901", "--date", "4/3/2025", "--unit", "so-tu-phap"], "YYYY-MM-DD"),
        (["progress", "2025-901", "--percent", "năm mươi"], "số nguyên"),
        (["decide", "2025-901", "--outcome", "approved", *DECIDE, "--not-voting", "Nguyễn Văn An"], "Họ và tên: lý do"),
    ],
)
def test_bad_options_are_usage_errors_in_vietnamese(
    argv: list[str], says: str, registry_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = registry_root / PATH
    target.parent.mkdir(parents=True)
    target.write_text(AT["implementing" if argv[0] == "progress" else "submitted"], encoding="utf-8")
    before = target.read_bytes()
    code, _, err = run(capsys, registry_root, *argv)
    assert code == 2 and says in err and "Traceback" not in err
    assert target.read_bytes() == before
