"""Task helpers: retries are for the outside world failing, not for wrong input."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError

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
