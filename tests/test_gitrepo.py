"""The one module that runs git (registry.gitrepo): what git cannot give is an error that names it,
never a silent absence; a git that fails is quoted; nothing handed to it reaches git as an option.
Real repositories in temporary folders, damaged for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry.cli import main
from registry.errors import RegistryError
from registry.gitrepo import NotARepository, Repository
from registry.history import read_history
from tests.helpers.git import ENV, GitRegistry
from tests.helpers.proposals import DECISION, PATH, copy_configuration, text


@pytest.fixture
def repo(tmp_path: Path) -> GitRegistry:
    """2025-901 submitted, then approved, on main."""
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình 2025-901")
    repo.write(PATH, text("approved", extra=DECISION))
    repo.commit("Phê duyệt 2025-901")
    return repo


def test_a_blob_the_repository_lost_is_an_error_that_names_it(repo: GitRegistry) -> None:
    kept = repo.git("rev-parse", f"HEAD:{PATH}")
    lost = repo.lose(f"HEAD~1:{PATH}")
    repository = Repository(repo.root)
    assert repository.read_blobs([kept]) == {kept: (repo.root / PATH).read_bytes()}
    said = rf"^git cat-file: không đọc được đối tượng {lost} mà lịch sử nhắc đến: kho bị hỏng hoặc chưa đầy đủ"
    with pytest.raises(RegistryError, match=said):
        repository.read_blobs([kept, lost])


def test_history_over_a_lost_version_is_an_error_not_an_unknown_status(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    """The submitted version gone, history read its status as none and showed "∅ → approved"."""
    lost = repo.lose(f"HEAD~1:{PATH}")
    with pytest.raises(RegistryError, match=lost):
        read_history(Repository(repo.root))
    assert main(["--root", str(repo.root), "history"]) == 2
    assert main(["--root", str(repo.root), "audit"]) == 2
    err = capsys.readouterr().err
    assert err.count(f"{lost} mà lịch sử nhắc đến: kho bị hỏng hoặc chưa đầy đủ") == 2 and "Traceback" not in err


def test_check_over_a_lost_version_is_an_error_not_a_problem_of_the_proposal(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    lost = repo.lose(f"HEAD~1:{PATH}")
    assert main(["--root", str(repo.root), "check", "--base", "HEAD~1"]) == 2
    err = capsys.readouterr().err
    assert lost in err and "git fsck" in err and "Traceback" not in err


def test_a_reader_digests_each_object_once_in_another_process_and_names_a_lost_one(repo: GitRegistry) -> None:
    """One git, one digest beside the caller: each object asked is digested once (a tree asked is
    digested as git gives it), and one the repository lost is named."""
    versions = [repo.git("rev-parse", f"HEAD{back}:{PATH}") for back in ("", "~1")]
    tree = repo.git("rev-parse", "HEAD^{tree}")
    repository = Repository(repo.root)
    reader = repository.blob_reader(lambda data: (os.getpid(), len(data)))
    for name in [*versions, tree]:
        reader.request(name)
    found = reader.results()
    sizes = {name: len(data) for name, data in repository.read_blobs(versions).items()}
    assert {name: size for name, (_, size) in found.items() if name in sizes} == sizes
    assert set(found) == {*versions, tree}
    assert {pid for pid, _ in found.values()} != {os.getpid()}  # digested in another process
    lost = repo.lose(f"HEAD~1:{PATH}")
    sized = Repository(repo.root).blob_reader(len)
    sized.request(versions[0])
    sized.request(lost)
    with pytest.raises(RegistryError, match=rf"{lost}.*: kho bị hỏng hoặc chưa đầy đủ"):
        sized.results()


def test_an_object_damaged_in_place_is_an_error(repo: GitRegistry) -> None:
    blob = repo.git("rev-parse", f"HEAD:{PATH}")
    damaged = repo.object_file(blob)
    damaged.chmod(0o644)
    damaged.write_bytes(b"not a zlib stream")
    repository = Repository(repo.root)
    with pytest.raises(RegistryError, match=blob):
        repository.read_blobs([blob])
    with pytest.raises(RegistryError, match=blob):
        read_history(repository)


def test_a_tree_the_repository_lost_stops_the_log_with_gits_words(repo: GitRegistry) -> None:
    repo.lose("HEAD^{tree}")
    with pytest.raises(RegistryError, match=r"^git log: .*unable to read tree"):
        read_history(Repository(repo.root))


def test_a_failing_cat_file_is_an_error_quoting_git(repo: GitRegistry) -> None:
    """Git that exits with an error (here: it cannot read its configuration) is told, in the batch that
    `check` reads and in the reader that runs beside the log."""
    blob = repo.git("rev-parse", f"HEAD:{PATH}")
    repository = Repository(repo.root)
    (repo.root / ".git" / "config").write_text("[core\n", encoding="ascii")
    with pytest.raises(RegistryError, match=r"^git cat-file: .*bad config line 1"):
        repository.read_blobs([blob])
    reader = repository.blob_reader(len)
    reader.request(blob)
    with pytest.raises(RegistryError, match=r"^git cat-file: .*bad config line 1"):
        reader.results()


def test_only_object_ids_are_asked_of_cat_file(repo: GitRegistry) -> None:
    repository = Repository(repo.root)
    with pytest.raises(RegistryError, match="không phải mã đối tượng git"):
        repository.read_blobs([f"HEAD:{PATH}"])
    reader = repository.blob_reader(len)
    with pytest.raises(RegistryError, match="không phải mã đối tượng git"):
        reader.request("HEAD\n--batch-all-objects")
    assert reader.results() == {}


@pytest.mark.parametrize("option", ["--output={file}", "-o{file}", "--output={file}..HEAD"])
def test_a_ref_that_looks_like_an_option_reaches_git_as_a_revision(
    repo: GitRegistry, tmp_path: Path, option: str
) -> None:
    """Before ``--end-of-options``, ``git log --output=FILE`` wrote the log wherever it was told."""
    written = tmp_path / "written"
    ref = option.format(file=written)
    repository = Repository(repo.root)
    with pytest.raises(RegistryError, match=r"^không có nhánh hay commit nào tên"):
        repository.resolve(ref)
    with pytest.raises(RegistryError, match=r"^git log: "):
        list(repository.log(head=ref))
    with pytest.raises(RegistryError, match=r"^git log: "):
        list(repository.log(since=ref))
    with pytest.raises(RegistryError, match=r"^git diff: "):
        repository.diff(ref, "HEAD", "proposals")
    with pytest.raises(RegistryError, match=r"^git ls-tree: "):
        repository.list_files(ref, "proposals")
    with pytest.raises(RegistryError, match=r"^git merge-base: "):
        repository.merge_base(ref, "HEAD")
    assert not written.exists()


def test_a_folder_outside_any_repository_is_told_apart_from_a_damaged_one(repo: GitRegistry, tmp_path: Path) -> None:
    plain = tmp_path / "tu-ban-nen"
    plain.mkdir()
    with pytest.raises(NotARepository, match="không nằm trong kho git nào"):
        Repository(plain)
    (repo.root / ".git" / "HEAD").unlink()
    with pytest.raises(RegistryError, match=r"\.git: git không mở được kho này, có thể kho đã bị hỏng") as caught:
        Repository(repo.root / "proposals")
    assert not isinstance(caught.value, NotARepository)


def test_without_git_the_error_says_so(repo: GitRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repository = Repository(repo.root)  # found without running git
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    with pytest.raises(RegistryError, match=r"^không chạy được git \(.*\): hãy cài đặt git"):
        repository.resolve("HEAD")
    with pytest.raises(RegistryError, match="không chạy được git"):
        read_history(repository)


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_the_log_reads_the_same_whatever_the_pieces_it_arrives_in(
    repo: GitRegistry, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log is split a megabyte at a time: a commit, a name or a character cut by the end of a
    piece is read as if it had come whole, newest first as oldest first."""
    repo.write("ghi chú \x1eC\nđặc biệt.txt", "x")
    repo.commit("Tệp có tên lạ")
    repo.git("commit", "-q", "--allow-empty", "-m", "Không đổi gì")
    moved = PATH.replace("so-tu-phap", "so-noi-vu")
    (repo.root / moved).parent.mkdir(parents=True)
    repo.git("mv", PATH, moved)
    repo.commit("Chuyển 2025-901")
    repository = Repository(repo.root)
    whole = list(repository.log())
    expected = _events(repository)
    assert [event["kind"] for event in expected["2025-901"]] == ["added", "changed", "moved"]
    monkeypatch.setattr("registry.gitrepo._LOG_CHUNK", chunk)
    assert list(repository.log()) == whole
    assert list(repository.log(oldest_first=False)) == whole[::-1]
    assert _events(repository) == expected


def _events(repository: Repository) -> dict[str, list[dict[str, object]]]:
    return {name: [event.as_dict() for event in events] for name, events in read_history(repository).items()}


# What a user reads when git cannot answer, built for real and run through the command line: the
# Vietnamese message (the catalogue's git.*), exit status 2, and no traceback.
UNKNOWN = (
    "registry: không có nhánh hay commit nào tên 'khong-co' trong kho git; hãy kiểm tra lại tên nhánh hoặc mã "
    "commit (nhánh trên máy chủ, như origin/main, cần git fetch trước)\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--base", "khong-co"],
        ["check", "--base", "main", "--head", "khong-co"],
        ["history", "--branch", "khong-co"],
        ["history", "--since", "khong-co"],
        ["audit", "--since", "khong-co"],
    ],
)
def test_an_unknown_revision_is_named_and_what_to_do_said(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main(["--root", str(repo.root), *argv]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", UNKNOWN)


def test_a_revision_below_a_shallow_clone_says_to_fetch_more(
    repo: GitRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clone of depth 1 (a CI checkout's default) lacks the commit before its last."""
    clone = tmp_path / "nong"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], env=ENV, check=True)
    assert main(["--root", str(clone), "check", "--base", "HEAD~1"]) == 2
    assert capsys.readouterr().err == (
        "registry: không có nhánh hay commit nào tên 'HEAD~1' trong bản sao này; bản sao chỉ có phần gần nhất của "
        "lịch sử (shallow clone): hãy chạy git fetch --unshallow, hoặc git fetch với --depth lớn hơn\n"
    )


@pytest.mark.parametrize("command", [["check", "--base", "main"], ["history"], ["audit"]])
def test_a_bare_repository_is_refused_and_what_to_do_said(
    repo: GitRegistry, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A bare clone has no working folder: the registry's configuration beside its objects finds the
    repository, which has no proposals to check."""
    bare = tmp_path / "kho-tran.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.root), str(bare)], env=ENV, check=True)
    copy_configuration(bare)
    assert main(["--root", str(bare), *command]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"registry: {bare}: đây là kho git trần (bare), không có thư mục làm việc chứa các đề xuất để kiểm tra; "
        "hãy chạy lệnh trong một bản sao thường của kho (git clone không có --bare)\n"
    )
    assert captured.out == ""


@pytest.mark.parametrize("command", [["check", "--base", "main"], ["history"], ["audit"]])
def test_a_folder_outside_any_repository_says_where_the_history_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A registry copied or unpacked without its .git folder."""
    copied = tmp_path / "ban-chep"
    copied.mkdir()
    copy_configuration(copied)
    assert main(["--root", str(copied), *command]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"registry: {copied}: thư mục không nằm trong kho git nào nên không có lịch sử thay đổi để đọc; lịch sử chỉ "
        "có trong bản sao lấy bằng git clone, không có trong bản chép lại hay tệp nén\n"
    )
    assert captured.out == ""


def _without_git(tmp_path: Path) -> dict[str, str]:
    """The environment with a PATH that holds no program at all (Python is run by its full path)."""
    programs = tmp_path / "khong-co-git"
    programs.mkdir()
    assert shutil.which("git", path=str(programs)) is None
    return {**ENV, "PATH": str(programs)}


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("vi", "hãy cài đặt git, hoặc thêm thư mục chứa git vào biến môi trường PATH"),
        ("en", "install git, or add the folder that holds it to the PATH environment variable"),
    ],
)
@pytest.mark.parametrize("command", [["check", "--base", "main"], ["history"]])
def test_without_git_on_the_path_the_command_says_to_install_it(
    repo: GitRegistry, tmp_path: Path, language: str, said: str, command: list[str]
) -> None:
    """The command run as a user runs it, with a PATH where git is not."""
    done = subprocess.run(
        [sys.executable, "-m", "registry", "--lang", language, "--root", str(repo.root), *command],
        env=_without_git(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    opening = "registry: không chạy được git (" if language == "vi" else "registry: git cannot be run ("
    assert done.stderr.startswith(opening) and done.stderr.endswith(f"): {said}\n"), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
