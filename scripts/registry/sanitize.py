"""The sanitizer of every generated page: proposal text is untrusted.

Pages are cleaned after Markdown has made them HTML, with nh3 (ammonia): an allowlist of tags and
attributes, no script, no event handler, no style, no ``javascript:`` or ``data:`` URL. Links and
images may only point inside the site (a fragment, or a relative path that does not climb above the
site's root): no other scheme, no absolute path, no protocol-relative URL.
"""

from __future__ import annotations

import posixpath
import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "progress", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "progress": {"value", "max"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")


def _safe_url(value: str, depth: int) -> bool:
    if value.startswith("#"):
        return True
    if (
        _SCHEME.match(value)
        or value.startswith(("/", "\\"))
        or "\\" in value
        or "//" in value.split("?", maxsplit=1)[0]
    ):
        return False
    path = value.split("#", maxsplit=1)[0].split("?", maxsplit=1)[0]
    normal = posixpath.normpath(posixpath.join("/".join(["x"] * depth) or ".", path)) if path else "."
    return not normal.startswith("..")


def clean_html(html: str, depth: int) -> str:
    """``html`` of a page ``depth`` folders below the site's root, with only what is safe left."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return value if _safe_url(value, depth) else None
        return value

    cleaned: str = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=set(),
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned
