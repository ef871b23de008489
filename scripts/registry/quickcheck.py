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

from collections.abc import Callable
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


def is_draft7_compatible(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not set(schema) <= SHARED_KEYWORDS:
        return False
    if "$ref" in schema and not set(schema) - {"$ref"} <= _ANNOTATIONS:
        return False
    if "$ref" in schema and not str(schema["$ref"]).startswith("#/"):
        return False
    if isinstance(schema.get("items"), list):  # tuple validation changed meaning in 2020-12
        return False
    children: list[Any] = [schema[key] for key in _SCHEMA_VALUES if key in schema]
    for key in _SCHEMA_MAPS:
        children.extend(schema.get(key, {}).values())
    for key in _SCHEMA_LISTS:
        children.extend(schema.get(key, []))
    return all(is_draft7_compatible(child) for child in children)


def compile_quick_check(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    if not is_draft7_compatible(schema):
        return None
    draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    draft7.pop("$id", None)
    try:
        validate = fastjsonschema.compile(draft7, formats={})
    except fastjsonschema.JsonSchemaDefinitionException:
        return None

    def check(instance: Any) -> bool:
        try:
            validate(instance)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return check
