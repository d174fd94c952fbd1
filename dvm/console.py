"""What a command says on stderr besides its own one-line answers.

Quiet by default: Prefect's run logs stay in Prefect (the command says itself what was done and
what failed), other logs (Prefect's client, Great Expectations, ...) only from WARNING up, one
line each, never a traceback. `--verbose` shows everything as Prefect and GX log it. Long work
shows a progress line ("bestanden lezen: 12/39") when stderr is a terminal.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from core.errors import UserError

# The run's own account (in Prefect) and Python's warnings to developers: shown with --verbose only.
NOT_SHOWN = ("prefect.flow_runs", "prefect.task_runs", "py.warnings")
# Prefect's own background services (log and event workers) log under their class names, e.g. "Still
# processing items: 3 items remaining..." while they send what is left at a command's end: chatter
_PREFECT_INTERNALS = "/prefect/_internal/"


class _NoTracebackForUserErrors(logging.Filter):
    """Prefect logs a failed run with its traceback; for a user error one line is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], UserError):
            record.exc_info, record.exc_text = None, None
        return True


class _OneLine(logging.Handler):
    """WARNING and up from outside the runs, as 'waarschuwing: <first line>' on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(NOT_SHOWN) or _PREFECT_INTERNALS in record.pathname.replace("\\", "/"):
            return
        try:
            lines = record.getMessage().strip().splitlines() or [""]
        except Exception:
            lines = [str(record.msg)]
        word = "waarschuwing" if record.levelno < logging.ERROR else "fout"
        Progress.clear()
        sys.stderr.write(f"{word}: {lines[0][:300]}\n")
        sys.stderr.flush()


class Progress(logging.Handler):
    """The progress line on a terminal: rewritten in place, cleared before anything else is said."""

    shown = False

    def __init__(self) -> None:
        super().__init__(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(f"\r{record.getMessage()[:100]}\x1b[K")
        sys.stderr.flush()
        Progress.shown = True

    @classmethod
    def clear(cls) -> None:
        if cls.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            cls.shown = False


@contextmanager
def progress_line(verbose: bool) -> Iterator[None]:
    """`flows.tasks.progress` stages on a terminal; nothing when stderr is a file or a pipe."""
    log = logging.getLogger("dvm.progress")
    saved = (log.level, log.propagate, list(log.handlers))
    on_terminal = sys.stderr.isatty()
    if on_terminal or verbose:
        log.setLevel(logging.INFO)
    log.propagate = verbose and not on_terminal
    if on_terminal:
        log.addHandler(Progress())
    try:
        yield
    finally:
        Progress.clear()
        log.setLevel(saved[0])
        log.propagate = saved[1]
        log.handlers[:] = saved[2]


def say(message: str) -> None:
    Progress.clear()
    print(message, file=sys.stderr, flush=True)


@contextmanager
def prefect_logs(verbose: bool) -> Iterator[None]:
    """Prefect's and GX's logging for one command (imports Prefect); restored afterwards, so a
    test that runs commands in-process keeps its own logging."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    import prefect.main  # noqa: F401  # sets Prefect's logging up when imported (as any flow imports it): once, here
    from prefect.logging.configuration import PROCESS_LOGGING_CONFIG, setup_logging
    from prefect.logging.handlers import PrefectConsoleHandler

    if not PROCESS_LOGGING_CONFIG:
        setup_logging()
    root, gx = logging.getLogger(), logging.getLogger("great_expectations")
    saved_root, saved_gx = list(root.handlers), gx.level
    no_traceback = _NoTracebackForUserErrors()
    consoles = [
        h
        for name in [*logging.root.manager.loggerDict, ""]
        for h in getattr(logging.getLogger(name), "handlers", [])
        if isinstance(h, PrefectConsoleHandler)
    ]
    if verbose:
        for handler in consoles:
            handler.addFilter(no_traceback)
    else:
        gx.setLevel(logging.WARNING)
        root.handlers[:] = [h for h in root.handlers if not isinstance(h, PrefectConsoleHandler)] + [_OneLine()]
        logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        root.handlers[:] = saved_root
        gx.setLevel(saved_gx)
        for handler in consoles:
            handler.removeFilter(no_traceback)


class _ReaderMayLeave:
    """A standard stream whose reader may close its end (`dvm report ... | head -1`): the first write
    or flush that finds it closed points the stream's file descriptor at /dev/null (Python's advice on
    SIGPIPE), and that write and every later one, ours or anyone else's, goes nowhere without an error.
    The command goes on: its work and its exit code are not the reader's business."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _reader_left(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._reader_left()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_left()
            with suppress(BrokenPipeError):  # what stayed in the buffer now goes to /dev/null
                self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextmanager
def readers_may_leave() -> Iterator[None]:
    """stdout and stderr for one command, tolerant of a reader that closed its end; what the command
    wrote is flushed at its end (so no BrokenPipeError at the interpreter's exit either)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (_tolerant(stream) for stream in saved)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):  # not a pipe's reader (a full disk, a closed file)
                stream.flush()
        sys.stdout, sys.stderr = saved


def _tolerant(stream):
    """Only a real stream with a file descriptor (not pytest's capture of an in-process test)."""
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return stream
    return stream if isinstance(stream, _ReaderMayLeave) else _ReaderMayLeave(stream)
