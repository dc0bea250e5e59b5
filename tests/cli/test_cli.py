"""The command line: --check, --export-json, --search delegation, exit codes, no Qt in CLI modes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.core.library.test_library import session_text, write
from viewer.app import main

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    root = tmp_path / "good"
    write(root / "README.md", "# Not a session\n")
    write(root / "Day-1_Feb-16" / "sessions" / "001-A.md", session_text("Session A"))
    write(root / "Day-1_Feb-16" / "sessions" / "002-B.md", session_text("Session B"))
    return root


@pytest.fixture
def broken(good: Path) -> Path:
    write(good / "Day-1_Feb-16" / "sessions" / "003-bad.md", b"\x00\xff\x00" * 100)
    return good


def test_check_all_parsed_exits_0(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(good)]) == 0
    out = capsys.readouterr().out
    assert out == "2 sessions, 0 problems\n"


def test_check_with_a_broken_file_exits_1_and_names_it(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Day-1_Feb-16/sessions/003-bad.md: ")
    assert "binary" in lines[0]
    assert lines[1] == "2 sessions, 1 problem"


def test_check_missing_path_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(tmp_path / "absent")]) == 1
    assert "no such file or folder" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["--check"],
        ["--export-json", "out.json"],
        ["--search", "ai"],
        ["--search", "  ", "x"],
        ["--check", "--export-json", "-", "x"],
        ["--check", "--quit-when-ready", "x"],
        ["--no-such-option"],
        ["--export-json"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    from viewer import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"summit-viewer {__version__}"
    assert main(["--help"]) == 0
    assert "--export-json OUT" in capsys.readouterr().out


def test_export_json_to_stdout_and_file(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--export-json", "-", str(broken)]) == 1  # written, but a file failed
    data = json.loads(capsys.readouterr().out)
    assert [s["path"] for s in data["sessions"]] == [
        "Day-1_Feb-16/sessions/001-A",
        "Day-1_Feb-16/sessions/002-B",
    ]
    assert [p["path"] for p in data["problems"]] == ["Day-1_Feb-16/sessions/003-bad.md"]
    target = tmp_path / "catalogue.json"
    (broken / "Day-1_Feb-16" / "sessions" / "003-bad.md").unlink()
    assert main(["--export-json", str(target), str(broken)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["problems"] == []


def test_export_json_unwritable_exits_1(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = good / "README.md" / "inside-a-file.json"
    assert main(["--export-json", str(target), str(good)]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_search_is_delegated(
    good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[str, list[str]]] = []

    def run(query: str, paths: list[str], out: object) -> int:
        calls.append((query, paths))
        print('{"path": "x"}', file=out)  # type: ignore[arg-type]
        return 0

    monkeypatch.setitem(sys.modules, "viewer.cli.search", types.SimpleNamespace(run=run))
    assert main(["--search", "open data", str(good)]) == 0
    assert calls == [("open data", [str(good)])]
    assert capsys.readouterr().out == '{"path": "x"}\n'


def test_search_unavailable_exits_2(
    good: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "viewer.cli.search", None)  # makes the import fail
    assert main(["--search", "ai", str(good)]) == 2
    assert "search is not available" in capsys.readouterr().err


def test_check_uses_the_cache_dir_when_given(good: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert main(["--check", "--cache-dir", str(cache), str(good)]) == 0
    assert any(cache.iterdir())


def run_program(*args: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import sys, runpy; sys.argv = ['main.py', *sys.argv[1:]]\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    qt = any(m.startswith('PySide6') for m in sys.modules)\n"
        "    sys.stderr.write(f'QT_LOADED={qt}\\n'); raise\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_real_process_check_loads_no_qt(broken: Path) -> None:
    result = run_program("--check", str(broken))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "2 sessions, 1 problem"
    assert "QT_LOADED=False" in result.stderr


@pytest.mark.corpus
def test_check_real_collection(corpus_root: Path) -> None:
    result = run_program("--check", str(corpus_root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "356 sessions, 0 problems\n"
    assert "QT_LOADED=False" in result.stderr


@pytest.mark.corpus
def test_export_json_real_collection(corpus_root: Path, tmp_path: Path) -> None:
    from tests.core.export.test_export import check_schema

    target = tmp_path / "catalogue.json"
    result = run_program("--export-json", str(target), str(corpus_root))
    assert result.returncode == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    check_schema(data)
    assert len(data["sessions"]) == 356 and data["problems"] == []
    assert sum(s["speaker_changes"] for s in data["sessions"]) > 10_000


def test_export_json_into_a_fifo_feeds_its_reader(good: Path, tmp_path: Path) -> None:
    """Issue 20 item 1: the FIFO is written into, not replaced by a regular file."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["--export-json", str(fifo), str(good)]) == 0
    reader.join(10)
    assert len(json.loads(got[0])["sessions"]) == 2
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_json_into_a_missing_folder_exits_1_and_creates_nothing(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "out.json"
    assert main(["--export-json", str(target), str(good)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and len(err.splitlines()) == 1
    assert not target.parent.exists()


@pytest.mark.parametrize("mode", ["--check", "--export-json", "--search"])
@pytest.mark.parametrize("redirect", ["closed", "full"])
def test_failed_stdout_is_one_line_not_a_traceback(good: Path, mode: str, redirect: str) -> None:
    """Issue 20 item 13: a closed stdout or /dev/full ends with one plain line, exit 1."""
    args = (
        [mode, "-"]
        if mode == "--export-json"
        else [mode, "session"]
        if mode == "--search"
        else [mode]
    )
    stdout: object = subprocess.DEVNULL
    if redirect == "full":
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full")
        stdout = open("/dev/full", "wb")  # noqa: SIM115 - closed below
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "XDG_CACHE_HOME": str(good.parent / "c")}
    command = [sys.executable, "main.py", *args, str(good)]
    if redirect == "closed":
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
    try:
        result = subprocess.run(
            command,
            cwd=PROJECT,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
    finally:
        if hasattr(stdout, "close"):
            stdout.close()  # type: ignore[union-attr]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("summit-viewer:")]
    assert len(lines) == 1 and "output" in lines[0], result.stderr


@pytest.mark.parametrize(
    "argv",
    [["--search", "-ai"], ["--search=-ai"], ["--search", "--", "-ai"]],
)
def test_a_query_starting_with_a_dash_is_a_query(
    argv: list[str], good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 item 13: `--search -ai` is a search for "-ai", not an unknown option."""
    calls: list[tuple[str, list[str]]] = []

    def run(query: str, paths: list[str], out: object) -> int:
        calls.append((query, paths))
        return 0

    monkeypatch.setitem(sys.modules, "viewer.cli.search", types.SimpleNamespace(run=run))
    assert main([*argv, str(good)]) == 0
    assert calls == [("-ai", [str(good)])]


def test_odd_names_are_printed_visibly_by_check(tmp_path: Path) -> None:
    """Issue 20 item 13: U+202E and bytes that are not UTF-8 in a file name are shown escaped."""
    root = tmp_path / "odd"
    write(root / "evil\u202egpj.md", b"\x00\x01\x02" * 50)
    with open(os.fsencode(root) + b"/caf\xe9.md", "wb") as handle:
        handle.write(b"\x00\x01\x02" * 50)
    result = run_program("--check", str(root))
    assert "\u202e" not in result.stdout and "evil\\u202egpj.md" in result.stdout
    assert "caf\\xe9.md" in result.stdout
