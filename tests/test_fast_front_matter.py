"""The report's fast reading of the front matter (fast_front_matter.py) against the strict loader.

Every front matter the fast path reads must be the strict loader's (its keys the report reads), and
the report made with the fast path must be the report made with the strict loader alone, in every
format: over the samples, over a synthetic registry, and over files full of YAML's traps, some of
which the fast path must leave to the strict loader.
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from registry.config import load_registry
from registry.fast_front_matter import _common, front_matter, load_front_matter, restrict, skeleton
from registry.fast_status import vouch
from registry.layout import walk
from registry.load import MAX_BYTES, load_file, parse_proposal
from registry.reporting import FORMATS, KEYS, build_report, parse_period
from registry.synthetic import generate
from tests.helpers.proposals import PATH, PROJECT, VALID_FRONT, copy_configuration
from tests.helpers.yaml_traps import FRAGMENTS

AS_OF = date(2026, 3, 4)

BLOCKS = """decision:
  outcome: approved  # a comment after a value
  date: 2025-03-10
  document: "45/QĐ-STP"
implementation:
  start: 2025-04-01
  completed: 2025-09-30
completion_report: {date: 2025-10-06, document: "12/BC-STP"}
"""
APPROVED = VALID_FRONT.replace("status: submitted", "status: reported") + BLOCKS

# Front matters the fast path must leave to the strict loader: they read differently to a plain YAML
# reading, or the loader refuses the file.
REFUSED: dict[str, bytes] = {
    "anchor-alias": APPROVED.replace("unit: so-tu-phap\nfield", "unit: &u so-tu-phap\nfield")
    .replace("    unit: so-tu-phap", "    unit: *u")
    .encode(),
    "tag": VALID_FRONT.replace('title: "Rút', 'title: !!str "Rút').encode(),
    "tag-binary": VALID_FRONT.replace("confidential: false", "confidential: !!binary AAAA").encode(),
    "duplicate-top-key": (VALID_FRONT + "unit: so-y-te\n").encode(),
    "duplicate-status": (VALID_FRONT + "status: approved\n").encode(),
    "duplicate-nested-key": VALID_FRONT.replace(
        '    position: "Chuyên viên"', '    position: "Chuyên viên"\n    position: "Trưởng phòng"'
    ).encode(),
    "bom": b"\xef\xbb\xbf" + VALID_FRONT.encode(),
    "crlf": APPROVED.replace("\n", "\r\n").encode(),  # the opening line too: the strict loader reads it
    "nothing-but-a-tilde": VALID_FRONT.replace("confidential: false", "confidential: ~").encode(),
    "status-in-quoted-text": VALID_FRONT.replace('summary: "Cấp', 'summary: "Cấp\nstatus: approved\n  tiếp').encode(),
    "quoted-key": VALID_FRONT.replace("unit: so-tu-phap\nfield", '"unit": so-tu-phap\nfield').encode(),
    "block-scalar": VALID_FRONT.replace('summary: "Cấp', 'summary: |\n  Cấp\n  "dòng').encode(),
    "non-text-key": VALID_FRONT.replace(
        '    position: "Chuyên viên"', '    position: "Chuyên viên"\n    on: x'
    ).encode(),
    "non-text-key-block": (VALID_FRONT + "decision:\n  yes: x\n  outcome: approved\n").encode(),
    "tab": VALID_FRONT.replace("unit: so-tu-phap\nfield", "unit:\tso-tu-phap\nfield").encode(),
    "merge-key": VALID_FRONT.replace("confidential: false", "confidential: false\n<<: {a: b}").encode(),
}
# Front matters the fast path may read, and must then read as the strict loader does.
READ_ALIKE: dict[str, bytes] = {
    "non-text-key-top": VALID_FRONT.replace("confidential: false", "confidential: false\non: x").encode(),
    "hash-in-value": VALID_FRONT.replace(
        'title: "Rút ngắn', 'title: Rút ngắn #1 và C# thời gian # chú thích\nnote: "a # b"\nx: Rút'
    ).encode(),
    "multi-line-plain": VALID_FRONT.replace(
        'summary: "Cấp phiếu lý lịch tư pháp trực tuyến trong 3 ngày làm việc thay cho 10 ngày."',
        "summary: Cấp phiếu\n  lý lịch\n\n\n  tư pháp - 3 ngày # hết\n",
    ).encode(),
    "escapes": VALID_FRONT.replace(
        'title: "Rút ngắn thời gian',
        'title: "Rút \\"ngắn\\" \\\\ thời\\ngian\'\' ' + "'" + "\"\nx: 'it''s \"q\"'\ny: \"",
    ).encode(),
    "yaml-11-values": APPROVED.replace(
        "confidential: false",
        "confidential: yes\nshare: 007\nhex: 0x1F\nbig: 1_000\nsexagesimal: 1:30\nfloat: 1.5e3\nnothing: null\n"
        "empty:\nno: Off\nday: 2025-03-03 10:00:00\nlong: 123456789012345678901234567890",
    ).encode(),
    "quoted-status-and-flows": VALID_FRONT.replace("status: submitted", "status: 'submitted'  # đã nộp")
    .replace("field: linh-vuc-khac", "field: linh-vuc-khac\ntags: [a, 'b c', \"d\"]\nempty: {}\nnone: []")
    .encode(),
    "flow-authors": VALID_FRONT.replace(
        '  - name: "Nguyễn Văn An"\n    position: "Chuyên viên"\n    unit: so-tu-phap',
        '  - {name: "Nguyễn Văn An", position: Chuyên viên, unit: so-tu-phap, category: cong-chuc}\n'
        "  # a comment between entries\n  -\n  - name: Trần Bình\n    head_of_unit: true",
    ).encode(),
    "timestamp-plain": VALID_FRONT.replace("submitted: 2025-03-03", "submitted: 2025-3-3").encode(),
    "text-folded-like-a-day": VALID_FRONT.replace(
        "submitted: 2025-03-03", "submitted: 2025-03-03\n  10:00:00"
    ).encode(),
    "lone-entry-value": VALID_FRONT.replace("unit: so-tu-phap\nfield", "unit:\n  so-tu-phap\nfield").encode(),
}


def _agreement(root: Path) -> tuple[int, int]:
    """Every file read fast is read as the strict loader reads it; (files, read fast)."""
    paths, _ = walk(root)
    fast = 0
    for path in paths:
        proposal = front_matter(path, (root / path).read_bytes(), KEYS)
        if proposal is None:
            continue
        fast += 1
        strict, _ = load_file(root, root / path)
        assert strict is not None, path
        assert proposal.meta == restrict(strict.meta, KEYS), path
    return len(paths), fast


def _xlsx_cells(content: bytes) -> list[list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content))
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def _same_report(root: Path, periods: tuple[str, ...] = ("2026", "2025", "2026-H1")) -> None:
    registry = load_registry(root)
    for period_name in periods:
        period = parse_period(period_name, registry.report_year_start, AS_OF)
        for as_they_were in (False, True):
            fast = build_report(registry, AS_OF, period, as_they_were=as_they_were)
            strict = build_report(registry, AS_OF, period, as_they_were=as_they_were, fast=False)
            assert fast == strict
            for name, render in FORMATS.items():
                if name == "xlsx":  # the workbook's bytes carry the time it was written
                    assert _xlsx_cells(render(fast)) == _xlsx_cells(render(strict))
                else:
                    assert render(fast) == render(strict), name


def _file(front: bytes) -> bytes:
    """A proposal file around ``front``, its delimiters with the front matter's line ends, and a
    ``---`` line and a status in its body."""
    newline = b"\r\n" if b"\r\n" in front else b"\n"
    body = "\n## Phần\n\nNội dung.\n\n---\n\nstatus: rejected\n".encode()
    return b"---" + newline + front + b"---" + newline + body


def _registry_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    copy_configuration(tmp_path)
    for number, (name, front) in enumerate(sorted(files.items()), start=1):
        path = tmp_path / "proposals" / "so-tu-phap" / f"2025-{900 + number}-{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_file(front))
    return tmp_path


def test_samples_read_alike() -> None:
    files, fast = _agreement(PROJECT)
    assert files >= 20
    assert fast >= files * 3 // 4  # the fast path is no path that always declines
    _same_report(PROJECT)


def test_synthetic_registry_read_alike(tmp_path: Path) -> None:
    generate(load_registry(PROJECT), tmp_path, 300, seed=10)
    assert _agreement(tmp_path) == (300, 300)
    _same_report(tmp_path, ("2025", "2024-H2"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_fast_path_refuses_traps(name: str) -> None:
    assert front_matter("proposals/so-tu-phap/2025-901-x.md", _file(REFUSED[name]), KEYS) is None


@pytest.mark.parametrize("name", sorted(READ_ALIKE))
def test_tricky_files_read_alike(name: str, tmp_path: Path) -> None:
    root = _registry_with(tmp_path, {name: READ_ALIKE[name]})
    assert _agreement(root) == (1, 1)  # each of these is within what the fast path reads


def test_report_unchanged_by_traps(tmp_path: Path) -> None:
    root = _registry_with(tmp_path, {**REFUSED, **READ_ALIKE})
    files, fast = _agreement(root)
    assert files == len(REFUSED) + len(READ_ALIKE)
    assert fast == len(READ_ALIKE)
    _same_report(root)
    report = build_report(load_registry(root), AS_OF, parse_period("2025", "12-15", AS_OF))
    # A file the loader refuses (the byte-order mark, the tab) is counted apart, as unreadable; a file
    # it reads with problems (a duplicate key, a tag) is counted as it reads it.
    assert report.unreadable == 2
    assert report.proposals == files - 2


def test_what_is_not_a_plain_file_is_left_to_the_strict_loader(tmp_path: Path) -> None:
    """A link (to a proposal inside the registry or to a file outside it), a named pipe (which would
    hang a reader that waits for a writer) and a file over the size limit are not read fast: the
    strict loader reports each as unreadable, and the report counts them so."""
    root = _registry_with(tmp_path, {"real": APPROVED.encode()})
    folder = root / "proposals" / "so-tu-phap"
    (real,) = folder.iterdir()
    (folder / "2025-951-link.md").symlink_to(real)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_bytes(real.read_bytes())
    (folder / "2025-952-outside.md").symlink_to(outside)
    os.mkfifo(folder / "2025-953-pipe.md")
    (folder / "2025-954-large.md").write_bytes(real.read_bytes() + b"x" * MAX_BYTES)
    for name in ("2025-951-link.md", "2025-952-outside.md", "2025-953-pipe.md", "2025-954-large.md"):
        assert load_front_matter(root, f"proposals/so-tu-phap/{name}", KEYS) is None, name
    assert load_front_matter(root, f"proposals/so-tu-phap/{real.name}", KEYS) is not None
    _same_report(root)
    report = build_report(load_registry(root), AS_OF, parse_period("2025", "12-15", AS_OF))
    assert (report.proposals, report.unreadable) == (1, 4)


# --- The common shape (fast_front_matter._common): one grammar match and a plan per layout ----------

# Lines the common shape reads or must leave to the general way; each is checked, alone and mixed with
# fast_status's traps, against the strict loader. A trap per shape: quoting, ``: `` and `` #`` inside
# values, multi-line plain scalars, comments, values YAML may read as other than text, keys, tabs,
# controls and separators, anchors, duplicate keys, the status written otherwise.
MULTI_LINE = "evaluation:\n  note: Thứ hai\n    dòng hai\n\n    2025-01-01\n  date: 2025-11-03"  # read in full
COMMON_LINES = [
    "x: 'it''s: a # b'",
    "x: 'it''s: a'",
    'x: "a: b # c"',
    'x: "a\\"b"',
    "x: 'a' b",
    "x: a 'b' c",
    "x: a: b",
    "x: a:b",
    "x: a #b",
    "x: a#b",
    "x: C# và F#",
    "x:  a",
    "x: a ",
    "x: a:",
    "x: (a) b",
    "x: 2024-1825",
    "x: 2025-03-03",
    "x: 2025-3-3",
    "x: 1:30",
    "x: 0x1F",
    "x: 1_000",
    "x: 1.5e3",
    "x: 007",
    "x: 12345678901234567890123",
    "x: yes",
    "x: Off",
    "x: null",
    "x: Null value",
    "x: ~",
    "x:",
    "x:\n  - 'a'\n  - \"b\"\n  - c",
    "x: \"it''s\"",  # two single quotes in double quotes are two
    "title: \"it''s ''a''\"\nx: 'it''s'",
    "x:\n- a\n-  b",
    "x: a\n  b\n\n  c",
    "x: a\n  'b'",
    "x: a\n  - b",
    "x: a\n  b: c",
    "x: a\n  10:30",
    "x:\n  a\n  b",
    "x:\n  on: 1",
    "x:\n  y: 1\n  y: 2",
    "1: x",
    "on: x",
    "x-y_z: 'a'",
    "id: 2025-902",
    "title: Thứ hai\n  dòng hai",
    MULTI_LINE,
    "title: 'Thứ ''hai'''",
    "unit: so-y-te\nunit: so-tu-phap",
    "authors:\n  - name: A\n    name: B",
    "authors:\n  - name: A\n    yes: B",
    "authors:\n  - name: A\n    person_id: 012",
    "authors:\n- name: A\n  position: B\n  leadership: true",
    "authors:\n  - A\n  - name: B",
    "decision:\n  outcome: approved\n  date: 2025-03-10\n  document: 45/QĐ-STP",
    "decision:\n  outcome: approved\n  outcome: rejected",
    "decision:\n  date:\n  outcome:",
    "evaluation:\n  date: 2025-11-03\n  liability:\n    outcome: excluded\n    document: 'a'",
    'status: "submitted"',
    "status: 'submitted'",
    "status: submitted ok",
    "status: Submitted",
    "  status: approved",
    "statuses: approved",
    "status:\n  approved",
    "x: a\tb",
    "x: a\rb",
    "x: a\x85b",
    "x: a\u2028b",
    "x: a\u00a0b",
    "x: \ufeffa",
    "x: a\ufffeb",
    "x: a\u0301",
    "x: a" + "\u0301" * 40,
    "x: &a b",
    "x: *a",
    "x: !!str a",
    "x: [a, b]",
    "x: {a: b}",
    "x: |\n  a",
    "? x\n: y",
    "        x: deep",
    "          x: deeper",
    "- x",
]
BODIES = {
    "plain": "\n## Phần\n\nNội dung.\n".encode(),
    "not-utf-8": b"\n## Ph\xe1n\n",
    "combining": ("\nA" + "\u0301" * 40 + "\n").encode(),
    "not-nfc": "\nCafe\u0301\n".encode(),
    "headings": b"\n## A\n" * 1001,
    "hashes": b"\n#" * 1001,
}


def _strict(blob: bytes) -> dict[str, Any] | None:
    proposal, _ = parse_proposal(PATH, blob)
    if proposal is None or not isinstance(proposal.meta, dict) or proposal.status is None:
        return None
    return restrict(proposal.meta, KEYS)


def _as_fast_status_has_it(line: bytes) -> bytes:
    """A line of the common path's skeleton as fast_status writes it: keys as ``k``, a quoted status in ``'``."""
    if line.startswith(b"status: "):
        return line.replace(b'"', b"'")
    line = line[:-2] + b"''" if line.endswith(b'""') else line
    return re.sub(rb"^([ ]*(?:- )?)[A-Za-z0-9_][A-Za-z0-9_-]*:(?= |$)", rb"\1k:", line)


def _check_common(blob: bytes) -> bool:
    """The common path reads ``blob`` as the strict loader does, with fast_status's skeleton (but for
    its keys), or declines it; whether it read it."""
    meta = _common(blob, KEYS)
    if meta is None:
        return False
    assert meta == _strict(blob)
    vouched = vouch(blob, bodies_repeat=False)
    assert vouched is not None
    status, lines, shape = vouched
    assert status == meta["status"]
    assert tuple(map(_as_fast_status_has_it, skeleton(lines))) == shape
    front = front_matter(PATH, blob, KEYS)
    assert front is not None and front.meta == meta
    return True


@pytest.mark.parametrize("line", COMMON_LINES)
def test_each_common_trap_alone(line: str) -> None:
    # Under a key the report reads in full (an evaluation's liability), below the other entries: every
    # kind of value read at a line other than the one its entry's plan was made for.
    liability = textwrap.indent(line, "    ")
    in_a_block_read = f"{VALID_FRONT}evaluation:\n  date: 2025-11-03\n  liability:\n{liability}\n"
    for front in (VALID_FRONT + line + "\n", line + "\n" + VALID_FRONT, APPROVED + line + "\n", in_a_block_read):
        for body in BODIES.values():
            blob = b"---\n" + front.encode() + b"---\n" + body
            _check_common(blob)
            general = front_matter(PATH, blob, KEYS)  # the common path, then the general one
            assert general is None or general.meta == _strict(blob)


def test_the_common_path_reads_what_it_should() -> None:
    """Not a path that always declines: the ordinary shapes are read by it, the others left."""
    read = {line for line in COMMON_LINES if _check_common(b"---\n" + (VALID_FRONT + line + "\n").encode() + b"---\n")}
    in_a_block = "---\n" + VALID_FRONT + "evaluation:\n  liability:\n    x: {}\n---\n"
    for value in ("'it''s: a'", '"a: b"', "2024-1825", "1:30", "yes", "Đổi 'mới'"):
        assert _check_common(in_a_block.format(value).encode()), value
    assert {"x: 'it''s: a'", "x: 2024-1825", "x: 1:30", "x: a\n  b\n\n  c", MULTI_LINE} <= read
    assert not {"x: a #b", "x: C# và F#", "x: a\tb", "x: a\u2028b", "x: &a b", "x: a\n  10:30", "x: [a, b]"} & read
    assert not {"unit: so-y-te\nunit: so-tu-phap", "authors:\n  - name: A\n    name: B", "status: submitted ok"} & read
    for status in ('status: "approved"', "status: 'approved'"):
        assert _check_common(b"---\n" + VALID_FRONT.replace("status: submitted", status).encode() + b"---\n")
    crlf = b"---\r\n" + VALID_FRONT.replace("\n", "\r\n").encode() + b"---\r\n"
    assert _common(crlf, KEYS) is None
    assert _common(b"\xef\xbb\xbf---\n" + VALID_FRONT.encode() + b"---\n", KEYS) is None


@settings(max_examples=200, deadline=None)
@given(
    picks=st.lists(st.tuples(st.sampled_from(COMMON_LINES + FRAGMENTS), st.integers(0, 40)), min_size=1, max_size=4),
    base=st.sampled_from([VALID_FRONT, APPROVED]),
    body=st.sampled_from(sorted(BODIES)),
)
def test_the_common_path_agrees_with_the_loader_or_declines(picks: list[tuple[str, int]], base: str, body: str) -> None:
    lines = base.splitlines()
    for line, place in picks:
        lines.insert(place % (len(lines) + 1), line)
    _check_common(b"---\n" + ("\n".join(lines) + "\n").encode() + b"---\n" + BODIES[body])


def test_the_common_path_reads_a_synthetic_registry(tmp_path: Path) -> None:
    generate(load_registry(PROJECT), tmp_path, 300, seed=11)
    paths, _ = walk(tmp_path)
    assert all(_check_common((tmp_path / path).read_bytes()) for path in paths)
