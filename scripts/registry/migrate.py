"""``registry migrate``: move a registry to the current format version, one version at a time.

A change of format is one function in ``STEPS``, documented by its docstring: it receives a proposal's
front matter (plain data, keys in their order) and registry.yml's data, and returns the front matter
of the next version, or raises ``Unconvertible`` naming the key it cannot convert. The steps of each
version run in the order listed. Then:

- registry.yml's ``version`` line is rewritten in place, so that its comments stay;
- a proposal whose front matter a step changed is edited in place (``frontmatter.py``, ruamel.yaml's
  round trip): only the values that changed are written again (text in double quotes, ids and dates
  plain, short blocks of values on one line), and the author's comments and layout stay. Its body,
  from the closing ``---`` on, is kept byte for byte. A proposal no step changes is not touched;
- nothing is written until every file is converted and read back to the same data: one value that
  cannot be converted stops the command with its file, line and key, and leaves every file as it was.

On a registry already at the current version it changes nothing.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.catalogue import text
from registry.config import CONFIG_FILE, PROPOSAL_SCHEMA, REGISTRY_SCHEMA, migrate_units
from registry.errors import RegistryError
from registry.format_version import CURRENT
from registry.frontmatter import FrontMatter, Unreadable, sync
from registry.init import COPIES
from registry.layout import walk
from registry.lifecycle import Block
from registry.load import parse_proposal
from registry.yamlread import KeyPath, read_yaml


class Unconvertible(Exception):
    """A value a step cannot convert: the key path where it stands, and why (in Vietnamese, for the user)."""

    def __init__(self, at: KeyPath, reason: str) -> None:
        super().__init__(reason)
        self.at, self.reason = at, reason


Convert = Callable[[dict[str, Any], Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Step:
    """One change of the format: ``convert`` reads a front matter of version ``since`` (with
    registry.yml's data, read-only) and returns it as version ``since + 1`` wants it."""

    since: int
    convert: Convert


def liability_block(meta: dict[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """``evaluation.liability`` becomes a block (Decree 73/2023/NĐ-CP, Art. 11): version 1's word is its
    ``outcome``. The findings, the competent body and its document were not recorded in version 1 and
    are not guessed: ``registry check`` asks for them only of evaluations added from now on.

    The days version 2 adds (``implementation.completed``, a referral's ``received``) and who evaluated
    (``evaluation.evaluated_by``) are not guessed either: version 1 did not record them."""
    evaluation = meta.get(Block.EVALUATION)
    if isinstance(evaluation, dict) and isinstance(evaluation.get("liability"), str):
        evaluation["liability"] = {"outcome": evaluation["liability"]}
    return meta


def signer_as_block(meta: dict[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """``decision.signed_by``: the signer's name (text) becomes a block ``{name: ...}``.

    Version 2 records the signer's position and capacity (ký trực tiếp, KT., TM., TL., TUQ.), since an
    override of a failed vote must be signed by the head in person. A version-1 record names only the
    signer; the position and capacity are not guessed (a name says neither), so they stay absent, and
    the rules judge them only for decisions signed from registry.yml's ``decision.complete_from``.
    """
    decision = meta.get("decision")
    if isinstance(decision, dict) and isinstance(decision.get("signed_by"), str):
        decision["signed_by"] = {"name": decision["signed_by"]}
    return meta


# Version 1 to 2 (issue 8). Each change of the front matter that version 2 brings is its own function,
# in the order they apply. What version 2 adds without changing what was there (the vote's members and
# who did not vote, the receipt, the appraisal, external_referral, the day the work was completed, a
# referral's receipt, who evaluated) has no step: a version-1 record lacks it, and a step must not
# invent it.
STEPS: tuple[Step, ...] = (Step(1, liability_block), Step(1, signer_as_block))


@dataclass
class Changes:
    """What a migration changed (or, in a dry run, would change)."""

    found: int  # the version the registry was at
    target: int = CURRENT
    files: dict[str, tuple[bytes, list[str]]] = field(default_factory=dict)  # path -> new content, keys changed
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.files)

    def lines(self) -> list[str]:
        if not self.files:
            return []
        lines = [text("migrate.config", file=CONFIG_FILE, found=self.found, current=self.target)]
        lines += [
            text("migrate.changed", file=path, keys=", ".join(keys))
            for path, (_, keys) in sorted(self.files.items())
            if path not in (CONFIG_FILE, PROPOSAL_SCHEMA, REGISTRY_SCHEMA)
        ]
        lines += [
            text("migrate.schema", file=path)
            for path in sorted(self.files)
            if path in (PROPOSAL_SCHEMA, REGISTRY_SCHEMA)
        ]
        done = "migrate.dry" if self.dry_run else "migrate.done"
        lines.append(text(done, current=self.target, count=len(self.files)))
        return lines


def migrate(root: Path, *, dry_run: bool = False, steps: tuple[Step, ...] | None = None) -> Changes:
    """Convert the registry at ``root`` to the current version (with ``steps``, by default ``STEPS``),
    and write every changed file, or none."""
    config_text, version, line = _config(root)
    changes = Changes(found=version, dry_run=dry_run)
    if version == CURRENT:
        return changes
    to_run = [step for step in (STEPS if steps is None else steps) if step.since >= version]
    config_data = read_yaml(config_text, CONFIG_FILE).data
    for path in _proposal_paths(root):
        converted = _convert(root, path, to_run, config_data)
        if converted is not None:
            changes.files[path] = converted
    for name, content in _schemas(root).items():
        changes.files[name] = (content, [])
    lines = config_text.split("\n")
    lines[line - 1] = re.sub(r"^version:[ ]*[0-9]+", f"version: {CURRENT}", lines[line - 1])
    keys = ["version"]
    if version < _UNITS_V2 and _units_to_v2(config_text, lines):
        keys.append("units.successors")
    changes.files[CONFIG_FILE] = ("\n".join(lines).encode(), keys)
    if not dry_run:
        _write_all(root, {path: content for path, (content, _) in changes.files.items()})
    return changes


_UNITS_V2 = 2  # the version in which a unit names its successors in a list
_SUCCESSOR = re.compile(r"^([ ]*)successor:[ ]*([a-z0-9-]+)[ ]*(#.*)?$")


def _units_to_v2(source: str, lines: list[str]) -> bool:
    """registry.yml's units from v1 to v2, edited line by line in ``lines`` so that its comments stay:
    a unit's ``successor: x`` becomes ``successors: [x]``. The edit is checked against the data
    conversion (``config.migrate_units``); a line written another way stops the migration."""
    document = read_yaml(source, CONFIG_FILE)
    units = document.data.get("units") if isinstance(document.data, dict) else None
    edited = False
    for index, unit in enumerate(units if isinstance(units, list) else []):
        if not isinstance(unit, dict) or "successor" not in unit:
            continue
        line, _ = document.positions.get(("units", index, "successor"), (1, 1))
        found = _SUCCESSOR.match(lines[line - 1])
        if found is None:
            key = f"units[{index}].successor"
            reason = text("migrate.successor_line")
            raise RegistryError(text("migrate.unconvertible", file=CONFIG_FILE, line=line, key=key, reason=reason))
        indent, successor, comment = found.groups()
        lines[line - 1] = f"{indent}successors: [{successor}]" + (f"  {comment}" if comment else "")
        edited = True
    if edited:
        converted = read_yaml("\n".join(lines), CONFIG_FILE).data
        expected = migrate_units(document.data)
        assert isinstance(converted, dict)
        if {**converted, "version": None} != {**expected, "version": None}:  # pragma: no cover (a bug here)
            raise RegistryError(text("migrate.unreadable", file=CONFIG_FILE, line=1, reason="units.successors"))
    return edited


def _schemas(root: Path) -> dict[str, bytes]:
    """The schemas of the current version (the copies ``registry init`` ships) that ``root``'s differ from."""
    found = {}
    for name in (PROPOSAL_SCHEMA, REGISTRY_SCHEMA):
        current = (COPIES / name).read_bytes()
        target = root / name
        if not target.is_file() or target.is_symlink() or target.read_bytes() != current:
            found[name] = current
    return found


def _config(root: Path) -> tuple[str, int, int]:
    """registry.yml's text, the version it declares, and the line of that version."""
    try:
        source = (root / CONFIG_FILE).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(text("migrate.unreadable", file=CONFIG_FILE, line=1, reason=error)) from None
    document = read_yaml(source, CONFIG_FILE)
    if document.problems:
        first = document.problems[0]
        raise RegistryError(text("migrate.unreadable", file=CONFIG_FILE, line=first.line, reason=first.message))
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("version")
    line, _ = document.positions.get(("version",), (1, 1))
    valid = isinstance(version, int) and not isinstance(version, bool) and version >= 1
    if not valid or not re.match(r"^version:[ ]*[0-9]+[ ]*(#.*)?$", source.split("\n")[line - 1].rstrip("\r")):
        raise RegistryError(text("migrate.no_version", file=CONFIG_FILE, line=line))
    assert isinstance(version, int)
    if version > CURRENT:
        raise RegistryError(text("migrate.newer", file=CONFIG_FILE, line=line, found=version, current=CURRENT))
    return source, version, line


def _proposal_paths(root: Path) -> list[str]:
    paths, _ = walk(root)  # misplaced entries hold no proposal; validate reports them
    for path in paths:
        if (root / path).is_symlink():
            raise RegistryError(
                text("migrate.unreadable", file=path, line=1, reason=text("problems.file-symlink.file"))
            )
    return paths


def _convert(root: Path, path: str, steps: list[Step], config: Mapping[str, Any]) -> tuple[bytes, list[str]] | None:
    """The new content of the proposal at ``path`` and the keys that changed, or None if no step changes it."""
    data = (root / path).read_bytes()
    proposal, findings = parse_proposal(path, data)
    if proposal is None:
        first = findings[0]
        raise RegistryError(text("migrate.unreadable", file=path, line=first.line, reason=first.message))
    before = copy.deepcopy(dict(proposal.meta))
    meta = copy.deepcopy(before)
    for step in steps:
        try:
            meta = step.convert(meta, config)
        except Unconvertible as error:
            line, _ = proposal.where(*error.at)
            key = ".".join(str(part) for part in error.at)
            raise RegistryError(
                text("migrate.unconvertible", file=path, line=line, key=key, reason=error.reason)
            ) from None
    if meta == before and list(meta) == list(before):
        return None
    try:
        edit = FrontMatter(data.decode("utf-8"))
    except Unreadable as error:  # parse_proposal has read it, so this cannot happen
        raise RegistryError(text("migrate.unreadable", file=path, line=1, reason=error)) from None
    sync(edit.data, before, meta)
    content = edit.text()
    read_back, _ = parse_proposal(path, content.encode("utf-8"))
    if read_back is None or read_back.meta != meta:
        raise RegistryError(
            text("migrate.unreadable", file=path, line=1, reason="the new front matter reads back differently")
        )
    changed = [key for key in dict.fromkeys([*before, *meta]) if before.get(key) != meta.get(key)]
    return content.encode("utf-8"), changed or ["(thứ tự các khóa)"]


def _write_all(root: Path, files: dict[str, bytes]) -> None:
    """Write every file, or none: each goes to a temporary file beside it first, and only when all are
    written are they moved into place."""
    written: list[tuple[str, Path]] = []
    path = CONFIG_FILE
    try:
        for path, content in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=".migrate-")
            temporary = Path(name)
            written.append((path, temporary))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            temporary.chmod(target.stat().st_mode & 0o777 if target.is_file() else 0o644)
    except OSError as error:
        for _, temporary in written:
            temporary.unlink(missing_ok=True)
        raise RegistryError(text("migrate.unreadable", file=path, line=1, reason=error.strerror)) from None
    for path, temporary in written:
        temporary.replace(root / path)
