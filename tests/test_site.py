"""The built site: what is public is there, what is not is nowhere, and no proposal text can run."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
from pathlib import Path

import pytest

from registry.config import Registry, load_registry
from registry.mkdocs_hook import HTML_BLOCK
from registry.public import Milestone, PublicAuthor, PublicMilestone, PublicProposal
from registry.site import PROPOSALS, build_site
from tests.helpers.html import Elements
from tests.helpers.proposals import PROJECT, text
from tests.helpers.rules import SCALING, STAGES
from tests.helpers.site import CONTACTS, HOSTILE_ID, PUBLISHED, UNPUBLISHED, build

DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def every_file(site: Path) -> dict[str, str]:
    """Every file of the site as text, the search index's gzipped fragments unpacked."""
    contents = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            contents[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return contents


def test_nothing_unpublished_and_no_contact_anywhere(built_site: Path) -> None:
    files = every_file(built_site)
    assert any(name.startswith("pagefind/fragment/") for name in files), "the search index was read too"
    for secret in [*UNPUBLISHED.values(), *UNPUBLISHED, *CONTACTS]:
        leaks = [name for name, content in files.items() if secret in content]
        assert leaks == [], f"{secret!r} leaks into {leaks}"


def test_every_published_proposal_has_its_page_card_and_timeline(built_site: Path) -> None:
    for proposal in PUBLISHED:
        page = (built_site / "de-xuat" / proposal / "index.html").read_text(encoding="utf-8")
        assert "Mã đề xuất" in page and proposal in page, proposal
        assert 'class="registry-badge' in page
        # The administrative dates from the front matter, and apart, the entries in the registry (git).
        assert "Quá trình xử lý" in page and "Trình đề xuất" in page, proposal
        assert "Cập nhật vào sổ" in page and "Đưa vào sổ" in page and "#1" in page, proposal
    listed = (built_site / "de-xuat" / "index.html").read_text(encoding="utf-8")
    assert all(f"../de-xuat/{p}/" in listed or f"{p}/" in listed for p in PUBLISHED)


def test_the_home_page_showcases_successes_and_counts(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "Đề xuất được đánh giá hoàn thành" in home and "Mới được chấp thuận" in home
    assert "Số hóa hồ sơ cán bộ, công chức, viên chức" in home  # an evaluated, completed sample
    assert re.search(rf"<td>\s*{len(PUBLISHED)}\s*</td>", home), "every published proposal is counted"
    # The plan this registry carries out (registry.yml plan), with its issuer and territory.
    assert "Căn cứ triển khai" in home and "khuyến khích và bảo vệ cán bộ, công chức, viên chức" in home
    assert "của Ủy ban nhân dân tỉnh Sóc Trăng" in home and "Địa bàn tỉnh Sóc Trăng trước ngày 01/7/2025" in home


def test_filters_by_field_unit_year_and_status(built_site: Path) -> None:
    for page in ("linh-vuc/xay-dung-dang", "don-vi/so-noi-vu", "nam/2024", "trang-thai/da-danh-gia"):
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert "2024-001" in text, page


def test_open_data_carries_the_same_public_fields(built_site: Path) -> None:
    records = json.loads((built_site / "du-lieu" / "proposals.json").read_text(encoding="utf-8"))["proposals"]
    assert sorted(r["id"] for r in records) == sorted(PUBLISHED)
    assert all("contact" not in json.dumps(r) for r in records)
    csv_text = (built_site / "du-lieu" / "proposals.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text, newline="")))
    assert sorted(r["id"] for r in rows) == sorted(PUBLISHED)
    # The data dictionary, as a visitor reads it: each row, a CSV column and the JSON key it holds.
    dictionary = (built_site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    documented = re.findall(r"<tr>\s*<td><code>([^<]+)</code></td>\s*<td><code>([^<]+)</code></td>", dictionary)
    assert list(rows[0]) == [column for column, _ in documented]
    # The JSON is nested: the dictionary's key decision.date is the key date of the object decision.
    assert all(list(record) == list(dict.fromkeys(key.split(".")[0] for _, key in documented)) for record in records)
    by_id = {record["id"]: record for record in records}
    for row in rows:
        record = by_id[row["id"]]
        for column, key in documented:
            value = functools.reduce(lambda inner, part: inner[part], key.split("."), record)
            assert same_value(row[column], value), (row["id"], column, row[column], value)


def same_value(cell: str, value: object) -> bool:
    """Whether a CSV cell holds a JSON value: text as it is (a leading ' keeps a spreadsheet from
    reading it as a formula), true/false in lower case, nothing for null, and the text of a list's
    items (authors: name, position, unit; recognition: form and document; milestones: date, kind and
    document) in one cell."""
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == str(value).lower()
    if isinstance(value, list) and value and isinstance(value[0], dict) and "kind" in value[0]:
        shown = "; ".join(" ".join(str(m[k]) for k in ("date", "kind", "document") if m[k]) for m in value)
        return cell == shown
    if isinstance(value, list):
        items = [item.values() if isinstance(item, dict) else [item] for item in value]
        texts = [text for item in items for text in item if isinstance(text, str) and not re.fullmatch(DAY, text)]
        return (cell == "") == (value == []) and all(text in cell for text in texts)
    return cell in (str(value), f"'{value}")


def test_the_feed_lists_approvals_and_successes(built_site: Path) -> None:
    feed = (built_site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == len(PUBLISHED) + 5  # every decision, and the five evaluated as completed
    assert "Hoàn thành: Số hóa hồ sơ cán bộ" in feed


def test_charts_are_static_svg_without_scripts(built_site: Path) -> None:
    for name in ("linh-vuc", "don-vi", "trang-thai", "nam"):
        svg = (built_site / "thong-ke" / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert "<script" not in svg and "http://kozea" not in svg


def test_the_hostile_proposal_is_defused(built_site: Path) -> None:
    page = (built_site / "de-xuat" / HOSTILE_ID / "index.html").read_text(encoding="utf-8")
    parsed = Elements()
    parsed.feed(page)
    assert not any("__pwned" in script for script in parsed.scripts)
    for tag, attributes in parsed.elements:
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        assert "autofocus" not in attributes
        assert tag not in ("iframe", "object", "embed", "form", "input") or "evil" not in str(attributes)
        if tag == "meta":
            assert attributes.get("http-equiv", "").lower() != "refresh"
        if tag == "style":
            pytest.fail("a style element in the page")  # Material puts none in the content
        for name in ("href", "src", "action", "data"):
            url = attributes.get(name, "")
            assert not re.match(r"\s*(javascript|data|vbscript):", url, re.I), (tag, url)
            assert "evil.example" not in url and "tracker.example" not in url and "passwd" not in url, (tag, url)
    assert not [tag for tag, _ in parsed.elements if tag in ("iframe", "object", "embed")]
    # One form: the theme's search box in the header (overrides/main.html), none of the proposal's.
    forms = [attributes for tag, attributes in parsed.elements if tag == "form"]
    assert [(form.get("action"), form.get("class")) for form in forms] == [
        ("../../tim-kiem/", "registry-header-search")
    ]
    # The words stay, as text.
    assert "Di chuột vào đây." in page and "&lt;script&gt;" in page


def test_a_scaled_up_pilot_shows_its_scaling_and_liability(tmp_path: Path) -> None:
    """A pilot evaluated as completed and scaled up to two departments: its page names the decision and the
    units by name, and the open data gives the liability's outcome."""
    blocks = STAGES["evaluated"].replace("outcome: approved", "outcome: approved-pilot") + SCALING
    (tmp_path / "registry").mkdir()
    site = build(tmp_path / "registry", {"so-tu-phap/2025-901-de-xuat.md": text("evaluated", extra=blocks)})
    page = (site / PROPOSALS / "2025-901" / "index.html").read_text(encoding="utf-8")
    assert "Nhân rộng" in page and "40/QĐ-UBND" in page and "15/12/2025" in page
    units = load_registry(PROJECT).units
    assert f"{units['so-noi-vu'].name_on('2025-12-15')}, {units['so-y-te'].name_on('2025-12-15')}." in page
    records = json.loads((site / "du-lieu" / "proposals.json").read_text(encoding="utf-8"))["proposals"]
    record = next(r for r in records if r["id"] == "2025-901")
    assert record["evaluation"]["liability"]["outcome"] == "none"


def test_a_proposal_pages_tables_are_escaped_text_in_whole_html_blocks(project_registry: Registry) -> None:
    """The tables of a proposal's page are HTML blocks, which the engine copies (mkdocs_hook.HTML_BLOCK)
    rather than parses: every value in them is escaped text, and a block holds no blank line, so that
    any Markdown engine takes it whole. Nothing else of the page starts a line with a tag."""
    hostile = '<b onclick="x">Tên</b> *nghiêng* | ống & [liên kết](javascript:x)\n\nđoạn hai'
    shown = "&lt;b onclick=&#34;x&#34;&gt;Tên&lt;/b&gt; *nghiêng* | ống &amp; [liên kết](javascript:x) đoạn hai"
    unit, field = project_registry.units["so-tu-phap"], project_registry.fields["linh-vuc-khac"]
    proposal = PublicProposal(
        id="2025-001", title="Tiêu đề", summary="Tóm tắt của đề xuất.", sample=False, status="implementing",
        unit=unit.id, unit_name=unit.name, field=field.id, field_name=field.name, tags=(hostile,),
        authors=(PublicAuthor(hostile, "Chuyên viên", unit.name),), submitted="2025-01-02", year=2025,
        decision={"outcome": "approved", "date": "2025-01-10", "document": hostile},
        implementation={"start": "2025-02-01", "end": hostile},
        # The schema refuses such a document number or unit; the page escapes them all the same.
        milestones=(
            PublicMilestone("2025-03-01", Milestone.PROGRESS, hostile, hostile, (hostile,), percent=10, note=hostile),
        ),
    )  # fmt: skip
    page = build_site(project_registry, [proposal])[f"{PROPOSALS}/2025-001.md"]
    assert isinstance(page, str)
    blocks = [match.group(0) for match in HTML_BLOCK.finditer(page)]
    # The card: authors, decision, period, tags; the administrative dates: where to, note, document, unit.
    assert [block.count(shown) for block in blocks] == [4, 4]
    assert not [block for block in blocks if "\n\n" in block]
    assert "onclick=" not in page.replace(shown, "")
    assert re.search(r"^<", HTML_BLOCK.sub("", page), re.M) is None
