"""registry init: another province's registry, started from this one, that validates, takes proposals,
builds its site and keeps this repository's workflows but for the documented differences."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from registry.catalogue import text
from registry.cli import main
from registry.init import COPIES, DOT_FOLDERS
from tests.helpers.git import ENV
from tests.helpers.proposals import PROJECT

NAME = "Ủy ban nhân dân tỉnh An Giang"
ORG = "sang-kien-an-giang"
BIN = Path(sys.executable).parent
WORKFLOWS = sorted(path.name for path in (PROJECT / ".github" / "workflows").glob("*.yml"))


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(word) for word in command], cwd=cwd, env={**ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def registry(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "registry", *args, cwd=cwd)


def commit(root: Path, message: str) -> None:
    for command in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *command], cwd=root, env=ENV, check=True)


def initialised(tmp_path: Path, *flags: str) -> Path:
    root = tmp_path / "an-giang"
    assert main(["init", str(root), *flags]) == 0
    return root


def test_a_new_registry_validates_takes_a_proposal_and_publishes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = initialised(tmp_path, "--name", NAME, "--github-org", ORG)
    files = [path for path in root.rglob("*") if path.is_file()]
    assert text("init.done", folder=root.resolve(), count=len(files)) in capsys.readouterr().out
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=ENV, check=True)
    commit(root, "Khởi tạo sổ đăng ký")
    # The publishing workflow's checkout: no proposals/ folder (git keeps no empty folder), nothing to publish.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], env=ENV, check=True)
    assert not (clone / "proposals").exists()
    for args in (["validate"], ["codeowners", "--check"]):
        checked = registry(*args, cwd=clone)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    empty = run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=clone)
    assert empty.returncode == 0, empty.stderr
    assert (clone / "site" / "xem-xet-quyet-dinh" / "index.html").is_file()

    created = registry(
        "new", "--no-input", "--title", "Tiếp nhận hồ sơ tại nhà cho người cao tuổi",
        "--summary", "Công chức đến tận nhà nhận hồ sơ của người cao tuổi.", "--unit", "so-noi-vu",
        "--field", "kinh-te-xa-hoi", "--author", "Trần Thị Mai", "--position", "Chuyên viên",
        "--submitted", "2025-03-03", "--year", "2025", cwd=root,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    path = root / created.stdout.strip()
    assert path.parent == root / "proposals" / "so-noi-vu"
    lacking = registry("validate", cwd=root)
    assert lacking.returncode == 1 and lacking.stdout.count("section-empty") == 5
    written = path.read_text(encoding="utf-8")
    decided = re.sub(r"<!--.*?-->", "Nội dung của phần này.", written).replace(
        "status: submitted\n",
        "status: approved\ndecision:\n  outcome: approved\n  date: 2025-03-10\n"
        '  document: "12/QĐ-SNV"\n  signed_by: {name: "Lê Văn Bình"}\n',
    )
    path.write_text(decided, encoding="utf-8")
    checked = registry("validate", cwd=root)
    assert checked.returncode == 0, checked.stdout
    commit(root, "Chấp thuận đề xuất 2025-001")
    built = run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "de-xuat" / "2025-001" / "index.html").read_text(encoding="utf-8")
    assert "Tiếp nhận hồ sơ tại nhà cho người cao tuổi" in page
    assert (root / "site" / "pagefind" / "pagefind-ui.js").is_file()


def test_the_workflows_pass_the_linters(tmp_path: Path) -> None:
    root = initialised(tmp_path)
    workflows = sorted((root / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in workflows] == WORKFLOWS
    linted = run(BIN / "actionlint", *workflows, cwd=root)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    audited = run(BIN / "zizmor", "--offline", "--no-progress", root / ".github" / "workflows", cwd=root)
    assert audited.returncode == 0, audited.stdout + audited.stderr


# The documented differences (docs/new-registry.md): the checker comes from the submodule checker/.
INSTALL_CHANGES = {
    "-r requirements/workflows.txt": "-r checker/requirements/workflows.txt",
    "--no-build-isolation .": "--no-build-isolation ./checker",
    "-r base/requirements/workflows.txt": "-r base/checker/requirements/workflows.txt",
    "--no-build-isolation ./base": "--no-build-isolation ./base/checker",
}
SUBMODULES = re.compile(r"^ +submodules: true #.*$")


@pytest.mark.parametrize("name", WORKFLOWS)
def test_the_workflows_are_this_repositorys_but_for_the_checkers_place(tmp_path: Path, name: str) -> None:
    root = initialised(tmp_path)
    ours = (PROJECT / ".github" / "workflows" / name).read_text(encoding="utf-8").splitlines()
    theirs = (root / ".github" / "workflows" / name).read_text(encoding="utf-8").splitlines()
    removed, added = [], []
    for line in difflib.ndiff(ours, theirs):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    changed = [line for line in added if not SUBMODULES.match(line)]
    assert len(removed) == len(changed) == 2, (removed, added)
    for old, new in zip(removed, changed, strict=True):
        before = next(key for key in INSTALL_CHANGES if old.endswith(key))
        assert new == old.removesuffix(before) + INSTALL_CHANGES[before]
    # Every checkout fetches the pinned checker, except the pull request's own tree: data, never code.
    checkouts = [step for job in _load(root / ".github" / "workflows" / name)["jobs"].values() for step in job["steps"]]
    checkouts = [step for step in checkouts if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"].get("submodules", False) is (step["with"].get("path") != "pr"), step
    assert len(added) - len(changed) == sum(step["with"].get("path") != "pr" for step in checkouts)


def _load(path: Path) -> dict[str, Any]:
    # MkDocs' own loader: mkdocs.yml names toc's slugify by its Python name (!!python/name:).
    loaded: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=get_yaml_loader())
    return loaded


def test_the_site_uses_the_installed_packages_plugin_instead_of_the_hook_file(tmp_path: Path) -> None:
    root = initialised(tmp_path)
    ours = _load(PROJECT / "mkdocs.yml")
    theirs = _load(root / "mkdocs.yml")
    assert ours.pop("hooks") == ["scripts/registry/mkdocs_hook.py"] and "hooks" not in theirs
    assert ours.pop("plugins") == [] and theirs.pop("plugins") == ["registry"]
    assert theirs == ours


def test_the_shipped_copies_are_this_repositorys_files() -> None:
    """init_templates/repository/ is a copy of this repository's files, so that a province starts from
    what is checked here; when this repository's file changes, the copy must follow."""
    copies = sorted(path for path in COPIES.rglob("*") if path.is_file())
    stale = []
    for copy in copies:
        parts = copy.relative_to(COPIES).parts
        original = PROJECT.joinpath(DOT_FOLDERS.get(parts[0], parts[0]), *parts[1:])
        if copy.read_bytes() != original.read_bytes():
            stale.append(f"cp {original.relative_to(PROJECT)} {copy.relative_to(PROJECT)}")
    assert not stale, "the copies are stale; run:\n" + "\n".join(stale)
    shipped = {copy.relative_to(COPIES).as_posix() for copy in copies}
    assert {f"github/workflows/{name}" for name in WORKFLOWS} <= shipped
    assert {"schema/proposal.schema.json", "schema/registry.schema.json", "mkdocs.yml"} <= shipped


def test_the_skeleton_keeps_the_national_settings_and_marks_what_to_fill_in(tmp_path: Path) -> None:
    root = initialised(tmp_path)
    skeleton = yaml.safe_load((root / "registry.yml").read_text(encoding="utf-8"))
    ours = yaml.safe_load((PROJECT / "registry.yml").read_text(encoding="utf-8"))
    for key in ("sections", "deadlines", "fields", "calendar", "publication", "pull_request_signers"):
        assert skeleton[key] == ours[key], key
    assert "THAY" in skeleton["organisation"]["name"]
    reviewers = [*skeleton["administrators"], *(r for unit in skeleton["units"] for r in unit["reviewers"])]
    assert reviewers and all(reviewer.startswith("@THAY-") for reviewer in reviewers)
    assert registry("validate", cwd=root).returncode == 0


def test_a_name_with_quotes_stays_one_value(tmp_path: Path) -> None:
    name = 'Ủy ban nhân dân tỉnh "Thử" \\ # và: [dấu] {khác}'
    root = initialised(tmp_path, "--name", name)
    skeleton = yaml.safe_load((root / "registry.yml").read_text(encoding="utf-8"))
    assert skeleton["organisation"] == {"name": name, "authority": name}
    assert skeleton["units"][0]["name"] == name


def test_existing_files_are_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "kho"
    (root / "docs").mkdir(parents=True)
    (root / "registry.yml").write_text("của tỉnh\n", encoding="utf-8")
    (root / "docs" / "quy-trinh.md").write_text("quy trình riêng\n", encoding="utf-8")
    (root / "LICENSE").write_text("giấy phép\n", encoding="utf-8")
    assert main(["init", str(root)]) == 2
    error = capsys.readouterr().err
    assert "không ghi đè" in error and "registry.yml" in error and "docs/quy-trinh.md" in error
    assert (root / "registry.yml").read_text(encoding="utf-8") == "của tỉnh\n"
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*")) == [
        "LICENSE", "docs", "docs/quy-trinh.md", "registry.yml",
    ]  # fmt: skip


def test_a_folder_with_unrelated_files_is_welcome(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    (root / ".git").mkdir(parents=True)
    (root / "proposals").mkdir()
    (root / "LICENSE").write_text("giấy phép\n", encoding="utf-8")
    assert main(["init", str(root)]) == 0
    assert (root / "registry.yml").is_file() and (root / "LICENSE").read_text(encoding="utf-8") == "giấy phép\n"


def test_nothing_is_written_through_a_symbolic_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    root = tmp_path / "kho"
    root.mkdir()
    (root / "docs").symlink_to(outside, target_is_directory=True)
    (root / "mkdocs.yml").symlink_to(outside / "mkdocs.yml")  # dangling: open() would create the target
    assert main(["init", str(root)]) == 2
    error = capsys.readouterr().err
    assert "docs" in error and "mkdocs.yml" in error and "liên kết tượng trưng" in error
    assert list(outside.iterdir()) == []
    assert sorted(path.name for path in root.iterdir()) == ["docs", "mkdocs.yml"]


@pytest.mark.parametrize(
    ("flags", "key"),
    [
        (["--name", "UB"], "init.error.name"),
        (["--name", "Ủy ban \x1b[31mnhân dân"], "init.error.name"),
        (["--github-org", "to chuc"], "init.error.github_org"),
        (["--github-org=-to-chuc"], "init.error.github_org"),
    ],
)
def test_bad_options_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], key: str
) -> None:
    assert main(["init", str(tmp_path / "kho"), *flags]) == 2
    error = capsys.readouterr().err
    assert error.startswith("registry: --") and "Traceback" not in error
    assert text(key).split(":")[1].strip().split()[0] in error
    assert not (tmp_path / "kho").exists()


def test_a_file_is_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kho").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "kho")]) == 2
    assert "không phải thư mục" in capsys.readouterr().err


AUDIT = "github/workflows/audit.yml"
CHECKOUT = "uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n"
INSTALL = " -r requirements/workflows.txt\n"
HOOK = "hooks:\n  - scripts/registry/mkdocs_hook.py\n"


DAMAGES = [
    ("mkdocs.yml", HOOK, "", "not_once", {"part": HOOK}),
    (AUDIT, INSTALL, INSTALL + "          pip install" + INSTALL, "requirements", {"count": 2}),
    (AUDIT, "--no-build-isolation .\n", "--no-build-isolation ./checker\n", "checker", {"count": 0}),
    (AUDIT, CHECKOUT + "        with:\n", CHECKOUT, "no_with", {}),
    (AUDIT, "uses: actions/checkout@", "uses: actions/cache@", "no_checkout", {}),
]


@pytest.mark.parametrize("damage", DAMAGES, ids=[damage[3] for damage in DAMAGES])
def test_a_damaged_package_is_named_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    damage: tuple[str, str, str, str, dict[str, Any]],
) -> None:
    """The copies of this repository's files that init adapts, changed in an installed package (a
    damaged or mismatched install): the error names the file and asks for a new install, in Vietnamese;
    nothing is written."""
    copy, before, after, key, values = damage
    copies = tmp_path / "copies"
    shutil.copytree(COPIES, copies)
    damaged = copies / copy
    source = damaged.read_text(encoding="utf-8")
    assert before in source
    damaged.write_text(source.replace(before, after, 1), encoding="utf-8")
    monkeypatch.setattr("registry.init.COPIES", copies)
    assert main(["init", str(tmp_path / "kho")]) == 2
    error = capsys.readouterr().err
    name = copy if copy == "mkdocs.yml" else ".github/workflows/audit.yml"
    said = text(f"init.error.template.{key}", name=name, **values)
    assert said in error and "hãy cài lại gói registry" in said and "Traceback" not in error
    assert not (tmp_path / "kho").exists()


def test_help_is_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for key in ("command", "folder", "name", "github_org"):
        assert " ".join(text(f"init.help.{key}").split()) in out
