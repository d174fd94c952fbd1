"""Task helpers: retries are for the outside world failing, not for wrong input."""

from __future__ import annotations

import logging

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError

from dvm.errors import UserError


def unless_user_error(task, task_run, state) -> bool:
    """Prefect retry condition: retry I/O failures; a user error will not go away by waiting."""
    exc = state.result(raise_on_failure=False)
    return not isinstance(exc, UserError)


def io_task(*delays_s: int):
    """A task that touches files or the network: retried after each delay, uncached
    (its inputs are frames and settings, not worth hashing)."""
    return task(retries=len(delays_s), retry_delay_seconds=list(delays_s),
                retry_condition_fn=unless_user_error, cache_policy=NO_CACHE)


def run_log() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a run; a plain logger when a task's function is called directly."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("dvm")
