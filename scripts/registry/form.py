"""``registry form``: the GitHub issue form through which a proposer who does not use git sends a proposal.

The form (``.github/ISSUE_TEMPLATE/de-xuat.yml``) is made from registry.yml: its drop-down lists are the
units that exist today and the fields that may be public, and it has one text area per section of the
report. ``registry form --check`` exits 1 when the committed form is stale, as ``codeowners --check``
does; a unit that ends makes the form stale on the day after, so that it is no longer offered.

GitHub writes a submitted form as Markdown, one ``### <label>`` heading per element followed by its value
(``_No response_`` when an optional one is left empty); ``registry intake`` reads that back, so the labels
and the options here are the ones it accepts, computed from the same registry.yml on the same day.
Defence and security fields are not offered: an issue is public, and such proposals are filed in writing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import yaml

from registry.catalogue import section, text
from registry.config import Registry

FORM = ".github/ISSUE_TEMPLATE/de-xuat.yml"
LABEL = "de-xuat"  # the issue label the form sets, and that the intake workflow answers to
VIETNAM = timezone(timedelta(hours=7))  # no daylight saving time


def today() -> str:
    """The day in Vietnam, which is what decides whether a unit exists (the runners keep UTC)."""
    return datetime.now(VIETNAM).date().isoformat()


@dataclass(frozen=True, slots=True)
class Element:
    """One element of the form: its id, its kind, whether it must be filled, its label and description."""

    id: str
    kind: str  # input, textarea, dropdown, checkboxes
    required: bool
    label: str
    description: str = ""
    options: tuple[str, ...] = ()  # a dropdown's choices; a checkbox's one option


def option(name: str, key: str) -> str:
    """A choice as the drop-down shows it and the issue body carries it: the name, then the id."""
    return f"{name} ({key})"


def unit_options(registry: Registry, day: str) -> dict[str, str]:
    """The choices of unit on ``day`` (the units that exist then), each to its id."""
    return {option(unit.name, unit.id): unit.id for unit in registry.units.values() if unit.existed_on(day)}


def field_options(registry: Registry) -> dict[str, str]:
    """The choices of field (those not sensitive), each to its id."""
    return {option(field.name, field.id): field.id for field in registry.fields.values() if not field.sensitive}


def section_label(number: int, heading: str) -> str:
    return text("form.field.section.label", number=number, heading=heading)


def elements(registry: Registry, day: str) -> list[Element]:
    """The form's elements, in order, as registry.yml makes them on ``day``."""
    units = tuple(unit_options(registry, day))
    guidance = section("new.guidance")
    found = [
        Element("title", "input", True, text("form.field.title.label"), text("form.field.title.description")),
        Element("summary", "textarea", True, text("form.field.summary.label"), text("form.field.summary.description")),
        Element("unit", "dropdown", True, text("form.field.unit.label"), text("form.field.unit.description"), units),
        Element(
            "field",
            "dropdown",
            True,
            text("form.field.field.label"),
            text("form.field.field.description"),
            tuple(field_options(registry)),
        ),
        Element("author", "input", True, text("form.field.author.label"), text("form.field.author.description")),
        Element("position", "input", True, text("form.field.position.label"), text("form.field.position.description")),
        Element(
            "author_unit",
            "dropdown",
            False,
            text("form.field.author_unit.label"),
            text("form.field.author_unit.description"),
            units,
        ),
        Element("head", "checkboxes", False, text("form.field.head.label"), "", (text("form.field.head.option"),)),
        Element(
            "coauthors", "textarea", False, text("form.field.coauthors.label"), text("form.field.coauthors.description")
        ),
        Element("contact", "input", False, text("form.field.contact.label"), text("form.field.contact.description")),
        Element("tags", "input", False, text("form.field.tags.label"), text("form.field.tags.description")),
    ]
    for number, heading in enumerate(registry.sections, 1):
        label = section_label(number, heading)
        found.append(Element(f"section-{number}", "textarea", True, label, guidance.get(str(number), "")))
    found.append(
        Element(
            "attachments",
            "textarea",
            False,
            text("form.field.attachments.label"),
            text("form.field.attachments.description"),
        )
    )
    return found


def _element(element: Element) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": element.label}
    if element.description:
        attributes["description"] = element.description
    if element.kind == "dropdown":
        attributes["options"] = list(element.options)
    if element.kind == "checkboxes":
        attributes["options"] = [{"label": choice} for choice in element.options]
    if element.kind == "textarea" and element.id.startswith("section-"):
        attributes["placeholder"] = element.description  # stays in sight while the proposer writes
    entry: dict[str, Any] = {"type": element.kind, "id": element.id, "attributes": attributes}
    if element.kind != "checkboxes":
        entry["validations"] = {"required": element.required}
    return entry


def render_form(registry: Registry, day: str) -> str:
    """The issue form's YAML, written by the YAML emitter (no text of registry.yml is formatted into it)."""
    form = {
        "name": text("form.name"),
        "description": text("form.about"),
        "title": text("form.title"),
        "labels": [LABEL],
        "body": [{"type": "markdown", "attributes": {"value": text("form.intro")}}]
        + [_element(element) for element in elements(registry, day)],
    }
    header = (
        "# Generated by `registry form` from registry.yml (the units that exist today, the public fields and\n"
        "# the report's sections): do not edit by hand. `registry intake` reads the issues it makes.\n"
    )
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


def form_difference(registry: Registry, day: str) -> str:
    """The unified diff from the form on disk to the one registry.yml makes on ``day`` ('' when equal)."""
    path = registry.root / FORM
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            render_form(registry, day).splitlines(keepends=True),
            fromfile=f"{FORM} (committed)",
            tofile=f"{FORM} (from registry.yml)",
        )
    )


def write_form(registry: Registry, day: str) -> None:
    path = registry.root / FORM
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_form(registry, day), encoding="utf-8", newline="\n")
