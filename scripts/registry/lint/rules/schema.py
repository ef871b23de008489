"""The front matter follows ``schema/proposal.schema.json``.

Every JSON Schema error becomes a problem at the key it concerns: a missing key, an unknown key, a
value of the wrong type, form or range, a status without the block that proves it (a decision from
``approved`` or ``rejected`` on, the implementation from ``implementing`` on, and so on), and a block
that a status may not have yet. Four of YAML's traps get ids of their own, because the fix is to
put the value in quotes: ``yaml-boolean`` (``yes``, ``no``, ``on``, ``off`` read as true or false),
``yaml-number`` (``2025014`` or ``0123`` read as a number), ``yaml-null`` (an empty value or ``~``) and
``yaml-comment`` (a text value without quotes that goes on after `` #``: YAML reads ``title: Giải pháp
#1 …`` as ``Giải pháp`` and the rest as a comment; reported for free text, not for codes and dates,
nor for a comment written as YAML's style writes one: two spaces or more, then ``# ``).

The hints name the usual slips: ``50%`` or ``"5"`` where a number is expected, ``không``, ``có`` or
``"false"`` where true or false is expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from registry.catalogue import Words
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding, clip, quoted

if TYPE_CHECKING:
    import jsonschema  # imported by the registry's validator, only where the quick check finds a fault

ID = "schema"
IDS = (ID, "yaml-boolean", "yaml-number", "yaml-null", "yaml-comment")
SEVERITY = "error"
MESSAGE_LENGTH = 160  # jsonschema's own message, for the keywords without a wording of their own: clipped

# The catalogue's name of each JSON type, for "must be …".
_TYPE_NAMES = {
    "string": "problems.schema.types.string",
    "integer": "problems.schema.types.integer",
    "number": "problems.schema.types.number",
    "boolean": "problems.schema.types.boolean",
    "object": "problems.schema.types.object",
    "array": "problems.schema.types.array",
    "null": "problems.schema.types.null",
}
# The message of each YAML trap: a value YAML read as something other than text.
_TRAPS = {
    "yaml-boolean": "problems.yaml-boolean",
    "yaml-null": "problems.yaml-null.read",
    "yaml-number": "problems.yaml-number",
}
# The keywords whose failure has a message of its own: the key path, the value and the schema's value
# (``expected``). Any other keyword (none in the proposal schema today) shows jsonschema's English.
_WORDED = {
    "pattern": "problems.schema.pattern",
    "format": "problems.schema.format",
    "minLength": "problems.schema.minLength",
    "maxLength": "problems.schema.maxLength",
    "minimum": "problems.schema.minimum",
    "maximum": "problems.schema.maximum",
    "exclusiveMinimum": "problems.schema.exclusiveMinimum",
    "exclusiveMaximum": "problems.schema.exclusiveMaximum",
    "minItems": "problems.schema.minItems",
    "maxItems": "problems.schema.maxItems",
    "uniqueItems": "problems.schema.uniqueItems",
    "oneOf": "problems.schema.oneOf",
    "anyOf": "problems.schema.anyOf",
    "not": "problems.schema.not",
}


# A number written as text: in quotes, or with a percent sign after it (``share: 50%``).
_NUMBER_TEXT = re.compile(r"[ \t]*([0-9]+(?:[.,][0-9]+)?)[ \t]*(%?)[ \t]*")
# Words written for true or false: Vietnamese and English, in quotes or not.
_TRUTH = {
    **dict.fromkeys(("có", "đúng", "phải", "rồi", "yes", "true", "y", "x"), "true"),
    **dict.fromkeys(("không", "sai", "chưa", "no", "false", "n"), "false"),
}
_CONSTRAINED = ("enum", "const", "format")  # a value with one of these is a code or a date, not free text
_SAMPLE_TEXT = "Giải pháp mới"  # words that a key of free text accepts and a code's pattern does not


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    yield from _cut_by_comments(proposal, context.registry.proposal_schema)
    quick = context.registry.quick_check
    if quick is not None and quick(proposal.meta):
        return
    validator = context.registry.validator
    seen: set[tuple[int, int, str]] = set()
    for error in validator.iter_errors(dict(proposal.meta)):
        for finding in _translate(proposal, error, context.registry.proposal_schema):
            # One problem for one value: a date that breaks both its format and its pattern is one
            # mistake. Missing keys all point at their block, so they are told apart by message.
            detail = finding.message if error.validator in ("required", "additionalProperties") else ""
            key = (finding.line, finding.column, detail)
            if key not in seen:
                seen.add(key)
                yield finding


def _cut_by_comments(proposal: Proposal, schema: dict[str, Any]) -> Iterator[Finding]:
    """A free-text value written without quotes and followed by `` #`` on its line: YAML cut it there."""
    for at, (line, column) in proposal.comments.items():
        target = _subschema(schema, at)
        value = proposal.string(*at)
        if value is None or not isinstance(target, dict) or target.get("type") != "string":
            continue
        if any(keyword in target for keyword in _CONSTRAINED) or not _takes_words(str(target.get("pattern", ""))):
            continue  # a code or a date: a comment after it is only a comment
        name = ".".join(str(step) for step in at)
        values = {"key": name, "value": value, "quoted": quoted(value)}
        yield Finding(proposal.path, line, column, "problems.yaml-comment", "yaml-comment", None, values)


@lru_cache(maxsize=64)
def _takes_words(pattern: str) -> bool:
    """Whether a text value of this ``pattern`` may be words (a name, a title), not a code."""
    return re.search(pattern, _SAMPLE_TEXT) is not None


def _describe(schema: Any) -> str:
    if isinstance(schema, dict):
        description = schema.get("description")
        if isinstance(description, str):
            return description
    return ""


@dataclass(frozen=True, slots=True)
class _Failed:
    """A JSON Schema error on ``proposal``: the key path it lies at, and the name shown for it."""

    proposal: Proposal
    error: jsonschema.ValidationError
    schema: dict[str, Any]  # the proposal schema, whose descriptions become hints
    at: tuple[Any, ...]
    name: str | Words
    expected: Any  # the keyword's value in the schema
    instance: Any  # the value that fails it


def _translate(proposal: Proposal, error: jsonschema.ValidationError, schema: dict[str, Any]) -> Iterator[Finding]:
    at = tuple(error.absolute_path)
    name: str | Words = ".".join(str(step) for step in at) or Words(("problems.schema.front-matter",))
    failed = _Failed(proposal, error, schema, at, name, error.validator_value, error.instance)
    keyword = str(error.validator)
    if keyword == "not" and at:
        keyword = ""  # only the top level's "not" (a block the status may not have yet) has its wording
    yield from _TRANSLATORS.get(keyword, _other)(failed)


def _missing(failed: _Failed) -> Iterator[Finding]:
    at, instance = failed.at, failed.instance
    present = instance if isinstance(instance, dict) else {}
    for key in failed.expected:
        if key not in present:
            description = _describe(_subschema(failed.schema, (*at, key)))
            where = f"{failed.name}." if at else ""
            because = _because(failed.error)
            yield at_key(
                failed.proposal,
                ("status",) if because and not at else at,  # point at what asks for the block
                "problems.schema.required-by-status" if because else "problems.schema.required",
                key=key,
                path=f"{where}{key}",
                description=description,
                hint_key="required",
            )


def _unknown(failed: _Failed) -> Iterator[Finding]:
    schema = failed.error.schema
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    for key in failed.instance:
        if key not in properties:
            yield at_key(
                failed.proposal,
                (*failed.at, key),
                "problems.schema.additionalProperties",
                hint_key="additionalProperties",
                key=key,
                allowed=", ".join(properties),
            )


def _wrong_type(failed: _Failed) -> Iterator[Finding]:
    proposal, at, name, instance = failed.proposal, failed.at, failed.name, failed.instance
    source = proposal.plain.get(at)
    wanted = failed.expected
    if source is not None and wanted == "string":
        trap = {bool: "yaml-boolean", type(None): "yaml-null"}.get(type(instance), "yaml-number")
        shown = source or Words(("problems.schema.empty",))
        yield at_key(proposal, at, _TRAPS[trap], rule=trap, value=source, name=name, shown=shown)
        return
    kinds = {wanted} if isinstance(wanted, str) else set(wanted)
    listed = [wanted] if isinstance(wanted, str) else wanted
    wanted_names = Words(tuple(_TYPE_NAMES[w] for w in listed if w in _TYPE_NAMES), "problems.schema.types.or")
    if instance is None:
        yield at_key(
            proposal, at, "problems.yaml-null.empty", rule="yaml-null", value="", name=name, wanted=wanted_names
        )
        return
    description = _description(failed.schema, at)

    def must(key: str, *, hint_key: str, **more: object) -> Finding:
        values = {"name": name, "wanted": wanted_names, "description": description, **more}
        return replace(at_key(proposal, at, key, hint_key), values=values)

    if isinstance(instance, str) and kinds & {"number", "integer"} and (number := _NUMBER_TEXT.fullmatch(instance)):
        if number.group(2):
            yield must("problems.schema.percent", hint_key="percent", number=number.group(1))
        else:
            yield must("problems.schema.number_text", hint_key="number_text", number=number.group(1))
        return
    if isinstance(instance, str) and "boolean" in kinds:
        word = _TRUTH.get(instance.strip().casefold())
        if word is not None:
            yield must(
                "problems.schema.truth_word", hint_key="truth_word", value=instance, word=word, quoted=quoted(instance)
            )
        else:
            yield must("problems.schema.type", hint_key="truth")
        return
    yield must("problems.schema.type", hint_key="type")


def _premature(failed: _Failed) -> Iterator[Finding]:
    blocks = ("decision", "implementation", "completion_report", "evaluation", "recognition")
    status = failed.proposal.status or "?"
    for key in blocks:
        if key in failed.proposal.meta:
            yield at_key(
                failed.proposal, (key,), "problems.schema.premature", hint_key="premature", status=status, key=key
            )


def _not_allowed(failed: _Failed) -> Iterator[Finding]:
    allowed = failed.expected if failed.error.validator == "enum" else [failed.expected]
    shown = ", ".join(str(value) for value in allowed)
    yield at_key(
        failed.proposal,
        failed.at,
        "problems.schema.enum-by-status" if _because(failed.error) else "problems.schema.enum",
        hint_key="enum",
        name=failed.name,
        quoted=quoted(failed.instance),
        description=_description(failed.schema, failed.at),
        allowed=shown,
    )


def _other(failed: _Failed) -> Iterator[Finding]:
    error = failed.error
    keyword = str(error.validator)
    yield at_key(
        failed.proposal,
        failed.at,
        _WORDED.get(keyword, "problems.schema.other"),
        hint_key=keyword,
        description=_description(failed.schema, failed.at),
        name=failed.name,
        quoted=quoted(failed.instance),
        expected=clip(str(failed.expected), MESSAGE_LENGTH),
        message=clip(error.message, MESSAGE_LENGTH),
    )


_TRANSLATORS: dict[str, Callable[[_Failed], Iterator[Finding]]] = {
    "required": _missing,
    "additionalProperties": _unknown,
    "type": _wrong_type,
    "not": _premature,
    "enum": _not_allowed,
    "const": _not_allowed,
}


def _description(root: dict[str, Any], at: tuple[Any, ...]) -> str:
    """The description of the value at ``at``, or of the nearest block or list around it that has one
    (an item of ``related`` has none of its own), so that every problem has a hint."""
    for end in range(len(at), -1, -1):
        description = _describe(_subschema(root, at[:end]))
        if description:
            return description
    return ""


def _subschema(root: dict[str, Any], at: tuple[Any, ...]) -> Any:
    """The schema of the value at ``at``, following properties, items and local $refs."""
    schema: Any = root
    for step in at:
        schema = _resolve(root, schema)
        if not isinstance(schema, dict):
            return None
        schema = schema.get("items") if isinstance(step, int) else schema.get("properties", {}).get(step)
    return _resolve(root, schema)


def _resolve(root: dict[str, Any], schema: Any) -> Any:
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/"):
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}} if isinstance(target, dict) else None
    return schema


def _because(error: jsonschema.ValidationError) -> bool:
    """Whether a requirement comes from one of the schema's status conditions."""
    return "then" in error.relative_schema_path or "then" in error.absolute_schema_path
