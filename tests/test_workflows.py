"""The workflows keep the security policy: pinned actions, least permissions, no pull_request_target,
and the registry's own checks on every pull request."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    assert writes <= {"pages", "id-token"}
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_are_read_only_and_run_the_checks() -> None:
    workflow = load(PROJECT / ".github" / "workflows" / "pull-request.yml")
    assert workflow["permissions"] == {"contents": "read"}
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "registry validate --format github" in runs
    assert 'registry check --base "origin/${BASE_REF}" --format github' in runs
    assert "registry codeowners --check" in runs
    checkout = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_publishing_builds_the_site_and_deploys_it() -> None:
    workflow = load(PROJECT / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert any(step.get("run") == "make site" for step in steps(workflow))
