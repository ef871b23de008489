"""Property tests: whatever bytes or YAML a file holds, the loader and the rules report problems and
never raise."""

from __future__ import annotations

import copy
import json
import string
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.cli import main
from registry.config import Registry, load_registry
from registry.lint.context import Context
from registry.lint.engine import run_rules
from registry.load import parse_proposal
from registry.yamlread import MAX_DEPTH
from tests.helpers.proposals import PROJECT, VALID_FRONT, WriteProposal, sections_body

REGISTRY: Registry = load_registry(PROJECT)
CONTEXT = Context(REGISTRY, {"2025-901": ["proposals/so-tu-phap/2025-901-de-xuat.md"]})
PATH = "proposals/so-tu-phap/2025-901-de-xuat.md"
BODY = sections_body(REGISTRY)
KEYS = [
    "id", "title", "summary", "unit", "field", "tags", "authors", "status", "confidential", "submitted",
    "referrals", "decision", "implementation", "completion_report", "evaluation", "recognition", "related",
    "name", "position", "head_of_unit", "share", "outcome", "date", "document", "signed_by", "vote", "for",
    "against", "override", "start", "end", "progress", "percent", "result", "damage", "liability", "from", "to",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2025-03-03", "2025-02-30", "approved", "so-tu-phap", "quoc-phong-an-ninh", "2025-901"]),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    max_leaves=25,
)
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)


def load_and_check(data: bytes) -> None:
    proposal, problems = parse_proposal(PATH, data)
    assert all(p.path == PATH and p.line >= 1 and p.column >= 1 for p in problems)
    if proposal is not None:
        for problem in run_rules(proposal, CONTEXT):
            assert problem.line >= 1 and problem.column >= 1 and problem.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data: bytes) -> None:
    load_and_check(data)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_inside_a_front_matter(data: bytes) -> None:
    load_and_check(b"---\n" + data + b"\n---\n" + BODY.encode())


yaml_text = st.text(alphabet=string.printable + "ăâđêôơưạảấầẩẫậ&*!<>|{}[]-?:,#%@`\"'\t", max_size=300)


@settings(max_examples=200, deadline=None)
@given(yaml_text)
def test_arbitrary_yaml_like_text(text: str) -> None:
    load_and_check(f"---\n{text}\n---\n{BODY}".encode())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters)
def test_arbitrary_yaml_data_through_every_rule(front: dict[str, Any]) -> None:
    text = yaml.safe_dump(front, allow_unicode=True)
    load_and_check(f"---\n{text}---\n{BODY}".encode())


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=4))
def test_a_valid_proposal_with_arbitrary_blocks_added(extra: dict[str, Any]) -> None:
    base = yaml.safe_load(VALID_FRONT)
    base.update(extra)
    text = yaml.safe_dump(base, allow_unicode=True)
    load_and_check(f"---\n{text}---\n{BODY}".encode())


ODD_VALUES = [True, 0, 1.5, "x", None, [], {}, [1], [{}], [None, {"date": "2025-01-01"}], {"a": 1}]
VALID_BLOCKS: dict[str, Any] = {
    "decision": {"outcome": "approved", "date": "2025-03-10", "document": "1/QĐ-X", "signed_by": {"name": "A B"}},
    "implementation": {"start": "2025-04-01", "end": "2025-05-01", "progress": [{"date": "2025-04-02", "percent": 1}]},
    "evaluation": {"date": "2025-06-01", "result": "partial", "damage": True, "liability": "none", "document": "1/X"},
}


def test_every_key_holding_every_odd_shape() -> None:
    """Each key, at the top and inside each block, set in turn to values of every shape."""
    base = yaml.safe_load(VALID_FRONT)
    base["status"] = "evaluated"
    base.update(VALID_BLOCKS)
    base["referrals"] = [{"date": "2025-03-04", "from": "so-tu-phap", "to": "ubnd-tinh", "document": "1/X"}]
    base["recognition"] = [{"date": "2025-07-01", "form": "Bằng khen", "document": "2/X"}]
    paths: list[tuple[Any, ...]] = []
    for key, value in base.items():
        paths.append((key,))
        if isinstance(value, dict):
            paths += [(key, sub) for sub in value]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            paths += [(key, 0, sub) for sub in value[0]]
    paths += [("implementation", "progress", 0, "date"), ("decision", "vote"), ("decision", "vote", "for")]
    for path in paths:
        for odd in ODD_VALUES:
            front = copy.deepcopy(base)
            target = front
            for step in path[:-1]:
                target = target[step] if not isinstance(target, dict) or step in target else target.setdefault(step, {})
            if isinstance(target, dict):
                target[path[-1]] = odd
            # libyaml writes the very bytes of yaml.safe_dump here (all 429 files), in a twentieth of the time.
            text = yaml.dump(front, Dumper=yaml.CSafeDumper, allow_unicode=True)
            load_and_check(f"---\n{text}---\n{BODY}".encode())


# Nesting: a few hundred levels ended validate in RecursionError (in the YAML reader, PyYAML's composer
# or jsonschema). Deeper than MAX_DEPTH is a problem, found from the parser's events before anything
# recursive sees the data.

DEEP = {
    "flow-mappings": "tags: " + "{a: " * 600 + "1" + "}" * 600 + "\n",
    "flow-sequences": "tags: " + "[" * 600 + "]" * 600 + "\n",
    "block-sequences": "tags:\n" + "- " * 600 + "x\n",
    "block-mappings": "extra:\n" + "".join(" " * depth + "a:\n" for depth in range(1, 150)) + " " * 150 + "a: 1\n",
    "libyaml-limit": "tags: " + "[" * 1001 + "]" * 1001 + "\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_nesting_is_a_problem_not_a_traceback(
    case: str, write_proposal: WriteProposal, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_proposal(f"---\n{VALID_FRONT}{DEEP[case]}---\n{BODY}")
    root = path.parents[2]

    status = main(["--root", str(root), "validate", "--format", "json", str(path)])

    rows = json.loads(capsys.readouterr().out)["problems"]
    assert status == 1
    assert [row["rule"] for row in rows] == ["yaml-too-deep"]
    assert rows[0]["line"] >= 14 and rows[0]["hint"]


def nested(kinds: list[str], leaf: str) -> str:
    """YAML text nesting ``leaf`` in flow collections, innermost last: '[' for a list, '{' for a block."""
    opening = "".join("[" if kind == "[" else "{k: " for kind in kinds)
    return opening + leaf + "".join("]" if kind == "[" else "}" for kind in reversed(kinds))


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=1200),
    st.lists(st.sampled_from(["[", "{"]), min_size=1, max_size=6),
    st.sampled_from(["1", "x", "", "*a", "&a x", "!x y", "2025-01-01 10:00:00", "[1, 2, 3]", "{a: 1, a: 2}"]),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["tags", "referrals", "decision", "related", "x"]),  # keys VALID_FRONT does not have
)
def test_deep_and_odd_flow_nesting_never_raises(depth: int, pattern: list[str], leaf: str, cut: int, key: str) -> None:
    kinds = (pattern * depth)[:depth]
    text = nested(kinds, leaf)
    text = text[: len(text) - cut]  # sometimes unbalanced
    proposal, problems = parse_proposal(PATH, f"---\n{VALID_FRONT}{key}: {text}\n---\n{BODY}".encode())
    if len(kinds) >= MAX_DEPTH and cut == 0 and leaf != "*a":  # an undefined alias is a syntax error first
        assert "yaml-too-deep" in {p.rule for p in problems}
    if proposal is not None:
        for problem in run_rules(proposal, CONTEXT):
            assert problem.line >= 1 and problem.column >= 1 and problem.message


wide_and_deep = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=30) | st.dictionaries(st.sampled_from(KEYS), children, max_size=30),
    max_leaves=400,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(wide_and_deep, st.booleans())
def test_wide_and_deep_blocks_through_every_rule(value: Any, flow: bool) -> None:
    front = yaml.safe_load(VALID_FRONT)
    front["decision"] = value
    front["authors"] = [value, *front["authors"]]
    text = yaml.safe_dump(front, allow_unicode=True, default_flow_style=flow)
    load_and_check(f"---\n{text}---\n{BODY}".encode())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=120), st.booleans())
def test_deep_block_structures_from_a_dumper(depth: int, lists: bool) -> None:
    value: Any = "x"
    for _ in range(depth):
        value = [value] if lists else {"decision": value}
    front = yaml.safe_load(VALID_FRONT)
    front["decision"] = value
    text = yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
    proposal, problems = parse_proposal(PATH, f"---\n{text}---\n{BODY}".encode())
    assert ("yaml-too-deep" in {p.rule for p in problems}) == (depth + 1 > MAX_DEPTH)  # the front matter is one
    if proposal is not None:
        run_rules(proposal, CONTEXT)
