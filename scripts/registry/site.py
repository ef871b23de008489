"""The public site's generated content: Markdown pages, charts, a feed and open data, all made from the
public view (public.py) through the Jinja templates of templates/site/.

Everything returned is plain Markdown (with a little HTML that the page sanitizer allows) or a data
file, so that the site engine can be swapped. The MkDocs glue is mkdocs_hook.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jinja2
from feedgen.feed import FeedGenerator
from markdown.extensions.toc import slugify as markdown_slugify
from markupsafe import escape

from registry.catalogue import text
from registry.config import Registry
from registry.errors import RegistryError
from registry.gitrepo import Repository
from registry.lifecycle import ONGOING, Block, Result
from registry.load import split_sections
from registry.model import Heading, Proposal
from registry.public import PublicProposal
from registry.reporting import METRICS, Period, Scope, parse_period, record, year_period
from registry.spreadsheet import safe_cell

TEMPLATES = Path(__file__).with_name("templates") / "site"
PROPOSALS = "de-xuat"
_SVG = "http://www.w3.org/2000/svg"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")  # > is left to the HTML escape


def markdown_text(value: object) -> str:
    """A value shown as text in Markdown: HTML escaped, Markdown's own characters backslashed."""
    flat = " ".join(str(value).split())
    # Markdown's characters first: the HTML entities made next carry a # that must stay unescaped.
    return str(escape(_MARKDOWN_SPECIAL.sub(r"\\\1", flat)))


def fold_d(value: str) -> str:
    return value.replace("đ", "d").replace("Đ", "D")


def slugify(value: str, separator: str) -> str:
    """The id of a heading: Python-Markdown's slug, after "đ" is folded to "d". Unicode does not
    decompose "đ", a letter of its own, so the usual slug drops it (``#tien-o-thuc-hien``). Named
    as toc's ``slugify`` in mkdocs.yml, for the hand-written pages and the generated ones alike."""
    return str(markdown_slugify(fold_d(value), separator))


SECTION_ID = "muc-"
HEADING_LIMIT = 300  # characters of a heading shown: the engine's inline patterns are quadratic in a line
SECTIONS_LIMIT = 100  # headings of a body that the engine sees; the rest stay in the text (see safe_headings)


def section_heading(heading: Heading, used: dict[str, int]) -> str:
    """A heading of a proposal's body as a Markdown line made safe for the site engine.

    Its words are shown as written (escaped), so that an attribute list in them, such as
    ``{: id='x" onfocus="…"' }``, is text and not attributes; its id is the slug of those words behind
    a prefix that no id of the theme has (Material's start with ``__``: ``__config``, ``__search``),
    set here so that the engine's table of contents takes it as it is. ``used`` counts the ids given
    so far, so that each is unique in the body. A heading longer than HEADING_LIMIT is cut there, with
    an ellipsis: Python-Markdown takes minutes over a heading line of many thousand escaped characters.
    """
    words = heading.title
    if len(words) > HEADING_LIMIT:
        words = words[:HEADING_LIMIT] + "…"
    slug = (SECTION_ID + slugify(words, "-")).rstrip("-")
    id = slug
    while id in used:  # slug-2, slug-3, … from where this slug's count left off: linear in the headings
        used[slug] += 1
        id = f"{slug}-{used[slug]}"
    used[id] = 1
    return f"{'#' * heading.level} {markdown_text(words)} {{: #{id} }}"


def safe_headings(body: str) -> str:
    """``body`` with each of its level-1 and level-2 headings made safe (see section_heading).

    Past SECTIONS_LIMIT, headings are shown as level-3 headings of the text before them, which is
    rendered ahead of the engine within a time budget (prerender.py): the engine and the theme's table
    of contents take time in the number of headings, and a body of a hundred thousand would hold up
    the whole build. The report has five sections; no real body comes near.
    """
    used: dict[str, int] = {}
    parts = []
    for number, (heading, content) in enumerate(split_sections(body)):
        if heading is None:
            parts.append(content)
        elif number <= SECTIONS_LIMIT:
            parts.append(section_heading(heading, used) + content)
        else:
            parts.append(f"### {heading.title}{content}")  # text like any other: rendered ahead, cleaned
    return "".join(parts)


def plain_text(value: object) -> str:
    """A value for a page's front-matter title: no markup characters, no quotes."""
    return re.sub(r"[<>\"\\`]", "", " ".join(str(value).split()))


def html_text(value: object) -> str:
    """A value shown as text in HTML: its runs of white space made one space, escaped."""
    return str(escape(" ".join(str(value).split())))


def day(value: object) -> str:
    """ISO 2025-03-03 as Vietnamese write it: 03/03/2025; any other value as it is (the md or html
    filter escapes it)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else str(value)


def number(value: object) -> str:
    """A whole number as Vietnamese write it: 10.000 (a dot between thousands)."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def status_slug(status: str) -> str:
    """A status in a page's address, from its Vietnamese name: ``duoc-chap-thuan``, not ``approved``."""
    return slugify(label("status", status), "-")


def tag_name(registry: Registry, tag: str) -> str:
    """A keyword as registry.yml's ``tags`` names it, with its diacritics; an unlisted one as written."""
    return registry.tags.get(tag, tag.replace("-", " "))


def label(group: str, key: object = None, **values: object) -> str:
    return text(f"site.{group}.{key}", **values) if key is not None else text(f"site.{group}", **values)


_ESCAPES: dict[str, Callable[[object], str]] = {"md": markdown_text, "html": html_text}


def _apply(value: object, escape: str) -> str:
    """``value`` through the escape named ``escape`` ("md" or "html"), for a macro used in both."""
    return _ESCAPES[escape](value)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # the output is Markdown; values go through the md filter
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(md=markdown_text, html=html_text, plain=plain_text, day=day, number=number, apply=_apply)
    # say: a catalogue text with values, escaped by the template
    environment.globals.update(label=label, say=text, text=text, decided_on=decided_on)
    return environment


def render_template(name: str, **values: Any) -> str:
    """One page from the template ``name`` of templates/site/ (for a page made outside build_site)."""
    return _environment().get_template(name).render(**values)


# Vietnamese alphabetical order (TCVN 5712 as dictionaries use it): the letters with their own place
# (ă â đ ê ô ơ ư), then the tones as a tie-break: none, huyền, hỏi, ngã, sắc, nặng.
_LETTERS = {letter: place for place, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(value: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """A sort key putting ``value`` where a Vietnamese reader looks for it: "Đ" after "D", "Ư" after "U"."""
    letters, tones = [], []
    for character in value.lower():
        parts = unicodedata.normalize("NFD", character)
        tone = next((_TONES[mark] for mark in parts if mark in _TONES), 0)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in _TONES))
        letters.append((1, _LETTERS[letter]) if letter in _LETTERS else (0, ord(letter[:1] or " ")))
        tones.append(tone)
    return tuple(letters), tuple(tones), value


@dataclass(frozen=True)
class Chart:
    """A bar chart and the table beside it, which is its text alternative: ``rows`` in the order both
    show them (see chart_rows)."""

    name: str
    title: str
    column: str
    rows: list[tuple[str, int]]
    order: str  # how the rows are sorted, said on the page

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def height(self) -> int:
        lines = sum(len(_wrap(name)) for name, _ in self.rows)
        return _TOP + lines * _LINE + len(self.rows) * (_BAR + _GAP) + _TICK_SIZE + 8


def by_count(rows: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """A chart's rows for names without an order of their own (fields, units): the largest count first,
    equal counts in Vietnamese alphabetical order."""
    return sorted(rows, key=lambda row: (-row[1], vietnamese_key(row[0])))


# The chart is drawn for a phone: CHART_WIDTH is about the width of the page's text at 390 px, so that
# the picture is shown at about its own size and its text at its font size (at least 13 px; the browser
# test measures it). Each name is written whole on its own lines above its bar; the numbers on the axis
# are whole, since they count proposals. No id, script or font is fetched: two builds give the same bytes.
CHART_WIDTH = 340
_LABEL_SIZE, _TICK_SIZE, _LINE, _TOP = 14, 13, 18, 4
_BAR, _GAP, _COUNT_ROOM, _LABEL_CHARS = 16, 12, 40, 40
_STEPS = 5  # at most, on the axis
_FONT = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', Arial, sans-serif"


def chart_ticks(largest: int) -> list[int]:
    """The axis' numbers: 0 to at least ``largest`` by a whole step of 1, 2 or 5 times a power of ten,
    at most six of them."""
    top, step = max(largest, 1), 1
    while -(-top // step) > _STEPS:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2  # 1, 2, 5, 10, 20, 50, ...
    return list(range(0, -(-top // step) * step + 1, step))


def _wrap(name: str) -> list[str]:
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= _LABEL_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(parent: ElementTree.Element, x: float, y: int, words: str, size: int, **more: str) -> None:
    attributes = {"x": f"{x:.1f}", "y": str(y), "font-size": str(size), **more}
    ElementTree.SubElement(parent, "text", attributes).text = words


def _chart_svg(chart: Chart) -> bytes:
    """``chart`` as an SVG picture: each name on its own lines, its bar below it with the count at its
    end, an axis of whole numbers at the bottom (see CHART_WIDTH)."""
    ticks = chart_ticks(max((count for _, count in chart.rows), default=0))
    plot = CHART_WIDTH - _COUNT_ROOM - 2
    svg = ElementTree.Element("svg", xmlns=_SVG, role="img", width=str(CHART_WIDTH))
    svg.set("aria-labelledby", f"bieu-do-{chart.name}")
    svg.set("font-family", _FONT)
    ElementTree.SubElement(svg, "title", id=f"bieu-do-{chart.name}").text = chart.title
    axis = ElementTree.SubElement(svg, "g", stroke="#9e9e9e")
    bars = ElementTree.SubElement(svg, "g", fill="#3f51b5")
    words = ElementTree.SubElement(svg, "g", fill="#1a1a1a")
    y = _TOP
    for name, count in chart.rows:
        for line in _wrap(name):
            y += _LINE
            _text(words, 1, y - 4, line, _LABEL_SIZE)
        width = plot * count / ticks[-1]
        ElementTree.SubElement(bars, "rect", x="1", y=str(y), width=f"{width:.1f}", height=str(_BAR))
        _text(words, width + 6, y + _BAR - 3, number(count), _LABEL_SIZE, **{"font-weight": "bold"})
        y += _BAR + _GAP
    for tick in ticks:
        x = 1 + plot * tick / ticks[-1]
        ElementTree.SubElement(axis, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=str(_TOP), y2=str(y))
        anchor = "start" if tick == 0 else "end" if tick == ticks[-1] else "middle"
        _text(words, x, y + _TICK_SIZE + 2, number(tick), _TICK_SIZE, **{"text-anchor": anchor})
    svg.set("viewBox", f"0 0 {CHART_WIDTH} {chart.height}")
    svg.set("height", str(chart.height))
    body: bytes = ElementTree.tostring(svg, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def _feed(registry: Registry, proposals: list[PublicProposal], base_url: str) -> bytes:
    """The Atom feed. Atom's ids must be absolute: with the site's address they are the pages' URLs,
    without it (a preview) URNs, and the feed has no self link."""
    feed = FeedGenerator()
    feed.id(base_url or "urn:registry")
    feed.title(label("title", "feed"))
    feed.author({"name": registry.authority})
    if base_url:
        feed.link(href=f"{base_url}feed.xml", rel="self")
        feed.link(href=base_url, rel="alternate")
    feed.language("vi")
    entries: list[tuple[str, PublicProposal, str]] = []
    for p in proposals:
        if p.approved_on:
            entries.append((p.approved_on, p, label("outcome", p.decision.get("outcome"))))
        if p.successful and p.evaluation.get("date"):
            entries.append((p.evaluation["date"], p, label("result", Result.COMPLETED)))
    entries.sort(key=lambda entry: (entry[0], entry[1].id))
    for when, p, what in entries[-50:]:
        entry = feed.add_entry()
        page = f"{base_url}{PROPOSALS}/{p.id}/"
        entry.id(f"{page}#{when}" if base_url else f"urn:registry:{p.id}:{when}")
        entry.title(f"{what}: {p.title}")
        entry.link(href=page)
        entry.summary(p.summary)
        entry.updated(datetime.fromisoformat(when).replace(tzinfo=UTC))
    feed.updated(
        datetime.fromisoformat(entries[-1][0]).replace(tzinfo=UTC) if entries else datetime(2000, 1, 1, tzinfo=UTC)
    )
    rendered = feed.atom_str(pretty=True)
    assert isinstance(rendered, bytes)
    return rendered


# The open data's columns: CSV name, JSON key, value. Their meanings, shown on the data-dictionary page,
# are the catalogue's site.data.<CSV name>.
DICTIONARY: list[tuple[str, str, Callable[[PublicProposal], Any]]] = [
    ("id", "id", lambda p: p.id),
    ("title", "title", lambda p: p.title),
    ("summary", "summary", lambda p: p.summary),
    ("status", "status", lambda p: p.status),
    ("unit", "unit", lambda p: p.unit),
    ("unit_name", "unit_name", lambda p: p.unit_name),
    ("field", "field", lambda p: p.field),
    ("field_name", "field_name", lambda p: p.field_name),
    ("year", "year", lambda p: p.year),
    (Block.SUBMITTED, Block.SUBMITTED, lambda p: p.submitted),
    ("authors", "authors", lambda p: p.authors),
    ("decision_outcome", "decision.outcome", lambda p: p.decision.get("outcome")),
    ("decision_date", "decision.date", lambda p: p.decision.get("date")),
    ("decision_document", "decision.document", lambda p: p.decision.get("document")),
    ("implementation_start", "implementation.start", lambda p: p.implementation.get("start")),
    ("implementation_end", "implementation.end", lambda p: p.implementation.get("end")),
    ("progress", "progress", lambda p: p.progress),
    ("evaluation_result", "evaluation.result", lambda p: p.evaluation.get("result")),
    ("evaluation_date", "evaluation.date", lambda p: p.evaluation.get("date")),
    ("liability", "evaluation.liability.outcome", lambda p: (p.evaluation.get("liability") or {}).get("outcome")),
    ("recognition", "recognition", lambda p: p.recognition),
    ("milestones", "milestones", lambda p: p.milestones),
    ("tags", "tags", lambda p: p.tags),
    ("sample", "sample", lambda p: p.sample),
    ("url", "url", lambda p: f"{PROPOSALS}/{p.id}/"),  # behind the site's address when it is known
]  # fmt: skip


@dataclass(frozen=True)
class OpenData:
    """What the page "Dữ liệu mở" and the files say of the data as a whole (metadata.json)."""

    publisher: str
    licence: tuple[str, str]  # name, address of its text
    updated: str | None  # YYYY-MM-DD: see open_data_updated
    count: int
    statuses: tuple[str, ...]  # the statuses published (registry.yml publication.statuses)

    def metadata(self) -> dict[str, Any]:
        name, url = self.licence
        return {"publisher": self.publisher, "licence": {"name": name, "url": url}, "updated": self.updated,
                "count": self.count}  # fmt: skip


def open_data_updated(proposals: Iterable[PublicProposal]) -> str | None:
    """The day the published data last changed: the newest day a published proposal's change was
    committed (its timeline), or, for a site built without the history, its newest administrative
    date. Never the day of the build: two builds of one commit give the same files."""
    days = [event.date for p in proposals for event in p.timeline]
    return max(days, default=None) or max((m.date for p in proposals for m in p.milestones), default=None)


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"decision.date": x}`` as ``{"decision": {"date": x}}``: the dictionary's keys are paths."""
    record: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, last = key.split(".")
        inner = record
        for parent in parents:
            inner = inner.setdefault(parent, {})
        inner[last] = value
    return record


def _open_data(proposals: list[PublicProposal], about: OpenData, base_url: str = "") -> dict[str, bytes]:
    """The open data's files under du-lieu/: proposals.json (the metadata, then the proposals as nested
    objects, described by proposals.schema.json), proposals.csv (one flat row a proposal: UTF-8 with a
    byte-order mark, so that Excel reads Vietnamese, a header row, every text cell through safe_cell)
    and metadata.json (the licence, day and count, which a CSV cannot carry without breaking its
    readers)."""
    records = []
    for p in proposals:
        record = {key: getter(p) for _, key, getter in DICTIONARY}
        record["url"] = base_url + record["url"]
        record["authors"] = [asdict(a) for a in p.authors]
        record["recognition"] = list(p.recognition)
        record["milestones"] = [asdict(m) for m in p.milestones]
        record["tags"] = list(p.tags)
        records.append(_nested(record))
    as_json = json.dumps({**about.metadata(), "proposals": records}, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow([column for column, _, _ in DICTIONARY])
    for p in proposals:
        row = []
        for column, _, getter in DICTIONARY:
            value = getter(p)
            if column == "authors":
                value = "; ".join(f"{a.name}, {a.position}, {a.unit}" for a in p.authors)
            elif column == "recognition":
                value = "; ".join(f"{r.get('form')} ({r.get('document')})" for r in p.recognition)
            elif column == "milestones":
                value = "; ".join(" ".join(filter(None, (m.date, m.kind, m.document))) for m in p.milestones)
            elif column == "tags":
                value = "; ".join(p.tags)
            elif column == "url":
                value = base_url + value
            row.append("" if value is None else str(value).lower() if isinstance(value, bool) else safe_cell(value))
        writer.writerow(row)
    files = {"proposals.json": "proposals.schema.json", "proposals.csv": None}
    metadata = {**about.metadata(), "files": [{"name": name, "schema": schema} for name, schema in files.items()]}
    return {
        "du-lieu/proposals.json": as_json.encode(),
        "du-lieu/proposals.csv": "\ufeff".encode() + out.getvalue().encode(),
        "du-lieu/metadata.json": (json.dumps(metadata, ensure_ascii=False, indent=1) + "\n").encode(),
        "du-lieu/proposals.schema.json": _data_schema(about.statuses),
    }


def _data_schema(statuses: tuple[str, ...]) -> bytes:
    """The open data's JSON Schema, its statuses those the registry publishes (not a list of its own)."""
    schema = json.loads((TEMPLATES / "proposals.schema.json").read_bytes())
    schema["$defs"]["proposal"]["properties"]["status"]["enum"] = list(statuses)
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode()


def _group(
    proposals: Iterable[PublicProposal], key: Callable[[PublicProposal], Any]
) -> dict[Any, list[PublicProposal]]:
    groups: dict[Any, list[PublicProposal]] = {}
    for p in proposals:
        groups.setdefault(key(p), []).append(p)
    return groups


# --- The listings: pages of a fixed size that work without JavaScript, and the index that the listing
# script (docs/assets/listing.js) filters and sorts in the browser ---------------------------------------

PAGE_SIZE = 50  # proposals on a page of a listing, with or without the script
INDEX = "du-lieu/danh-sach"  # the listings' index: index.json, then the proposals in parts
INDEX_PART = 1000  # proposals in one part of the index
SUCCESSFUL, ONGOING_GROUP = 1, 2  # the index's flags: which of the two grouped listings a proposal is in
PAGER_SPAN = 2  # page links shown on each side of the current page, besides the first and the last


def decided_on(p: PublicProposal) -> str:
    """The listings' sort key: the day of the decision (the day of submission before one)."""
    return p.approved_on or p.submitted or ""


def by_decision(proposals: Iterable[PublicProposal]) -> list[PublicProposal]:
    """The listings' order: the latest decision first, and by id, the latest first, on a day."""
    return sorted(proposals, key=lambda p: (decided_on(p), p.id), reverse=True)


@dataclass(frozen=True)
class Listing:
    path: str  # the Markdown path of its first page: de-xuat/index.md, linh-vuc/KEY.md
    title: str
    members: list[PublicProposal]  # in the listings' order
    preset: str  # what the script starts from: "field KEY", "group successful", "" for all


def listing_page_path(path: str, page: int) -> str:
    """The Markdown path of a listing's page: the first is the listing's own, the others below it
    (de-xuat/trang-2.md, linh-vuc/KEY/trang-2.md)."""
    if page == 1:
        return path
    folder = path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"
    return f"{folder}trang-{page}.md"


def page_url(path: str) -> str:
    """The address of a generated page from the site's root, as MkDocs makes it (directory URLs)."""
    return path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"


def pager(page: int, pages: int) -> list[int | None]:
    """The page numbers a page links to: the first, the last, and PAGER_SPAN on each side of ``page``;
    None where numbers are left out."""
    shown = sorted({1, pages, *range(max(1, page - PAGER_SPAN), min(pages, page + PAGER_SPAN) + 1)})
    numbers: list[int | None] = []
    for value in shown:
        if numbers and value - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(value)
    return numbers


def listings(
    registry: Registry, proposals: list[PublicProposal], successful: list[PublicProposal], ongoing: list[PublicProposal]
) -> list[Listing]:
    """Every listing of the site, each in the listings' order: all, successful, ongoing, and one per
    field, unit, year and status (the pages that existed before pagination keep their addresses)."""
    ordered = by_decision(proposals)
    first = {p.id: place for place, p in enumerate(ordered)}

    def members(group: Iterable[PublicProposal]) -> list[PublicProposal]:
        return sorted(group, key=lambda p: first[p.id])

    found = [
        Listing(f"{PROPOSALS}/index.md", label("title", "all"), ordered, ""),
        Listing(f"{PROPOSALS}/hoan-thanh.md", label("title", "successful"), members(successful), "group successful"),
        Listing(f"{PROPOSALS}/dang-trien-khai.md", label("title", "ongoing"), members(ongoing), "group ongoing"),
    ]
    by_field, by_unit = _group(ordered, lambda p: p.field), _group(ordered, lambda p: p.unit)
    by_year, by_status = _group(ordered, lambda p: p.year or 0), _group(ordered, lambda p: p.status)
    found += [Listing(f"linh-vuc/{k}.md", registry.fields[k].name, v, f"field {k}") for k, v in by_field.items()]
    found += [Listing(f"don-vi/{k}.md", registry.units[k].name, v, f"unit {k}") for k, v in by_unit.items()]
    found += [Listing(f"nam/{k}.md", text("site.title.year", year=k), v, f"year {k}") for k, v in by_year.items()]
    found += [
        Listing(f"trang-thai/{status_slug(k)}.md", label("status", k), v, f"status {k}") for k, v in by_status.items()
    ]
    return found


def listing_filters(
    registry: Registry, proposals: list[PublicProposal]
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The links to the listings by field, unit, year and status, each with its count (name, address
    from the site's root, count): registry.yml's order of fields and units, the latest year first, the
    lifecycle's order of statuses."""
    field = Counter(p.field for p in proposals)
    unit = Counter(p.unit for p in proposals)
    year = Counter(p.year or 0 for p in proposals)
    status = Counter(p.status for p in proposals)
    return [
        (label("group", "field"), [(f.name, f"linh-vuc/{k}/", number(field[k])) for k, f in registry.fields.items() if k in field]),
        (label("group", "unit"), [(u.name, f"don-vi/{k}/", number(unit[k])) for k, u in registry.units.items() if k in unit]),
        (label("group", "year"), [(str(k), f"nam/{k}/", number(year[k])) for k in sorted(year, reverse=True)]),
        (label("group", "status"), [(label("status", k), f"trang-thai/{status_slug(k)}/", number(status[k])) for k in registry.published_statuses if k in status]),
    ]  # fmt: skip


def listing_pages(
    registry: Registry, proposals: list[PublicProposal], successful: list[PublicProposal], ongoing: list[PublicProposal]
) -> dict[str, str]:
    """Every page of every listing, by its Markdown path: PAGE_SIZE proposals each, in the listings'
    order, with links to the other pages and to the other listings; the script takes over from them."""
    template = _environment().get_template("listing.md.j2")
    filters = listing_filters(registry, proposals)
    pages: dict[str, str] = {}
    for listing in listings(registry, proposals, successful, ongoing):
        count = max(1, -(-len(listing.members) // PAGE_SIZE))
        for page in range(1, count + 1):
            path = listing_page_path(listing.path, page)
            root = "../" * page_url(path).count("/")  # the HTML's links stay as written, from the page's URL
            links = [(n, page_url(listing_page_path(listing.path, n)) if n else "") for n in pager(page, count)]
            previous = page_url(listing_page_path(listing.path, max(1, page - 1)))
            following = page_url(listing_page_path(listing.path, min(count, page + 1)))
            pages[path] = template.render(
                listing=listing,
                proposals=listing.members[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
                total=number(len(listing.members)),
                page=page,
                pages=count,
                links=links,
                previous=previous,
                following=following,
                filters=filters,
                registry=registry,
                root=root,
            )
    return pages


def listing_index(registry: Registry, proposals: list[PublicProposal]) -> dict[str, bytes]:
    """The index that the listing script loads: index.json (the names of fields, units and statuses,
    the labels of the form, the parts to load) and the proposals in parts of INDEX_PART, in the
    listings' order, each a row ``[id, title, unit, unit's name at the act or null when it is the
    current one, field, status, year, day of decision, flags]`` (unit, field and status as places in
    index.json's lists). Data only: the script writes every value as text."""
    fields = {k: place for place, k in enumerate(registry.fields)}
    units = {k: place for place, k in enumerate(registry.units)}
    statuses = {k: place for place, k in enumerate(registry.published_statuses)}
    rows = []
    for p in by_decision(proposals):
        current = registry.units[p.unit].name
        flags = (SUCCESSFUL if p.successful else 0) | (ONGOING_GROUP if p.status in ONGOING else 0)
        at_act = p.unit_name if p.unit_name != current else None
        rows.append(
            [p.id, p.title, units[p.unit], at_act, fields[p.field], statuses[p.status], p.year, decided_on(p), flags]
        )
    parts = [rows[start : start + INDEX_PART] for start in range(0, len(rows), INDEX_PART)]
    names = [f"{number}.json" for number in range(1, len(parts) + 1)]
    index = {
        "total": len(rows),
        "page_size": PAGE_SIZE,
        "parts": names,
        "fields": [[k, registry.fields[k].name] for k in fields],
        "units": [[k, registry.units[k].name] for k in units],
        "statuses": [[k, label("status", k)] for k in statuses],
        "labels": listing_labels(),
    }

    def dump(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    files = {f"{INDEX}/index.json": dump(index)}
    files.update({f"{INDEX}/{name}": dump(part) for name, part in zip(names, parts, strict=True)})
    return files


def listing_labels() -> dict[str, str]:
    """The listing script's words, from the catalogue (site.listing.*, site.group.*)."""
    return {
        "filters": label("listing", "filters"),
        "field": label("group", "field"),
        "unit": label("group", "unit"),
        "year": label("group", "year"),
        "status": label("group", "status"),
        "any": label("listing", "any"),
        "sort": label("listing", "sort"),
        "sort_date": label("listing", "sort_date"),
        "sort_date_old": label("listing", "sort_date_old"),
        "sort_title": label("listing", "sort_title"),
        "sort_unit": label("listing", "sort_unit"),
        "reset": label("listing", "reset"),
        "loading": label("listing", "loading"),
        "failed": label("listing", "failed"),
        "found": text("site.listing.found", count="{count}", page="{page}", pages="{pages}"),
        "empty": label("listing", "empty"),
        "decided": label("listing", "decided"),
        "now": label("listing", "now"),
        "pages": label("listing", "pages"),
        "page": text("site.listing.page", page="{page}"),
        "previous": label("listing", "previous"),
        "next": label("listing", "next"),
        "in_group": text("site.listing.in_group", group="{group}"),
        "successful": label("title", "successful"),
        "ongoing": label("title", "ongoing"),
    }


BodyRenderer = Callable[[list[str], list[str]], list[str]]  # (files, bodies) -> bodies for the engine


def build_site(
    registry: Registry,
    proposals: list[PublicProposal],
    base_url: str = "",
    render_bodies: BodyRenderer | None = None,
    pull_requests: str = "",
) -> dict[str, str | bytes]:
    """Every generated file of the site, by its path in the docs folder. ``render_bodies`` may turn the
    proposals' bodies into something cheaper for the engine to take (see mkdocs_hook.py); by default
    they stay Markdown. ``pull_requests`` is the forge's address of a pull request without its number
    (``https://github.com/OWNER/REPO/pull/``): the timelines link each one there; empty, they name it."""
    environment = _environment()

    def render(name: str, **values: Any) -> str:
        return environment.get_template(name).render(**values)

    files: dict[str, str | bytes] = {}

    successful = [p for p in proposals if p.successful]
    ongoing = [p for p in proposals if p.status in ONGOING]
    by_field = _group(proposals, lambda p: p.field)
    by_unit = _group(proposals, lambda p: p.unit)
    by_year = _group(proposals, lambda p: p.year or 0)
    by_status = _group(proposals, lambda p: p.status)
    counts = {
        "published": len(proposals),
        "successful": len(successful),
        "ongoing": len(ongoing),
        "pilots": sum(p.pilot for p in proposals),
    }
    organisation = registry.name
    files["index.md"] = render(
        "home.md.j2",
        counts=counts,
        successful=successful,
        recent=proposals,
        organisation=organisation,
        plan=registry.plan,
    )
    for path, page in listing_pages(registry, proposals, successful, ongoing).items():
        files[path] = page
    files.update(listing_index(registry, proposals))
    bodies = [safe_headings(p.body) for p in proposals]
    if render_bodies:
        bodies = render_bodies([p.source for p in proposals], bodies)
    for p, body in zip(proposals, bodies, strict=True):
        tags = [(tag_name(registry, tag), tag) for tag in p.tags]
        files[f"{PROPOSALS}/{p.id}.md"] = render(
            "proposal.md.j2", p=p, body=body, pull_requests=pull_requests, tags=tags
        )

    # Fields and units by count (by_count); statuses in the order of the procedure; years in time order.
    charts = [
        Chart("linh-vuc", label("title", "fields"), label("group", "field"), by_count((registry.fields[k].name, len(v)) for k, v in by_field.items()), label("chart", "by_count")),
        Chart("don-vi", label("title", "units"), label("group", "unit"), by_count((registry.units[k].name, len(v)) for k, v in by_unit.items()), label("chart", "by_count")),
        Chart("trang-thai", label("title", "statuses"), label("group", "status"), [(label("status", k), len(by_status[k])) for k in registry.published_statuses if k in by_status], label("chart", "by_procedure")),
        Chart("nam", label("title", "years"), label("group", "year"), [(str(k), len(v)) for k, v in sorted(by_year.items())], label("chart", "by_year")),
    ]  # fmt: skip
    files["thong-ke.md"] = render("stats.md.j2", charts=charts, total=len(proposals))
    for chart in charts:
        files[f"thong-ke/{chart.name}.svg"] = _chart_svg(chart)

    about = OpenData(
        registry.authority, registry.licence, open_data_updated(proposals), len(proposals), registry.published_statuses
    )
    files.update(_open_data(proposals, about, base_url))
    statuses = ", ".join(registry.published_statuses)
    dictionary = [(c, k, label("data", c, statuses=statuses)) for c, k, _ in DICTIONARY]
    files["du-lieu-mo.md"] = render("data.md.j2", dictionary=dictionary, about=about)
    files["feed.xml"] = _feed(registry, proposals, base_url)
    files["tim-kiem.md"] = render("search.md.j2")
    files["robots.txt"] = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")
    _stamp_updated(files, max((p.updated for p in proposals if p.updated), default=None))
    return files


def _stamp_updated(files: dict[str, str | bytes], latest: str | None) -> None:
    """Each generated page that does not say when it last changed (a proposal's page does: its file's
    last commit) changed with the latest change to a published proposal: it is made of them."""
    if latest is None:
        return
    for path, content in files.items():
        if path.endswith(".md") and isinstance(content, str) and content.startswith("---\n"):
            head = content[: content.find("\n---", 3)]
            if "\nupdated:" not in head:
                files[path] = f'---\nupdated: "{day(latest)}"\n' + content[4:]


_SEARCH_PLACEHOLDERS = {name: f"{{{name}}}" for name in ("query", "total", "shown")}


def theme_values(registry: Registry, root: Path, docs: Path) -> dict[str, Any]:
    """What the theme's templates (overrides/) show besides the pages: the header's search box, the
    footer with the authority's address and contacts, the 404 page, and the day each hand-written page
    last changed (its last commit; the generated pages carry theirs in their front matter). All text
    from the catalogue; the templates escape every value."""
    contact_labels = {
        "address": label("footer", "address"),
        "phone": label("footer", "phone"),
        "email": label("footer", "email"),
        "website": label("footer", "website"),
    }
    return {
        "search": {
            "action": "tim-kiem/",
            "label": label("search", "label"),
            "field": label("search", "field"),  # the search page's own field
            "placeholder": label("search", "placeholder"),
            "button": label("search", "button"),
            # With their placeholders kept, for search.js to fill.
            "found": text("site.search.found", **_SEARCH_PLACEHOLDERS),
            "more": text("site.search.more", **_SEARCH_PLACEHOLDERS),
            "none": text("site.search.none", **_SEARCH_PLACEHOLDERS),
        },
        "footer": {
            "heading": label("footer", "heading"),
            "authority": registry.authority,
            "contacts": [(contact_labels[key], key, value) for key, value in registry.contact.items()],
            "note": label("footer", "note"),
        },
        "not_found": {"title": label("not_found", "title"), "text": label("not_found", "text"),
                      "home": label("not_found", "home")},
        "updated_label": label("updated"),
        "updated": _page_dates(root, docs),
    }  # fmt: skip


def _page_dates(root: Path, docs: Path) -> dict[str, str]:
    """The day each hand-written page under ``docs`` last changed, by its path there: from one walk of
    the history, newest first, that stops once every page is dated. None outside git."""
    try:
        folder = docs.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return {}
    wanted = {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")}
    found: dict[str, str] = {}
    try:
        commits = Repository(root).log(oldest_first=False, paths=[folder])
        try:
            for commit in commits:
                for change in commit.changes:
                    name = (change.new_path or "").removeprefix(folder + "/")
                    if name in wanted and name not in found:
                        found[name] = day(commit.date[:10])
                if len(found) == len(wanted):
                    break
        finally:
            getattr(commits, "close", lambda: None)()  # git stops once every page is dated
    except RegistryError:  # a site built from an archive, or without git: its pages have no dates
        return {}
    return found


# --- "Tình hình thực hiện": the counts of every proposal, not only the published ones -------------------

STATUS_PAGE = "tinh-hinh-thuc-hien.md"
STATUS_PERIODS = 3  # the current reporting year and the two before it
# What one proposal adds: the metrics it counts in each period, and the unit (its name) of its overdue
# step, if one is late. Nothing else of the proposal leaves the worker that loaded it.
StatusTally = tuple[tuple[frozenset[str], ...], str | None]


@dataclass(frozen=True)
class StatusCounts:
    as_of: date
    periods: list[Period]  # the current one first
    totals: list[dict[str, int]]  # by period, by metric (reporting.METRICS)
    overdue_by_unit: list[tuple[str, int]]
    proposals: int


def status_periods(registry: Registry, as_of: date) -> list[Period]:
    """The reporting year holding ``as_of`` and the ones before it, each a whole year by the cut-off
    day (Period.previous keeps a period's length in days, which a leap year would shift)."""
    year = int(parse_period(None, registry.report_year_start, as_of).name)
    return [year_period(year - back, registry.report_year_start) for back in range(STATUS_PERIODS)]


def status_tally(registry: Registry, as_of: date) -> Callable[[Proposal], StatusTally | None]:
    """What each loaded proposal adds to the page, counted as `registry report` counts it
    (reporting.record); None for a confidential proposal, which the page leaves out, or one whose
    front matter cannot be read."""
    scopes = [Scope(registry, period, as_of, as_they_were=False) for period in status_periods(registry, as_of)]

    def tally(proposal: Proposal) -> StatusTally | None:
        if not isinstance(proposal.meta, dict) or proposal.status is None or proposal.confidential:
            return None
        records = [record(proposal, scope) for scope in scopes]
        late = records[0].overdue
        return tuple(item.counted for item in records), late.unit if late is not None else None

    return tally


def status_counts(registry: Registry, as_of: date, tallies: Iterable[StatusTally]) -> StatusCounts:
    periods = status_periods(registry, as_of)
    totals: list[Counter[str]] = [Counter() for _ in periods]
    late: Counter[str] = Counter()
    proposals = 0
    for counted, unit in tallies:
        proposals += 1
        for total, metrics in zip(totals, counted, strict=True):
            total.update(metrics)
        if unit is not None:
            late[unit] += 1
    return StatusCounts(
        as_of,
        periods,
        [{metric: total[metric] for metric in METRICS} for total in totals],
        sorted(late.items()),
        proposals,
    )


def status_page(status: StatusCounts) -> str:
    """The page "Tình hình thực hiện" (STATUS_PAGE): numbers, unit names and dates, nothing else."""
    return _environment().get_template("implementation.md.j2").render(status=status, metrics=METRICS)


# Search indexes a small page per proposal (see mkdocs_hook.py): what a visitor looks a proposal up by,
# each part marked for Pagefind (https://pagefind.app/docs/): its weight, a filter, or a field shown
# with the result. Pagefind folds tone marks and the other diacritics, which Unicode decomposes, but
# not "đ", a letter of its own: the words with it are indexed a second time with "d".
_WITH_D = re.compile(r"\w*[đĐ]\w*")


def search_page(registry: Registry, p: PublicProposal) -> str:
    """The HTML that Pagefind indexes for ``p``: every value escaped, and nothing a browser runs (the
    page is only read by the indexer; results show its fields as text)."""
    unit = registry.units.get(p.unit)
    units = [p.unit_name]
    if unit is not None:
        units += [name for name in (unit.name, *(former for former, _ in unit.former_names)) if name not in units]
    status = label("status", p.status)
    year = str(p.year or "")

    def folded(*values: str) -> str:
        return " ".join(dict.fromkeys(fold_d(word) for value in values for word in _WITH_D.findall(value)))

    keywords = " · ".join(tag_name(registry, tag) for tag in p.tags)
    title_d, rest_d = folded(p.title), folded(p.summary, *units, p.field_name, status, keywords)

    def part(value: str, attributes: str) -> str:
        return f"<p {attributes}>{html_text(value)}</p>"

    return "".join([
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>',
        part(p.title, 'data-pagefind-weight="7" data-pagefind-meta="title"'),
        part(p.id, 'data-pagefind-weight="10" data-pagefind-meta="id"'),
        part(p.summary, 'data-pagefind-meta="summary"'),
        part(units[0], 'data-pagefind-weight="3" data-pagefind-meta="unit" data-pagefind-filter="unit"'),
        *(part(name, 'data-pagefind-weight="2"') for name in units[1:]),
        part(p.field_name, 'data-pagefind-weight="2" data-pagefind-filter="field"'),
        part(status, 'data-pagefind-meta="status" data-pagefind-filter="status"'),
        part(year, 'data-pagefind-meta="year" data-pagefind-filter="year"') if year else "",
        part(keywords, 'data-pagefind-weight="2"') if keywords else "",
        part(title_d, 'data-pagefind-weight="7"') if title_d else "",
        part(rest_d, 'data-pagefind-weight="1"') if rest_d else "",
        "</body></html>",
    ])  # fmt: skip
