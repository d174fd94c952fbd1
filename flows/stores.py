"""The store and its tables, derived from the source registry and its wiring (flows/wiring.py):
which source feeds which table, read how and checked by which suite; the tables as the figures see
them; the gemeenten in it."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core.errors import NothingProduced, UserError
from core.registry import BY_TABLE, READ_SOURCES, UNKNOWN_SCHEMA, FigureContext, Source
from core.registry import SOURCES as REGISTRY
from core.settings import Settings
from core.wording import closest, dutch_list, sentences, shown
from flows.wiring import SourceWiring, wired
from sources.files import ExportFile
from sources.layout import SourceBatch
from store.delta_store import Store, SummarySpec, TableSpec


@dataclass(frozen=True)
class SourceSpec:
    """A source of the registry (core/registry.py) with its code (flows/wiring.py) and store table."""

    source: Source
    table: TableSpec

    @property
    def wiring(self) -> SourceWiring:
        return wired(self.source)

    @property
    def dataset(self) -> str:
        return self.source.dataset

    @property
    def checked_dataset(self) -> str:
        """The name the report's check of this source carries: of its summary, where it has one
        (each deviation found is then a day total, not a record)."""
        return f"dagtotalen {self.dataset}" if self.source.summary is not None else self.dataset

    def read(self, file: ExportFile, settings: Settings) -> SourceBatch:
        return self.wiring.reader(file, getattr(settings.profiles, self.source.name), settings.gemeenten)

    def suite(self, prepared: bool = False):
        """The GX suite of the records as stored (ingest) or as the figures see them (`prepared`: of
        the summary, where the source has one: the report reads that). Built with Great Expectations,
        which takes ~3 s to import: only when a check runs, so the command line can open the store and
        check its input before that."""
        return (self.wiring.report_suite if prepared else self.wiring.suite)()


def _summary(source: Source) -> SummarySpec | None:
    summary, code = source.summary, wired(source).summary
    if summary is None or code is None:
        return None
    return SummarySpec(summary.table, code.schema, summary.time_column, code.build)


SOURCES: dict[str, SourceSpec] = {
    s.name: SourceSpec(s, TableSpec(s.table, s.key, wired(s).schema, _summary(s))) for s in READ_SOURCES
}
TABLES = [SOURCES[s.name].table for s in REGISTRY]  # one per table: a joining source's is its table's


def no_version_yet(settings: Settings, then: str = "") -> str:
    """What to say when the store has no version: that there is no store there at all (a command run
    from another folder than the monitor's), or that it is empty. `then`: what did not happen."""
    where = settings.store_path
    if isinstance(where, Path) and not where.exists():
        return (
            f"er is geen opslag in {where}{then}: geef de map van de monitor met --home MAP (of DVM_HOME), "
            "of laad eerst exports met 'dvm ingest'"
        )
    return f"de opslag in {where} is leeg{then}; laad eerst exports met 'dvm ingest'"


_OPENED: dict[int, Store] = {}  # per Settings object (by id, while it lives) its store


def open_store(settings: Settings) -> Store:
    """The configured store: `<home>/store`, another folder, or s3://bucket/prefix. One Store per Settings
    object: a run has one (flows/start.py), so its steps share one store, and an object store is probed
    once per run, not at each step."""
    key = id(settings)
    if (store := _OPENED.get(key)) is None:
        store = _OPENED[key] = Store(settings.store_path, TABLES, settings.timezone)
        weakref.finalize(settings, _OPENED.pop, key, None)  # gone with its settings: an id is used again
    return store


def read_table(store: Store, table: str, version: int | None, ctx: FigureContext) -> pl.LazyFrame:
    """A store table as the figures see it: with the configuration applied that the source needs
    (the queue mapping of the calls: `prepared` in the wiring)."""
    frame = store.read(table, version)
    prepared = wired(BY_TABLE[table]).prepared
    return prepared(frame, ctx) if prepared else frame


def read_summary(
    store: Store, source: Source, version: int | None, ctx: FigureContext, overview: bool = False
) -> pl.LazyFrame:
    """A source's summary (the calls' day totals) at a store version as the figures see it: with
    the configuration applied; as its `overview` (per day and queue only) when asked. Summed from
    the records when the store has none in the configured time zone (a store from before summaries,
    or the time zone changed since): slower, the same."""
    summary, code = source.summary, wired(source).summary
    assert summary is not None and code is not None
    kept = store.read(summary.table, version)
    zones = kept.select(pl.col("tijdzone").unique()).collect()["tijdzone"].to_list()
    if store.table_versions(version).get(summary.table) is None or zones not in ([ctx.tz], []):
        kept = code.build(store.read(source.table, version), ctx.tz)
    if overview:
        kept = code.overview(kept).collect().lazy()
    return code.prepared(kept, ctx)


def views(store: Store, version: int | None, ctx: FigureContext, overview: bool = False) -> dict[str, pl.LazyFrame]:
    """Per store table what the figures read of it at a store version: its summary where the source
    keeps one (the calls' day totals: far fewer rows, and no more with each year in the store), else
    its records; the configuration applied either way. `overview`: a summary per day and queue only,
    for what spans the whole store (coverage, the gemeenten in it, what is not configured yet)."""
    return {
        s.table: read_summary(store, s, version, ctx, overview)
        if s.summary
        else read_table(store, s.table, version, ctx)
        for s in REGISTRY
    }


def unknown_in_store(tables: dict[str, pl.LazyFrame], ctx: FigureContext, gemeente: str | None = None) -> pl.DataFrame:
    """What the configuration does not know yet, over the whole store (each source's `unknown`):
    UNKNOWN_SCHEMA. `tables`: the store tables as `views` gives them. With a `gemeente`: of its
    own records only, and of the records of no gemeente yet (a call on a queue without a rule)."""
    mine = pl.lit(True) if gemeente is None else (pl.col("gemeente") == gemeente) | pl.col("gemeente").is_null()
    parts = [
        unknown(tables[s.table].filter(mine), ctx)
        for s in REGISTRY
        if (unknown := wired(s).read.unknown) is not None and s.table in tables
    ]
    return pl.concat(parts).collect() if parts else pl.DataFrame(schema=UNKNOWN_SCHEMA)


def configuration_gaps(settings: Settings, version: int | None = None) -> pl.DataFrame:
    """What the store holds that the configuration does not know yet (a queue without a rule, a
    zaaktype without a term, a product without a name), with counts: UNKNOWN_SCHEMA."""
    store, ctx = open_store(settings), settings.figure_context()
    return unknown_in_store(views(store, version, ctx, overview=True), ctx)


def gemeenten_in_store(store: Store, settings: Settings, version: int | None = None) -> list[str]:
    """Every configured gemeente with records in any table at a store version (any period), sorted."""
    found: set[str] = set()
    for frame in views(store, version, settings.figure_context(), overview=True).values():
        found.update(frame.select(pl.col("gemeente").unique()).collect()["gemeente"].drop_nulls().to_list())
    return sorted(found & set(settings.gemeenten))


def chosen_gemeenten(asked: list[str] | None, in_store: list[str], configured: Sequence[str] = ()) -> list[str]:
    """The gemeenten asked for, as the configuration spells them (another case is the same gemeente
    when only one matches); every known gemeente when none was asked for. A gemeente of `configured`
    (the configuration's) that is not `in_store` is no typo: NothingProduced says it has no data."""
    if not asked:
        return in_store
    if empty := [
        g
        for name in asked
        if name not in in_store and name.lower() not in {s.lower() for s in in_store}
        for g in configured
        if g.lower() == name.lower()
    ]:
        raise NothingProduced(
            sentences(
                f"gemeente '{shown(g)}' staat in de configuratie maar heeft geen gegevens in de opslag" for g in empty
            )
            + (f"; gegevens zijn er voor {dutch_list(in_store)}" if in_store else "")
        )
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
            problems.append(
                f"gemeente '{shown(name)}' onbekend"
                + (
                    f"; bedoelt u {dutch_list(near, 'of')}?"
                    if near
                    else f"; ingesteld: {dutch_list(in_store)}"
                    if in_store
                    else "; er zijn geen gemeenten ingesteld"
                )
            )
    if problems:
        raise UserError(sentences(problems))
    return sorted(set(out))
