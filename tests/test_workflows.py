"""The workflows keep the security policy: pinned actions, least permissions, no pull_request_target,
and the registry's own checks on every pull request."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers.git import ENV
from tests.helpers.proposals import PROJECT

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_by_commit(path: Path) -> None:
    for step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    workflow = load(path)
    assert "permissions" in workflow, "a workflow states its permissions"
    granted = [workflow["permissions"]] + [job.get("permissions", {}) for job in workflow["jobs"].values()]
    writes = {key for block in granted if isinstance(block, dict) for key, value in block.items() if value == "write"}
    assert writes <= ({"contents", "pull-requests", "issues"} if path == INTAKE else {"pages", "id-token"})
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


INTAKE = PROJECT / ".github" / "workflows" / "intake.yml"
PULL_REQUEST = PROJECT / ".github" / "workflows" / "pull-request.yml"
PUBLISH = PROJECT / ".github" / "workflows" / "publish.yml"
HASHED = PROJECT / "requirements" / "workflows.txt"
DEFAULT_BRANCH_ONLY = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"


def commands(workflow: dict[str, Any]) -> list[list[str]]:
    """Each shell command of the workflow's steps, split into words (lines joined where they continue)."""
    found = []
    for step in steps(workflow):
        for line in step.get("run", "").replace("\\\n", " ").splitlines():
            if line.strip():
                found.append(shlex.split(line))
    return found


def pip_installs(workflow: dict[str, Any]) -> list[list[str]]:
    return [
        words[words.index("install") + 1 :]
        for words in commands(workflow)
        if words[:4] == ["python", "-m", "pip", "install"]
    ]


def test_pull_requests_are_read_only_and_run_the_checks() -> None:
    workflow = load(PULL_REQUEST)
    assert workflow["permissions"] == {"contents": "read"}
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "registry --root pr validate --format github" in runs
    assert 'registry --root pr check --base "origin/${BASE_REF}" --format github' in runs
    assert "registry --root pr codeowners --check" in runs
    assert "registry --root pr form --check" in runs
    checkout = next(step for step in steps(workflow) if step.get("with", {}).get("path") == "pr")
    assert checkout["with"]["fetch-depth"] == 0


def test_a_pull_request_is_judged_by_the_base_branchs_checker() -> None:
    """A pull request that weakens scripts/ must not run its own checker: the checker is installed
    from a separate checkout of the base commit, and the pull request's tree is data only."""
    workflow = load(PULL_REQUEST)
    checkouts = {
        step["with"]["path"]: step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@")
    }
    assert set(checkouts) == {"base", "pr"}
    assert checkouts["base"]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert "ref" not in checkouts["pr"]["with"]  # the pull request's merge commit, as data
    installs = pip_installs(workflow)
    assert installs, "the checker is installed"
    for arguments in installs:
        targets = [word for word in arguments if not word.startswith("-")]
        assert targets and all(target in ("./base", "base/requirements/workflows.txt") for target in targets), arguments
        assert "-e" not in arguments and "--editable" not in arguments
    for words in commands(workflow):
        assert words[0] in ("python", "registry", "cp", "rm"), words  # no make, no script of the pull request
        if words[0] == "registry":
            assert words[1:3] == ["--root", "pr"], words
        assert not any(word.startswith(("pr/scripts", "./pr/scripts")) for word in words), words
    assert all("working-directory" not in step for step in steps(workflow))


def test_proposals_are_judged_by_the_base_branchs_configuration() -> None:
    """validate and check read registry.yml and schema/ from the base; codeowners --check compares the
    pull request's own CODEOWNERS and registry.yml, before they are replaced."""
    runs = [step.get("run", "") for step in steps(load(PULL_REQUEST))]
    configure = next(index for index, run in enumerate(runs) if "cp base/registry.yml pr/registry.yml" in run)
    assert "cp -R base/schema pr/schema" in runs[configure]
    codeowners = next(index for index, run in enumerate(runs) if "codeowners --check" in run)
    validate = next(index for index, run in enumerate(runs) if " validate " in run)
    check = next(index for index, run in enumerate(runs) if " check --base " in run)
    assert codeowners < configure < validate and configure < check


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_install_is_pinned_by_hash(path: Path) -> None:
    """Dependencies come from the hashed requirements only; the checker itself is installed without
    its dependencies and without build isolation (whose setuptools would not be pinned)."""
    installs = pip_installs(load(path))
    assert installs, "the workflow installs the checker"
    for arguments in installs:
        if "-r" in arguments:
            assert "--require-hashes" in arguments and "--no-deps" in arguments, arguments
            assert arguments[arguments.index("-r") + 1].endswith("requirements/workflows.txt")
        else:
            assert "--no-deps" in arguments and "--no-build-isolation" in arguments, arguments
    assert any("--require-hashes" in arguments for arguments in installs)
    assert not any(words[0] == "make" for words in commands(load(path)))  # make installs unpinned


def test_publishing_builds_the_site_and_deploys_it() -> None:
    workflow = load(PUBLISH)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "registry validate" in runs and "mkdocs build --strict" in runs


def test_publishing_by_hand_only_from_the_default_branch() -> None:
    workflow = load(PUBLISH)
    assert "workflow_dispatch" in workflow["on"]
    for name, job in workflow["jobs"].items():
        assert job.get("if") == DEFAULT_BRANCH_ONLY, name


def test_the_audit_asks_github_with_a_read_only_token() -> None:
    workflow = load(PROJECT / ".github" / "workflows" / "audit.yml")
    job = workflow["jobs"]["audit"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    step = next(step for step in job["steps"] if "registry audit" in step.get("run", ""))
    assert step["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert '--github-repository "${GITHUB_REPOSITORY}"' in step["run"]


def test_the_intake_runs_the_default_branchs_code_with_least_permissions_per_job() -> None:
    """The issue's body is untrusted: it reaches the shell only as an environment variable, the code that
    reads it is the default branch's, installed from hashed pins; only the job that pushes and opens the
    pull request may write contents and pull requests, and only the job that comments may write issues."""
    workflow = load(INTAKE)
    assert set(workflow["on"]) == {"issues"} and set(workflow["on"]["issues"]["types"]) == {
        "opened",
        "edited",
        "labeled",
    }
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["convert"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert jobs["answer"]["permissions"] == {"issues": "write"}
    assert "contains(github.event.issue.labels.*.name, 'de-xuat')" in jobs["convert"]["if"]
    (checkout,) = [step for step in jobs["convert"]["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert not any("uses" in step for step in jobs["answer"]["steps"])  # no checkout where issues may be written
    for arguments in pip_installs(workflow):
        assert [word for word in arguments if not word.startswith("-")] in (["requirements/workflows.txt"], ["."])
    for step in steps(workflow):
        assert "${{" not in step.get("run", ""), step.get("name")  # expressions only through env
    bodies = [step for step in steps(workflow) if "ISSUE_BODY" in step.get("env", {})]
    assert [step["env"]["ISSUE_BODY"] for step in bodies] == ["${{ github.event.issue.body }}"]
    assert 'registry intake --body "$RUNNER_TEMP/issue.md" --number "$NUMBER"' in bodies[0]["run"]
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "gh pr create" in runs and "gh issue comment" in runs and "registry validate" in runs


def test_the_form_the_workflow_answers_to_sets_its_label() -> None:
    form = yaml.safe_load((PROJECT / ".github" / "ISSUE_TEMPLATE" / "de-xuat.yml").read_text(encoding="utf-8"))
    assert form["labels"] == ["de-xuat"]
    assert "'de-xuat'" in load(INTAKE)["jobs"]["convert"]["if"]


def _pins(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw in lines:
        line = raw.split("#")[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line.rstrip("\\").strip())
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", line
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def test_the_hashed_requirements_agree_with_the_pins() -> None:
    """requirements/workflows.txt (made by `make requirements`) pins exactly constraints.txt's
    versions, every one with hashes, and holds every runtime dependency and the build backend."""
    text = HASHED.read_text(encoding="utf-8")
    hashed = _pins(text.splitlines())
    constraints = _pins((PROJECT / "constraints.txt").read_text(encoding="utf-8").splitlines())
    assert {name: version for name, version in hashed.items() if constraints.get(name) != version} == {}
    blocks = [block for block in text.split("\n") if re.match(r"^[A-Za-z0-9]", block)]
    assert len(blocks) == len(hashed)
    for name in hashed:  # each pin is followed by at least one sha256 hash
        assert re.search(
            rf"(?im)^{re.escape(name)}==\S+ \\\n\s+--hash=sha256:[0-9a-f]{{64}}", text.replace("_", "-")
        ), name
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {canonicalize_name(Requirement(item).name) for item in project["project"]["dependencies"]}
    build = {canonicalize_name(Requirement(item).name) for item in project["build-system"]["requires"]}
    assert runtime | build <= set(hashed)


# The attack, built for real: a pull request that weakens the checker and deletes an approved
# proposal, run through the workflow's own steps (read from the YAML) in real clones.

APPROVED = "proposals/so-tai-chinh/2025-002-cong-khai-tien-do-giai-ngan-von-dau-tu-cong-theo-du-an.md"
WEAKENED = """

from pathlib import Path as _Path

_Path(__file__).parents[3].joinpath("weakened-checker-ran").write_text("yes")  # the checkout's parent


def check_changes(registry, repository, base, head="HEAD"):  # the pull request's "improvement"
    return [], 0
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True, check=True).stdout.strip()


def _attacked_origin(root: Path) -> str:
    """The registry with its checker on main; a branch "tan-cong" that deletes an approved proposal and
    makes `check` find nothing. The base commit's sha."""
    root.mkdir()
    for name in ("registry.yml", "pyproject.toml"):
        shutil.copy(PROJECT / name, root / name)
    for name in ("schema", "proposals", "scripts/registry", ".github"):
        shutil.copytree(PROJECT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Sổ đăng ký")
    base = _git(root, "rev-parse", "HEAD")
    _git(root, "checkout", "-q", "-b", "tan-cong")
    (root / APPROVED).unlink()
    with (root / "scripts" / "registry" / "check.py").open("a", encoding="utf-8") as stream:
        stream.write(WEAKENED)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Dọn dẹp")
    _git(root, "checkout", "-q", "main")
    return base


def run_workflow(path: Path, origin: Path, work: Path, base: str) -> list[tuple[str, int, str]]:
    """The workflow's steps for a pull request of "tan-cong" into main: checkouts are clones of
    ``origin``; `pip install` of a folder is emulated by putting its scripts/ on PYTHONPATH (the
    hashed dependencies are the test's own); every other line runs in bash as written. Each run
    step's name, exit status and output."""
    expressions = {"${{ github.event.pull_request.base.sha }}": base, "${{ github.base_ref }}": "main"}
    shims = work.parent / "bin"
    shims.mkdir()
    (shims / "registry").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m registry "$@"\n', encoding="utf-8")
    (shims / "registry").chmod(0o755)
    python_path = ""
    results = []
    (job,) = load(path)["jobs"].values()
    for step in job["steps"]:
        settings = {key: expressions.get(str(value), value) for key, value in step.get("with", {}).items()}
        if step.get("uses", "").startswith("actions/checkout@"):
            target = work / settings.get("path", ".")
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["git", "clone", "-q", str(origin), str(target)], env=ENV, check=True)
            _git(target, "checkout", "-q", settings.get("ref", "tan-cong"))
            continue
        if "run" not in step:
            continue
        lines = []
        for line in step["run"].replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words[:4] == ["python", "-m", "pip", "install"]:
                arguments = words[4:]
                values = {arguments[index + 1] for index, word in enumerate(arguments) if word in ("-r", "-c")}
                for folder in (word for word in arguments if not word.startswith("-") and word not in values):
                    python_path = str((work / step.get("working-directory", ".") / folder / "scripts").resolve())
            else:
                lines.append(line)
        env = {
            **ENV,
            **{key: str(expressions.get(str(value), value)) for key, value in step.get("env", {}).items()},
            "PATH": f"{shims}:{ENV['PATH']}",
            "PYTHONPATH": python_path,
        }
        done = subprocess.run(
            ["bash", "-e", "-c", "\n".join(lines)],
            cwd=work / step.get("working-directory", "."),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        results.append((step.get("name", ""), done.returncode, done.stdout + done.stderr))
    return results


def test_a_pull_request_that_weakens_the_checker_is_judged_by_the_base(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    base = _attacked_origin(origin)
    results = run_workflow(PULL_REQUEST, origin, tmp_path / "work", base)
    assert not (tmp_path / "weakened-checker-ran").exists(), "the pull request's checker ran"
    assert not (tmp_path / "work" / "weakened-checker-ran").exists(), "the pull request's checker ran"
    failed = [(name, output) for name, status, output in results if status != 0]
    assert len(failed) == 1 and "proposal-deleted" in failed[0][1], results
