"""`mkdocs serve` as a proposer uses it (`make serve`): a real server over a copy of the samples, with
proposal files half-written in the ways people leave them.

A file with errors gets a preview page at its usual address listing its problems, the page follows the
file as it is edited, and registry.yml is watched too; `mkdocs build` over the same files still leaves
every one of them out, so that no published site holds a preview.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.attacks import proposal
from tests.helpers.git import ENV
from tests.helpers.html import Elements
from tests.helpers.site import mkdocs_build, prepare

TEXTS = ["Phần một.", "Phần hai.", "Phần ba.", "Phần bốn.", "Phần năm."]
HEADING = "Đề xuất này còn lỗi, chưa được công khai"
HOSTILE_TITLE = "Đề xuất <script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"


def _variant(proposal_id: str, old: str, new: str, title: str | None = None) -> str:
    text = proposal(proposal_id, TEXTS, title=title or f"Đề xuất {proposal_id}")
    assert old in text
    return text.replace(old, new, 1)


HOSTILE_TAGS = _variant("2025-961", "status: approved\n", "status: approved\ntags: 5\n", HOSTILE_TITLE)
UNKNOWN_UNIT = _variant("2025-962", "unit: so-tu-phap\nfield", "unit: so-khong-co\nfield")
HOSTILE_KEY = _variant("2025-963", "status: approved\n", 'status: approved\nghi_chu: "x"\n', HOSTILE_TITLE)
BROKEN_YAML = _variant("2025-966", 'title: "Đề xuất 2025-966"', 'title: "chưa đóng <script>window.__pwned=3</script>')
# id -> (path under proposals/, text); each is half-written in one way
BROKEN = {
    "2025-961": ("so-tu-phap/2025-961-the-la-so.md", HOSTILE_TAGS),
    "2025-962": ("so-tu-phap/2025-962-don-vi-la.md", UNKNOWN_UNIT),
    "2025-963": ("so-tu-phap/2025-963-khoa-la.md", HOSTILE_KEY),
    "2025-966": ("so-tu-phap/2025-966-yaml-hong.md", BROKEN_YAML),
    "2025-969": ("so-tu-phap/2025-969-tep-rong.md", ""),
}


def _line(text: str, start: str) -> int:
    """The line of ``text`` (from 1) that starts with ``start``."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # localhost, a URL of ours
        return str(response.read().decode("utf-8"))


def _poll(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


class Served:
    def __init__(self, root: Path, url: str, log: Path) -> None:
        self.root, self.url, self.log = root, url, log

    def page(self, proposal_id: str) -> str:
        return _get(f"{self.url}/de-xuat/{proposal_id}/")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("serve")
    prepare(root, dict(BROKEN.values()))
    port = _free_port()
    log = root.parent / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env={**ENV, "NO_MKDOCS_2_WARNING": "1"}, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            up = _poll(lambda: HEADING in _get(f"{url}/de-xuat/2025-963/"), 90)
            assert up, log.read_text(encoding="utf-8")
            yield Served(root, url, log)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def test_a_proposal_with_errors_gets_a_page_listing_its_problems(served: Served) -> None:
    for proposal_id, (path, _) in BROKEN.items():
        page = served.page(proposal_id)
        assert HEADING in page, proposal_id
        assert 'class="admonition danger"' in page, proposal_id  # a box at the top, not a paragraph
        assert page.index(HEADING) < page.index("Dòng "), proposal_id
        assert f"proposals/{path}" in page, proposal_id  # names its file
    # The wrong line is named: a number for tags, a unit registry.yml does not know, an unknown key.
    for proposal_id, start in (("2025-961", "tags: 5"), ("2025-962", "unit: so-khong-co"), ("2025-963", "ghi_chu:")):
        assert f"Dòng {_line(BROKEN[proposal_id][1], start)}:" in served.page(proposal_id), proposal_id
    # The card is shown when it can be made; otherwise the file's text, as code.
    assert "Mã đề xuất" in served.page("2025-963")
    assert "Nội dung tệp" in served.page("2025-961") and "tags: 5" in served.page("2025-961")
    assert "Nội dung tệp" in served.page("2025-966")
    assert "Traceback" not in served.log.read_text(encoding="utf-8")


def test_the_preview_runs_nothing_of_the_file(served: Served) -> None:
    for proposal_id in ("2025-961", "2025-963", "2025-966"):
        page = served.page(proposal_id)
        parsed = Elements()
        parsed.feed(page)
        handlers = [
            f"<{tag} {name}>" for tag, attributes in parsed.elements for name in attributes if name.startswith("on")
        ]
        assert handlers == [], proposal_id
        assert not any("__pwned" in script for script in parsed.scripts), proposal_id
        assert "&lt;script&gt;window.__pwned=" in page, proposal_id  # shown as text


def test_an_edit_shows_on_the_served_page(served: Served) -> None:
    path, text = BROKEN["2025-962"]
    file = served.root / "proposals" / path
    file.write_text(text.replace("Đề xuất 2025-962", "Đề xuất 2025-962 đã sửa tên"), encoding="utf-8")
    assert _poll(lambda: "đã sửa tên" in served.page("2025-962"), 30), served.log.read_text(encoding="utf-8")
    # Fixed, it is the proposal's own page: no problems left on it.
    file.write_text(text.replace("unit: so-khong-co", "unit: so-tu-phap"), encoding="utf-8")
    assert _poll(lambda: HEADING not in served.page("2025-962"), 30), served.log.read_text(encoding="utf-8")
    assert "Mã đề xuất" in served.page("2025-962")


def test_registry_yml_is_watched(served: Served) -> None:
    config = served.root / "registry.yml"
    old = 'name: "Sở Tư pháp thành phố Cần Thơ"'
    config.write_text(config.read_text(encoding="utf-8").replace(old, 'name: "Sở Tư pháp đổi tên"'), encoding="utf-8")
    assert _poll(lambda: "Sở Tư pháp đổi tên" in _get(f"{served.url}/don-vi/so-tu-phap/"), 30)


def test_mkdocs_build_leaves_the_files_with_errors_out(tmp_path: Path) -> None:
    prepare(tmp_path, dict(BROKEN.values()))
    result = mkdocs_build(tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "de-xuat" / "2025-950" / "index.html").is_file()  # the build did make proposals' pages
    for proposal_id in BROKEN:
        assert not (site / "de-xuat" / proposal_id).exists(), proposal_id
    assert HEADING not in "".join(p.read_text(encoding="utf-8") for p in (site / "de-xuat").rglob("*.html"))
