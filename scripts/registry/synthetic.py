"""A synthetic registry for benchmarks and scale tests: valid proposals of realistic size (about 10 KB).

Deterministic for a given seed. The configuration and schemas are copied from a real registry, so the
synthetic one is checked by exactly the rules the real one is.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

import yaml

from registry.config import CONFIG_FILE, PROPOSAL_SCHEMA, REGISTRY_SCHEMA, Registry
from registry.gitrepo import create_repository
from registry.layout import slugify
from registry.lifecycle import COMPLETED, COURSE, Block, Liability, Outcome, Result, Status, first_requiring

# The words of the generated text, as a passage: a list literal of eighty words would read worse.
_VOCABULARY = (
    "cải cách hành chính chuyển đổi số hồ sơ thủ tục người dân doanh nghiệp thời gian giải quyết "
    "trực tuyến một cửa liên thông dữ liệu nông nghiệp thủy sản môi trường y tế cơ sở giáo dục "
    "đào tạo cán bộ công chức viên chức quy trình điểm nghẽn tháo gỡ hiệu quả minh bạch công khai "
    "ngân sách nguồn lực phối hợp đơn vị triển khai thí điểm đánh giá kết quả tiết kiệm chi phí "
    "phường xã ấp khóm đồng bằng sông Cửu Long lúa tôm hành tím Vĩnh Châu Mỹ Tú Trần Đề"
)
_WORDS = _VOCABULARY.split()
_TOPICS = (
    "Số hóa hồ sơ",
    "Liên thông dữ liệu",
    "Rút ngắn thời gian",
    "Thí điểm mô hình",
    "Đổi mới quy trình",
    "Ứng dụng bản đồ số",
    "Chuẩn hóa biểu mẫu",
    "Tổ chức tiếp dân",
)
_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Thạch", "Lâm", "Sơn")
_GIVEN = ("Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thị Hạnh", "Hoàng Khang", "Thị Mai", "Sóc Kha")
_POSITIONS = ("Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Kế toán viên")
_FLOW = COURSE


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(12, 24))
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, size: int) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        out.append(paragraph)
        length += len(paragraph.encode()) + 2
    return "\n\n".join(out)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"


def _proposal(
    rng: random.Random, number: int, year: int, units: list[str], fields: list[str], *, status: Status | None = None
) -> dict[str, Any]:
    unit = rng.choice(units)
    status = status or rng.choice(_FLOW)
    submitted = date(year, 1, 5) + timedelta(days=rng.randint(0, 200))
    title = f"{rng.choice(_TOPICS)} {' '.join(rng.choices(_WORDS, k=6))}"
    authors = [
        {"name": _person(rng), "position": rng.choice(_POSITIONS), "unit": unit, "share": share}
        for share in ((100,), (60, 40), (50, 30, 20))[rng.randint(0, 2)]
    ]
    for author in authors:
        author["contact"] = f"tac-gia-{number}@example.invalid"
    meta: dict[str, Any] = {
        "id": f"{year}-{number:04d}",
        "title": title[:150],
        "summary": " ".join(_sentence(rng) for _ in range(2)),
        "sample": True,
        "unit": unit,
        "field": rng.choice(fields),
        "tags": sorted(set(rng.choices(["chuyen-doi-so", "cai-cach-hanh-chinh", "nong-nghiep", "y-te"], k=2))),
        "authors": authors,
        "status": status.value,
        "confidential": False,
        Block.SUBMITTED.value: submitted.isoformat(),
    }
    step = _FLOW.index(status)
    decided = submitted + timedelta(days=5)
    if step >= 1:
        ayes = rng.randint(3, 5)
        meta["decision"] = {
            "outcome": rng.choice([Outcome.APPROVED.value, Outcome.PILOT.value]),
            "date": decided.isoformat(),
            "document": f"{number}/QĐ-UBND",
            "signed_by": {"name": "Lý Văn Quyết"},
            "vote": {"members": 5, "for": ayes, "against": 5 - ayes, "abstain": 0},
        }
    start, end = decided + timedelta(days=10), decided + timedelta(days=190)
    if step >= 2:
        meta["implementation"] = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "progress": [
                {"date": (start + timedelta(days=30 * k)).isoformat(), "percent": 20 * k, "note": _sentence(rng)}
                for k in range(1, 5)
            ],
        }
    if step >= 3:
        meta[Block.IMPLEMENTATION.value][COMPLETED[-1]] = (end - timedelta(days=2)).isoformat()
        meta["completion_report"] = {"date": (end - timedelta(days=1)).isoformat(), "document": f"{number}/BC-SNV"}
    if step >= 4:
        meta["evaluation"] = {
            "date": (end + timedelta(days=3)).isoformat(),
            "evaluated_by": unit,
            "result": Result.COMPLETED.value,
            "damage": False,
            "liability": {"outcome": Liability.NONE.value},
            "document": f"{number}/QĐ-UBND",
        }
    return meta


def generate(
    source: Registry, target: Path, count: int, *, seed: int = 2025, body_bytes: int = 8500, published: bool = False
) -> None:
    """Write a registry of ``count`` valid proposals under ``target``, configured like ``source``;
    with ``published``, every one in a status the public site shows."""
    rng = random.Random(seed)
    for name in (CONFIG_FILE, PROPOSAL_SCHEMA, REGISTRY_SCHEMA):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.root / name, target / name)
    units = sorted(u.id for u in source.units.values() if u.start is None and u.end is None)
    fields = sorted(f.id for f in source.fields.values() if not f.sensitive)
    for serial in range(count):
        year, number = 2025 - serial // 2000, serial % 2000 + 1  # at most 2,000 a year, ids stay YYYY-NNNN
        meta = _proposal(rng, number, year, units, fields, status=rng.choice(_FLOW[1:]) if published else None)
        sections = "\n\n".join(
            f"## {heading}\n\n{_paragraphs(rng, body_bytes // len(source.sections))}" for heading in source.sections
        )
        folder = target / "proposals" / meta["unit"]
        folder.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
        path = folder / f"{meta['id']}-{slugify(meta['title'])}.md"
        path.write_text(f"---\n{front}---\n\n{sections}\n", encoding="utf-8")


# Each block of the front matter, with the step of the course from which it is there.
_BLOCKS_FROM = {
    block.value: _FLOW.index(status)
    for block in Block
    if block != Block.SUBMITTED and (status := first_requiring((block,))) is not None
}


def _at_status(meta: dict[str, Any], status: Status) -> dict[str, Any]:
    """The proposal as it stood at ``status``: the blocks of later steps left out."""
    step = _FLOW.index(status)
    version = {k: v for k, v in meta.items() if k not in _BLOCKS_FROM or _BLOCKS_FROM[k] <= step}
    version["status"] = status.value
    return version


def _render(meta: dict[str, Any], body: str) -> bytes:
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)}---\n\n{body}\n".encode()


def generate_history(
    source: Registry, target: Path, proposals: int, commits: int, *, seed: int = 2025, body_bytes: int = 8500
) -> None:
    """A git repository under ``target`` whose main branch builds up ``proposals`` proposals over
    exactly ``commits`` commits: pull requests merged with a merge commit (40 %) or squashed (45 %), and
    direct pushes (15 %). Each proposal goes part of the way along its lifecycle; once every plan is
    played, progress notes on random proposals fill the rest.

    Written with ``git fast-import``, so that 50,000 commits take seconds rather than hours.
    """
    rng = random.Random(seed)
    for name in (CONFIG_FILE, PROPOSAL_SCHEMA, REGISTRY_SCHEMA):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.root / name, target / name)
    repository = create_repository(target, "main")
    units = sorted(u.id for u in source.units.values() if u.start is None and u.end is None)
    fields = sorted(f.id for f in source.fields.values() if not f.sensitive)
    plan = iter(_plans(rng, proposals))
    state: dict[int, tuple[dict[str, Any], str, str, int]] = {}  # serial -> (final meta, body, path, step)
    importer = repository.fast_import()
    history = _History(importer.stdin, rng)
    while history.made < commits:
        step_plan = next(plan, None) if commits - history.made > 1 else None
        if step_plan is None:  # a progress note, which changes no status
            serial = rng.choice(list(state))
            meta, body, path, step = state[serial]
            body += "\n\nCập nhật: " + _sentence(rng)
            subject = f"Cập nhật {meta['id']}"
        else:
            _, serial, step = step_plan
            if step == 0:
                meta = _proposal(rng, serial % 2000 + 1, 2025 - serial // 2000, units, fields, status=Status.EVALUATED)
                body = "\n\n".join(
                    f"## {heading}\n\n{_paragraphs(rng, body_bytes // len(source.sections))}"
                    for heading in source.sections
                )
                path = f"proposals/{meta['unit']}/{meta['id']}-{slugify(meta['title'])}.md"
            else:
                meta, body, path, _ = state[serial]
            subject = f"{_FLOW[step]}: {meta['id']}"
        state[serial] = (meta, body, path, step)
        history.land(subject, path, _render(_at_status(meta, _FLOW[step]), body), commits - history.made >= 2)
    importer.finish()
    repository.checkout("main")


def _plans(rng: random.Random, proposals: int) -> list[tuple[float, int, int]]:
    """When each proposal takes each of its steps: (time, serial, step), in order of time."""
    plans: list[tuple[float, int, int]] = []
    for serial in range(proposals):
        start = rng.random()
        plans.extend((start + 0.2 * step, serial, step) for step in range(rng.randint(1, len(_FLOW))))
    plans.sort()
    return plans


class _History:
    """Commits written to ``git fast-import``'s ``stream``, as GitHub makes them, a few minutes apart."""

    def __init__(self, stream: IO[bytes], rng: random.Random) -> None:
        self.stream, self.rng = stream, rng
        self.clock, self.mark, self.made, self.pull = 1_600_000_000, 0, 0, 0
        self.main: int | None = None  # the mark of main's last commit

    def land(self, subject: str, path: str, content: bytes, room_for_two: bool) -> None:
        """``content`` at ``path`` on main: a pull request merged with a merge commit (when there is
        ``room_for_two`` commits) or squashed, or a direct push."""
        style = self.rng.random()
        if style < 0.4 and self.main is not None and room_for_two:  # a merge commit of a pull request
            self.pull += 1
            branch = self.commit("refs/heads/pr", subject, path, content, parent=self.main)
            message = f"Merge pull request #{self.pull} from so/pr"
            self.main = self.commit("refs/heads/main", message, path, content, parent=self.main, merge=branch)
        elif style < 0.85:  # a squashed pull request
            self.pull += 1
            self.main = self.commit("refs/heads/main", f"{subject} (#{self.pull})", path, content, parent=self.main)
        else:  # a direct push
            self.main = self.commit("refs/heads/main", subject, path, content, parent=self.main)

    def commit(
        self, ref: str, subject: str, path: str, content: bytes, *, parent: int | None, merge: int | None = None
    ) -> int:
        self.mark, self.made, self.clock = self.mark + 1, self.made + 1, self.clock + self.rng.randint(60, 3600)
        who = self.rng.choice(("Lâm Thị Hân <han@example.invalid>", "Trần Văn Bình <binh@example.invalid>"))
        message = subject.encode()
        self.stream.write(
            f"commit {ref}\nmark :{self.mark}\nauthor {who} {self.clock} +0700\n"
            f"committer {who} {self.clock} +0700\n".encode()
        )
        self.stream.write(b"data %d\n%s\n" % (len(message), message))
        if parent is not None:
            self.stream.write(f"from :{parent}\n".encode())
        if merge is not None:
            self.stream.write(f"merge :{merge}\n".encode())
        self.stream.write(f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")
        return self.mark
