"""The source registry is the one declaration of each source: every table derived from it covers
every source, and every implementation it names exists with the shape its role needs."""

from __future__ import annotations

import inspect

import polars as pl

from core.catalogue import DOMAINS, KPIS
from core.registry import BY_TABLE, JOINING, READ_SOURCES, SOURCES, UNKNOWN_SCHEMA, implementation
from core.settings import Settings
from flows.stores import SOURCES as STORE_SOURCES
from flows.stores import TABLES
from reports.phrases import SOURCE_NAMES
from sources.files import PREFIXES
from sources.layout import SourceBatch

NAMES = [s.name for s in SOURCES]
READ_NAMES = [s.name for s in READ_SOURCES]


def test_the_registry_lists_each_source_once():
    assert NAMES == ["kcc", "corsa", "jcc", "kif", "programma"]
    assert [*NAMES, "zgw"] == READ_NAMES
    for attribute in ("name", "prefix", "table", "dataset", "title"):
        values = [getattr(s, attribute) for s in SOURCES]
        assert len(set(values)) == len(values), attribute
    for attribute in ("name", "prefix", "title"):
        values = [getattr(s, attribute) for s in READ_SOURCES]
        assert len(set(values)) == len(values), attribute


def test_a_joining_source_writes_the_table_of_a_source_with_its_schema_and_key():
    for source in JOINING:
        owner = BY_TABLE[source.table]
        assert owner in SOURCES and source.key == owner.key, source.name
        assert implementation(source.schema) == implementation(owner.schema), source.name
        for role in ("coverage", "figures", "sheet", "demo"):  # the table's, never its own
            assert getattr(source, role) == getattr(owner, role), (source.name, role)


def test_every_derived_table_covers_every_source():
    assert {s.prefix: s.name for s in READ_SOURCES} == PREFIXES  # file recognition
    assert list(STORE_SOURCES) == READ_NAMES and [t.name for t in TABLES] == [s.table for s in SOURCES]  # the store
    assert {t.name: t.key for t in TABLES} == {s.table: s.key for s in SOURCES}
    assert {s.table: s.title for s in SOURCES} == SOURCE_NAMES  # the report's names
    assert set(Settings().profiles.model_fields) == set(READ_NAMES)  # [profiles.<name>] in the configuration
    for source in READ_SOURCES:
        assert isinstance(getattr(Settings().profiles, source.name), source.profile)


def test_every_implementation_the_registry_names_exists_with_its_shape():
    roles = {"reader": 3, "coverage": 2, "figures": 5, "sheet": 1, "demo": 2}
    for source in READ_SOURCES:
        schema = implementation(source.schema)
        assert isinstance(schema, pl.Schema) and source.key in schema, source.name
        if source.window != "all":
            assert source.window_column in schema, source.name
        for role, arity in roles.items():
            function = implementation(getattr(source, role))
            assert callable(function), (source.name, role)
            required = [
                p for p in inspect.signature(function).parameters.values() if p.default is inspect.Parameter.empty
            ]
            assert len(required) <= arity <= len(inspect.signature(function).parameters), (source.name, role)
        assert inspect.signature(implementation(source.reader)).return_annotation in ("SourceBatch", SourceBatch)
        for optional in (source.prepared, source.unknown, source.prepared_suite):
            assert optional is None or callable(implementation(optional)), source.name


def test_every_kpi_comes_from_registered_sources_and_every_source_feeds_a_domain():
    tables = {s.table for s in SOURCES}
    for kpi in KPIS:
        assert set(kpi.sources) <= tables, kpi.code
    for source in SOURCES:
        if not source.domains:  # the programme's register feeds the sheet Ambities, no KPI
            assert not any(source.table in k.sources for k in KPIS), source.name
            continue
        assert set(source.domains) <= set(DOMAINS), source.name
        assert any(source.table in k.sources for k in KPIS if k.domain in source.domains), source.name


def test_what_the_configuration_does_not_know_has_one_shape():
    settings = Settings()
    for source in SOURCES:
        if source.unknown is None:
            continue
        empty = pl.LazyFrame(schema={**implementation(source.schema), "gemeente": pl.String})
        if source.prepared:
            empty = implementation(source.prepared)(empty, settings.figure_context())
        got = implementation(source.unknown)(empty, settings.figure_context()).collect()
        assert dict(got.schema) == UNKNOWN_SCHEMA, source.name


def test_every_source_declares_where_its_figures_come_from_and_the_heading_of_what_it_feeds():
    # a table's source line and a domain's heading come from the registry, not from a sheet or phrases
    for source in SOURCES:
        assert source.attribution, source.name
        assert bool(source.heading) == bool(source.domains), source.name
    for source in JOINING:  # shown under its table's first source's attribution and heading
        assert source.attribution is None and source.heading is None, source.name
