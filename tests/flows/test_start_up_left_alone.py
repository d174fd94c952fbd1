"""flows.ingest.start_up_left_alone: while the files go through, the garbage collector leaves the
objects that existed before alone (the process's start-up); what the load makes is collected as
always, and after the block everything is again. A process that froze its own start-up stays so.

Checked with the collector's automatic runs off, so that only the explicit collections count."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from flows.ingest import start_up_left_alone


class _Cycle:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector_by_hand() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def garbage() -> weakref.ref:
    """A reference cycle nobody holds any more, and a weak reference to see whether it is freed."""
    cycle = _Cycle()
    return weakref.ref(cycle)


def test_the_start_up_is_left_alone_during_the_load_and_collected_after(collector_by_hand):
    assert gc.get_freeze_count() == 0  # nothing in the test process froze
    before = garbage()
    with start_up_left_alone():
        assert gc.get_freeze_count() > 0
        during = garbage()
        gc.collect()
        assert during() is None  # what the load makes is collected as always
        assert before() is not None  # what was there before is not looked at
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert before() is None


def test_a_process_that_froze_its_start_up_itself_stays_so(collector_by_hand):
    before = garbage()
    gc.freeze()
    try:
        with start_up_left_alone():
            pass
        gc.collect()
        assert before() is not None  # still frozen: the block did not thaw what the process froze
    finally:
        gc.unfreeze()
    gc.collect()
    assert before() is None
