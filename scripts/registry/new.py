"""``registry new``: a proposal file from the template, in its unit's folder, with the next free id."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml

from registry.catalogue import REGISTRY_LANGUAGE, section, speaking, text
from registry.config import Registry
from registry.errors import RegistryError
from registry.layout import discover, id_from_path, proposal_path
from registry.lifecycle import Block, Status

TEMPLATES = Path(__file__).with_name("templates") / "new"


def next_id(registry: Registry, year: int) -> str:
    taken = [id_from_path(path.name) for path in discover(registry.root)]
    numbers = [int(name[5:]) for name in taken if name and name.startswith(f"{year}-")]
    number = max(numbers, default=0) + 1
    return f"{year}-{number:03d}"


def _ask(key: str, current: str | None, interactive: bool, choices: dict[str, str] | None = None) -> str | None:
    if current or not interactive:
        return current
    if choices:
        print(text(f"new.choose.{key}"), file=sys.stderr)
        for choice_id, name in choices.items():
            print(f"  {choice_id:<32} {name}", file=sys.stderr)
    print(text(f"new.ask.{key}"), end=" ", file=sys.stderr, flush=True)  # stdout carries only the new path
    answer = input().strip()
    return answer or None


def create_proposal(registry: Registry, args: argparse.Namespace) -> Path:
    """Write a new proposal from ``args``, asking in a terminal for what they lack; its path."""
    today = date.today().isoformat()
    units = {u.id: u.name for u in registry.units.values() if u.existed_on(today)}
    given = _answers(registry, args, units)
    _check_answers(registry, args, given, units)
    proposal_id = next_id(registry, args.year or date.today().year)
    body = _render(registry, _front_matter(registry, args, given, proposal_id))
    path = registry.root / proposal_path(given["unit"], proposal_id, given["title"])
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(body)
    except FileExistsError:
        raise RegistryError(f"{path}: already exists") from None
    return path


def _answers(registry: Registry, args: argparse.Namespace, units: dict[str, str]) -> dict[str, str]:
    """The values given as options or answered in a terminal, in NFC, stripped; all of them, or an error."""
    interactive = not args.no_input and sys.stdin.isatty()
    fields = {f.id: f.name for f in registry.fields.values()}
    values: dict[str, str | None] = {
        "title": _ask("title", args.title, interactive),
        "summary": _ask("summary", args.summary, interactive),
        "unit": _ask("unit", args.unit, interactive, units),
        "field": _ask("field", args.field, interactive, fields),
        "author": _ask("author", args.author, interactive),
        "position": _ask("position", args.position, interactive),
    }
    missing = [key for key, value in values.items() if not value]
    if missing:
        flags = ", ".join(f"--{key}" for key in missing)
        raise RegistryError(f"missing {flags} (or run in a terminal to be asked)")
    return {key: unicodedata.normalize("NFC", value or "").strip() for key, value in values.items()}


def _check_answers(registry: Registry, args: argparse.Namespace, given: dict[str, str], units: dict[str, str]) -> None:
    """Refuse a unit or field that is not listed (or a unit that no longer exists) and a date that is not one."""
    unit = given["unit"]
    if unit not in registry.units:
        raise RegistryError(f"unknown unit {unit!r}; known units: {', '.join(units)}")
    if unit not in units:
        successors = " or ".join(registry.units[unit].successors)
        raise RegistryError(f"the unit {unit!r} no longer exists" + (f"; use {successors}" if successors else ""))
    if given["field"] not in registry.fields:
        raise RegistryError(f"unknown field {given['field']!r}; known fields: {', '.join(registry.fields)}")
    if (args.author_unit or unit) not in registry.units:
        raise RegistryError(f"unknown unit {args.author_unit!r} for --author-unit")
    if args.submitted:
        try:
            date.fromisoformat(args.submitted)
        except ValueError:
            raise RegistryError(f"--submitted {args.submitted!r} is not a date YYYY-MM-DD") from None


def _front_matter(
    registry: Registry, args: argparse.Namespace, given: dict[str, str], proposal_id: str
) -> dict[str, Any]:
    author: dict[str, Any] = {
        "name": given["author"],
        "position": given["position"],
        "unit": args.author_unit or given["unit"],
    }
    if args.head:
        author["head_of_unit"] = True
    front: dict[str, Any] = {
        "id": proposal_id,
        "title": given["title"],
        "summary": given["summary"],
        "unit": given["unit"],
        "field": given["field"],
        "tags": [],
        "authors": [author],
        "status": (Status.SUBMITTED if args.submitted else Status.DRAFT).value,
        "confidential": registry.fields[given["field"]].sensitive,
    }
    if args.submitted:
        front[Block.SUBMITTED.value] = args.submitted
    return front


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
