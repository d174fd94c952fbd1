"""Which sources feed which store tables, read how and checked by which suite."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from dvm.errors import UserError
from dvm.settings import Settings
from dvm.wording import closest, dutch_list, sentences, shown
from sources.appointments_schema import APPOINTMENTS_KEY, APPOINTMENTS_SCHEMA
from sources.cases_schema import CASES_KEY, CASES_SCHEMA
from sources.corsa import load_cases
from sources.files import ExportFile
from sources.jcc import load_appointments
from sources.kcc import CALLS_KEY, CALLS_SCHEMA, load_calls
from sources.layout import SourceBatch
from store.delta_store import Store, TableSpec


# The suites are built with Great Expectations, which takes ~3 s to import: imported when a suite
# is built, so the command line can open the store and check its input before that.
def calls_suite():
    from expectations.calls import calls_suite as suite
    return suite()


def cases_suite():
    from expectations.cases import cases_suite as suite
    return suite()


def appointments_suite():
    from expectations.appointments import appointments_suite as suite
    return suite()


@dataclass(frozen=True)
class SourceSpec:
    table: TableSpec
    dataset: str  # Dutch name in checks and messages
    read: Callable[[ExportFile, Settings], SourceBatch]
    suite: Callable


SOURCES: dict[str, SourceSpec] = {
    "kcc": SourceSpec(TableSpec("calls", CALLS_KEY, CALLS_SCHEMA), "gesprekken",
                      lambda file, s: load_calls(file, s.profiles.kcc, s.queues), calls_suite),
    "corsa": SourceSpec(TableSpec("cases", CASES_KEY, CASES_SCHEMA), "zaken",
                        lambda file, s: load_cases(file, s.profiles.corsa), cases_suite),
    "jcc": SourceSpec(TableSpec("appointments", APPOINTMENTS_KEY, APPOINTMENTS_SCHEMA), "afspraken",
                      lambda file, s: load_appointments(file, s.profiles.jcc), appointments_suite),
}
TABLES = [spec.table for spec in SOURCES.values()]


def open_store(settings: Settings) -> Store:
    return Store(settings.store_path, TABLES)


def gemeenten_in_store(store: Store, version: int | None = None) -> list[str]:
    """Every gemeente with records in any table at a store version (any period), sorted."""
    found: set[str] = set()
    for table in TABLES:
        found.update(store.read(table.name, version).select(pl.col("gemeente").unique()).collect()["gemeente"]
                     .drop_nulls().to_list())
    return sorted(found)


def chosen_gemeenten(asked: list[str] | None, in_store: list[str]) -> list[str]:
    """The gemeenten asked for, as the store spells them (another case is the same gemeente when
    only one matches); every gemeente in the store when none was asked for."""
    if not asked:
        return in_store
    by_lower: dict[str, list[str]] = {}
    for g in in_store:
        by_lower.setdefault(g.lower(), []).append(g)
    out, problems = [], []
    for name in asked:
        if name in in_store:
            out.append(name)
        elif len(matches := by_lower.get(name.lower(), [])) == 1:
            out.append(matches[0])
        else:
            near = matches or [g for g in in_store if g == closest(name, in_store)]
            problems.append(f"gemeente '{shown(name)}' onbekend" + (
                f"; bedoelt u {dutch_list(near, 'of')}?" if near else
                f"; in de opslag: {dutch_list(in_store)}" if in_store else "; de opslag bevat nog geen gemeenten"))
    if problems:
        raise UserError(sentences(problems))
    return sorted(set(out))
