"""The catalogue of text that users read, in Vietnamese, kept in one file so it can be translated.

Keys are dotted paths into ``catalogue/vi.yml``; values are ``str.format`` templates.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_FILE = Path(__file__).with_name("catalogue") / "vi.yml"


class _Blank(dict[str, object]):
    """Placeholders a caller did not fill are left empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


@cache
def _entries() -> dict[str, str]:
    with CATALOGUE_FILE.open(encoding="utf-8") as stream:
        tree = yaml.safe_load(stream)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}{key}.", value)
        else:
            flat[prefix[:-1]] = str(node)

    walk("", tree)
    return flat


def has(key: str) -> bool:
    return key in _entries()


def all_keys() -> set[str]:
    """Every key of the catalogue (tests/test_catalogue.py checks that each is used)."""
    return set(_entries())


def text(key: str, /, **values: object) -> str:
    """The catalogue's text for ``key``, filled with ``values``; a missing key is a bug."""
    return _entries()[key].format_map(_Blank(values))


def section(prefix: str) -> dict[str, str]:
    """Every entry under ``prefix``, keyed by the rest of its key."""
    start = prefix + "."
    return {key[len(start) :]: value for key, value in _entries().items() if key.startswith(start)}


def hint(rule: str, /, **values: object) -> str | None:
    """The Vietnamese hint for a rule id, if the catalogue has one."""
    for key in (f"hints.{rule}", f"hints.{rule.split('.', maxsplit=1)[0]}.default"):
        if has(key):
            return text(key, **values)
    return None


def rule_hint(rule: str, hint_key: str | None = None, /, **values: object) -> str | None:
    """The hint of a rule, or of one of its cases (``hints.<rule>.<hint_key>``)."""
    return hint(f"{rule}.{hint_key}" if hint_key else rule, **values)
