"""The compiled quick check never calls valid what jsonschema calls invalid, nor the reverse."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.config import Registry
from registry.layout import discover
from registry.load import load_file
from registry.quickcheck import compile_quick_check, is_draft7_compatible
from tests.helpers.proposals import CORPUS, PROJECT, VALID_FRONT


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


def test_the_project_schemas_are_compatible() -> None:
    for name in ("proposal.schema.json", "registry.schema.json"):
        assert is_draft7_compatible(json.loads((PROJECT / "schema" / name).read_text(encoding="utf-8")))
