"""A proposal id is checked in two places, the schema (the ``id`` key, ``related``) and the layout (the
start of a file name): they must take the same ids, or a valid id would make a file no check reads."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from registry.layout import id_from_path, misplaced
from tests.helpers.proposals import PROJECT

SCHEMA = json.loads((PROJECT / "schema" / "proposal.schema.json").read_text(encoding="utf-8"))
ID = re.compile(SCHEMA["properties"]["id"]["pattern"])


def test_the_schema_checks_related_ids_as_it_checks_ids() -> None:
    assert SCHEMA["properties"]["related"]["items"]["pattern"] == ID.pattern


@given(st.from_regex(ID, fullmatch=True))
def test_every_id_the_schema_takes_names_a_file(proposal_id: str) -> None:
    path = f"proposals/so-tu-phap/{proposal_id}-de-xuat.md"
    assert id_from_path(path) == proposal_id
    assert misplaced(path) is None


@given(st.text(alphabet="0123456789-", min_size=1, max_size=12))
def test_a_file_name_carries_only_ids_the_schema_takes(start: str) -> None:
    found = id_from_path(f"proposals/so-tu-phap/{start}-de-xuat.md")
    assert found is None or (ID.fullmatch(found) is not None and start.startswith(found))
    if ID.fullmatch(start):
        assert found == start
