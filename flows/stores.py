"""The store's layout for this product: which canonical tables it holds."""

from __future__ import annotations

from dvm.settings import Settings
from sources.kcc import CALLS_KEY, CALLS_SCHEMA
from store.delta_store import Store, TableSpec

TABLES = [TableSpec("calls", CALLS_KEY, CALLS_SCHEMA)]
TABLE_OF_SOURCE = {"kcc": "calls"}


def open_store(settings: Settings) -> Store:
    return Store(settings.store_path, TABLES)
