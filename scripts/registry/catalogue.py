"""The catalogue of text that users read: Vietnamese by default, English on request.

Each language is one file, ``catalogue/<language>.yml``, with the same keys (dotted paths) and the same
``str.format`` placeholders (tests/test_catalogue.py checks both). The command line chooses the
language once, before it imports the commands (``choose``: ``--lang``, then ``REGISTRY_LANG``, then the
locale), because some modules read their labels at import time. Nothing else chooses it, so the public
site, built by MkDocs whatever the builder's locale, is always in the registry's language, Vietnamese;
text written into the registry's files (an issue form, a proposal's template) is taken ``speaking``
that language too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
LANGUAGES: Final = ("vi", "en")
REGISTRY_LANGUAGE: Final = "vi"  # the language of the registry itself: its site, its files, its forms
ENVIRONMENT: Final = "REGISTRY_LANG"
# The locale's variables, by precedence (gettext's order, LANGUAGE aside: it lists fallbacks).
LOCALE: Final = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen = {"language": REGISTRY_LANGUAGE}  # one per process, set by set_language


class _Blank(dict[str, object]):
    """Placeholders a caller did not fill are left empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def catalogue_file(language: str) -> Path:
    return CATALOGUE_DIR / f"{language}.yml"


@cache
def entries(language: str) -> dict[str, str]:
    """Every entry of one language's file, by dotted key."""
    with catalogue_file(language).open(encoding="utf-8") as stream:
        tree = yaml.load(stream, Loader=yaml.CSafeLoader)  # libyaml: a tenth of safe_load's time, at every start
    flat: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}{key}.", value)
        else:
            flat[prefix[:-1]] = str(node)

    walk("", tree)
    return flat


def _entries() -> dict[str, str]:
    return entries(_chosen["language"])


def language() -> str:
    """The language text is given in now."""
    return _chosen["language"]


def set_language(chosen: str) -> None:
    """Give text in ``chosen`` (one of ``LANGUAGES``) from now on."""
    if chosen not in LANGUAGES:
        raise ValueError(f"no catalogue for the language {chosen!r}")
    _chosen["language"] = chosen


@contextmanager
def speaking(chosen: str) -> Iterator[None]:
    """Text in ``chosen`` for the length of the block: for what is written into the registry."""
    before = language()
    set_language(chosen)
    try:
        yield
    finally:
        set_language(before)


def _from_option(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` before ``--``, wherever it stands (argparse
    takes ``--lan`` for ``--lang`` too; no other option starts so)."""
    found = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if len(name) < len("--la") or not "--lang".startswith(name):
            continue
        if equals:
            found = value
        elif index + 1 < len(argv):
            found = argv[index + 1]
    return found


def _from_locale(environ: Mapping[str, str]) -> str:
    for name in LOCALE:
        value = environ.get(name, "")
        if value:  # the first one set decides, as for gettext: LC_ALL=C with LANG=en_US is not English
            return "en" if value.lower().startswith("en") else REGISTRY_LANGUAGE
    return REGISTRY_LANGUAGE


def choose(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command line asks for: ``--lang``, else ``REGISTRY_LANG``, else the locale
    (English when it starts with ``en``), else Vietnamese. An unknown ``--lang`` is left to the
    parser to refuse (in the language chosen without it); an unknown ``REGISTRY_LANG`` is ignored."""
    option = _from_option(argv)
    if option in LANGUAGES:
        return option
    variable = environ.get(ENVIRONMENT, "").strip().lower()
    if variable in LANGUAGES:
        return variable
    return _from_locale(environ)


def has(key: str) -> bool:
    return key in _entries()


def all_keys() -> set[str]:
    """Every key of the catalogue (tests/test_catalogue.py checks that each is used)."""
    return set(entries(REGISTRY_LANGUAGE))


def text(key: str, /, **values: object) -> str:
    """The catalogue's text for ``key``, filled with ``values``; a missing key is a bug."""
    return _entries()[key].format_map(_Blank(values))


def section(prefix: str) -> dict[str, str]:
    """Every entry under ``prefix``, keyed by the rest of its key."""
    start = prefix + "."
    return {key[len(start) :]: value for key, value in _entries().items() if key.startswith(start)}


def hint(rule: str, /, **values: object) -> str | None:
    """The hint for a rule id, if the catalogue has one."""
    for key in (f"hints.{rule}", f"hints.{rule.split('.', maxsplit=1)[0]}.default"):
        if has(key):
            return text(key, **{name: _as_read(value) for name, value in values.items()})
    return None


def rule_hint(rule: str, hint_key: str | None = None, /, **values: object) -> str | None:
    """The hint of a rule, or of one of its cases (``hints.<rule>.<hint_key>``)."""
    return hint(f"{rule}.{hint_key}" if hint_key else rule, **values)


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class Words:
    """Catalogue text given as a value of a message, looked up when the message is shown (so that a
    problem made in one language reads in another): the texts of ``keys``, joined by ``joiner``'s."""

    keys: tuple[str, ...]
    joiner: str | None = None

    def __str__(self) -> str:
        return (text(self.joiner) if self.joiner else "").join(text(key) for key in self.keys)


_VIETNAMESE_DECIMALS = str.maketrans(",.", ".,")


def _as_read(value: object) -> object:
    """A value as a message shows it: catalogue ``Words`` in the language, a whole number grouped by
    thousands as the language does, a day (a date, or text that is one) as people write it there,
    05/03/2025 in Vietnamese, 2025-03-05 in English; anything else as it is."""
    if isinstance(value, Words):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):  # a count: 1.000 in Vietnamese, 1,000 in English
        return f"{value:,}".replace(",", "." if language() == "vi" else ",")
    if isinstance(value, float):  # 1.234,5 in Vietnamese (a decimal comma), 1,234.5 in English
        decimal = f"{value:,}"
        return decimal.translate(_VIETNAMESE_DECIMALS) if language() == "vi" else decimal
    shown = value.isoformat() if isinstance(value, date) else value
    if language() == "vi" and isinstance(shown, str) and (day := _DAY.fullmatch(shown)):
        year, month, day_of_month = day.groups()
        return f"{day_of_month}/{month}/{year}"
    return shown


def problem_message(key: str, more: str | None = None, /, **values: object) -> str:
    """The message of a problem: the catalogue's ``key`` filled with ``values`` (days as the language
    writes them), and the note that further problems of the rule ``more`` are not shown."""
    said = text(key, **{name: _as_read(value) for name, value in values.items()})
    return said + text("problems.more", rule=more) if more else said
