"""Command line of DESIGN.md: open the window, or check/export/search without one.

The command-line modes (`--check`, `--export-json`, `--search`) never import Qt: they run in
scripts and CI, where loading PySide6 would cost more than the work itself. The window code is
imported only when a window is wanted.

Exit codes: 0 success (every session file parsed), 1 when a file failed or output could not be
written, 2 on a usage error (argparse's convention), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from viewer import __version__

if TYPE_CHECKING:
    from viewer.core.library.load import Library

PROG = "summit-viewer"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read conference-session transcripts offline: browse, filter, find, search.",
        epilog="With no PATH the window opens the last library (or the bundled sample).",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="folders and/or session files to open"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="load without a window, print each problem and a summary; "
        "exit 0 when every session file parsed, 1 otherwise",
    )
    mode.add_argument(
        "--export-json",
        metavar="OUT",
        help="write the catalogue of sessions and problems as JSON to OUT ('-' for stdout)",
    )
    mode.add_argument(
        "--search",
        metavar="QUERY",
        help="print ranked transcript hits as JSON lines (the word after --search is the "
        "query, even when it starts with '-')",
    )
    mode.add_argument(
        "--export-notes",
        metavar="OUT",
        help="write the highlights and notes kept in the current profile as Markdown to OUT "
        "('-' for stdout), for the sessions under PATH (all notes when no PATH is given)",
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="open the window, finish loading, show the first session, then exit 0",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="keep parsed session headers in DIR for a faster next start "
        "(the command-line modes use no cache unless given)",
    )
    parser.add_argument(
        "--collection-url",
        metavar="URL",
        help="where the welcome page downloads the collection from (a zip archive; "
        "kept in the settings)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse and cross-check arguments; raises SystemExit(2) on a usage error."""
    parser = build_parser()
    args = parser.parse_args(_query_after_search(sys.argv[1:] if argv is None else argv))
    cli_mode = args.check or args.export_json is not None or args.search is not None
    if cli_mode and not args.paths:
        option = "--check" if args.check else "--export-json" if args.export_json else "--search"
        parser.error(f"{option} needs at least one PATH")
    if (cli_mode or args.export_notes is not None) and args.quit_when_ready:
        parser.error("--quit-when-ready applies to the window only")
    if args.search is not None and not args.search.strip():
        parser.error("--search needs a non-empty QUERY")
    return args


def _query_after_search(argv: Sequence[str]) -> list[str]:
    """The word after `--search` is the query whatever it starts with: `--search -ai` looks
    for "-ai" (argparse alone would take it for an option). `--search -- -ai` and
    `--search=-ai` mean the same."""
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        if item == "--":
            out.extend(items[i:])
            break
        if item == "--search" and i + 1 < len(items):
            value = items[i + 1]
            if value == "--" and i + 2 < len(items):
                value, i = items[i + 2], i + 1
            out.append(f"--search={value}")
            i += 2
            continue
        out.append(item)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python main.py` and the `summit-viewer` script; returns the exit code."""
    try:
        args = parse_args(argv)
    except SystemExit as exit_:  # argparse: --help/--version (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.check:
            return run_check(args.paths, cache_dir=args.cache_dir)
        if args.export_json is not None:
            return run_export(args.export_json, args.paths, cache_dir=args.cache_dir)
        if args.search is not None:
            return run_search(args.search, args.paths)
        if args.export_notes is not None:
            from viewer.cli.notes import run_export_notes

            return run_export_notes(args.export_notes, args.paths, cache_dir=args.cache_dir)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()  # `... | head`: the reader left; nothing more to say
        return EXIT_OK
    except (OSError, ValueError, AttributeError) as error:
        if not _is_stdout_failure(error):
            raise
        _silence_stdout()  # /dev/full, a closed stdout: say so once, no traceback at exit
        sys.stderr.write(f"{PROG}: cannot write the output: {_plain(error)}\n")
        return EXIT_FAILED
    return run_window(args)


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EINVAL}


def _is_stdout_failure(error: BaseException) -> bool:
    """A failed write to standard output (full device, closed descriptor), not a bug."""
    if sys.stdout is None:
        return True  # started with stdout closed (`>&-`): Python set sys.stdout to None
    if isinstance(error, OSError):  # an OSError naming a file is not about stdout
        return error.filename is None and error.errno in _OUTPUT_ERRNOS
    return isinstance(error, ValueError) and "closed file" in str(error)


def _plain(error: BaseException) -> str:
    if sys.stdout is None:
        return "standard output is closed"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return "standard output is closed"


def _load(paths: Sequence[str], cache_dir: Path | None) -> Library:
    from viewer.core.library.load import load_library

    return load_library(paths, cache_dir=cache_dir)


def run_check(
    paths: Sequence[str], *, cache_dir: Path | None = None, out: TextIO | None = None
) -> int:
    """`--check`: one `path: reason` line per problem, then `N sessions, M problems`."""
    out = out if out is not None else sys.stdout
    started = time.perf_counter()
    library = _load(paths, cache_dir)
    elapsed = time.perf_counter() - started
    for problem in library.problems:
        out.write(f"{problem.path}: {problem.reason}\n")
    out.write(
        f"{_count(len(library.sessions), 'session')}, {_count(len(library.problems), 'problem')}\n"
    )
    out.flush()
    transcripts = sum(1 for s in library.sessions if s.has_transcript)
    sys.stderr.write(quality_line(library) + "\n")
    sys.stderr.write(
        f"{transcripts} with transcripts, {_count(len(library.streams), 'shared stream')}, "
        f"loaded in {elapsed:.2f} s\n"
    )
    return EXIT_FAILED if library.problems else EXIT_OK


def quality_line(library: Library) -> str:
    """`--check`'s one-line summary of the transcript quality flags (`library/quality.py`),
    e.g. "transcripts: 8 doubtful, 14 partial, 108 none, 34 shared, 16 duplicate"."""
    from viewer.core.library.quality import flag_counts

    counts = flag_counts(list(library.qualities().values()))
    order = ("doubtful", "partial", "none", "shared", "duplicate")
    return "transcripts: " + ", ".join(f"{counts[flag]} {flag}" for flag in order)


def run_export(
    target: str,
    paths: Sequence[str],
    *,
    cache_dir: Path | None = None,
    out: TextIO | None = None,
) -> int:
    """`--export-json`: the catalogue to a file (written atomically) or stdout.

    Exit 1 when some file could not be parsed (it is listed under "problems"; the catalogue is
    still written) or when the output cannot be written.
    """
    from viewer.core.export.catalogue import write_catalogue
    from viewer.core.util.output import OutputError, check_target

    try:
        check_target(target)  # a missing folder is refused before the load, not after
        library = _load(paths, cache_dir)
        write_catalogue(library, target, stdout=out)
    except OutputError as error:
        sys.stderr.write(f"{PROG}: {error}\n")
        return EXIT_FAILED
    return EXIT_FAILED if library.problems else EXIT_OK


def run_search(query: str, paths: Sequence[str], out: TextIO | None = None) -> int:
    """`--search`: delegated to `viewer.cli.search`, which owns the index and ranking."""
    try:
        search_cli = importlib.import_module("viewer.cli.search")
    except ImportError as error:
        sys.stderr.write(f"{PROG}: search is not available ({error})\n")
        return EXIT_USAGE
    result: int = search_cli.run(query, list(paths), out if out is not None else sys.stdout)
    return result


def run_window(args: argparse.Namespace) -> int:
    """The GUI: imported only now, so the command-line modes never load Qt.

    The garbage collector sleeps through start-up: importing PySide6 and the window's
    modules, building the widgets and a warm library load make tens of thousands of objects
    that live as long as the window, and none is garbage, yet the collector walked them in
    dozens of passes (benchmarks/FINDINGS.md). Once the
    first library is shown, what start-up built goes to its oldest generation and the
    collector resumes (`viewer.core.util.collector`).
    """
    gc.disable()
    parse_ahead(args)
    try:
        from viewer.ui.mainwindow.application import run_gui
    except ImportError as error:
        gc.enable()
        sys.stderr.write(f"{PROG}: the window cannot start ({error})\n")
        return EXIT_FAILED
    try:
        result: int = run_gui(args, on_ready=_resume_collector)
    finally:
        gc.enable()
    global _window_closed
    _window_closed = True
    return result


def parse_ahead(args: argparse.Namespace) -> None:
    """A first open (no header cache yet) of folders named on the command line: their files
    start being parsed on another core now, while Qt loads and the window is built; the
    load takes what was parsed (`viewer.core.library.parallel`)."""
    paths = list(getattr(args, "paths", None) or [])
    if not paths:
        return
    from viewer.core.library.header_cache import CACHE_NAME
    from viewer.core.util.appdirs import cache_dir

    folder = getattr(args, "cache_dir", None) or cache_dir()
    if not (Path(folder) / CACHE_NAME).exists():
        from viewer.core.library.parallel import prestart

        prestart(paths)


def _resume_collector() -> None:
    from viewer.core.util.collector import keep_what_was_built

    keep_what_was_built()
    gc.enable()


_window_closed = False  # set once the window's event loop has ended and its state is saved


def launch() -> int:
    """The program as launched (main.py, `python -m viewer`, the `summit-viewer` script).

    After the window closed, everything worth keeping is on disk (settings, reading places,
    caches: all written and synced when the window closes, worker threads stopped), so the
    process ends at once instead of tearing down thousands of Python and Qt objects one by
    one. The command-line modes exit normally.
    """
    code = main()
    if _window_closed:
        index_db = sys.modules.get("viewer.core.search.db")
        if index_db is not None:  # os._exit skips atexit: delete this run's temporary index
            index_db.remove_temporaries()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def create_window(paths: Sequence[str], **kwargs: Any) -> Any:
    """Build the main window without entering the event loop (tests, benchmarks)."""
    from viewer.ui.mainwindow.application import create_window as create

    return create(paths, **kwargs)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
