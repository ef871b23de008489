"""A fuzz test of `registry check`: random pull requests made of real git operations on a small
registry (edits, moves, deletions, gitlinks, symlinks, odd names, executable bits, merges of main),
mixed with allowed changes. Every change the lifecycle forbids is reported on the proposal it touches,
whatever else the pull request holds; a pull request of allowed changes only is clean.

The oracle is the operations themselves, each labelled forbidden or allowed when it is generated: it
does not ask the code under test what is allowed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.check import check_changes
from registry.config import load_registry
from registry.gitrepo import Repository
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import MORE_PROGRESS, STAGES, SUSPENSION, text


@dataclass
class Target:
    id: str
    status: str
    path: str
    confidential: bool = False
    paths: set[str] = field(default_factory=set)  # every path it had or was given
    forbidden: list[str] = field(default_factory=list)
    gone: bool = False

    def content(self, status: str | None = None, blocks: str | None = None) -> str:
        status = status or self.status
        body = text(status, extra=STAGES.get(status, "") if blocks is None else blocks)
        body = body.replace('"2025-901"', f'"{self.id}"')
        return body.replace("confidential: false", "confidential: true") if self.confidential else body


START = [
    Target("2025-901", "approved", "proposals/so-tu-phap/2025-901-de-xuat.md"),
    Target("2025-902", "implementing", "proposals/so-tu-phap/2025-902-de-xuat.md"),
    Target("2025-903", "submitted", "proposals/so-tu-phap/2025-903-de-xuat.md"),
    Target("2025-904", "evaluated", "proposals/so-tu-phap/2025-904-de-xuat.md"),
    Target("2025-905", "approved", "proposals/so-tu-phap/2025-905-de-xuat.md", confidential=True),
]
FROZEN_STATUSES = {"approved", "implementing", "evaluated"}
ODD_NAMES = ["x\n{blob}.md", "{stem}.MD", "{stem}.md.txt", "con/{stem}.md", "{stem}-\x1b.md", "{stem} .md"]
EDITS = ["title", "body", "field", "status-jump", "show", "delete", "gitlink", "symlink", "odd-name", "chmod", "move"]
ALLOWED = ["progress", "hide", "new-proposal", "submitted-edit", "suspend"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRegistry(tmp_path_factory.mktemp("fuzz") / "registry")
    for target in START:
        repo.write(target.path, target.content())
    repo.commit("Sổ đăng ký ban đầu (#1)")
    return repo.root


Operation = Callable[[GitRegistry, Target, int], None]  # (repository, target, a random choice)


def apply(repo: GitRegistry, target: Target, operation: str, choice: int) -> None:
    """Do ``operation`` to ``target`` in the working tree, and label it."""
    OPERATIONS[operation](repo, target, choice)


def _read(repo: GitRegistry, target: Target) -> str:
    return (repo.root / target.path).read_text(encoding="utf-8")


def _write(repo: GitRegistry, target: Target, content: str) -> None:
    (repo.root / target.path).write_text(content, encoding="utf-8")


def _removed(target: Target, operation: str) -> None:
    """Label ``target`` gone from its path by ``operation``, which is forbidden."""
    target.gone = True
    target.forbidden.append(operation)


def _edit(operation: str, old: str, new: str) -> Operation:
    """An edit of the text, forbidden once the proposal is decided."""

    def edit(repo: GitRegistry, target: Target, choice: int) -> None:
        _write(repo, target, _read(repo, target).replace(old, new, 1))
        if target.status in FROZEN_STATUSES:
            target.forbidden.append(operation)

    return edit


def _status_jump(repo: GitRegistry, target: Target, choice: int) -> None:
    jump = {
        "approved": "evaluated",
        "implementing": "approved",
        "submitted": "implementing",
        "suspended": "approved",
        "evaluated": "reported",
    }
    _write(repo, target, target.content(jump[target.status], STAGES.get("evaluated")))
    target.forbidden.append("status-jump")


def _show(repo: GitRegistry, target: Target, choice: int) -> None:
    if target.confidential:
        _write(repo, target, _read(repo, target).replace("confidential: true", "confidential: false"))
        target.confidential = False  # forbidden if it was confidential at the base: judged at the end


def _delete(repo: GitRegistry, target: Target, choice: int) -> None:
    (repo.root / target.path).unlink()
    _removed(target, "delete")


def _gitlink(repo: GitRegistry, target: Target, choice: int) -> None:
    path = target.path
    (repo.root / path).unlink()
    repo.git("rm", "-q", "--cached", path)
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.git('rev-parse', 'HEAD')},{path}")
    _removed(target, "gitlink")


def _symlink(repo: GitRegistry, target: Target, choice: int) -> None:
    (repo.root / target.path).unlink()
    (repo.root / target.path).symlink_to("../../registry.yml")
    _removed(target, "symlink")


def _odd_name(repo: GitRegistry, target: Target, choice: int) -> None:
    root, path = repo.root, target.path
    blob = repo.git("hash-object", path)
    new = f"{path.rsplit('/', 1)[0]}/" + ODD_NAMES[choice % len(ODD_NAMES)].format(
        stem=path.rsplit("/", 1)[1][:-3], blob=blob
    )
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    (root / path).rename(root / new)
    target.paths.add(new)
    _removed(target, "odd-name")


def _chmod(repo: GitRegistry, target: Target, choice: int) -> None:
    (repo.root / target.path).chmod(0o755)
    target.forbidden.append("chmod")


def _move(repo: GitRegistry, target: Target, choice: int) -> None:
    root, path = repo.root, target.path
    new = path.replace("so-tu-phap", "so-noi-vu" if choice % 2 else "ubnd-tinh")
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    (root / path).rename(root / new)
    target.path = new
    target.paths.add(new)
    target.forbidden.append("move")  # no referrals entry, and a decided one is never referred


def _progress(repo: GitRegistry, target: Target, choice: int) -> None:
    if target.status != "implementing":
        return
    content = _read(repo, target)
    if MORE_PROGRESS not in content:  # once: the same entry twice is not a new report
        _write(repo, target, content.replace(STAGES["implementing"], STAGES["implementing"] + MORE_PROGRESS, 1))


def _suspend(repo: GitRegistry, target: Target, choice: int) -> None:
    if target.status != "implementing":
        return
    # Edits the file as it is now, so that no earlier change of this pull request is undone.
    content = _read(repo, target)
    if "status: implementing" in content:
        anchor = STAGES["implementing"] + (MORE_PROGRESS if MORE_PROGRESS in content else "")
        content = content.replace("status: implementing", "status: suspended", 1)
        _write(repo, target, content.replace(anchor, anchor + SUSPENSION, 1))
        target.status = "suspended"


def _hide(repo: GitRegistry, target: Target, choice: int) -> None:
    _write(repo, target, _read(repo, target).replace("confidential: false", "confidential: true"))
    target.confidential = True


def _submitted_edit(repo: GitRegistry, target: Target, choice: int) -> None:
    if target.status == "submitted":
        _write(repo, target, _read(repo, target).replace("Nội dung phần này.", "Nội dung bổ sung.", 1))


OPERATIONS: dict[str, Operation] = {
    "title": _edit("title", 'title: "Rút ngắn', 'title: "Rút gọn'),
    "body": _edit("body", "Nội dung phần này.", "Nội dung đã sửa."),
    "field": _edit("field", "field: linh-vuc-khac", "field: kinh-te-xa-hoi"),
    "status-jump": _status_jump,
    "show": _show,
    "delete": _delete,
    "gitlink": _gitlink,
    "symlink": _symlink,
    "odd-name": _odd_name,
    "chmod": _chmod,
    "move": _move,
    "progress": _progress,
    "suspend": _suspend,
    "hide": _hide,
    "submitted-edit": _submitted_edit,
}


def test_every_operation_is_defined() -> None:
    assert set(OPERATIONS) | {"new-proposal"} == set(EDITS + ALLOWED)


def play(repo: GitRegistry, targets: list[Target], steps: list[tuple[int, str, int, bool]]) -> None:
    """Make the pull request's commits: each step an operation on a target (or a new proposal), and a
    commit after it when asked; then a last commit."""
    new_ids = iter(range(910, 999))
    for index, operation, choice, commit in steps:
        target = targets[index]
        if operation == "new-proposal":
            fresh = Target(f"2025-{next(new_ids)}", "submitted", "")
            fresh.path = f"proposals/so-tu-phap/{fresh.id}-moi.md"
            repo.write(fresh.path, fresh.content())
        elif not target.gone:
            apply(repo, target, operation, choice)
        if commit:
            repo.commit(f"Bước {operation}")
    repo.commit("Bước cuối")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, len(START) - 1),
            st.sampled_from(EDITS + ALLOWED * 2),
            st.integers(0, 100),
            st.booleans(),  # commit after this step
        ),
        min_size=1,
        max_size=6,
    ),
    merge_main=st.booleans(),
)
def test_every_forbidden_change_is_reported(
    template: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, str, int, bool]], merge_main: bool
) -> None:
    root = tmp_path_factory.mktemp("pr") / "registry"
    shutil.copytree(template, root, symlinks=True)
    repo = GitRegistry.at(root)
    repo.branch("pr")
    targets = [Target(t.id, t.status, t.path, t.confidential, {t.path}) for t in START]
    play(repo, targets, steps)
    if merge_main:  # main moved on meanwhile, and the branch took it in
        repo.git("checkout", "-q", "main")
        repo.write(
            "proposals/so-noi-vu/2025-990-tren-main.md",
            text("submitted")
            .replace('"2025-901"', '"2025-990"')
            .replace("unit: so-tu-phap\nfield", "unit: so-noi-vu\nfield"),
        )
        repo.commit("Trình trên main (#2)")
        repo.git("checkout", "-q", "pr")
        repo.git("merge", "-q", "--no-edit", "main")

    for target, start in zip(targets, START, strict=False):
        if start.confidential and not target.confidential and not target.gone:
            target.forbidden.append("show")  # a confidential proposal made public again
    problems = check_changes(load_registry(root), Repository(root), "main").problems
    errors = {p.path for p in problems if p.severity == "error"}
    for target in targets:
        if target.forbidden:
            assert errors & (target.paths | {target.path}), (target.id, target.forbidden, problems)
    if not any(target.forbidden for target in targets):
        assert not errors, problems
