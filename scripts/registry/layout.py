"""Where proposals lie: ``proposals/<unit>/<id>-<slug>.md``, regular files, and nothing else.

Everything under ``proposals/`` is a unit folder or a proposal file. A name that is neither (a file
directly under ``proposals/``, ``.md.txt``, ``.MD``, a folder inside a unit's folder, a newline or any
other control character) is a problem, not something to skip: a name that a check passes over is a
place to hide a change. The same names are judged on disk (``validate``) and in git (``check``).
"""

from __future__ import annotations

import re

from registry.config import PROPOSALS_DIR

UNIT_FOLDER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PROPOSAL_FILE = re.compile(r"[0-9]{4}-[0-9]{3,4}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")

# The problems of the layout, documented for ``registry rules``.
LAYOUT_RULES: dict[str, str] = {
    "file-name": (
        "Everything under proposals/ is a unit folder named like a unit id (proposals/<unit>/) or a "
        "proposal file in one, named '<id>-<slug>.md' in lower case without diacritics. Any other name "
        "(a file directly under proposals/, a folder inside a unit's folder, '.md.txt', '.MD', spaces, "
        "newlines or other control characters) is refused, by `validate` on disk and by `check` in git."
    ),
    "file-type": (
        "A proposal is a regular file that is not executable, and a unit folder is a folder: not a git "
        "submodule (gitlink), nor a folder where a proposal file should be."
    ),
}


def misplaced(path: str, folder: bool = False) -> str | None:
    """Why ``path`` (relative to the registry's root, below ``proposals/``) cannot hold a proposal or
    a unit folder, or None when it can. ``folder``: the path is a folder."""
    parts = path.split("/")
    if parts[0] != PROPOSALS_DIR or len(parts) < 2:
        return f"{path} is not under {PROPOSALS_DIR}/"
    if len(parts) == 2:
        if not folder:
            return f"a file directly under {PROPOSALS_DIR}/; proposals lie in {PROPOSALS_DIR}/<unit>/"
        if not UNIT_FOLDER.fullmatch(parts[1]):
            return "a unit folder is named like a unit id: lower-case letters, digits and hyphens"
        return None
    if len(parts) > 3 or folder:
        return f"a folder inside a unit's folder; proposals lie directly in {PROPOSALS_DIR}/<unit>/"
    if not UNIT_FOLDER.fullmatch(parts[1]):
        return "a unit folder is named like a unit id: lower-case letters, digits and hyphens"
    if not PROPOSAL_FILE.fullmatch(parts[2]):
        return "a proposal file is named '<id>-<slug>.md': lower-case letters, digits and hyphens"
    return None
