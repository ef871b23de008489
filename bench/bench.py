"""Benchmarks of the registry command on synthetic registries (``make bench``).

Each registry is generated once into .bench/ (ignored by git) and reused while the generator's inputs
are unchanged. Every figure is the median of several runs of the real command in a fresh process:
wall time, and the peak memory of the whole process tree (the command and its workers), sampled from
/proc. Paste the table into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from registry.config import load_registry
from registry.synthetic import generate, generate_history

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / ".bench"
REGISTRY = [sys.executable, "-m", "registry"]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("scripts/registry/synthetic.py", "registry.yml", "schema/proposal.schema.json"):
        digest.update((PROJECT / name).read_bytes())
    return digest.hexdigest()[:12]


def synthetic(count: int) -> Path:
    target = CACHE / f"registry-{count}-{fingerprint()}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        started = time.perf_counter()
        generate(load_registry(PROJECT), target, count)
        (target / ".complete").touch()
        print(f"  generated {count} proposals in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return target


def synthetic_history(proposals: int, commits: int) -> Path:
    target = CACHE / f"history-{proposals}-{commits}-{fingerprint()}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        started = time.perf_counter()
        generate_history(load_registry(PROJECT), target, proposals, commits)
        (target / ".complete").touch()
        print(f"  generated {commits} commits in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return target


def _tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return pids


def _rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    return total


def measure(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak MiB of the process tree for one run."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _rss_kib(_tree(process.pid)))
        time.sleep(0.01)
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with status {process.returncode}")
    return wall, peak / 1024


def bench(label: str, argv: list[str], cwd: Path, runs: int) -> tuple[str, float, float]:
    results = [measure(argv, cwd) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    memory = statistics.median(r[1] for r in results)
    print(f"  {label}: {wall:.2f} s, {memory:.0f} MiB", file=sys.stderr)
    return label, wall, memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--history", default="10000,50000", help="PROPOSALS,COMMITS of the git history ('' to skip)")
    args = parser.parse_args()
    rows = []
    if args.history:
        proposals, commits = (int(n) for n in args.history.split(","))
        repo = synthetic_history(proposals, commits)
        label = f"{proposals:,} proposals, {commits:,} commits"
        rows.append(bench(f"history, {label}", [*REGISTRY, "history"], repo, args.runs))
        rows.append(
            bench(f"history --format json, {label}", [*REGISTRY, "history", "--format", "json"], repo, args.runs)
        )
        rows.append(bench(f"audit, {label}", [*REGISTRY, "audit"], repo, args.runs))
        rows.append(
            bench(f"check, 1 proposal changed, {label}", [*REGISTRY, "check", "--base", "HEAD~1"], repo, args.runs)
        )
    for count in (int(size) for size in args.sizes.split(",")):
        root = synthetic(count)
        rows.append(bench(f"validate, {count:,} proposals", [*REGISTRY, "validate"], root, args.runs))
        rows.append(bench(f"validate, {count:,}, one process", [*REGISTRY, "validate", "--jobs", "1"], root, args.runs))
        one = next((root / "proposals").rglob("*.md")).relative_to(root)
        rows.append(bench(f"validate one file in {count:,}", [*REGISTRY, "validate", str(one)], root, args.runs))
    print(f"\nOn {os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} runs:\n")
    print("| what | wall | peak memory (all processes) |")
    print("|---|---:|---:|")
    for label, wall, memory in rows:
        print(f"| {label} | {wall:.2f} s | {memory:.0f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
