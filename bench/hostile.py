"""Hostile proposal files at the size limit: the slow-input corpus of ``make bench`` and its tests.

Each file is a proposal of about 1 MiB (just under the loader's limit) built to make one scan of the
loader, the YAML reader, the schema or a rule do as much work as a file of that size allows: long runs
that a backtracking regular expression tries at every position, many headings, deep nesting, long
lists and many keys. ``corpus(sections)`` returns them by name; ``sections`` are the section headings
of registry.yml, so that everything but the hostile part is a valid proposal.
"""

from __future__ import annotations

from collections.abc import Callable

from registry.load import MAX_BYTES, MAX_FRONT_MATTER

LIMIT = MAX_BYTES
FRONT_LIMIT = MAX_FRONT_MATTER
SIZE = LIMIT - 4096  # room for the valid front matter and sections around the hostile part
FRONT_SIZE = FRONT_LIMIT - 1024

FRONT = """---
id: "2025-901"
title: "Rút ngắn thời gian cấp phiếu lý lịch tư pháp"
summary: "Cấp phiếu lý lịch tư pháp trực tuyến trong 3 ngày làm việc thay cho 10 ngày."
unit: so-tu-phap
field: linh-vuc-khac
authors:
  - name: "Nguyễn Văn An"
    position: "Chuyên viên"
    unit: so-tu-phap
status: submitted
confidential: false
submitted: 2025-03-03
"""


def _fill(unit: str, size: int = SIZE) -> str:
    """``unit`` repeated to about ``size`` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode()))


def _body(sections: tuple[str, ...], last: str = "") -> str:
    """The sections of the report, each with a line of text, and ``last`` under the last one."""
    parts = [f"\n## {heading}\n\nNội dung phần này.\n" for heading in sections]
    return "".join(parts) + last


def _proposal(sections: tuple[str, ...], extra_front: str = "", body_tail: str = "") -> bytes:
    return (FRONT + extra_front + "---\n" + _body(sections, body_tail)).encode()


def valid_proposal(sections: tuple[str, ...]) -> bytes:
    """A valid proposal of about 1 KiB, for scale."""
    return _proposal(sections)


def _padding(size: int) -> str:
    """Ordinary paragraphs, so that a file whose front matter is the hostile part is still 1 MiB."""
    return "\n" + _fill("Đoạn văn bình thường của báo cáo, không có gì đặc biệt.\n\n", size)


def corpus(sections: tuple[str, ...]) -> dict[str, bytes]:
    """Every hostile file, by name."""
    size = FRONT_SIZE
    front_cases: dict[str, Callable[[], str]] = {
        # YAML, at the front matter's limit: nesting (flow and block), long scalars, many keys, long lists.
        "deep-flow-sequences": lambda: "tags: " + "[" * (size // 2) + "]" * (size // 2) + "\n",
        "deep-flow-mappings": lambda: "tags: " + _fill("{a: ", size * 4 // 5) + "1" + "}" * (size // 5) + "\n",
        "deep-block-sequences": lambda: "tags:\n" + _fill("- ", size) + "x\n",
        "deep-block-mappings": lambda: "extra:\n" + "".join(" " * (2 * depth) + "a:\n" for depth in range(1, 100)),
        "long-plain-scalar": lambda: "tags: [" + _fill("từ ", size) + "]\n",
        "long-number-like-scalar": lambda: "tags: [" + _fill("1", size) + "]\n",
        "long-sexagesimal-scalar": lambda: "tags: [1" + _fill(":1", size) + "]\n",
        "long-float-like-scalar": lambda: "tags: [1" + _fill("0", size) + ".5e3]\n",
        "long-date-like-scalar": lambda: "tags: [2025-03-03" + " " * size + "x]\n",
        "long-quoted-scalar": lambda: 'tags: ["' + _fill("\\u00e0\\\\", size) + '"]\n',
        "long-key": lambda: _fill("k", size) + ": 1\n",
        "many-unknown-keys": lambda: "".join(f"k{index}: 1\n" for index in range(size // 10)),
        "many-duplicate-keys": lambda: _fill("title: x\n", size),
        "many-tags": lambda: "tags:\n" + "".join(f"  - t{index}\n" for index in range(size // 11)),
        "many-related-mixed": lambda: "related: [" + ", ".join(str(index) for index in range(size // 7)) + ', "x"]\n',
        "many-related-lists": lambda: "related: [" + ", ".join(f"[{index}]" for index in range(size // 9)) + "]\n",
        "many-authors": lambda: "".join(
            f'  - name: "Tác giả {index}"\n    position: "Chuyên viên"\n    unit: so-tu-phap\n'
            for index in range(size // 75)
        ),
        "many-referrals": lambda: (
            "referrals:\n"
            + "".join(
                f"  - date: 2025-03-{index % 28 + 1:02d}\n    from: so-tu-phap\n    to: ubnd-tinh\n"
                for index in range(size // 60)
            )
        ),
        "many-tagged-values": lambda: "".join(f"k{index}: !x v\n" for index in range(size // 12)),
        "many-datetimes": lambda: "".join(f"k{index}: 2025-03-03 10:00:00\n" for index in range(size // 28)),
        "many-aliases": lambda: "tags: &a [x]\nrelated: [" + _fill("*a, ", size) + "*a]\n",
        "many-tabs": lambda: _fill("\tx: 1\n", size),
        "many-front-lines": lambda: _fill("\n", size),
        "many-comments": lambda: _fill("# ghi chú\n", size),
    }
    body_cases: dict[str, Callable[[], str]] = {
        # Markdown, at the file's limit: headings, fences, comments and long lines.
        "closing-hashes": lambda: "\n## a" + " " * SIZE + "#x\n",
        "closing-hashes-tabs": lambda: "\n## a" + _fill(" \t", SIZE) + "#x\n",
        "comment-openers": lambda: "\n" + _fill("<!--", SIZE) + "\n",
        "comment-openers-lines": lambda: "\n" + _fill("<!--\n", SIZE),
        "many-headings": lambda: "\n" + _fill("## a\n", SIZE),
        "many-distinct-headings": lambda: "\n" + "".join(f"## {index}\n" for index in range(SIZE // 10)),
        "many-empty-headings": lambda: "\n" + _fill("##\n", SIZE),
        "many-level-one-headings": lambda: "\n" + _fill("#\n", SIZE),
        "many-level-seven-hashes": lambda: "\n" + _fill("####### a\n", SIZE),
        "many-level-three-headings": lambda: "\n" + _fill("### a\n", SIZE),
        "many-hash-lines": lambda: "\n" + _fill("#", SIZE) + "\n",
        "many-heading-hashes": lambda: "\n## a " + _fill("#", SIZE) + "\n",
        "many-code-fences": lambda: "\n" + _fill("```\n", SIZE),
        "many-tilde-fences": lambda: "\n" + _fill("~~~\n", SIZE),
        "unclosed-fence-headings": lambda: "\n```\n" + _fill("## a\n", SIZE),
        "long-fence": lambda: "\n" + _fill("`", SIZE) + "\n",
        "many-headings-in-comments": lambda: "\n" + _fill("## a\n<!-- b -->\n", SIZE),
        "long-line": lambda: "\n" + _fill("chữ ", SIZE) + "\n",
        "many-blank-lines": lambda: _fill("\n", SIZE),
        "many-space-lines": lambda: _fill("   \n", SIZE),
        "many-crlf-lines": lambda: _fill("x\r\n", SIZE),
        "many-tab-lines": lambda: _fill("\t\n", SIZE),
        "open-brackets": lambda: "\n" + _fill("[", SIZE) + "\n",
        "many-emphasis": lambda: "\n" + _fill("*a ", SIZE) + "\n",
        "many-html-tags": lambda: "\n" + _fill("<span>", SIZE) + "\n",
        "many-links": lambda: "\n" + _fill("[a](b) ", SIZE) + "\n",
        "many-list-items": lambda: "\n" + _fill("- a\n", SIZE),
        "deep-blockquotes": lambda: "\n" + _fill(">", SIZE) + " a\n",
        "deep-lists": lambda: "\n" + "".join(" " * (2 * depth) + "- a\n" for depth in range(1000)),
        "combining-marks": lambda: "\na" + _fill("\u0301\u0323", SIZE) + "\n",
        "not-nfc-lines": lambda: _fill("Tie\u0302\u0301ng Vie\u0323\u0302t\n", SIZE),
    }
    files: dict[str, bytes] = {}
    for name, front in front_cases.items():
        text = front()
        # More authors go after the one in FRONT; everything else at the end of the front matter.
        head = FRONT.replace("status:", text + "status:") if name == "many-authors" else FRONT + text
        files[name] = (head + "---\n" + _body(sections, _padding(LIMIT - 2048 - len(head.encode())))).encode()
    files["front-matter-megabyte"] = _proposal(sections, extra_front="notes: |\n" + _fill("  dòng\n", SIZE))
    for name, tail in body_cases.items():
        files[name] = _proposal(sections, body_tail=tail())
    return files
