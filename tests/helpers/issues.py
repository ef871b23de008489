"""Issue bodies as GitHub writes them from an issue form: what `registry intake` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

NO_RESPONSE = "_No response_"


def form_elements(form: Path) -> list[dict[str, Any]]:
    """The elements of the issue form at ``form`` that GitHub writes into the body (all but markdown)."""
    data: dict[str, Any] = yaml.safe_load(form.read_text(encoding="utf-8"))
    return [element for element in data["body"] if element["type"] != "markdown"]


def issue_body(form: Path, values: dict[str, Any]) -> str:
    """The body GitHub makes when the form at ``form`` is submitted with ``values`` (by element id): a
    ``### <label>`` heading per element, the value under it, ``_No response_`` for one left empty; a
    dropdown's value is its option's text, a checkbox group's value the set of options ticked (True ticks
    the first)."""
    parts = []
    for element in form_elements(form):
        value = values.get(element["id"])
        if element["type"] == "checkboxes":
            ticked = [element["attributes"]["options"][0]["label"]] if value is True else list(value or [])
            shown = "\n".join(
                f"- [{'X' if option['label'] in ticked else ' '}] {option['label']}"
                for option in element["attributes"]["options"]
            )
        else:
            shown = str(value) if value else NO_RESPONSE
        parts.append(f"### {element['attributes']['label']}\n\n{shown}")
    return "\n\n".join(parts)


def option_of(form: Path, element_id: str, key: str) -> str:
    """The drop-down option of element ``element_id`` that ends with the id ``key``."""
    (element,) = [element for element in form_elements(form) if element["id"] == element_id]
    (found,) = [option for option in element["attributes"]["options"] if option.endswith(f"({key})")]
    return str(found)
