"""The checks on the store's tables: run once per store version, configuration and program, kept
in the store (store/checks.py), read back by every later report of that version.

What is checked: each store table as the figures see it (the configuration applied; the calls as
their day totals), of the configured gemeenten, over the whole store version - not one report's
period - with the source's report suite (`SourceSpec.suite(prepared=True)`). A report of a version
checked before reads the results (no Great Expectations import, ~3-4 s saved); a failed critical
check is kept too and stops every report of that version as it stopped the first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from core.registry import SOURCES as REGISTRY
from core.settings import Settings
from flows.freshness import PRINTING, configuration_hash, program_fingerprint
from flows.stores import SOURCES, open_store, views
from store.checks import keep_checks, kept_checks
from store.delta_store import Store

if TYPE_CHECKING:
    from expectations.gx_runner import ValidationReport


def checks_key(settings: Settings) -> str:
    """What else the checks' results depend on: the configuration (the queue mapping, the gemeenten,
    the time zone) and the program (the suites, the readers, the transforms); not whether reports are
    printed to PDF."""
    return f"{configuration_hash(settings, PRINTING)}-{program_fingerprint()}"


def kept(store: Store, version: int, settings: Settings) -> list[ValidationReport] | None:
    """The kept results of the checks of a store version, as they were; None when not checked yet."""
    from expectations.gx_runner import ValidationReport  # no GX: plain records

    results = kept_checks(store, version, checks_key(settings))
    return None if results is None else [ValidationReport.from_json(r) for r in results]


def is_checked(settings: Settings, version: int | None) -> bool:
    """Whether the store version (None: the newest) was checked with this configuration and program."""
    store = open_store(settings)
    version = store.version() if version is None else version
    return version is not None and kept_checks(store, version, checks_key(settings)) is not None


def store_tables(store: Store, version: int, settings: Settings) -> dict[str, pl.DataFrame]:
    """Each store table as the figures see it at a version, of the configured gemeenten, every period."""
    tables = views(store, version, settings.figure_context())
    return {s.table: tables[s.table].filter(pl.col("gemeente").is_in(settings.gemeenten)).collect() for s in REGISTRY}


def checked_store(settings: Settings, version: int) -> list[ValidationReport]:
    """The results of the checks on the store's tables at `version`: kept ones, or checked now (with
    Great Expectations) and kept. Not `require`d here: the caller stops on a failed critical check."""
    store = open_store(settings)
    if (found := kept(store, version, settings)) is not None:
        return found
    from expectations.gx_runner import validate  # Great Expectations: only when a version is checked

    specs = {spec.table.name: spec for spec in SOURCES.values()}
    results = [
        validate(specs[t].checked_dataset, frame, specs[t].suite(prepared=True))
        for t, frame in store_tables(store, version, settings).items()
    ]
    keep_checks(store, version, checks_key(settings), [r.to_json() for r in results])
    return results
