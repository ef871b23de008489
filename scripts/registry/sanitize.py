"""The sanitizer of every generated page: proposal text is untrusted.

Pages are cleaned after Markdown has made them HTML, with nh3 (ammonia): an allowlist of tags and
attributes, no script, no event handler, no style, no ``javascript:`` or ``data:`` URL.

Links and images may only point inside the site. A URL is judged as a browser reads it: parsed by
the WHATWG URL rules (ada), which drop tabs and newlines, read ``\\`` as ``/`` and ``%2e%2e`` as ``..``,
and resolved against the page's own place in the site. It is kept only if it lands inside the site's
folder whatever host and folder the site is served from (two different bases are tried), and what
the page then carries is the URL as resolved, written relative to the page: the same text the
browser will read, so no difference between two URL parsers can be used to get past the check.

An element id is kept only if the site engine made it for a heading of the page (the table of
contents' anchors, which site.py sets for proposal text behind a prefix of its own); any other id, such
as ``__config`` written as raw HTML in a proposal, would let proposal text stand in for an element
that the theme reads.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

import ada_url
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
# Two places the site could be served from; a URL that stays inside both is relative to the page.
_SITES = ("http://registry.invalid/site/", "https://other.invalid/deeper/site/")


# The same links recur on many pages (a proposal's in every listing of it, the headings' anchors): each
# is judged once per depth.
@functools.lru_cache(maxsize=1 << 16)
def inside_url(value: str, depth: int) -> str | None:
    """``value``, a link or image URL of a page ``depth`` folders below the site's root, as the
    relative URL a browser resolves it to, if that stays inside the site; None otherwise."""
    page = "f/" * depth
    resolved = []
    for site in _SITES:
        try:
            url = ada_url.URL(value, site + page)
        except ValueError:
            return None
        if not url.href.startswith(site):
            return None
        resolved.append(url)
    url = resolved[0]
    here = "/site/" + page
    rest = url.href[len(_SITES[0]) - len("/site/") + len(url.pathname) :]  # query and fragment, even empty
    if url.pathname == here and rest:
        return rest
    # The path relative to the page, segment by segment: empty segments are kept (a//b is not a/b),
    # and a first segment that could read as a scheme or a host is put behind ./.
    page_parts, parts = here.split("/")[:-1], url.pathname.split("/")
    common = 0
    while common < min(len(page_parts), len(parts) - 1) and page_parts[common] == parts[common]:
        common += 1
    up = len(page_parts) - common
    path = "/".join(parts[common:])
    if not up and (path.startswith("/") or ":" in path.partition("/")[0]):
        return "./" + path + rest
    return "../" * up + path + rest


def clean_html(html: str, depth: int, ids: Collection[str] = (), pull_requests: str = "") -> str:
    """``html`` of a page ``depth`` folders below the site's root, with only what is safe left;
    ``ids`` are the ids that the page's headings may carry. The one link kept outside the site is to a
    pull request of the registry's own repository: ``pull_requests`` (the configured forge address,
    ``https://github.com/OWNER/REPO/pull/``) followed by a number and nothing else."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href" and pull_requests and value.startswith(pull_requests):
            number = value[len(pull_requests) :]
            if number.isascii() and number.isdigit():
                return value
        if attribute in ("href", "src"):
            return inside_url(value, depth)
        if attribute == "id":
            return value if value in ids else None
        return value

    cleaned: str = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        # https for the pull requests' links alone: keep() makes every other URL relative, or drops it.
        url_schemes={"https"} if pull_requests else set(),
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned
