"""Retries are for the outside world failing, not for wrong input."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

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
