"""The open data as a reuser takes it (the page "Dữ liệu mở"): a CSV that a spreadsheet opens as text,
with a byte-order mark; nested JSON that its published JSON Schema describes; the licence, the day and
the count on the page and in the files; the same bytes from two builds of one commit."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from registry.config import load_registry
from registry.errors import RegistryError
from registry.site import _nested
from tests.helpers.attacks import proposal
from tests.helpers.proposals import PROJECT
from tests.helpers.site import PUBLISHED, build, side_by_side

# Titles that a spreadsheet would run as a formula, by the id of the proposal that carries each.
# The schema wants a title of some length: the formula comes first, as an attacker would put it.
FORMULAS = {
    "2025-960": '=HYPERLINK("http://x")',
    "2025-961": "+1 giờ làm việc mỗi tuần cho bộ phận một cửa",
    "2025-962": "-1 thủ tục hành chính về đất đai",
    "2025-963": "@x cổng dịch vụ công trực tuyến",
}
SECTIONS = ["Một.", "Hai.", "Ba.", "Bốn.", "Năm."]
PROPOSALS = {
    f"so-tu-phap/{id}-cong-thuc.md": proposal(id, SECTIONS, title=title.replace('"', '\\"'))
    for id, title in FORMULAS.items()
}
COPIES = ("first", "second")  # two copies of one registry, each built on its own
FILES = ["du-lieu/proposals.json", "du-lieu/proposals.csv", "du-lieu/metadata.json", "du-lieu/proposals.schema.json"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The samples and the formula titles, built twice from two copies of one registry; each build once
    per test run, the two workers building one each side by side (the tests only read them)."""
    first, second = (side_by_side(tmp_path_factory, "open-data", COPIES, copy, _copy) for copy in COPIES)
    return first, second


def _copy(target: Path, copy: str) -> Path:
    return build(target, PROPOSALS)


@pytest.fixture(scope="module")
def site(sites: tuple[Path, Path]) -> Path:
    return sites[0]


def read_json(site: Path, name: str) -> dict[str, object]:
    loaded = json.loads((site / "du-lieu" / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def csv_rows(site: Path) -> list[dict[str, str]]:
    raw = (site / "du-lieu" / "proposals.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, for Excel to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_two_builds_give_the_same_files(sites: tuple[Path, Path]) -> None:
    first, second = sites
    charts = sorted(path.relative_to(first).as_posix() for path in (first / "thong-ke").glob("*.svg"))
    assert len(charts) == 4
    for name in FILES + charts:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_formula_in_a_title_is_text_in_the_csv(site: Path) -> None:
    rows = {row["id"]: row for row in csv_rows(site)}
    for id, title in FORMULAS.items():
        assert rows[id]["title"] == "'" + title, id  # the single quote: shown as text, never run
    starts = [value[0] for row in rows.values() for value in row.values() if value]
    assert not set(starts) & set("=+-@\t\r")
    records = {p["id"]: p for p in read_json(site, "proposals.json")["proposals"]}  # type: ignore[attr-defined]
    assert {id: records[id]["title"] for id in FORMULAS} == FORMULAS  # JSON is not a spreadsheet: as written


def test_the_json_is_nested_and_follows_its_published_schema(site: Path) -> None:
    data = read_json(site, "proposals.json")
    schema = read_json(site, "proposals.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    proposals = data["proposals"]
    assert isinstance(proposals, list)
    assert sorted(p["id"] for p in proposals) == sorted([*PUBLISHED, *FORMULAS])
    evaluated = next(p for p in proposals if p["id"] == "2024-001")
    assert evaluated["decision"]["date"] and evaluated["evaluation"]["liability"]["outcome"]
    assert not [key for p in proposals for key in p if "." in key], "no dotted key"
    # A record that breaks the schema is refused: the schema says something.
    broken = {**data, "proposals": [{**proposals[0], "decision.date": "2025-01-01"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    # Its statuses are the ones registry.yml publishes, not a list of the schema's own.
    definitions: Any = schema["$defs"]
    statuses = definitions["proposal"]["properties"]["status"]["enum"]
    assert statuses == list(load_registry(PROJECT).published_statuses)


def test_the_licence_day_and_count_agree_on_the_page_and_in_the_files(site: Path) -> None:
    data, metadata = read_json(site, "proposals.json"), read_json(site, "metadata.json")
    rows = csv_rows(site)
    count = len(PUBLISHED) + len(FORMULAS)
    assert data["count"] == metadata["count"] == len(rows) == len(data["proposals"]) == count  # type: ignore[arg-type]
    licence = load_registry(PROJECT).licence
    assert data["licence"] == metadata["licence"] == {"name": licence[0], "url": licence[1]}
    assert licence[0] == "CC BY 4.0"
    # The day: the newest commit of a published proposal (the helper commits them all at once, today
    # by git's clock), not the day of the build; the page writes it as Vietnamese do.
    assert data["updated"] == metadata["updated"]
    updated = str(data["updated"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated)
    page = (site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    year, month, day = updated.split("-")
    text = re.sub(r"<[^>]+>", "", page)
    assert f"Cập nhật đến ngày: {day}/{month}/{year}" in text
    assert f"Số bản ghi: {count} đề xuất" in text
    # The page's links stay inside the site (sanitize.py): the licence's address is written out.
    assert f"Giấy phép: {licence[0]} (văn bản giấy phép: {licence[1]})" in text
    for name in ("proposals.json", "proposals.csv", "metadata.json", "proposals.schema.json"):
        assert f'href="../du-lieu/{name}"' in page, name


def test_the_json_keys_are_the_dictionarys_paths() -> None:
    assert _nested({"id": 1, "decision.date": "d", "evaluation.liability.outcome": "o"}) == {
        "id": 1, "decision": {"date": "d"}, "evaluation": {"liability": {"outcome": "o"}},
    }  # fmt: skip


LICENCE = '  licence: {name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/deed.vi"}\n'


def test_the_licence_is_the_registrys_own(registry_root: Path) -> None:
    config = registry_root / "registry.yml"
    text = config.read_text(encoding="utf-8")
    assert LICENCE in text
    config.write_text(
        text.replace(LICENCE, '  licence: {name: "ODC-BY 1.0", url: "https://opendatacommons.org/licenses/by/1-0/"}\n'),
        encoding="utf-8",
    )
    assert load_registry(registry_root).licence == ("ODC-BY 1.0", "https://opendatacommons.org/licenses/by/1-0/")
    config.write_text(text.replace(LICENCE, ""), encoding="utf-8")
    assert load_registry(registry_root).licence == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.vi")
    config.write_text(text.replace(LICENCE, '  licence: {name: "X", url: "javascript:alert(1)"}\n'), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"registry\.yml:\d+:\d+: .*publication\.licence\.url: .*javascript"):
        load_registry(registry_root)
