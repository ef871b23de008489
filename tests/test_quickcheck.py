"""The compiled quick check never calls valid what jsonschema calls invalid, nor the reverse."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import fastjsonschema
import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from registry import registry_schema_check
from registry.config import Registry, load_registry
from registry.layout import discover
from registry.load import load_file
from registry.quickcheck import SHIPPED_REGISTRY_CHECK, compile_quick_check, compiled_source, is_draft7_compatible
from registry.yamlread import read_yaml
from tests.helpers.proposals import CORPUS, PATH, PROJECT, VALID_FRONT, copy_configuration, proposal_text


def agree(registry: Registry, instance: Any) -> None:
    quick = registry.quick_check
    assert quick is not None
    assert quick(instance) == registry.validator.is_valid(instance), instance


def test_the_shipped_schema_gets_a_quick_check(project_registry: Registry) -> None:
    assert project_registry.quick_check is not None


def test_agreement_on_samples_and_corpus(project_registry: Registry) -> None:
    files = discover(project_registry.root) + sorted(CORPUS.glob("*.md"))
    checked = 0
    for path in files:
        proposal, _ = load_file(PROJECT, path)
        if proposal is not None:
            agree(project_registry, dict(proposal.meta))
            checked += 1
    assert checked >= 60


MUTATIONS: list[object] = [
    None, True, False, 0, -1, 7, 100, 101, 1.5, "", "x", "2025-02-30", "2025-03-03", "2025-13-01",
    "approved", "approved-pilot", "rejected", "so-tu-phap", "12/QĐ-X", [], [{}], {}, {"for": 1},
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_agreement_on_mutated_proposals(project_registry: Registry, data: st.DataObject) -> None:
    base = yaml.safe_load(VALID_FRONT)
    base.update(
        {
            "status": data.draw(st.sampled_from(["submitted", "approved", "implementing", "evaluated", "draft"])),
            "decision": {
                "outcome": "approved",
                "date": "2025-03-10",
                "document": "1/QĐ-X",
                "signed_by": {"name": "Lê B"},
            },
            "implementation": {
                "start": "2025-04-01",
                "end": "2025-05-01",
                "progress": [{"date": "2025-04-02", "percent": 5}],
            },
            "evaluation": {
                "date": "2025-06-01",
                "result": "partial",
                "damage": False,
                "liability": "none",
                "document": "1/X",
            },
        }
    )
    for _ in range(data.draw(st.integers(0, 4))):
        instance = base
        path = data.draw(st.lists(st.sampled_from(sorted(_keys(base))), min_size=1, max_size=1))[0]
        *parents, last = path
        for step in parents:
            instance = instance[step]
        instance[last] = copy.deepcopy(data.draw(st.sampled_from(MUTATIONS)))
    if data.draw(st.booleans()):
        base.pop(data.draw(st.sampled_from(sorted(base))))
    agree(project_registry, base)


def _keys(value: Any, prefix: tuple[Any, ...] = ()) -> set[tuple[Any, ...]]:
    found: set[tuple[Any, ...]] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            found.add((*prefix, key))
            found |= _keys(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.add((*prefix, index))
            found |= _keys(child, (*prefix, index))
    return found


@pytest.mark.parametrize(
    "schema",
    [
        {"prefixItems": [{"type": "string"}]},
        {"properties": {"a": {"$ref": "#/$defs/x", "maxLength": 3}}, "$defs": {"x": {"type": "string"}}},
        {"unevaluatedProperties": False},
        {"items": [{"type": "string"}]},
        {"dependentRequired": {"a": ["b"]}},
        {"$ref": "https://example.invalid/other.json"},
    ],
)
def test_no_quick_check_where_draft_7_would_read_the_schema_otherwise(schema: dict[str, Any]) -> None:
    assert not is_draft7_compatible(schema)
    assert compile_quick_check(schema) is None


def test_references_are_followed_as_jsonschema_follows_them_even_to_themselves() -> None:
    """The quick check inlines what each $ref points to (a JSON pointer, escapes and all), and leaves a
    definition that refers to itself as a reference: its verdicts are jsonschema's."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {
            "slug": {"type": "string", "pattern": "^[a-z]+$"},
            "a/b~c": {"type": "integer", "minimum": 1},
            "node": {
                "type": "object",
                "properties": {
                    "name": {"$ref": "#/$defs/slug"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                },
                "required": ["name"],
            },
        },
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"$ref": "#/$defs/slug", "description": "a tag"}},
            "count": {"$ref": "#/$defs/a~1b~0c"},
            "tree": {"$ref": "#/$defs/node"},
        },
    }
    check = compile_quick_check(schema)
    assert check is not None
    deep: dict[str, Any] = {"name": "a"}
    for _ in range(5):
        deep = {"name": "b", "children": [deep]}
    instances: list[Any] = [
        {},
        {"tags": ["ok", "fine"], "count": 3, "tree": deep},
        {"tags": ["ok", "Not"]},
        {"count": 0},
        {"count": "3"},
        {"tree": {"name": "a", "children": [{"name": "b", "children": [{"name": "C"}]}]}},
        {"tree": {"name": "a", "children": [{"children": []}]}},
    ]
    verdicts = [jsonschema.Draft202012Validator(schema).is_valid(instance) for instance in instances]
    assert verdicts == [True, True, False, False, False, False, False]
    assert [check(instance) for instance in instances] == verdicts


def test_references_that_double_at_every_level_or_point_nowhere_stop_nothing() -> None:
    """Thirty levels of definitions, each referring to the next twice, would inline into 2**30 copies:
    the references are then left to fastjsonschema (the last level's const still made an enum), and the
    check still agrees with jsonschema. A reference to nothing in the schema as written leaves no quick
    check (jsonschema checks every file), no traceback, even where the check's own copy has that path."""
    levels = 30
    defs: dict[str, Any] = {f"d{level}": {"type": "integer", "minimum": 0, "const": 3} for level in (levels,)}
    defs["c"] = {"const": {"type": "string"}}  # a value that a rewritten const would make a path to
    for level in range(levels):
        pair = {"$ref": f"#/$defs/d{level + 1}"}
        defs[f"d{level}"] = {"type": "object", "properties": {"a": pair, "b": pair}}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
        "type": "object",
        "properties": {"root": {"$ref": "#/$defs/d0"}},
    }
    check = compile_quick_check(schema)
    assert check is not None
    good: Any = 3
    bad: Any = -1
    for level in range(levels):  # one path down the levels, through a or b
        side = "ab"[level % 2]
        good, bad = {side: good}, {side: bad}
    instances = [{"root": good}, {"root": bad}, {"root": {"a": "x"}}]
    verdicts = [jsonschema.Draft202012Validator(schema).is_valid(instance) for instance in instances]
    assert verdicts == [True, False, False]
    assert [check(instance) for instance in instances] == verdicts
    for nowhere in ("#/$defs/none", "#/$defs/d0/properties/a/9", "#/$defs/d30/minimum/0", "#/$defs/c/enum/0"):
        assert compile_quick_check({**schema, "properties": {"x": {"$ref": nowhere}}}) is None


CONST_VALUES: list[Any] = [0, 1, 1.0, True, False, None, "1", "", [], [1], [True], {}, {"a": 1}, {"a": True}]


def test_const_is_checked_as_jsonschema_checks_it_alone_and_beside_an_enum() -> None:
    """The quick check compiles each ``const`` as the enum of its one value: 1, 1.0, True and "1" stay
    apart where jsonschema keeps them apart, and a ``const`` beside an ``enum`` must satisfy both."""
    for const in CONST_VALUES:
        for beside in ({}, {"enum": [const, 2]}, {"enum": [2]}):
            schema = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$defs": {"fixed": {"const": const, **beside}},
                "type": "object",
                "properties": {"x": {"const": const, **beside}, "y": {"$ref": "#/$defs/fixed"}},
            }
            check = compile_quick_check(schema)
            assert check is not None
            validator = jsonschema.Draft202012Validator(schema)
            for value in CONST_VALUES:
                for instance in ({"x": value}, {"y": value}):
                    assert check(instance) == validator.is_valid(instance), (const, beside, instance)


def test_the_project_schemas_are_compatible() -> None:
    for name in ("proposal.schema.json", "registry.schema.json"):
        assert is_draft7_compatible(json.loads((PROJECT / "schema" / name).read_text(encoding="utf-8")))


# --- The shipped registry schema's check, compiled ahead of time ------------------------------------

SHIPPED_REGISTRY_SCHEMA = PROJECT / "scripts" / "registry" / "init_templates" / "repository" / "schema"
REGISTRY_MUTATIONS: list[object] = [
    *MUTATIONS, "2024-02-29", "2023-02-29", "2025-04-31", "20250101", "so-moi", "Sở Mới", "xa", "tinh",
    {"id": "x", "name": "X", "level": "xa"}, [{"id": "x"}], "https://example.invalid", "x@example.invalid",
]  # fmt: skip


def _registry_data() -> dict[str, Any]:
    return cast(dict[str, Any], read_yaml((PROJECT / "registry.yml").read_text(encoding="utf-8"), "registry.yml").data)


def _jsonschema_valid(instance: Any) -> bool:
    schema = json.loads((PROJECT / "schema" / "registry.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return not any(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(instance))


def _compiled_valid(instance: Any) -> bool:
    try:
        registry_schema_check.validate(instance)  # type: ignore[no-untyped-call]  # generated code
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def test_the_compiled_registry_check_is_current() -> None:
    """`make docs` wrote it from the shipped schema, which is the project's own."""
    shipped = json.loads((SHIPPED_REGISTRY_SCHEMA / "registry.schema.json").read_text(encoding="utf-8"))
    assert SHIPPED_REGISTRY_CHECK.read_text(encoding="utf-8") == compiled_source(shipped), "run `make docs`"
    assert (SHIPPED_REGISTRY_SCHEMA / "registry.schema.json").read_bytes() == (
        PROJECT / "schema" / "registry.schema.json"
    ).read_bytes()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_compiled_registry_check_agrees_with_jsonschema(data: st.DataObject) -> None:
    """Above all, it never passes a registry.yml that jsonschema finds fault with: the registry is
    then read without jsonschema."""
    base = _registry_data()
    for _ in range(data.draw(st.integers(1, 3))):
        instance = base
        *parents, last = data.draw(st.sampled_from(sorted(_keys(base), key=repr)))
        for step in parents:
            instance = instance[step]
        if data.draw(st.integers(0, 5)) == 0 and isinstance(instance, dict):
            instance.pop(last)
        else:
            instance[last] = copy.deepcopy(data.draw(st.sampled_from(REGISTRY_MUTATIONS)))
    assert _compiled_valid(base) == _jsonschema_valid(base), base


def test_the_project_registry_is_read_without_jsonschema(tmp_path: Path) -> None:
    """Its schema is the shipped one and it passes: jsonschema is never imported. A registry.yml with a
    mistake still gets jsonschema's message, and a registry with a schema of its own, jsonschema's check."""
    copy_configuration(tmp_path)
    script = (
        "import sys\nfrom pathlib import Path\nfrom registry.config import load_registry\n"
        "from registry.errors import RegistryError\n"
        "try:\n    load_registry(Path(sys.argv[1]))\nexcept RegistryError as error:\n    print(error)\n"
        "print('jsonschema' in sys.modules)\n"
    )

    def read() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True, cwd=PROJECT
        )
        return done.stdout.splitlines()

    assert read() == ["False"]
    config = tmp_path / "registry.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("level: tinh", "level: Tỉnh", 1), encoding="utf-8")
    *said, imported = read()
    assert imported == "True" and "Tỉnh" in "\n".join(said)
    config.write_text(config.read_text(encoding="utf-8").replace("level: Tỉnh", "level: tinh", 1), encoding="utf-8")
    schema = tmp_path / "schema" / "registry.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert read() == ["True"]


def test_validate_imports_jsonschema_only_for_a_proposal_that_fails_the_quick_check(tmp_path: Path) -> None:
    """A registry whose proposals pass is validated without importing jsonschema (a tenth of a second at
    the start of every run); a proposal that breaks the schema still gets jsonschema's findings."""
    copy_configuration(tmp_path)
    proposal = tmp_path / PATH
    proposal.parent.mkdir(parents=True)
    proposal.write_text(proposal_text(load_registry(tmp_path)), encoding="utf-8")
    script = (
        "import sys\nfrom pathlib import Path\nfrom registry.config import load_registry\n"
        "from registry.validate import validate\n"
        "report = validate(load_registry(Path(sys.argv[1])), jobs=1)\n"
        "print(sorted({problem.rule for problem in report.problems}), 'jsonschema' in sys.modules)\n"
    )

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True, cwd=PROJECT
        )
        return done.stdout.strip()

    assert run() == "[] False"
    proposal.write_text(proposal.read_text(encoding="utf-8").replace("confidential: false", "confidential: 5"), "utf-8")
    assert run() == "['schema'] True"


@pytest.mark.parametrize(("depth", "status"), [(20, 0), (300, 2)])
def test_a_deeply_nested_proposal_schema_is_an_error_or_checked_by_jsonschema(
    tmp_path: Path, depth: int, status: int
) -> None:
    """A schema nested 20 levels compiles to more nested blocks than Python allows: no quick check,
    jsonschema checks every file. Nested 300 levels, jsonschema itself cannot walk it: a message that
    names the file. Never a traceback."""
    copy_configuration(tmp_path)
    schema_file = tmp_path / "schema" / "proposal.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    deep: Any = {"type": "string"}
    for _ in range(depth):
        deep = {"anyOf": [deep]}
    schema["properties"]["deep"] = deep
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "registry", "validate"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == status and "Traceback" not in done.stderr, done.stderr[-500:]
    if status:
        assert "proposal.schema.json: lược đồ lồng nhau quá nhiều tầng" in done.stderr
