"""expectations/gx_runner.validate: GX's own reference cycles do not keep the caller's data alive."""

from __future__ import annotations

import gc
import weakref

from expectations.calls import calls_suite
from expectations.gx_runner import validate
from tests.expectations.test_calls_suite import clean_calls


class Held:
    """Something big a caller holds while it checks (in the ingest: a file's million records)."""


def test_what_the_caller_holds_is_freed_when_it_returns_not_at_the_next_full_collection():
    # GX keeps some exceptions it catches in reference cycles with its frames, and a frame holds the frame
    # that called it: run on the caller's stack, those cycles kept the caller's frame - and what it held -
    # until Python's cyclic collector ran (with a command's thresholds, a file's records for several
    # files: 2.1 GB at the 10M ingest). Checked with the collector off: only reference counts free it.
    def check() -> weakref.ref:
        held = Held()
        report = validate("calls", clean_calls(), calls_suite())
        assert report.failed_critical == []
        return weakref.ref(held)

    gc.collect()
    gc.disable()
    try:
        left = check()
        assert left() is None, "the caller's frame is still held (by GX's reference cycles)"
    finally:
        gc.enable()
