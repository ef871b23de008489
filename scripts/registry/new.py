"""``registry new``: a proposal file from the template, in its unit's folder, with the next free id.

How it asks, and what it checks:

- Every field can be given as an option (``--title``, ``--unit``…), for scripts and the web form; with
  ``--no-input`` nothing is asked and a missing required option is an error (exit 2).
- Otherwise what the options lack is asked, one question at a time, in Vietnamese (the prompts are the
  catalogue's ``new.ask.<question>``, ``QUESTIONS`` below). Each answer is checked at once, against
  registry.yml and the proposal schema: the deciding unit must exist today (given by id or by name;
  a typo is answered with the closest ids and names, compared with diacritics folded), the field is
  one of registry.yml's, the title, summary, name and position keep to the schema's lengths and
  patterns (and have no control characters, no bytes that are not UTF-8 and no curly quotes around
  them), a share is a number above 0 and the shares add up to 100 (an author whose share leaves the
  total under 100 is followed by another author), category and person_id are optional and
  checked when given, a date may be written ``dd/mm/yyyy`` (stored ``yyyy-mm-dd``) and is not in the
  future. The head of a unit (``head_of_unit``) must work in a unit below the deciding one.
- In a terminal a wrong answer is explained and the same question asked again; the earlier answers
  are kept. Ctrl-C or Ctrl-D stops with a Vietnamese message, writes nothing and exits 130, after
  printing the answers typed so far, which can be saved and piped back in.
- Not in a terminal, the answers are read from standard input, one line per question in the same
  order, with the same checks; a bad answer stops at once, naming it (``câu trả lời thứ 3 (unit)``),
  writes nothing and exits 2. Input that ends is a blank answer to each question left, which only
  the optional ones accept (so options and an empty standard input make a draft, as in a script).
- The file is then checked by the same engine as ``registry validate`` (every per-file rule but
  ``section-empty``: the sections are for the author to write). With an error nothing is written, the
  problems are printed and the exit status is 1. Otherwise the file is written, never over another,
  its path printed on standard output and the next step on standard error. ``--dry-run`` prints the
  file instead of writing it.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TextIO, TypeVar

import jinja2
import yaml

from registry.catalogue import REGISTRY_LANGUAGE, section, speaking, text
from registry.config import Registry
from registry.errors import RegistryError
from registry.layout import PROPOSALS_DIR, build_index, discover, id_from_path, proposal_path, walk
from registry.lifecycle import Block, Status
from registry.lint.context import Context
from registry.lint.engine import file_problems
from registry.lint.report import Report
from registry.load import parse_proposal
from registry.reporters import printable, report_text
from registry.yamlread import curly_wrapped

if sys.platform != "win32":
    import fcntl

TEMPLATES = Path(__file__).with_name("templates") / "new"
# What is asked, in this order (each author's questions from "author" to "more"); the prompt of each
# is the catalogue's new.ask.<question>, and the units and fields are listed under new.choose.<question>.
QUESTIONS = (
    "title",
    "summary",
    "unit",
    "field",
    "author",
    "position",
    "head",
    "author_unit",
    "share",
    "category",
    "person_id",
    "more",
    Block.SUBMITTED.value,
)
CHOICES = ("unit", "field")
REQUIRED_OPTIONS = ("title", "summary", "unit", "field", "author", "position")
LEFT_TO_WRITE = ("section-empty",)  # the sections are the author's to write: not a reason to refuse
FIRST_YEAR, LAST_YEAR = 1000, 9999  # an id's year has four digits (the schema's pattern)
STOPPED = 130  # Ctrl-C or Ctrl-D: the usual status of a program stopped by the user
WHOLE = 100  # per cent: the authors' shares add up to it
_TOLERANCE = 0.01
_SUGGESTIONS = 5
_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Controls (a NUL, an escape, a carriage return…), the line and paragraph separators, the byte-order mark
# and the bidirectional controls that reorder what is shown: never part of a title or a name.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_UNDECODED = re.compile("[\ud800-\udfff]")  # bytes of standard input that are not UTF-8 (surrogateescape)
_YES = {"c", "co", "y", "yes"}
_NO = {"k", "khong", "n", "no", ""}

T = TypeVar("T")


class Invalid(ValueError):
    """An answer that cannot be used; its text (Vietnamese) says why and what to write."""


class Stopped(Exception):
    """Ctrl-C or Ctrl-D at a question."""


def next_id(registry: Registry, year: int) -> str:
    taken = [id_from_path(path.name) for path in discover(registry.root)]
    numbers = [int(name[5:]) for name in taken if name and name.startswith(f"{year}-")]
    number = max(numbers, default=0) + 1
    return f"{year}-{number:03d}"


def fold(value: str) -> str:
    """``Sở Tư pháp`` → ``so tu phap``: lower case, without diacritics (đ → d), spaces evened out."""
    flat = unicodedata.normalize("NFKD", value.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in flat if not unicodedata.combining(c)).lower().split())


# --- Checks: each takes the stripped answer and gives the value to store, or raises Invalid. ---------


def _node(schema: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The schema of the value at ``keys`` (``"authors", "name"``: an author's name), $refs followed."""

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = schema
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = {**{k: v for k, v in node.items() if k != "$ref"}, **target}
        return node

    node = resolve(schema)
    for key in keys:
        if "items" in node:
            node = resolve(node["items"])
        node = resolve(node["properties"][key])
    return node


def _text_check(schema: dict[str, Any], *keys: str, optional: bool = False) -> Callable[[str], str | None]:
    node = _node(schema, *keys)

    def check(answer: str) -> str | None:
        if not answer:
            if optional:
                return None
            raise Invalid(text("new.error.required"))
        if "\n" in answer:
            raise Invalid(text("new.error.one_line"))
        _characters(answer)
        if len(answer) > node.get("maxLength", len(answer)):
            raise Invalid(text("new.error.too_long", length=len(answer), limit=node["maxLength"]))
        if len(answer) < node.get("minLength", 0):
            raise Invalid(text("new.error.too_short", length=len(answer), limit=node["minLength"]))
        if "pattern" in node and not re.search(node["pattern"], answer):
            raise Invalid(text("new.error.pattern", description=node.get("description", "")))
        return answer

    return check


def _characters(answer: str) -> None:
    """Refuse what a title or a name cannot hold: bytes that were not UTF-8, control characters, and curly
    quotes around it (which the loader refuses: asked here, not after every question)."""
    if _UNDECODED.search(answer):
        raise Invalid(text("new.error.encoding"))
    if _CONTROLS.search(answer):
        raise Invalid(text("new.error.control"))
    if curly_wrapped(answer):
        raise Invalid(text("new.error.curly"))


def _choice(answer: str, choices: dict[str, str], error_key: str) -> str:
    """The id that ``answer`` names in ``choices`` (id → name): its id, or its name with or without
    diacritics; otherwise Invalid, offering the closest ids and names."""
    if answer in choices:
        return answer
    folded = fold(answer)
    by_name = [choice for choice, name in choices.items() if fold(name) == folded or choice == folded]
    if not by_name and folded:  # the start of one name alone: "Sở Tư pháp" for "Sở Tư pháp thành phố Cần Thơ"
        by_name = [choice for choice, name in choices.items() if f"{fold(name)} ".startswith(f"{folded} ")]
    if len(by_name) == 1:
        return by_name[0]
    if not answer:
        raise Invalid(text("new.error.required"))
    raise Invalid(text(error_key, value=answer, closest=_closest(folded, choices)))


def _closest(folded: str, choices: dict[str, str]) -> str:
    """The choices nearest to ``folded``: by id, by name, and those whose name holds the words typed."""
    keys = {fold(name): choice for choice, name in choices.items()}
    keys |= {choice.replace("-", " "): choice for choice in choices}
    near = difflib.get_close_matches(folded.replace("-", " "), list(keys), n=_SUGGESTIONS, cutoff=0.6)
    found = [keys[key] for key in near]
    found += [choice for key, choice in keys.items() if folded and folded in key]
    unique = list(dict.fromkeys(found))[:_SUGGESTIONS]
    if not unique:
        return text("new.error.no_closest")
    return "; ".join(f"{choice} ({choices[choice]})" for choice in unique)


def _unit_check(registry: Registry, today: str, default: str | None = None) -> Callable[[str], str]:
    current = {u.id: u.name for u in registry.units.values() if u.existed_on(today)}

    def check(answer: str) -> str:
        if not answer and default is not None:
            return default
        if answer in registry.units and answer not in current:
            successors = ", ".join(registry.units[answer].successors) or text("new.error.no_closest")
            raise Invalid(text("new.error.ended", value=answer, successors=successors))
        return _choice(answer, current, "new.error.unit")

    return check


def _field_check(registry: Registry) -> Callable[[str], str]:
    fields = {f.id: f.name for f in registry.fields.values()}
    return lambda answer: _choice(answer, fields, "new.error.field")


def _yes_no(answer: str) -> bool:
    folded = fold(answer)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise Invalid(text("new.error.yes_no"))


def day(answer: str, today: str) -> str | None:
    """A day as people write it (``3/11/2025``, ``03-11-2025``, ``2025-11-03``) in ISO, None when empty."""
    if not answer:
        return None
    written = _DAY.match(answer)
    iso = f"{written[3]}-{int(written[2]):02d}-{int(written[1]):02d}" if written else answer
    try:
        if not _ISO.match(iso):
            raise ValueError(iso)
        parsed = date.fromisoformat(iso)
    except ValueError:
        raise Invalid(text("new.error.date", value=answer)) from None
    if parsed.isoformat() > today:
        raise Invalid(text("new.error.future", value=answer, today=today))
    return parsed.isoformat()


def _share(answer: str, taken: float | None) -> float | None:
    """A share of the contribution in per cent (``50``, ``33,5``, ``40%``); None when not given, which
    only the first author may do (``taken`` is None until a share is given)."""
    if not answer:
        if taken is None:
            return None
        raise Invalid(text("new.error.share_needed", rest=f"{WHOLE - taken:g}"))
    try:
        share = float(answer.removesuffix("%").strip().replace(",", "."))
    except ValueError:
        raise Invalid(text("new.error.share", value=answer)) from None
    if not 0 < share <= WHOLE:
        raise Invalid(text("new.error.share", value=answer))
    if (taken or 0) + share > WHOLE + _TOLERANCE:
        raise Invalid(text("new.error.share_over", total=f"{(taken or 0) + share:g}", rest=f"{WHOLE - (taken or 0):g}"))
    return share


def _category(schema: dict[str, Any]) -> Callable[[str], str | None]:
    allowed = _node(schema, "authors", "category")["enum"]

    def check(answer: str) -> str | None:
        if not answer:
            return None
        slug = fold(answer).replace(" ", "-")
        if slug not in allowed:
            raise Invalid(text("new.error.category", value=answer, allowed=", ".join(allowed)))
        return str(slug)

    return check


# --- Asking ---------------------------------------------------------------------------------------


@dataclass
class Asker:
    """Where the answers come from: a terminal (a wrong answer is asked again) or piped lines (a wrong
    answer stops). ``typed`` keeps every accepted answer, in order."""

    stream: TextIO
    terminal: bool
    typed: list[str] = field(default_factory=list)
    count: int = 0

    def ask(self, question: str, check: Callable[[str], T], **values: object) -> T:
        while True:
            if self.terminal:
                print(text(f"new.ask.{question}", **values), end=" ", file=sys.stderr, flush=True)
            try:
                line = self.stream.readline()
            except KeyboardInterrupt:
                print(file=sys.stderr)  # after the ^C the terminal shows
                raise Stopped from None
            self.count += 1
            if not line and self.terminal:
                print(file=sys.stderr)  # after the ^D the terminal shows
                raise Stopped
            answer = unicodedata.normalize("NFC", line.rstrip("\r\n")).strip()
            try:
                value = check(answer)
            except Invalid as error:
                # Piped answers that end are blank answers to the questions left: only optional ones pass.
                problem = str(error) if line else text("new.error.ended_input")
                if not self.terminal:
                    raise RegistryError(
                        text("new.error.piped", number=self.count, question=question, problem=problem)
                    ) from None
                print(printable(problem), file=sys.stderr)
                continue
            self.typed.append(answer)
            return value

    def show(self, message: str) -> None:
        if self.terminal:
            print(message, file=sys.stderr)


def _given(option: str, value: str | None, check: Callable[[str], T]) -> T | None:
    """An option's value through the question's check; a wrong value is an error naming the option."""
    if value is None:
        return None
    try:
        return check(unicodedata.normalize("NFC", value).strip())
    except Invalid as error:
        raise RegistryError(f"--{option}: {error}") from None


@dataclass
class _Questions:
    registry: Registry
    args: argparse.Namespace
    asker: Asker | None  # None: --no-input
    today: str
    missing: list[str] = field(default_factory=list)

    def value(self, question: str, check: Callable[[str], T], choices: dict[str, str] | None = None) -> T | None:
        given = _given(question.replace("_", "-"), getattr(self.args, question, None), check)
        if given is not None or getattr(self.args, question, None) is not None:
            return given
        if self.asker is None:
            if question in REQUIRED_OPTIONS:
                self.missing.append(question)
            return None
        if choices:
            self.asker.show(text(f"new.choose.{question}"))
            for choice, name in choices.items():
                self.asker.show(f"  {choice:<34} {name}")
        return self.asker.ask(question, check)

    def front(self) -> dict[str, Any]:
        schema = self.registry.proposal_schema
        current = {u.id: u.name for u in self.registry.units.values() if u.existed_on(self.today)}
        title = self.value("title", _text_check(schema, "title"))
        summary = self.value("summary", _text_check(schema, "summary"))
        unit = self.value("unit", _unit_check(self.registry, self.today), current)
        field_id = self.value(
            "field", _field_check(self.registry), {f.id: f.name for f in self.registry.fields.values()}
        )
        authors = self.authors(unit or "")
        submitted = self.value(Block.SUBMITTED.value, lambda answer: day(answer, self.today))
        if self.missing:
            raise RegistryError(text("new.error.missing", flags=", ".join(f"--{key}" for key in self.missing)))
        assert unit is not None and field_id is not None  # the missing ones were refused above
        front: dict[str, Any] = {
            "title": title,
            "summary": summary,
            "unit": unit,
            "field": field_id,
            "tags": [],
            "authors": authors,
            "status": (Status.SUBMITTED if submitted else Status.DRAFT).value,
            "confidential": self.registry.fields[field_id].sensitive,
        }
        if submitted:
            front[Block.SUBMITTED.value] = submitted
        return front

    def authors(self, unit: str) -> list[dict[str, Any]]:
        """The first author from the options, or every author asked in turn."""
        schema = self.registry.proposal_schema
        if self.args.author is not None or self.asker is None:
            author = self.author(unit, schema)
            return [author] if author else []
        authors: list[dict[str, Any]] = []
        taken: float | None = None
        while True:
            self.asker.show(text("new.say.author", number=len(authors) + 1))
            author = self.author(unit, schema)
            share = self.asker.ask("share", partial(_share, taken=taken)) if not authors or taken else None
            if share is not None:
                author["share"] = int(share) if share.is_integer() else share
                taken = (taken or 0) + share
            for key, check in (("category", _category(schema)), ("person_id", self._person_id())):
                answer = self.asker.ask(key, check)
                if answer:
                    author[key] = answer
            authors.append(author)
            if taken is not None:
                if taken >= WHOLE - _TOLERANCE:
                    return authors
                self.asker.show(text("new.say.rest", rest=f"{WHOLE - taken:g}"))
            elif not self.asker.ask("more", _yes_no):
                return authors

    def _person_id(self) -> Callable[[str], str | None]:
        return _text_check(self.registry.proposal_schema, "authors", "person_id", optional=True)

    def author(self, unit: str, schema: dict[str, Any]) -> dict[str, Any]:
        """One author: from the options (``--author``…), or asked; {} when the name is missing."""
        name = self.value("author", _text_check(schema, "authors", "name"))
        position = self.value("position", _text_check(schema, "authors", "position"))
        author: dict[str, Any] = {"name": name, "position": position}
        from_options = self.args.author is not None or self.asker is None
        if from_options:
            head = bool(self.args.head)
            author["unit"] = _given("author-unit", self.args.author_unit or "", self._author_unit(unit, head))
        else:
            assert self.asker is not None  # mypy: from_options is True without one
            head = self.asker.ask("head", _yes_no)
            author["unit"] = self.asker.ask("author_unit", self._author_unit(unit, head), unit=unit)
        if head:
            author["head_of_unit"] = True
        for key, check in (("category", _category(schema)), ("person_id", self._person_id())):
            value = _given(key.replace("_", "-"), getattr(self.args, key), check) if from_options else None
            if value:
                author[key] = value
        return author if name else {}

    def _author_unit(self, unit: str, head: bool) -> Callable[[str], str]:
        """The author's unit (the deciding unit when not given); a head's must be below the deciding unit,
        as the head-decided-above rule wants, unless it is the top unit deciding its own head's proposal."""
        registry = self.registry
        check = _unit_check(registry, self.today, default=unit)

        def checked(answer: str) -> str:
            author_unit = check(answer)
            if head:
                above = registry.ancestors(author_unit)
                if (above and unit not in above) or (not above and unit != author_unit):
                    below = [u.id for u in registry.units.values() if u.parent == unit and u.existed_on(self.today)]
                    raise Invalid(
                        text(
                            "new.error.head",
                            unit=unit,
                            author_unit=author_unit,
                            parent=above[0] if above else author_unit,
                            below=", ".join(below) or text("new.error.no_closest"),
                        )
                    )
            return author_unit

        return checked


# --- Writing --------------------------------------------------------------------------------------


def run(registry: Registry, args: argparse.Namespace) -> int:
    """``registry new``: ask, check, write; the exit status."""
    today = date.today().isoformat()
    if args.year is not None and not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise RegistryError(text("new.error.year", year=args.year))
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Bytes that are not UTF-8 (answers saved in another encoding) are kept as surrogates, and the
        # answer is refused at its question (``_characters``), rather than a traceback from readline.
        sys.stdin.reconfigure(errors="surrogateescape")
    asker = None if args.no_input else Asker(sys.stdin, sys.stdin.isatty())
    questions = _Questions(registry, args, asker, today)
    try:
        front = questions.front()
    except (KeyboardInterrupt, Stopped):
        print(text("new.say.stopped"), file=sys.stderr)
        _show_typed(asker)
        return STOPPED
    year = date.today().year if args.year is None else args.year
    proposal_id = next_id(registry, year)
    path, content, report = _drafted(registry, proposal_id, front)
    if report.problems:
        report_text(report, sys.stderr)
    if report.exit_status:
        print(text("new.say.not_written", path=path), file=sys.stderr)
        _show_typed(asker)
        return int(report.exit_status)
    if args.dry_run:
        sys.stdout.write(content)
        return 0
    with _ids_held(registry.root):
        # Another `registry new` may have taken this id while the file was checked: the id is taken
        # again, and the file written, while no other run can take one.
        if (again := next_id(registry, year)) != proposal_id:
            path, content, report = _drafted(registry, again, front)
            if report.exit_status:  # what the id changes (the file name's length) made it wrong
                report_text(report, sys.stderr)
                print(text("new.say.not_written", path=path), file=sys.stderr)
                return int(report.exit_status)
        _write(registry.root, path, content)
    print(path)
    print(text("new.say.next", path=path), file=sys.stderr)
    return 0


def _show_typed(asker: Asker | None) -> None:
    """What was typed, to save in a file and pipe back in (``registry new < answers.txt``)."""
    if asker is not None and asker.terminal and asker.typed:
        print(text("new.say.typed"), file=sys.stderr)
        for answer in asker.typed:
            print(printable(answer), file=sys.stderr)


def _drafted(registry: Registry, proposal_id: str, front: dict[str, Any]) -> tuple[str, str, Report]:
    """The new file's path and text under ``proposal_id``, and what ``validate`` would find in it."""
    front = {"id": proposal_id, **front}
    content = _render(registry, front)
    path = proposal_path(front["unit"], proposal_id, front["title"])
    return path, content, checked(registry, path, content)


@contextmanager
def _ids_held(root: Path) -> Iterator[None]:
    """No other `registry new` takes an id meanwhile: an exclusive lock on the proposals folder itself
    (no lock file left in the registry). Where the system has no such locks (Windows), nothing is held."""
    if sys.platform == "win32":  # pragma: no cover
        yield
        return
    folder = root / PROPOSALS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # the lock goes with it


def checked(registry: Registry, path: str, content: str) -> Report:
    """The problems of the new file, as ``registry validate`` would find them once it is written."""
    proposal, found = parse_proposal(path, content.encode("utf-8"))
    everything, _ = walk(registry.root)
    context = Context(registry, build_index([*everything, path]))
    return Report.of(file_problems(proposal, found, context, skip=LEFT_TO_WRITE), 1)


def _write(root: Path, path: str, content: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
    except FileExistsError:
        raise RegistryError(text("new.error.exists", path=path)) from None


def _render(registry: Registry, front: dict[str, Any]) -> str:
    """The new file: ``front`` as its front matter, and each section's heading with its guidance."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True, autoescape=False
    )
    with speaking(REGISTRY_LANGUAGE):  # the file is the registry's: its guidance is, whatever the prompts' language
        guidance = section("new.guidance")
    return environment.get_template("proposal.md.j2").render(
        front_matter=yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100),
        sections=[(heading, guidance.get(str(number), "")) for number, heading in enumerate(registry.sections, 1)],
    )
