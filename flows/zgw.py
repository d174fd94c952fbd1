"""Pulling cases from the ZGW Zaken API: each configured connection's pull written as a file in the
inbox, to be loaded by ingest like any export (sources/zgw.py). A pull that finds nothing the store
does not already hold writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from core.errors import UserError
from core.settings import Settings, ZgwConnection
from flows.stores import SOURCES, open_store
from flows.tasks import run_log
from sources.files import identify
from sources.zgw import Pulled, last_pull, moved_whole, pull
from transforms.case_sources import new_or_changed_cases

SOURCE = "zgw"


@dataclass(frozen=True)
class PullOutcome:
    gemeente: str
    pulled: Pulled
    path: Path | None  # the file in the inbox; None when the pull found nothing new


def _nothing_new(file: Path, settings: Settings) -> bool:
    """Every case of the pull is in the store as it is, and every row it quarantines was quarantined before."""
    spec = SOURCES[SOURCE]
    batch = spec.read(identify(file), settings)
    store = open_store(settings)
    if store.version() is None:
        return False
    if new_or_changed_cases(batch.records, store.read(spec.table.name)).height:
        return False
    before = store.read("quarantine").filter(pl.col("bron") == SOURCE).select("sleutel", "regel").collect()
    return batch.quarantine.select("sleutel", "regel").join(before, on=["sleutel", "regel"], how="anti").is_empty()


@task(cache_policy=NO_CACHE, tags=[f"bron:{SOURCE}"])
def pull_cases(connection: ZgwConnection, settings: Settings) -> PullOutcome:
    """Pull one connection's zaken (since its last loaded pull, from the ledger) into a staging folder,
    then into the inbox unless it holds nothing new. Raises sources.zgw.PullFailed: nothing written."""
    log = run_log()
    since = last_pull(open_store(settings).ledger(), connection.gemeente)
    staging = settings.home / "zgw-ophalen"
    pulled = pull(
        connection,
        since,
        staging,
        now=datetime.now(ZoneInfo(settings.timezone)),
        elsewhere=(settings.inbox, settings.archive_path, settings.quarantine_path),  # never over another pull
    )
    if _nothing_new(pulled.path, settings):
        pulled.path.unlink()
        log.info("Zaken-API %s: %d zaken opgehaald, niets nieuws", connection.gemeente, pulled.zaken)
        return PullOutcome(connection.gemeente, pulled, None)
    target = moved_whole(pulled.path, settings.inbox)  # never half in the inbox, also on another file system
    log.info("Zaken-API %s: %d zaken opgehaald in %s", connection.gemeente, pulled.zaken, target.name)
    return PullOutcome(connection.gemeente, pulled, target)


@dataclass(frozen=True)
class Pulls:
    outcomes: list[PullOutcome]
    failed: dict[str, UserError]  # gemeente -> why its pull failed (nothing of it written)

    @property
    def files(self) -> list[str]:
        return [str(o.path) for o in self.outcomes if o.path]


@flow(name="zgw-ophalen", log_prints=False)
def pull_zgw(settings: Settings, gemeenten: list[str] | None = None) -> Pulls:
    """Pull each configured connection (of `gemeenten`, default all) into the inbox. A pull that
    fails fails alone: the others are still pulled, and the caller hears which failed and why."""
    outcomes, failed = [], {}
    for connection in settings.zgw:
        if gemeenten is not None and connection.gemeente not in gemeenten:
            continue
        try:
            outcomes.append(pull_cases(connection, settings))
        except UserError as exc:  # PullFailed, a missing secret: this source fails tonight, the others go on
            run_log().error("%s", exc)
            failed[connection.gemeente] = exc
    return Pulls(outcomes, failed)
