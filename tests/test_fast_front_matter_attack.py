"""An attacker's differential tests of the report's fast reader (fast_front_matter.py).

Its promise: every front matter it reads is what the strict loader gives (``parse_proposal``, then
``restrict(meta, KEYS)``), and it reads nothing the strict loader gives no proposal with a status for;
otherwise it declines and the strict loader reads the file. A difference is a wrong count in the report
sent to the Department of Home Affairs, or a confidential proposal named in it.

Each divergence found is a plain test building the smallest file that shows it (each was mended in
the reader); the fuzzer below mutates real proposals, byte by byte and line by line, with
YAML's traps, and checks every generated file against the strict loader.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.config import load_registry
from registry.fast_front_matter import front_matter, load_front_matter, restrict
from registry.fast_status import declared_status
from registry.load import load_file, parse_proposal
from registry.reporting import KEYS
from registry.synthetic import generate
from tests.helpers.proposals import PATH, PROJECT, VALID_FRONT

TITLE = 'title: "Rút ngắn thời gian cấp phiếu lý lịch tư pháp"\n'


def _strict(blob: bytes) -> dict[str, Any] | None:
    """The strict loader's front matter (the report's keys), or None where it gives no proposal with a status."""
    proposal, _ = parse_proposal(PATH, blob)
    if proposal is None or not isinstance(proposal.meta, dict) or proposal.status is None:
        return None
    return restrict(proposal.meta, KEYS)


def _fast(blob: bytes) -> Mapping[str, Any] | None:
    proposal = front_matter(PATH, blob, KEYS)
    return None if proposal is None else proposal.meta


def _file(front: str) -> bytes:
    return ("---\n" + front + "---\n\n## Phần\n\nNội dung.\n").encode()


# --- Divergences found ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front",
    [
        VALID_FRONT.replace(TITLE, "title: “Số hóa”\n"),  # the common path
        VALID_FRONT.replace(TITLE, "title: \u2018Số hóa\u2019 # c\n"),  # the general path
        VALID_FRONT.replace(TITLE, "title: “Số\n  hóa”\n"),  # over two lines
        VALID_FRONT.replace("    unit: so-tu-phap\n", "    unit: “so-y-te”\n"),  # an author's unit
    ],
    ids=["common", "general", "two-lines", "author-unit"],
)
def test_curly_quoted_plain_value(front: str) -> None:
    blob = _file(front)
    strict = _strict(blob)
    assert strict is not None
    assert _fast(blob) == strict  # read fast, without the quotes, as the strict reader reads it


@pytest.mark.parametrize("line", ["  'b: c'", '  "b: c"', "   - 'b: c'"], ids=["single", "double", "entry"])
def test_quoted_continuation_holding_a_colon(line: str) -> None:
    # In a plain scalar's continuation the quotes are text and ': ' ends the scalar: a syntax error, no
    # proposal. The common path's skeleton has '' there, which continues the scalar.
    blob = _file(VALID_FRONT.replace(TITLE, f"title: a\n{line}\n"))
    assert _strict(blob) is None
    assert _fast(blob) is None


@pytest.mark.parametrize("where", ["top", "unread"])
def test_flow_key_too_long_for_libyaml(where: str) -> None:
    # libyaml refuses a simple key that runs over 1,024 characters; the skeleton's {k: v} is short.
    flow = "{" + "m" * 1100 + ": 5}"
    extra = f"x: {flow}\n" if where == "top" else f"decision:\n  outcome: approved\n  vote: {flow}\n"
    blob = _file(VALID_FRONT + extra)
    assert _strict(blob) is None
    assert _fast(blob) is None


def test_flow_key_too_long_for_libyaml_in_the_status_reader() -> None:
    blob = _file(VALID_FRONT + "x: {" + "m" * 1100 + ": 5}\n")
    assert parse_proposal(PATH, blob)[0] is None
    assert declared_status(blob) is None


# --- The fuzzer -------------------------------------------------------------------------------------


@cache
def _bases() -> tuple[bytes, ...]:
    """Real proposals: the samples (flow collections: the general path), a synthetic registry's (the
    common shape, in every status) and the valid front matter."""
    samples = sorted((PROJECT / "proposals").rglob("*.md"))
    with tempfile.TemporaryDirectory() as folder:
        generate(load_registry(PROJECT), Path(folder), 40, seed=7, body_bytes=200)
        synthetic = [path.read_bytes() for path in sorted(Path(folder).rglob("proposals/**/*.md"))]
    return (_file(VALID_FRONT), *(path.read_bytes() for path in samples), *synthetic)


KEY_WORDS = sorted({*KEYS, *(name for inner in KEYS.values() if inner for name in inner)})
TRAP_KEYS = ["on", "yes", "No", "1", "007", "null", "Null", "true", "x", "2025-01-01", "1_0", "0x1F", "y", "n"]
WORDS = [
    "a",
    "Số hóa",
    "so-y-te",
    "approved",
    "submitted",
    "rejected",
    "yes",
    "no",
    "On",
    "off",
    "TRUE",
    "False",
    "null",
    "NULL",
    "~",
    "0",
    "007",
    "012",
    "0x1F",
    "0b101",
    "1_000",
    "1:30",
    "190:20:30",
    "1.5",
    "1.",
    "1e3",
    "1.5e3",
    ".5",
    ".inf",
    ".NaN",
    "-1",
    "+1",
    "2025-03-03",
    "2025-3-3",
    "2025-03-03 10:00:00",
    "2025-03-03T10:00:00Z",
    "2024-1825",
    "12345678901234567890123",
    "a: b",
    "a:b",
    "a:",
    "a #b",
    "a#b",
    "C# và F#",
    "'q'",
    "it''s",
    '"dq"',
    "(x)",
    "-a",
    "- a",
    "[a, b]",
    "{a: b}",
    "[]",
    "{}",
    "&a",
    "*a",
    "!!str a",
    "|",
    ">",
    "? a",
    "%x",
    "@x",
    "`x`",
    "“Số hóa”",
    "\u2018a\u2019",
    "“a” và “b”",
    "“a",
    "a”",
    "Cafe\u0301",
    "Café",
    "a\u00a0",
    "\u00a0a",
    "a\u2028b",
    "a\u0085b",
    "\ufeffa",
    "a\u200bb",
    "a\u3000",
    "a\ufffeb",
    "x" * 300,
    "---",
    "...",
    "--- a",
    "... a",
    "status: approved",
    "a\\nb",
    "a\\\\",
    'a\\"',
    "a\\qb",
    "a\\tb",
    "a\\x41",
    "a\\u00e9",
    "a\\ ",
]
QUOTES = [
    "'{}'",
    '"{}"',
    "'{}''",
    "'{}'''",
    "''{}''",
    '"{}\\""',
    '"\\"{}"',
    '"{}\\\\"',
    '"{}\\n"',
    "\"{}''\"",
    "'{}\"'",
    '"{}" # c',
    "'{}'  # c",
    "'{}' x",
    "{} # c",
    "{}  #c",
    "{}#c",
    "{} ",
    "{}  ",
    "{}:",
    "{}\r",
    "{}\t",
    "[{}]",
    "{{k: {}}}",
    "“{}”",
    "{}",
    "{}",
    "{}",
]


@st.composite
def values(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(WORDS))
    return draw(st.sampled_from(QUOTES)).format(word)


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A front matter line full of traps: any indentation, ``- `` entries, a key or none, a value or none."""
    indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 2, 2, 3, 4, 4, 5, 6, 8, 9, 12]))
    dash = draw(st.sampled_from(["", "", "", "- ", "-  ", "- - ", "-"]))
    key = draw(
        st.one_of(
            st.sampled_from(KEY_WORDS), st.sampled_from(TRAP_KEYS), st.just(""), st.from_regex(r"\Ak[0-9]{1,3}\Z")
        )
    )
    colon = draw(st.sampled_from([": ", ": ", ":", ":  ", " : "])) if key else ""
    value = draw(st.one_of(values(), st.just("")))
    return indent + dash + key + colon + value


TOKENS = [
    b" ",
    b"  ",
    b"\n",
    b"\n\n",
    b"\n  ",
    b"\n ",
    b"\n    ",
    b"\n- ",
    b"\n  - ",
    b"- ",
    b": ",
    b":",
    b"'",
    b"''",
    b'"',
    b"\\",
    b'\\"',
    b"#",
    b" #",
    b"\r",
    b"\r\n",
    b"\t",
    b"\n---",
    b"\n...",
    b"---",
    b"\nstatus: approved",
    b"\nstatus: submitted\n",
    b"\non: x",
    b"\n1: x",
    b"\nnull: x",
    b"\n~: x",
    b"\nunit: so-y-te",
    b"\nconfidential: true",
    b"\n  unit: so-y-te",
    b"\n  date: 2025-01-01",
    b"\n    name: B",
    "“".encode(),
    "”".encode(),
    "\u00a0".encode(),
    "\u2028".encode(),
    "\u0085".encode(),
    "\ufeff".encode(),
    "\u0301".encode(),
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&",
    b"*",
    b"!",
    b"|",
    b">",
    b"?",
    b"yes",
    b"0",
    b"2025-01-01",
    b"x" * 2000,
]


def _trap_line(draw: st.DrawFn, front: list[bytes], at: int) -> None:
    front.insert(at, draw(lines()).encode())


def _near_line(draw: st.DrawFn, front: list[bytes], at: int) -> None:
    """A continuation line, or a line of traps, about the indentation of a line."""
    near = front[min(at, len(front) - 1)]
    indent = len(near) - len(near.lstrip(b" ")) + draw(st.integers(-2, 3))
    front.insert(at, b" " * max(indent, 0) + draw(st.one_of(values(), lines())).encode())


def _new_value(draw: st.DrawFn, front: list[bytes], at: int) -> None:
    """A line's value replaced, its head kept."""
    line = front[min(at, len(front) - 1)]
    head = line.split(b": ", 1)[0] + b": " if b": " in line else line
    front[min(at, len(front) - 1)] = head + draw(values()).encode()


def _moved_line(draw: st.DrawFn, front: list[bytes], at: int) -> None:
    """A line moved, copied, dropped, indented or dedented."""
    line = front.pop(min(at, len(front) - 1))
    again = [
        [],
        [(draw(st.integers(0, len(front))), line), (draw(st.integers(0, len(front))), line)],
        [(min(at, len(front)), b" " * draw(st.integers(1, 9)) + line)],
        [(min(at, len(front)), line.lstrip(b" "))],
        [(draw(st.integers(0, len(front))), line)],
    ][draw(st.integers(0, 4))]
    for where, text in again:
        front.insert(min(where, len(front)), text)


def _line_end(draw: st.DrawFn, front: list[bytes], at: int) -> None:
    """Spaces, a carriage return or a comment at the end of a line."""
    end = draw(st.sampled_from([b" ", b"  ", b"\r", b" \r", b" #", b"  # c", b"#c"]))
    front[min(at, len(front) - 1)] += end


def _token(draw: st.DrawFn, front: list[bytes], _: int) -> None:
    """A token at a byte of the front matter."""
    text = b"\n".join(front)
    offset = draw(st.integers(0, len(text)))
    front[:] = (text[:offset] + draw(st.sampled_from(TOKENS)) + text[offset:]).split(b"\n")


MUTATIONS = [
    _trap_line,
    _trap_line,
    _near_line,
    _new_value,
    _new_value,
    _new_value,
    _moved_line,
    _line_end,
    _token,
    _token,
]
ENDINGS = [
    lambda blob: blob.replace(b"\n", b"\r\n"),
    lambda blob: blob.rstrip(b"\n"),
    lambda blob: blob[: blob.index(b"\n---", 3) + 4],  # the front matter closed at the end of the file
    lambda blob: blob.replace(b"\n---\n", b"\n...\n", 1),
    lambda blob: blob[:4] + blob[4:].replace(b"\n", b"\r\n"),  # CRLF after an opening line in LF
    lambda blob: blob[:4] + blob[4:].replace(b"\n", b" \n"),  # a space at the end of every line
    *[lambda blob: blob] * 6,
]


PLAIN = ["a", "so-y-te", "2025-03-03", "Nguyễn Văn An", "approved", "true", "b c", "'b c'", '"d"', "1", "(e) f"]
SCALARS = st.one_of(st.sampled_from(PLAIN), st.sampled_from(PLAIN), st.sampled_from(PLAIN), values())


@st.composite
def block(draw: st.DrawFn, indent: int, names: list[str], depth: int) -> list[str]:
    """The lines of a block of keys from ``names`` (and others) at ``indent``, its values of every kind."""
    out: list[str] = []
    step = draw(st.sampled_from([1, 2, 2, 4]))
    for _ in range(draw(st.integers(0 if depth else 1, 4))):
        name = draw(st.one_of(*[st.sampled_from(names)] * 6, st.sampled_from(TRAP_KEYS), st.sampled_from(["k", "m"])))
        kind = draw(st.integers(0, 9 if depth < 2 else 5))
        pad = " " * indent
        if kind <= 4:  # a scalar on the key's line, and now and then its continuation lines
            out.append(f"{pad}{name}: {draw(SCALARS)}")
            for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
                out.append(" " * draw(st.integers(0, indent + 4)) + draw(st.sampled_from(["", "b", "c d", "'e'"])))
        elif kind == 5:  # nothing, or a scalar on the next line
            out.append(f"{pad}{name}:")
            if draw(st.booleans()):
                out.append(" " * (indent + step) + draw(SCALARS))
        elif kind <= 7:  # a block
            out.append(f"{pad}{name}:")
            out += draw(block(indent + step, [*names, "date", "outcome", "name"], depth + 1))
        else:  # a list of blocks or scalars, indented or not
            out.append(f"{pad}{name}:")
            dash = indent + draw(st.sampled_from([0, step]))
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    out.append(" " * dash + "- " + draw(SCALARS))
                else:
                    lines = draw(block(dash + 2, ["name", "unit", "position", "date", "from"], depth + 1))
                    if lines:
                        out.append(" " * dash + "- " + lines[0][dash + 2 :])
                        out += lines[1:]
    return out


@st.composite
def built(draw: st.DrawFn) -> bytes:
    """A front matter built entry by entry from the keys the report reads, in the common shape or near it."""
    top = [key for key in KEYS if key != "status"]
    lines = draw(block(0, top, 0))
    status = draw(
        st.sampled_from(["status: submitted", "status: approved", "status: 'rejected'", 'status: "reported"'])
    )
    starts = [number for number, line in enumerate(lines) if line[:1].isalnum()] + [len(lines)]
    lines.insert(draw(st.sampled_from(starts)), status)
    body = draw(st.sampled_from(["\n## Phần\n", "\n---\nstatus: rejected\n---\n", "", "\n...\n"]))
    blob = ("---\n" + "\n".join(lines) + "\n---\n" + body).encode()
    return cast(bytes, draw(st.sampled_from(ENDINGS))(blob))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real proposal, mutated inside its front matter (and, now and then, around it)."""
    blob = draw(st.sampled_from(_bases()))
    end = blob.index(b"\n---", 3)
    front, rest = blob[4 : end + 1].split(b"\n")[:-1], blob[end + 1 :]
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(MUTATIONS))
        if front:
            mutation(draw, front, draw(st.integers(0, len(front))))
    blob = b"---\n" + b"\n".join(front) + b"\n" + rest
    return cast(bytes, draw(st.sampled_from(ENDINGS))(blob))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blob=st.one_of(mutated(), built()))
def test_the_fast_reader_agrees_with_the_strict_loader_or_declines(blob: bytes) -> None:
    fast = _fast(blob)
    if fast is not None:
        assert fast == _strict(blob)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blob=mutated())
def test_load_front_matter_gives_the_strict_result(blob: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("registry")
    path = root / PATH
    path.parent.mkdir(parents=True)
    path.write_bytes(blob)
    loaded = load_front_matter(root, PATH, KEYS)
    strict, _ = load_file(root, path)
    if strict is None:
        assert loaded is None
    else:
        assert loaded is not None
        assert restrict(loaded.meta, KEYS) == restrict(strict.meta, KEYS)


def test_the_bases_are_read_fast() -> None:
    """The fuzzer starts from files the fast reader reads, so that its mutations test it and not the decline."""
    assert all(_fast(blob) is not None for blob in _bases())
    assert len(_bases()) > 10
