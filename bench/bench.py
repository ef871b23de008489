"""Benchmarks of the registry command on synthetic registries (``make bench``).

Each registry is generated once into .bench/ (ignored by git) and reused while the generator's inputs
are unchanged. Wall time is the median of several runs of the real command in a fresh process; peak
memory comes from one more run before them, sampled from /proc as the PSS of the whole process tree
(the command and its workers, shared pages counted once). The alternatives of bench/baselines.py run
in turn with ours (ours, theirs, ours, theirs…) on the same data, so that a slow spell of the machine
falls on both, and each of our figures is also given as a ratio to theirs. Paste the tables into
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import gzip
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.baselines import (
    BaselineError,
    Timing,
    bare_site,
    build_bare,
    check_jsonschema,
    children_cpu,
    extract_front_matter,
    first_parent_commits,
    git_log,
    html_pages,
    naive_validate,
    proposal_files,
)
from bench.hostile import corpus, valid_proposal
from registry.config import load_registry
from registry.synthetic import generate, generate_history

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / ".bench"
REGISTRY = [sys.executable, "-m", "registry"]
# The goals of issue 12 for this 2-core machine: our time at most so many times the alternative's.
VALIDATE_GOAL = 0.3  # against the naive loop, at 10,000 proposals
HISTORY_GOAL = 2.0  # against git's own log, at 50,000 commits
SITE_GOAL = 2.0  # against the bare build, at 1,000 proposals


@dataclass
class Baseline:
    """An alternative to one of our commands: ``run`` times one run of it and checks that it did the
    work (see baselines.py), and ``goal`` is the ratio our time should stay within, if there is one."""

    name: str
    run: Callable[[], Timing]
    goal: float | None = None
    times: list[Timing] = field(default_factory=list)


@dataclass
class Comparison:
    measure: str
    baseline: str
    ours: list[Timing]
    theirs: list[Timing]
    goal: float | None

    @property
    def ratios(self) -> list[float]:
        """Our wall time over theirs, for each of our runs and the alternative's run beside it."""
        return [mine.wall / theirs.wall for mine, theirs in zip(self.ours, self.theirs, strict=True)]

    @property
    def ratio(self) -> float:
        """The median of the ratios run by run: a slow spell of the machine slows both runs of a pair."""
        return statistics.median(self.ratios)

    @property
    def cpu_ratio(self) -> float:
        """The same for CPU time, which depends far less on how many cores other work leaves free."""
        pairs = zip(self.ours, self.theirs, strict=True)
        return statistics.median(mine.cpu / theirs.cpu if theirs.cpu else float("inf") for mine, theirs in pairs)

    @property
    def spread(self) -> str:
        return f"{min(self.ratios):.2f}–{max(self.ratios):.2f}"

    @staticmethod
    def median(side: list[Timing]) -> str:
        return f"{statistics.median(t.wall for t in side):.2f} s ({statistics.median(t.cpu for t in side):.2f} s)"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("scripts/registry/synthetic.py", "registry.yml", "schema/proposal.schema.json", "mkdocs.yml"):
        digest.update((PROJECT / name).read_bytes())
    return digest.hexdigest()[:12]


def synthetic(count: int, published: bool = False) -> Path:
    target = CACHE / f"registry-{count}{'-published' if published else ''}-{fingerprint()}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        started = time.perf_counter()
        generate(load_registry(PROJECT), target, count, published=published)
        (target / ".complete").touch()
        print(f"  generated {count} proposals in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if published:  # the site's sources beside the proposals, as they are now
        shutil.copy(PROJECT / "mkdocs.yml", target / "mkdocs.yml")
        for folder in ("docs", "overrides"):
            shutil.rmtree(target / folder, ignore_errors=True)
            shutil.copytree(PROJECT / folder, target / folder)
        (target / "scripts" / "registry").mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "scripts" / "registry" / "mkdocs_hook.py", target / "scripts" / "registry")
    return target


def search_download(site: Path, query: str = "so hoa") -> tuple[int, int]:
    """Bytes a visitor's browser fetches on the search page until the first result shows: (raw, gzip).

    Served from localhost without compression; the gzip figure is what a host that compresses (as
    GitHub Pages does) sends: each file gzipped (Pagefind's own fragments are gzip already).
    """
    import functools
    import gzip
    import http.server
    import socketserver
    import threading
    from urllib.parse import unquote, urlparse

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        urls: list[str] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium")
            page = browser.new_page()
            page.on("requestfinished", lambda request: urls.append(request.url))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/tim-kiem/?q={query}")
            page.wait_for_selector(".registry-search__link", timeout=60_000)
            seen = list(urls)
            browser.close()
        server.shutdown()
    raw = packed = 0
    for url in dict.fromkeys(seen):
        path = site / unquote(urlparse(url).path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            packed += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))
    return raw, packed


def largest_page(site: Path) -> tuple[str, int]:
    """The HTML page of the site that is largest gzipped, as a host that compresses sends it: (path, bytes)."""
    sizes = ((len(gzip.compress(page.read_bytes(), 6)), page) for page in site.rglob("*.html"))
    size, page = max(sizes)
    return page.relative_to(site).as_posix(), size


# Filter combinations the listing is timed on: every subset of the four filters, each set to the values of
# one proposal (so that it finds something), in each sort (the first sort by title includes its collation).
_TIME_FILTERS = """async ([values, sort]) => {
    const started = performance.now();
    for (const [name, value] of Object.entries(values)) {
        document.getElementById('registry-listing-' + name).value = value;
    }
    const order = document.getElementById('registry-listing-sort');
    order.value = sort;
    order.dispatchEvent(new Event('change'));
    await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));  // the frame that shows it
    return [performance.now() - started, document.querySelector('.registry-listing__status').textContent];
}"""


def listing_latency(site: Path) -> tuple[float, list[float]]:
    """Milliseconds in Chromium from opening the whole listing until its form is ready (the index loaded
    in parts), and from choosing a filter combination until the page shows it, for each combination."""
    import functools
    import http.server
    import itertools
    import socketserver
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    index = json.loads((site / "du-lieu" / "danh-sach" / "index.json").read_text(encoding="utf-8"))
    rows = json.loads((site / "du-lieu" / "danh-sach" / index["parts"][-1]).read_text(encoding="utf-8"))
    samples = [rows[len(rows) // 3], rows[-1]]
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/de-xuat/")
            page.wait_for_selector("html.registry-listing-ready", timeout=60_000)
            ready = float(page.evaluate("performance.now()"))
            timings = []
            for sort, row in itertools.product(("ngay", "ten", "don-vi", "ngay-cu"), samples):
                values = {"field": index["fields"][row[4]][0], "unit": index["units"][row[2]][0],
                          "year": str(row[6]), "status": index["statuses"][row[5]][0]}  # fmt: skip
                for chosen in itertools.product((False, True), repeat=4):
                    combination = {
                        name: value if on else "" for on, (name, value) in zip(chosen, values.items(), strict=True)
                    }
                    took, shown = page.evaluate(_TIME_FILTERS, [combination, sort])
                    if "đề xuất" not in shown:
                        raise SystemExit(f"bench: the listing showed {shown!r} for {combination}")
                    timings.append(float(took))
            browser.close()
        server.shutdown()
    return ready, timings


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
    """The memory of the processes, shared pages counted once (PSS): a forked worker shares most of
    its parent's pages, which RSS would count twice."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total


def measure(argv: list[str], cwd: Path, sample: bool) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the process tree and, when ``sample``, its peak MiB for one run.
    Sampling /proc takes CPU from a command that uses both cores, so timed runs are not sampled."""
    cpu, started = children_cpu(), time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        if sample:
            peak = max(peak, _rss_kib(_tree(process.pid)))
            time.sleep(0.05)
        else:
            time.sleep(0.005)
    wall = time.perf_counter() - started
    # The checkers (validate, audit, check) say 1 when they find problems, having done all their work:
    # the hostile corpus, the synthetic history's unsigned merges, its last commit's edit of a decided
    # proposal. Anything else must succeed to count.
    checking = any(command in argv for command in ("validate", "audit", "check"))
    if process.returncode not in ((0, 1) if checking else (0,)):
        raise SystemExit(f"{' '.join(argv)} failed with status {process.returncode}")
    return wall, peak / 1024, children_cpu() - cpu


def bench(
    label: str,
    argv: list[str],
    cwd: Path,
    runs: int,
    baselines: Callable[[], list[Baseline]] | None = None,
    comparisons: list[Comparison] | None = None,
) -> tuple[str, float, float]:
    """Our command's median wall time and peak memory; with ``baselines`` (made after the memory run,
    which leaves its output to measure them by), each alternative run beside each of our runs, and the
    comparisons added to ``comparisons``."""
    memory = measure(argv, cwd, sample=True)[1]  # first: it also warms the caches for what follows
    alternatives = baselines() if baselines else []
    ours = []
    for run in range(runs):  # ours then theirs, then theirs then ours, and so on: neither always goes first
        if run % 2:
            for alternative in alternatives:
                alternative.times.append(alternative.run())
        wall, _, cpu = measure(argv, cwd, sample=False)
        ours.append(Timing(wall, cpu))
        if not run % 2:
            for alternative in alternatives:
                alternative.times.append(alternative.run())
    wall = statistics.median(t.wall for t in ours)
    print(f"  {label}: {wall:.2f} s, {memory:.0f} MiB", file=sys.stderr)
    for alternative in alternatives:
        found = Comparison(label, alternative.name, ours, alternative.times, alternative.goal)
        print(f"    {alternative.name}: {found.median(found.theirs)}, ×{found.ratio:.2f}", file=sys.stderr)
        if comparisons is not None:
            comparisons.append(found)
    return label, wall, memory


def _checked(name: str, files: int, invalid: frozenset[str], expected: int) -> None:
    """Stop the benchmark if a validator checked fewer files than there are, or found a valid one
    invalid: its time would not be a time for the same work."""
    if files != expected or invalid:
        raise SystemExit(f"{name} checked {files} files of {expected}, and found {len(invalid)} invalid")


def validate_baselines(root: Path, count: int, cheap: bool = False) -> Callable[[], list[Baseline]]:
    """The naive loop and, unless ``cheap``, check-jsonschema over the front matter of the same files."""

    def make() -> list[Baseline]:
        expected = len(proposal_files(root))
        goal = VALIDATE_GOAL if count >= 10_000 and not cheap else None

        def naive() -> Timing:
            checked = naive_validate(root)
            _checked("the naive loop", checked.files, checked.invalid, expected)
            return checked.time

        made = [Baseline("PyYAML (C loader) + jsonschema, file by file, one process", naive, goal)]
        if not cheap:
            target = CACHE / f"front-matter-{count}"
            files = extract_front_matter(root, target)

            def extracted() -> Timing:
                checked = check_jsonschema(target, files)
                _checked("check-jsonschema", checked.files, checked.invalid, expected)
                return checked.time

            made.append(Baseline("check-jsonschema 0.39 over the extracted front matter", extracted))
        return made

    return make


def history_baselines(repo: Path, commits: int) -> Callable[[], list[Baseline]]:
    goal = HISTORY_GOAL if commits >= 50_000 else None

    def make() -> list[Baseline]:
        expected = first_parent_commits(repo)

        def log() -> Timing:
            logged = git_log(repo)
            if logged.commits != expected or logged.changes < expected:
                raise SystemExit(f"git log listed {logged.commits} commits of {expected}, {logged.changes} changes")
            return logged.time

        return [Baseline("git log --first-parent --name-status -M", log, goal)]

    return make


def site_baselines(root: Path, count: int) -> Callable[[], list[Baseline]]:
    """The bare build, of as many pages as our build (just made by the memory run) wrote."""

    goal = SITE_GOAL if count == 1000 else None

    def make() -> list[Baseline]:
        pages = html_pages(root / "site")
        target = CACHE / f"bare-site-{count}"
        bare_site(root, pages, target)

        def build() -> Timing:
            spent = build_bare(target)
            if html_pages(target / "site") != pages:
                raise SystemExit(f"the bare site has {html_pages(target / 'site')} pages, not {pages}")
            return spent

        return [Baseline(f"MkDocs + Material, {pages:,} bare pages out of the navigation", build, goal)]

    return make


# What `make site ENGINE=zensical` runs after `registry validate` (sitebuild.py), in one process tree;
# with Zensical's cache cleaned, so that each timed run builds everything, as MkDocs does.
ZENSICAL_SITE = [
    "sh", "-c",
    f"{sys.executable} -m registry site prepare >/dev/null && rm -rf build/site && "
    f"{sys.executable} -m zensical build --clean --config-file build/mkdocs.yml && "
    f"{sys.executable} -m registry site finish",
]  # fmt: skip


def site_notes(site: Path, label: str) -> list[str]:
    """What a visitor of a built site meets: the bytes before the first search result, the largest HTML
    page gzipped, and how fast the listing's filters answer in Chromium."""
    raw, packed = search_download(site)
    page, size = largest_page(site)
    ready, timings = listing_latency(site)
    return [
        f"Search, {label}: {raw / 1024:.0f} KiB fetched before the first result, {packed / 1024:.0f} KiB gzip.",
        f"Listings, {label}: the largest HTML page is {page}, {size / 1024:.1f} KiB gzip; the whole listing's "
        f"form is ready {ready:.0f} ms after it is opened; {len(timings)} filter combinations shown in "
        f"{statistics.median(timings):.0f} ms (median), {max(timings):.0f} ms at most.",
    ]


def hostile_registry() -> tuple[Path, dict[str, bytes]]:
    """A registry holding the configuration only, and the slow-input corpus (bench/hostile.py)."""
    root = CACHE / "hostile"
    shutil.rmtree(root, ignore_errors=True)
    (root / "proposals" / "so-tu-phap").mkdir(parents=True)
    shutil.copy(PROJECT / "registry.yml", root / "registry.yml")
    shutil.copytree(PROJECT / "schema", root / "schema")
    return root, corpus(load_registry(PROJECT).sections)


def _render(body: str, extensions: list[object], configs: dict[str, object], results: object) -> None:
    """Python-Markdown alone over the body, then the site's own path (headings made safe, rendering
    within the budget, plain text past it): the first shows what the budget saves, the second is what
    a build spends."""
    from registry.prerender import BUDGET, render_in_budget, render_sections
    from registry.site import safe_headings

    started = time.perf_counter()
    kept = f"{BUDGET:.0f} s budget kept"
    _, in_budget = render_in_budget(extensions, configs, BUDGET, safe_headings(body))
    site = f"{time.perf_counter() - started:.2f} s ({kept if in_budget else 'plain text'})"
    results.put(site)  # type: ignore[attr-defined]
    started = time.perf_counter()
    try:
        render_sections(extensions, configs, body)
    except Exception as error:  # Python-Markdown's own failure is a figure too
        results.put(type(error).__name__)  # type: ignore[attr-defined]
        return
    results.put(f"{time.perf_counter() - started:.2f} s")  # type: ignore[attr-defined]


@functools.cache
def site_markdown() -> tuple[list[object], dict[str, object]]:
    """The Markdown extensions and their settings as MkDocs reads them from mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(PROJECT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def render_time(data: bytes, limit: float) -> str:
    """How long rendering the file's body as the site does takes (``render_sections`` with mkdocs.yml's
    extensions), in a forked process: seconds, "> limit", or the exception it ended in."""
    import multiprocessing
    import queue

    extensions, configs = site_markdown()
    body = data.decode("utf-8", "replace").split("\n---\n", 1)[-1]
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=_render, args=(body, extensions, configs, results))
    process.start()
    try:
        site = str(results.get(timeout=limit))
    except queue.Empty:
        return f"site > {limit:.0f} s"
    try:
        return f"site {site}; Python-Markdown alone {results.get(timeout=limit)}"
    except queue.Empty:
        return f"site {site}; Python-Markdown alone > {limit:.0f} s"
    finally:
        process.kill()
        process.join()


def validate_seconds(root: Path, target: Path) -> float:
    """Seconds to validate one file in this process: reading, the loader and every rule."""
    from registry.validate import validate

    registry = load_registry(root)
    started = time.perf_counter()
    validate(registry, [str(target)], jobs=1)
    return time.perf_counter() - started


def bench_hostile(runs: int, render_limit: float) -> list[tuple[str, float, float, int, str]]:
    """Each hostile file validated alone: in this process, and by the real command in a fresh process
    (process start included); its problem count; the seconds to render its body. Medians of ``runs``."""
    root, files = hostile_registry()
    target = root / "proposals" / "so-tu-phap" / "2025-901-de-xuat.md"
    relative = str(target.relative_to(root))
    files = {"a valid proposal of 1 KiB (for scale)": valid_proposal(load_registry(PROJECT).sections), **files}
    target.write_bytes(files["a valid proposal of 1 KiB (for scale)"])
    validate_seconds(root, target)  # the schema and the catalogue, read once as a long run would
    rows = []
    for name, data in files.items():
        target.write_bytes(data)
        alone = statistics.median(validate_seconds(root, target) for _ in range(runs))
        wall = statistics.median(measure([*REGISTRY, "validate", relative], root, sample=False)[0] for _ in range(runs))
        found = subprocess.run(
            [*REGISTRY, "validate", "--format", "json", relative], cwd=root, capture_output=True, text=True, check=False
        )
        problems = len(json.loads(found.stdout)["problems"])
        rendered = render_time(data, render_limit) if render_limit else "not measured"
        print(
            f"  {name}: validate {alone:.2f} s ({wall:.2f} s), {problems} problems, render {rendered}", file=sys.stderr
        )
        rows.append((name, alone, wall, problems, rendered))
    return rows


def bench_validate(
    root: Path, count: int, runs: int, compared: list[Comparison] | None
) -> list[tuple[str, float, float]]:
    """validate on the registry, beside the alternatives when ``compared`` is given (and added to it)."""
    side = compared is not None
    both = validate_baselines(root, count) if side else None
    rows = [bench(f"validate, {count:,} proposals", [*REGISTRY, "validate"], root, runs, both, compared)]
    naive = validate_baselines(root, count, cheap=True) if side else None
    one_process = [*REGISTRY, "validate", "--jobs", "1"]
    rows.append(bench(f"validate, {count:,}, one process", one_process, root, runs, naive, compared))
    one = next((root / "proposals").rglob("*.md")).relative_to(root)
    rows.append(bench(f"validate one file in {count:,}", [*REGISTRY, "validate", str(one)], root, runs))
    return rows


def bench_report(root: Path, count: int, runs: int) -> list[tuple[str, float, float]]:
    """Issue 10's goal: the report under 3 s at 10,000 proposals; the workbook is the costliest format.
    Each run's wall and CPU time (the command and its workers) and the load average then go to stderr:
    on a machine shared with other work, the wall time alone says little."""
    rows = []
    for form in ("json", "xlsx"):
        report = [*REGISTRY, "report", "--as-of", "2026-03-04", "--format", form, "--output", "/dev/null"]
        label = f"report --format {form}, {count:,} proposals"
        memory = measure(report, root, sample=True)[1]
        timings = []
        for _ in range(runs):
            load = os.getloadavg()[0]
            wall, _, cpu = measure(report, root, sample=False)
            timings.append(Timing(wall, cpu))
            print(f"  {label}: {wall:.2f} s, CPU {cpu:.2f} s, load {load:.1f}", file=sys.stderr)
        rows.append((label, statistics.median(t.wall for t in timings), memory))
        cpu = statistics.median(t.cpu for t in timings)
        print(f"  {label}: median {rows[-1][1]:.2f} s, CPU {cpu:.2f} s, {memory:.0f} MiB", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--history", default="10000,50000", help="PROPOSALS,COMMITS of the git history ('' to skip)")
    parser.add_argument("--site", default="1000,10000", help="published proposals of the site builds ('' to skip)")
    parser.add_argument("--hostile", action=argparse.BooleanOptionalAction, default=True, help="the slow-input corpus")
    parser.add_argument("--report-only", action="store_true", help="of the --sizes registries, time the report only")
    parser.add_argument("--render-limit", type=float, default=60.0, help="seconds before a rendering is given up")
    parser.add_argument(
        "--baselines",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the alternatives beside ours and give the ratios",
    )
    args = parser.parse_args()
    # Our modules' bytecode written first, as any installation does (pip compiles at install; an editable
    # one on first import): a machine with PYTHONDONTWRITEBYTECODE set would compile them at every run.
    compileall.compile_dir(PROJECT / "scripts", quiet=1)
    rows = []
    compared: list[Comparison] = []
    side = args.baselines
    hostile = bench_hostile(args.runs, args.render_limit) if args.hostile else []
    if args.history:
        proposals, commits = (int(n) for n in args.history.split(","))
        repo = synthetic_history(proposals, commits)
        label = f"{proposals:,} proposals, {commits:,} commits"
        history = history_baselines(repo, commits) if side else None
        rows.append(bench(f"history, {label}", [*REGISTRY, "history"], repo, args.runs, history, compared))
        rows.append(
            bench(f"history --format json, {label}", [*REGISTRY, "history", "--format", "json"], repo, args.runs)
        )
        # The generated registry.yml keeps the project's adopted_at, a commit this history lacks: the
        # audit starts after the history's first commit instead.
        first = subprocess.run(
            ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.split()[0]
        rows.append(bench(f"audit, {label}", [*REGISTRY, "audit", "--since", first], repo, args.runs))
        rows.append(
            bench(f"check, 1 proposal changed, {label}", [*REGISTRY, "check", "--base", "HEAD~1"], repo, args.runs)
        )
    notes = []
    for count in (int(size) for size in args.site.split(",") if size):
        root = synthetic(count, published=True)
        build = [sys.executable, "-m", "mkdocs", "build", "-q"]
        label, runs = f"site build, {count:,} published proposals", 1 if count > 2000 else args.runs
        rows.append(bench(label, build, root, runs, site_baselines(root, count) if side else None, compared))
        notes += site_notes(root / "site", f"MkDocs + Material, {count:,} proposals")
        # The same site by Zensical (`make site ENGINE=zensical` after validating), into the same site/.
        rows.append(bench(f"{label}, Zensical", ZENSICAL_SITE, root, runs))
        notes += site_notes(root / "site", f"Zensical, {count:,} proposals")
    for count in (int(size) for size in args.sizes.split(",") if size):
        root = synthetic(count)
        rows += [] if args.report_only else bench_validate(root, count, args.runs, compared if side else None)
        rows += bench_report(root, count, args.runs)
    print(f"\nOn {os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} runs:\n")
    print("| what | wall | peak memory (all processes, PSS) |")
    print("|---|---:|---:|")
    for label, wall, memory in rows:
        print(f"| {label} | {wall:.2f} s | {memory:.0f} MiB |")
    for note in notes:
        print(f"\n{note}")
    if compared:
        print(f"\nSide by side, run in turn on the same data, {args.runs} runs each (medians; CPU time in brackets):\n")
        print("| measure | ours | alternative | theirs | ratio | lowest–highest | CPU time ratio | goal | met |")
        print("|---|---:|---|---:|---:|---:|---:|---:|---|")
        for found in compared:
            goal, met = (f"≤ {found.goal}×", "yes" if found.ratio <= found.goal else "no") if found.goal else ("", "")
            print(
                f"| {found.measure} | {found.median(found.ours)} | {found.baseline} | {found.median(found.theirs)} | "
                f"{found.ratio:.2f}× | {found.spread} | {found.cpu_ratio:.2f}× | {goal} | {met} |"
            )
    if hostile:
        print(f"\nThe slow-input corpus ({len(hostile)} files of about 1 MiB), median of {args.runs} runs:\n")
        print("| file | validate | the command, process start included | problems | render body |")
        print("|---|---:|---:|---:|---:|")
        for name, alone, wall, problems, rendered in hostile:
            print(f"| {name} | {alone:.2f} s | {wall:.2f} s | {problems} | {rendered} |")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BaselineError as error:  # an alternative failed: its time would mean nothing
        raise SystemExit(f"bench: {error}") from None
