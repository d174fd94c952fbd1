"""Task helpers: retries are for the outside world failing, not for wrong input."""

from __future__ import annotations

import functools
import inspect
import logging
import typing
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.states import Failed

from core.errors import UserError, disk_full_or_read_only


def unless_user_error(task, task_run, state) -> bool:
    """Prefect retry condition: retry I/O failures; a user error and a full or read-only disk
    will not go away by waiting. A store that does not answer (`retried`, store/remote.py) may be
    briefly away: retried, and said so in the run's log."""
    exc = state.result(raise_on_failure=False)
    if getattr(exc, "retried", False):
        run_log().warning("%s; de taak probeert het opnieuw", exc)
        return True
    return not isinstance(exc, UserError) and not (isinstance(exc, BaseException) and disk_full_or_read_only(exc))


def progress(text: str) -> None:
    """A stage of long work ("bestanden lezen: 12/39"): the command line shows it on a terminal;
    elsewhere (a served run) it goes nowhere. Not a run log: the run's account stays short."""
    logging.getLogger("dvm.progress").info(text)


P = ParamSpec("P")
R = TypeVar("R")


def io_task(*delays_s: int) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A task that touches files or the network: retried after each delay, uncached
    (its inputs are frames and settings, not worth hashing)."""
    return task(
        retries=len(delays_s),
        retry_delay_seconds=list(delays_s),
        retry_condition_fn=unless_user_error,
        cache_policy=NO_CACHE,
    )


def run_log() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a run; a plain logger when a task's function is called directly."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("dvm")


class _UserErrorInOneLine(logging.Filter):
    """Prefect logs a failed task or run with its traceback; a user error is its one Dutch line."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, UserError):
            record.msg, record.args, record.exc_info, record.exc_text = str(exc), (), None, None
        return True


_ONE_LINE = _UserErrorInOneLine()


def answers_user_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """A flow's body whose user error (a period that is no period, an unknown gemeente, nothing to report)
    ends the run as Failed with that one Dutch line as its message - in the Prefect UI and the log of
    `dvm serve`, without "Flow run encountered an exception" and a traceback - and still reaches a caller
    (the command line, a parent flow, the alert hook) as that error: the state carries it."""

    @functools.wraps(fn)
    def body(*args: P.args, **kwargs: P.kwargs) -> R:
        for name in ("prefect.flow_runs", "prefect.task_runs"):  # this process's run loggers, once
            if _ONE_LINE not in logging.getLogger(name).filters:
                logging.getLogger(name).addFilter(_ONE_LINE)
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            return Failed(message=str(exc), data=exc)  # type: ignore[return-value]  # Prefect raises it for a caller

    # the flow's parameters as its module names them (string annotations under `from __future__ import
    # annotations` resolve in that module, not here): Prefect builds the form and checks the values from them
    body.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    body.__annotations__ = typing.get_type_hints(fn, include_extras=True)
    return body
