"""Where proposals lie: ``proposals/<unit>/<id>-<slug>.md``, regular files, and nothing else.

Everything under ``proposals/`` is a unit folder or a proposal file. A name that is neither (a file
directly under ``proposals/``, ``.md.txt``, ``.MD``, a folder inside a unit's folder, a newline or any
other control character) is a problem, not something to skip: a name that a check passes over is a
place to hide a change. The same names are judged on disk (``validate``) and in git (``check``).

This module is the one home of the layout: the folder, the names, the id and the unit a path carries,
the slug of a new file, and the walk that finds the proposals on disk.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from registry.problem import Finding

PROPOSALS_DIR = "proposals"
_ID = "[0-9]{4}-[0-9]{3,4}"  # YYYY-NNN: the schema's id pattern (tests/test_ids.py holds them together)
UNIT_FOLDER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PROPOSAL_FILE = re.compile(rf"{_ID}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")
_FILE_DEPTH = 3  # proposals/<unit>/<file>
_UNIT_NAMING = "problems.file-name.unit-folder"
_FILE_ID = re.compile(rf"^({_ID})(?:-|\.md$)")
SLUG_LENGTH = 60

# The problems of the layout; ``registry rules`` describes each from the catalogue (``rules.<id>``).
LAYOUT_RULES = (
    "file-name",
    "file-type",
)


def id_from_path(path: str | None) -> str | None:
    """The proposal id a file name starts with (``<id>-<slug>.md``), or None."""
    match = _FILE_ID.match(path.rsplit("/", 1)[-1]) if path else None
    return match.group(1) if match else None


def unit_from_path(path: str | None) -> str | None:
    """The unit folder a proposal file lies in (``proposals/<unit>/<file>``), or None elsewhere."""
    parts = path.split("/") if path else []
    return parts[1] if len(parts) == _FILE_DEPTH and parts[0] == PROPOSALS_DIR else None


def slugify(title: str) -> str:
    """``Số hóa hồ sơ`` → ``so-hoa-ho-so``: no diacritics (đ → d), lower case, words joined by hyphens."""
    text = unicodedata.normalize("NFC", title).replace("đ", "d").replace("Đ", "D")
    ascii_ = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_LENGTH:
            break
        slug = candidate
    return slug or "de-xuat"


def proposal_path(unit: str, proposal_id: str, title: str) -> str:
    """Where a new proposal lies, relative to the registry's root."""
    return f"{PROPOSALS_DIR}/{unit}/{proposal_id}-{slugify(title)}.md"


def build_index(paths: Iterable[str]) -> dict[str, list[str]]:
    """Proposal ids, taken from the file names, to the files that carry them."""
    index: dict[str, list[str]] = {}
    for path in paths:
        name = id_from_path(path)
        if name:
            index.setdefault(name, []).append(path)
    return index


def misplaced(path: str, folder: bool = False) -> str | None:
    """Why ``path`` (relative to the registry's root, below ``proposals/``) cannot hold a proposal or
    a unit folder (the catalogue key of the message, filled by ``_where``), or None when it can.
    ``folder``: the path is a folder."""
    parts = path.split("/")
    if parts[0] != PROPOSALS_DIR or len(parts) == 1:
        return "problems.file-name.outside"
    if len(parts) < _FILE_DEPTH:
        return _misplaced_in_proposals(parts[1], folder)
    if len(parts) > _FILE_DEPTH or folder:
        return "problems.file-name.nested"
    if not UNIT_FOLDER.fullmatch(parts[1]):
        return _UNIT_NAMING
    if not PROPOSAL_FILE.fullmatch(parts[2]):
        return "problems.file-name.file"
    return None


def _misplaced_in_proposals(name: str, folder: bool) -> str | None:
    """Why ``name``, directly under ``proposals/``, cannot be there, or None: only unit folders can."""
    if not folder:
        return "problems.file-name.top"
    return None if UNIT_FOLDER.fullmatch(name) else _UNIT_NAMING


def misplaced_file(path: str) -> Finding | None:
    """The ``file-name`` finding of a file named on the command line or in a diff, or None."""
    why = misplaced(path)
    return Finding(path, 1, 1, why, rule="file-name", values=_where(path)) if why else None


def _where(path: str) -> dict[str, object]:
    """The values of a layout message: the path, and the proposals folder."""
    return {"path": path, "folder": PROPOSALS_DIR}


def discover(root: Path) -> list[Path]:
    """Every proposal file under ``root``'s proposals/, symlinks included (they are reported, not
    followed); entries whose place or name cannot hold a proposal are left out (``validate`` reports them)."""
    return [root / path for path in walk(root)[0]]


def walk(root: Path) -> tuple[list[str], list[Finding]]:
    """The proposal files under ``root``'s proposals/ as posix paths relative to ``root``, in a stable
    order, and what is wrong with every other entry there."""
    found: list[str] = []
    findings: list[Finding] = []
    for files, problems in walk_folders(root):
        found += files
        findings += problems
    return found, findings


def walk_folders(root: Path) -> Iterator[tuple[list[str], list[Finding]]]:
    """``walk``, a folder at a time: proposals/ itself, then each unit folder in turn (a reader may
    start on the first folders' files while the others are walked)."""
    top = root / PROPOSALS_DIR
    if top.is_symlink():
        yield [], [Finding(PROPOSALS_DIR, 1, 1, "problems.file-symlink.link", rule="file-symlink")]
        return
    units, found, findings = _folder(root, PROPOSALS_DIR)
    yield found, findings
    for unit in units:
        _, found, findings = _folder(root, unit)  # a folder inside a unit's folder is reported, never walked
        yield found, findings


def _folder(root: Path, relative: str) -> tuple[list[str], list[str], list[Finding]]:
    """The folders inside ``relative`` (a folder under ``root``) that may hold proposals, sorted; its
    proposal files, sorted; and what is wrong with its other entries (none is followed through a link)."""
    folder = f"{root}/{relative}"
    listing = next(os.walk(folder), None)  # (os.walk's reading of one folder: nothing if it cannot be read)
    if listing is None:
        return [], [], []
    _, dirs, files = listing
    kept: list[str] = []
    found: list[str] = []
    findings: list[Finding] = []
    for name in sorted(dirs):
        path = f"{relative}/{name}"
        if stat.S_ISLNK(os.lstat(f"{folder}/{name}").st_mode):
            findings.append(Finding(path, 1, 1, "problems.file-symlink.folder", rule="file-symlink"))
        elif why := misplaced(path, folder=True):  # one mistake, one message: what lies inside is not looked at
            rule = "file-type" if PROPOSAL_FILE.fullmatch(name) else "file-name"
            findings.append(Finding(path, 1, 1, why, rule=rule, values=_where(path)))
        else:
            kept.append(path)
    for name in sorted(files):
        path = f"{relative}/{name}"
        if why := misplaced(path):
            findings.append(Finding(path, 1, 1, why, rule="file-name", values=_where(path)))
        elif (mode := os.lstat(f"{folder}/{name}").st_mode) & 0o111 and not stat.S_ISLNK(mode):
            findings.append(Finding(path, 1, 1, "problems.file-type.executable", rule="file-type"))
        else:
            found.append(path)
    return kept, found, findings
