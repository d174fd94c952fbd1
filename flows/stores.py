"""Which sources feed which store tables, read how and checked by which suite."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dvm.settings import Settings
from expectations.appointments import appointments_suite
from expectations.calls import calls_suite
from expectations.cases import cases_suite
from sources.appointments_schema import APPOINTMENTS_KEY, APPOINTMENTS_SCHEMA
from sources.cases_schema import CASES_KEY, CASES_SCHEMA
from sources.corsa import load_cases
from sources.files import ExportFile
from sources.jcc import load_appointments
from sources.kcc import CALLS_KEY, CALLS_SCHEMA, load_calls
from sources.layout import SourceBatch
from store.delta_store import Store, TableSpec


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
