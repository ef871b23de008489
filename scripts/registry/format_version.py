"""The version of the registry's format: registry.yml's ``version``, which the schemas and the front
matter of every proposal follow. ``registry migrate`` (migrate.py) moves an older registry to it."""

from __future__ import annotations

from typing import Any

from registry.catalogue import text
from registry.errors import RegistryError

CURRENT = 2


def check_current(data: object, name: str, positions: dict[Any, tuple[int, int]]) -> None:
    """Refuse registry.yml's data ``data`` (read from the file ``name``) when it declares an older
    version than this code reads, with what to do; anything else is the schema's to judge."""
    found = data.get("version") if isinstance(data, dict) else None
    if isinstance(found, int) and not isinstance(found, bool) and found < CURRENT:
        line, _ = positions.get(("version",), (1, 1))
        raise RegistryError(text("migrate.outdated", file=name, line=line, found=found, current=CURRENT))
