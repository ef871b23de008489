"""registry.yml: the organisation as data, with its errors named by line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from registry import catalogue
from registry.config import SHIPPED, load_registry, migrate_units
from registry.errors import RegistryError


def edit(root: Path, old: str, new: str) -> None:
    config = root / "registry.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_configuration_loads(registry_root: Path) -> None:
    registry = load_registry(registry_root)
    assert len(registry.units) >= 12
    assert registry.ancestors("so-noi-vu") == ["ubnd-tinh"]
    assert len(registry.sections) == 5
    assert registry.deadlines == {"decision": 7, "completion_report": 5, "evaluation": 7}
    assert registry.fields["quoc-phong-an-ninh"].sensitive


def test_the_units_as_they_were_before_1_7_2025(registry_root: Path) -> None:
    registry = load_registry(registry_root)
    assert registry.ancestors("ubnd-xa-thanh-thoi-an") == ["ubnd-huyen-tran-de", "ubnd-tinh"]
    assert "bo-chi-huy-quan-su" not in registry.units  # not a unit of the People's Committee
    split = registry.units["so-lao-dong-thuong-binh-va-xa-hoi"]
    assert split.end == "2025-02-28" and split.successors == ("so-noi-vu", "so-y-te", "so-giao-duc-va-dao-tao")
    assert registry.plan is not None and registry.plan.issuer == "Ủy ban nhân dân tỉnh Sóc Trăng"


def test_migrate_units_turns_one_successor_into_a_list() -> None:
    v1: dict[str, Any] = {"version": 1, "units": [{"id": "a", "until": "2025-06-30", "successor": "b"}, {"id": "b"}]}
    v2 = migrate_units(v1)
    assert v2["units"] == [{"id": "a", "until": "2025-06-30", "successors": ["b"]}, {"id": "b"}]
    assert v1["units"][0]["successor"] == "b"  # the input is left alone
    assert migrate_units(v2) == v2


def test_renamed_units_keep_their_old_names(registry_root: Path) -> None:
    unit = load_registry(registry_root).units["so-noi-vu"]
    assert unit.name_on("2024-05-01") == "Sở Nội vụ tỉnh Sóc Trăng"
    assert unit.name_on("2025-07-01") == "Sở Nội vụ thành phố Cần Thơ"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    parent: ubnd-tinh\n", "    parent: ubnd-khong-co\n", "parent 'ubnd-khong-co' is not a unit"),
        ("  - id: so-tu-phap\n", "  - id: so-noi-vu\n", "unit 'so-noi-vu' is listed twice"),
        ("    level: so\n", "    level: bo\n", "level 'bo' is not in levels"),
        ("  decision: 7\n", "  decision: bảy\n", "the value 'bảy' is of the wrong type, integer expected"),
        ("  decision: 7\n", "  decision: 7\n  decision: 8\n", "duplicate key 'decision'"),
        ("version: 2\n", "version: 2\nextra: true\n", "the key extra is not in the schema"),
        ('reviewers: ["@sang-kien-can-tho/so-noi-vu"]', 'reviewers: ["so noi vu"]', "is not in the expected form"),
        ("  - id: ubnd-tinh\n", "  - id: ubnd-tinh\n    parent: so-noi-vu\n", "is its own ancestor"),
        (
            "    successors: [so-tai-chinh]\n",
            "    successors: [so-khong-co]\n",
            "successor 'so-khong-co' is not a unit",
        ),
        (
            "    successors: [so-tai-chinh]\n",
            "",
            "unit 'so-ke-hoach-va-dau-tu' ends on 2025-02-28 but names no successors",
        ),
        (
            "    successors: [so-tai-chinh]\n",
            "    successors: [ubnd-xa-my-tu]\n",
            "successor 'ubnd-xa-my-tu' does not exist on 2025-03-01, the day after 'so-ke-hoach-va-dau-tu' ended",
        ),
        (
            "  - id: so-tu-phap\n",
            "  - id: so-tu-phap\n    successors: [so-noi-vu]\n",
            "unit 'so-tu-phap' names successors but no until date",
        ),
        (
            "    from: 2025-03-01\n",
            "    from: 2025-03-01\n    until: 2025-02-01\n    successors: [so-noi-vu]\n",
            "ends (2025-02-01) before it starts (2025-03-01)",
        ),
        ("    successors: [so-tai-chinh]\n", "    successor: so-tai-chinh\n", "the key successor is not in the schema"),
        ("  issuer: ", "  number: 12 KH\n  issuer: ", "the value '12 KH' is not in the expected form"),
    ],
)
def test_a_broken_configuration_is_refused(registry_root: Path, old: str, new: str, message: str) -> None:
    edit(registry_root, old, new)
    with pytest.raises(RegistryError, match=r"registry\.yml:\d+:\d+: ") as raised, catalogue.speaking("en"):
        load_registry(registry_root)
    assert message in str(raised.value)


def test_a_broken_schema_is_refused(registry_root: Path) -> None:
    (registry_root / "schema" / "proposal.schema.json").write_text('{"type": 12}', encoding="utf-8")
    with pytest.raises(RegistryError, match="not a valid JSON Schema"), catalogue.speaking("en"):
        load_registry(registry_root)
    (registry_root / "schema" / "proposal.schema.json").write_text("{", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid JSON"), catalogue.speaking("en"):
        load_registry(registry_root)


def test_the_shipped_schemas_are_valid_schemas_and_an_edited_one_is_checked_again(
    registry_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schemas `registry init` ships are checked here, once, rather than at every command's start (a
    fifth of a second); a registry's own edit of them is checked as it is read."""
    for name in ("schema/proposal.schema.json", "schema/registry.schema.json"):
        shipped = json.loads((SHIPPED / name).read_bytes())
        jsonschema.validators.validator_for(shipped).check_schema(shipped)
    checked: list[object] = []
    validator = jsonschema.validators.validator_for(shipped)
    monkeypatch.setattr(validator, "check_schema", classmethod(lambda cls, schema: checked.append(schema)))
    load_registry(registry_root)
    assert checked == []
    path = registry_root / "schema" / "proposal.schema.json"
    path.write_bytes(path.read_bytes().replace(b'"type"', b'"type" ', 1))  # the same schema, edited
    load_registry(registry_root)
    assert len(checked) == 1
