"""The alternatives that `make bench` times beside ours (bench/baselines.py) do the work they stand for, on
a few files: a baseline that checked fewer files, listed fewer commits or wrote fewer pages would be
faster, and make our ratio to it look better than it is."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bench.baselines import (
    bare_site,
    build_bare,
    check_jsonschema,
    extract_front_matter,
    first_parent_commits,
    git_log,
    html_pages,
    naive_validate,
    proposal_files,
)
from registry.config import Registry
from registry.synthetic import generate, generate_history
from tests.helpers.proposals import PROJECT


def _plant_bad_file(root: Path) -> str:
    """A copy of the first proposal, under an unused id of its year, whose tags break the schema; its
    path under root."""
    source = proposal_files(root)[0]
    year = source.name[:4]
    text = re.sub(r"(?m)^id: .*$", f'id: "{year}-1999"', source.read_text(encoding="utf-8"), count=1)
    bad = source.with_name(f"{year}-1999-bad.md")
    bad.write_text(text.replace("\ntags:", "\ntags: 5\nold_tags:", 1), encoding="utf-8")
    return str(bad.relative_to(root))


def test_the_validators_check_every_file_and_find_the_same_invalid_one(
    project_registry: Registry, tmp_path: Path
) -> None:
    root = tmp_path / "registry"
    generate(project_registry, root, 20, body_bytes=1000)
    bad = _plant_bad_file(root)

    ours = subprocess.run(
        [sys.executable, "-m", "registry", "validate", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ours.returncode == 1
    report = json.loads(ours.stdout)
    assert report["checked"] == 21
    assert {problem["path"] for problem in report["problems"] if problem["severity"] == "error"} == {bad}

    naive = naive_validate(root)
    assert (naive.files, naive.invalid) == (21, frozenset({bad}))

    extracted = tmp_path / "front-matter"
    files = extract_front_matter(root, extracted)
    assert len(files) == 21
    checked = check_jsonschema(extracted, files)
    assert (checked.files, checked.invalid) == (21, frozenset({str(Path(bad).with_suffix(".yaml"))}))


def test_the_naive_loop_reads_dates_as_the_schema_expects() -> None:
    """The samples write dates unquoted (YAML timestamps); the naive loop finds them valid, as ours does."""
    naive = naive_validate(PROJECT)
    assert naive.files == len(proposal_files(PROJECT)) > 0
    assert naive.invalid == frozenset()


def test_git_log_lists_every_commit_of_the_first_parent_line_and_its_changes(
    project_registry: Registry, tmp_path: Path
) -> None:
    repo = tmp_path / "history"
    repo.mkdir()
    generate_history(project_registry, repo, 20, 50)
    shas = subprocess.run(
        ["git", "rev-list", "--first-parent", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()
    changes = 0
    for sha in shas:  # each commit against its first parent, one git command each: slow, but independent
        parent = ["--root", sha] if sha == shas[-1] else [f"{sha}^1", sha]
        output = subprocess.run(
            ["git", "diff-tree", "-r", "-M", "--name-only", "-z", *parent],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        changes += len([path for path in output.split("\0") if path and path != sha])
    logged = git_log(repo)
    assert first_parent_commits(repo) == len(shas) > 30
    assert logged.commits == len(shas)
    assert logged.changes == changes >= len(shas)


def test_the_bare_site_has_as_many_pages_and_keeps_them_out_of_the_navigation(
    project_registry: Registry, tmp_path: Path
) -> None:
    source = tmp_path / "registry"
    generate(project_registry, source, 4, body_bytes=1000)
    target = tmp_path / "bare"
    bare_site(source, 10, target)
    build_bare(target)
    site = target / "site"
    assert html_pages(site) == 10
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "p/00001/" not in home
    first = proposal_files(source)[0].read_text(encoding="utf-8")
    sentence = first.split("## ", 2)[1].split("\n\n")[1].split(".")[0]
    assert sentence in (site / "p" / "00001" / "index.html").read_text(encoding="utf-8")
    assert sentence in (site / "p" / "00005" / "index.html").read_text(encoding="utf-8")  # the first again
