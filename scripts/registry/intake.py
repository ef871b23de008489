"""``registry intake``: an issue written with the form (``registry form``) becomes a submitted proposal.

The issue's body is untrusted text. It is read by the form's own labels (``### <label>`` lines, each
exactly once), and every value is judged on its own: a unit or a field must be one of the form's
choices on that day, one-line values are made one line, and nothing of the body becomes a key. The
front matter is written by the YAML emitter and the body by a template that places each section's text
under its heading after that text has been made unable to change the structure: its level-1 and
level-2 headings are demoted, a line that would underline a heading is set apart, an open code fence
is closed, and ``<`` is written ``&lt;`` (no HTML, no comment that would swallow the next sections).
The file is checked by the same engine as ``registry validate`` before it is written; a body that
would make a file with an error writes nothing and gives the problems, in Vietnamese, to fix in the form.
Attachments are links, listed in a section after the report's; no file is copied.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from registry.catalogue import text
from registry.config import Registry
from registry.form import Element, elements, field_options, option, unit_options
from registry.layout import build_index, proposal_path, slugify, walk
from registry.lifecycle import Block, Status
from registry.lint.context import Context
from registry.lint.engine import file_problems
from registry.load import parse_proposal
from registry.new import next_id

TEMPLATES = Path(__file__).with_name("templates") / "intake"
NO_RESPONSE = "_No response_"  # what GitHub writes for an optional element left empty
_CHECKED = re.compile(r"^- \[[xX]\] ")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^( {0,3})#{1,2}(?=[ \t]|$)")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
# Controls other than tab and line feed, and the bidirectional controls that reorder what is shown.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_URL = r"https://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+"
_BARE_LINK = re.compile(rf"({_URL})")
_MARKDOWN_LINK = re.compile(rf"!?\[([^\]\n]*)\]\(({_URL})\)")
_LINK_NAME = re.compile(r"[^\w .,-]+")
_HEAD_WORDS = "người đứng đầu"
_COAUTHOR_PARTS = (3, 4)  # name; position; unit, and "người đứng đầu" for a head
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!@#|~])")


class Refused(Exception):
    """The body cannot make a valid proposal; each problem is a Vietnamese sentence saying what to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Intake:
    """What ``intake`` wrote: the path relative to the registry's root, and the proposal's id."""

    path: str
    proposal_id: str


def code(value: str, limit: int = 80) -> str:
    """``value`` as a Markdown code span on one line: shown as typed, never a link, a mention or HTML."""
    flat = " ".join(_CONTROLS.sub(" ", value).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    return f"{fence} {flat} {fence}"


def _literal(value: str) -> str:
    """A hint, which may quote the proposal's values, as Markdown text that makes no link, mention or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _clean(value: str) -> str:
    return _CONTROLS.sub("", unicodedata.normalize("NFC", value))


def _one_line(value: str) -> str:
    return " ".join(value.split())


def read_body(body: str, form: list[Element]) -> tuple[dict[str, str | None], list[str]]:
    """Each element's value in the body as GitHub writes a submitted form (None when left empty), and
    the problems of its layout: a label heading missing or written more than once."""
    lines = _clean(body).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    by_heading = {f"### {element.label}": element for element in form}
    found: list[tuple[int, Element]] = []
    counts: dict[str, int] = {}
    for number, line in enumerate(lines):
        element = by_heading.get(line.rstrip())
        if element is not None:
            found.append((number, element))
            counts[element.id] = counts.get(element.id, 0) + 1
    problems = [
        text("intake.problem.twice", label=element.label, count=counts[element.id])
        for element in form
        if counts.get(element.id, 0) > 1
    ]
    values: dict[str, str | None] = {element.id: None for element in form}
    for index, (number, element) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(lines)
        value = "\n".join(lines[number + 1 : stop]).strip("\n").rstrip()
        values[element.id] = None if not value.strip() or value.strip() == NO_RESPONSE else value
    return values, problems


def safe_markdown(value: str) -> str:
    """A section's text that cannot make or reorder sections, end the front matter or hide what follows."""
    out: list[str] = []
    fence = ""
    for line in value.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = "" if not opening.group(2).strip() else fence
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        if _UNDERLINE.match(line) and out and out[-1].strip():
            out.append("")  # not a setext heading's underline any more: a rule, or text
        out.append(_HEADING.sub(r"\1###", line).replace("<", "&lt;"))
    if fence:
        out.append(fence)
    return "\n".join(out).strip("\n")


class _Reader:
    """The values of one body, judged one by one; the problems are gathered, not raised one at a time."""

    def __init__(self, registry: Registry, day: str, values: dict[str, str | None], form: list[Element]) -> None:
        self.registry, self.values, self.problems = registry, values, list[str]()
        self.labels = {element.id: element.label for element in form}
        self.units = unit_options(registry, day)

    def required(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            self.problems.append(text("intake.problem.missing", label=self.labels[key]))
            return ""
        return value

    def line(self, key: str) -> str:
        return _one_line(self.required(key))

    def choice(self, key: str, choices: dict[str, str], value: str | None) -> str:
        if value is None:
            return ""
        chosen = choices.get(_one_line(value))
        if chosen is None:
            self.problems.append(text("intake.problem.choice", label=self.labels[key], value=code(value)))
            return ""
        return chosen

    def field(self) -> str:
        value = self.required("field")
        sensitive = {option(f.name, f.id): f.name for f in self.registry.fields.values() if f.sensitive}
        if _one_line(value) in sensitive:
            name = sensitive[_one_line(value)]
            self.problems.append(text("intake.problem.sensitive", label=self.labels["field"], field=name))
            return ""
        return self.choice("field", field_options(self.registry), value or None)

    def coauthors(self) -> list[dict[str, Any]]:
        value = self.values.get("coauthors")
        label = self.labels["coauthors"]
        found: list[dict[str, Any]] = []
        unit_ids = set(self.units.values())
        for number, line in enumerate((value or "").split("\n"), 1):
            if not line.strip():
                continue
            parts = [_one_line(part) for part in line.split(";")]
            head = len(parts) == _COAUTHOR_PARTS[1] and parts[3].casefold() == _HEAD_WORDS
            if len(parts) not in _COAUTHOR_PARTS or not all(parts[:3]) or (len(parts) > len(parts[:3]) and not head):
                self.problems.append(text("intake.problem.coauthor", label=label, line=number))
                continue
            unit = self.units.get(parts[2], parts[2])
            if unit not in unit_ids:
                self.problems.append(text("intake.problem.coauthor_unit", label=label, line=number, value=code(unit)))
                continue
            found.append(_author(parts[0], parts[1], unit, head))
        return found

    def tags(self) -> list[str]:
        tags: list[str] = []
        for word in (self.values.get("tags") or "").replace("\n", ",").split(","):
            if not word.strip():
                continue
            if not any(character.isalnum() for character in word):
                self.problems.append(text("intake.problem.tag", label=self.labels["tags"], value=code(word)))
            elif (tag := slugify(word)) not in tags:
                tags.append(tag)
        return tags

    def attachments(self) -> list[str]:
        links: list[str] = []
        for number, written in enumerate((self.values.get("attachments") or "").split("\n"), 1):
            line = written.strip()
            if not line:
                continue
            markdown, bare = _MARKDOWN_LINK.fullmatch(line), _BARE_LINK.fullmatch(line)
            if markdown is None and bare is None:
                label = self.labels["attachments"]
                self.problems.append(text("intake.problem.attachment", label=label, line=number))
                continue
            url = markdown.group(2) if markdown else line
            name = _LINK_NAME.sub("", markdown.group(1)).strip() if markdown else ""
            links.append(f"- [{name or url.rsplit('/', 1)[-1] or url}]({url})")
        return links


def _author(name: str, position: str, unit: str, head: bool) -> dict[str, Any]:
    author: dict[str, Any] = {"name": name, "position": position, "unit": unit}
    if head:
        author["head_of_unit"] = True
    return author


def proposal_text(registry: Registry, body: str, day: str, proposal_id: str) -> tuple[str, str]:
    """The proposal ``body`` makes (its path relative to the root, and its text), or ``Refused``."""
    form = elements(registry, day)
    values, problems = read_body(body, form)
    reader = _Reader(registry, day, values, form)
    reader.problems += problems
    title, summary = reader.line("title"), reader.line("summary")
    unit = reader.choice("unit", reader.units, reader.required("unit") or None)
    field = reader.field()
    head = any(_CHECKED.match(line) for line in (values.get("head") or "").split("\n"))
    author_unit = reader.choice("author_unit", reader.units, values.get("author_unit")) or unit
    authors = [_author(reader.line("author"), reader.line("position"), author_unit, head), *reader.coauthors()]
    tags = reader.tags()
    sections = [
        (heading, safe_markdown(reader.required(f"section-{number}")))
        for number, heading in enumerate(registry.sections, 1)
    ]
    links = reader.attachments()
    if reader.problems:
        raise Refused(reader.problems)
    front: dict[str, Any] = {
        "id": proposal_id,
        "title": title,
        "summary": summary,
        "unit": unit,
        "field": field,
        "tags": tags,
        "authors": authors,
        "status": Status.SUBMITTED.value,
        "confidential": False,  # sensitive fields are refused above: an issue is public
        Block.SUBMITTED.value: day,
    }
    if links:
        sections.append((text("intake.attachments"), "\n".join(links)))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True, autoescape=False
    )
    rendered = environment.get_template("proposal.md.j2").render(
        front_matter=yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100),
        sections=sections,
    )
    return proposal_path(unit, proposal_id, title), rendered


def intake(registry: Registry, body: str, day: str) -> Intake:
    """Write the proposal that the issue ``body`` describes, as submitted on ``day``, with the next free id
    of that year; ``Refused`` with the problems, writing nothing, when it would not pass ``validate``."""
    proposal_id = next_id(registry, int(day[:4]))
    path, content = proposal_text(registry, body, day, proposal_id)
    proposal, found = parse_proposal(path, content.encode("utf-8"))
    everything, _ = walk(registry.root)
    context = Context(registry, build_index([*everything, path]))
    errors = [problem for problem in file_problems(proposal, found, context) if problem.severity == "error"]
    if errors:
        raise Refused(
            [
                text(
                    "intake.problem.rule",
                    hint=_literal(problem.hint or problem.message),
                    rule=problem.rule,
                    line=problem.line,
                )
                for problem in errors
            ]
        )
    target = registry.root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(content)
    return Intake(path, proposal_id)


def report(result: Intake | Refused, number: int | None) -> str:
    """The Vietnamese Markdown that the workflow posts on the issue."""
    lines = [text("intake.issue", number=number)] if number is not None else []
    if isinstance(result, Refused):
        lines.append(text("intake.refused", count=len(result.problems)))
        lines.append("\n".join(f"- {problem}" for problem in result.problems))
    else:
        lines.append(text("intake.done", path=result.path, id=result.proposal_id))
        lines.append(text("intake.next"))
    return "\n\n".join(lines) + "\n"
