"""A fast yes/no pre-check of the proposal schema, compiled with fastjsonschema.

jsonschema stays the validator of record: it explains every error. But walking the schema for each of
thousands of valid files costs most of a full validation, so valid front matter is first confirmed by
a check compiled to Python code, and only the rest goes to jsonschema for its messages.

fastjsonschema implements drafts 4 to 7, not 2020-12. The schema is compiled only when every keyword
it uses means the same in draft 7 and in 2020-12 (and ``$ref`` has no validating siblings, which
draft 7 ignores); otherwise there is no quick check and jsonschema checks every file. The tests check
that the two agree on the samples, the corpus of broken files and generated variations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema

# Keywords whose meaning is the same in draft 7 and 2020-12 (and which fastjsonschema implements).
SHARED_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "default", "examples",
        "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties",
        "propertyNames", "minProperties", "maxProperties", "items", "minItems", "maxItems", "uniqueItems",
        "contains", "pattern", "minLength", "maxLength", "format", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    }
)  # fmt: skip
_ANNOTATIONS = frozenset({"$comment", "title", "description", "default", "examples"})
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES = ("additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else")


def is_draft7_compatible(schema: Any, root: Any = None) -> bool:
    """Whether ``schema`` (within ``root``, itself by default) means the same in draft 7, and each of
    its references points to a schema in it: where one points nowhere, fastjsonschema would look in
    the copy it is given (``_draft7``'s, which has paths the original has not), jsonschema refuses."""
    root = schema if root is None else root
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not set(schema) <= SHARED_KEYWORDS:
        return False
    if "$ref" in schema and not set(schema) - {"$ref"} <= _ANNOTATIONS:
        return False
    if "$ref" in schema and (not str(schema["$ref"]).startswith("#/") or _pointed(root, str(schema["$ref"])) is None):
        return False
    if isinstance(schema.get("items"), list):  # tuple validation changed meaning in 2020-12
        return False
    children: list[Any] = [schema[key] for key in _SCHEMA_VALUES if key in schema]
    for key in _SCHEMA_MAPS:
        children.extend(schema.get(key, {}).values())
    for key in _SCHEMA_LISTS:
        children.extend(schema.get(key, []))
    return all(is_draft7_compatible(child, root) for child in children)


def _draft7(schema: dict[str, Any]) -> dict[str, Any]:
    try:
        inlined = _inlined(schema, schema, (), [_MAX_INLINED])
    except _TooLarge:
        inlined = schema  # its references left to fastjsonschema: slower to check, but no larger
    draft7 = {**_consts_as_enums(inlined), "$schema": "http://json-schema.org/draft-07/schema#"}
    draft7.pop("$id", None)
    return draft7


# Schemas the inlined copy may hold, at most (the project's proposal schema makes 258): references
# that nest and repeat could otherwise make it grow as the power of their depth.
_MAX_INLINED = 50_000


class _TooLarge(Exception):
    pass


def _inlined(schema: Any, root: dict[str, Any], following: tuple[str, ...], room: list[int]) -> Any:
    """``schema`` with each ``$ref`` replaced by the schema it points to, but where that would never end
    (a definition that refers to itself). fastjsonschema compiles a referenced definition to a
    function, and every call formats the path of the value it is given with the ``locals()`` of the
    calling function, hundreds of variables: 0.18 ms a proposal (a tenth of its validation) for its
    tags, authors and dates. Inlined, the path is formatted only when the check fails. A ``$ref`` here
    has no sibling but annotations and points to a schema (``is_draft7_compatible``). ``room``: how
    many more schemas the copy may hold (``_TooLarge`` past it)."""
    if not isinstance(schema, dict):
        return schema
    room[0] -= 1
    if room[0] < 0:
        raise _TooLarge
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref not in following and (target := _pointed(root, ref)) is not None:
        return _inlined(target, root, (*following, ref), room)
    return _with_children(schema, lambda child: _inlined(child, root, following, room))


def _consts_as_enums(schema: Any) -> Any:
    """``schema`` with each ``const`` made the ``enum`` of its one value, which the specification
    defines as the same test and fastjsonschema compiles to the same comparison. Its ``const`` cannot
    be compiled without the detailed errors (a KeyError in fastjsonschema 2.22), which put the whole
    schema, inlined, in every ``raise``: 504 KB of code to compile instead of 185 KB, 0.14 s at the
    start of validate."""
    if not isinstance(schema, dict):
        return schema
    copied = _with_children(schema, _consts_as_enums)
    if "const" in copied:
        value = [copied.pop("const")]
        if "enum" in copied:
            copied["allOf"] = [*copied.get("allOf", ()), {"enum": value}]
        else:
            copied["enum"] = value
    return copied


def _with_children(schema: dict[str, Any], change: Callable[[Any], Any]) -> dict[str, Any]:
    """A copy of ``schema`` with ``change`` made to each schema it holds."""
    copied = dict(schema)
    for key in _SCHEMA_VALUES:
        if key in schema:
            copied[key] = change(schema[key])
    for key in _SCHEMA_MAPS:
        if key in schema:
            copied[key] = {name: change(child) for name, child in schema[key].items()}
    for key in _SCHEMA_LISTS:
        if key in schema:
            copied[key] = [change(child) for child in schema[key]]
    return copied


def _pointed(root: dict[str, Any], ref: str) -> Any:
    """The schema a local ``$ref`` (``#/$defs/slug``) points to in ``root`` (a JSON pointer, RFC 6901);
    None where it points to nothing, or to what is not a schema."""
    found: Any = root
    for part in ref.removeprefix("#/").split("/"):
        name = part.replace("~1", "/").replace("~0", "~")
        if isinstance(found, dict) and name in found:
            found = found[name]
        elif isinstance(found, list) and name.isdigit() and int(name) < len(found):
            found = found[int(name)]
        else:
            return None
    return found if isinstance(found, dict | bool) else None


def compile_quick_check(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    if not is_draft7_compatible(schema):
        return None
    try:
        validate = fastjsonschema.compile(_draft7(schema), formats={}, detailed_exceptions=False)
    except (
        fastjsonschema.JsonSchemaDefinitionException,
        TypeError,
        ValueError,
        LookupError,
        RecursionError,
        SyntaxError,  # Python compiles at most 20 nested blocks: a schema nested deeper
    ):
        return None  # a schema fastjsonschema cannot compile (a reference into a number, say): jsonschema decides

    def check(instance: Any) -> bool:
        try:
            validate(instance)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return check


# --- The shipped registry schema's check, compiled ahead of time -------------------------------------
#
# Every command reads registry.yml and checks it against schema/registry.schema.json; importing
# jsonschema for that costs a tenth of a second at every start. Where the registry's schema is the one
# the package ships (``registry init`` writes it), its quick check is this compiled module, written by
# ``make docs`` (``python -m registry.quickcheck``) and kept current by tests/test_quickcheck.py;
# jsonschema is imported only when the check fails, for its messages, or for another schema.

SHIPPED_REGISTRY_CHECK = Path(__file__).with_name("registry_schema_check.py")
_GENERATED_HEADER = """\
# Generated by `make docs` (python -m registry.quickcheck) from
# init_templates/repository/schema/registry.schema.json: fastjsonschema's check of the shipped registry
# schema, compiled ahead of time (see quickcheck.py). Do not edit; tests/test_quickcheck.py keeps it current.
# ruff: noqa
# mypy: ignore-errors
"""


def compiled_source(schema: dict[str, Any]) -> str:
    """The quick check of ``schema`` as a module's source, its function ``validate``."""
    if not is_draft7_compatible(schema):
        raise ValueError("the schema uses keywords whose meaning differs in draft 7")
    return _GENERATED_HEADER + fastjsonschema.compile_to_code(_draft7(schema), formats={}, detailed_exceptions=False)


if __name__ == "__main__":
    shipped = SHIPPED_REGISTRY_CHECK.with_name("init_templates") / "repository" / "schema" / "registry.schema.json"
    source = compiled_source(json.loads(shipped.read_text(encoding="utf-8")))
    SHIPPED_REGISTRY_CHECK.write_text(source, encoding="utf-8")
