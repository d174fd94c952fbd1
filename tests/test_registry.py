"""The source registry is the one declaration of each source: every table derived from it covers
every source (its code, wired in flows/wiring.py, is checked by tests/test_wiring.py)."""

from __future__ import annotations

from core.catalogue import DOMAINS, KPIS
from core.registry import BY_TABLE, JOINING, READ_SOURCES, SOURCES
from core.settings import Settings
from flows.stores import SOURCES as STORE_SOURCES
from flows.stores import TABLES
from reports.phrases import SOURCE_NAMES
from sources.files import PREFIXES

NAMES = [s.name for s in SOURCES]
READ_NAMES = [s.name for s in READ_SOURCES]


def test_the_registry_lists_each_source_once():
    assert [*NAMES, *(s.name for s in JOINING)] == READ_NAMES  # a joining source is read too
    for attribute in ("name", "prefix", "table", "dataset", "title"):
        values = [getattr(s, attribute) for s in SOURCES]
        assert len(set(values)) == len(values), attribute
    for attribute in ("name", "prefix", "title"):
        values = [getattr(s, attribute) for s in READ_SOURCES]
        assert len(set(values)) == len(values), attribute


def test_a_joining_source_writes_the_table_of_a_source_with_its_key():
    for source in JOINING:
        owner = BY_TABLE[source.table]
        assert owner in SOURCES and source.key == owner.key, source.name


def test_every_derived_table_covers_every_source():
    assert {s.prefix: s.name for s in READ_SOURCES} == PREFIXES  # file recognition
    assert list(STORE_SOURCES) == READ_NAMES and [t.name for t in TABLES] == [s.table for s in SOURCES]  # the store
    assert {t.name: t.key for t in TABLES} == {s.table: s.key for s in SOURCES}
    assert {s.table: s.title for s in SOURCES} == SOURCE_NAMES  # the report's names
    assert set(Settings().profiles.model_fields) == set(READ_NAMES)  # [profiles.<name>] in the configuration
    for source in READ_SOURCES:
        assert isinstance(getattr(Settings().profiles, source.name), source.profile)


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


def test_every_source_declares_where_its_figures_come_from_and_the_heading_of_what_it_feeds():
    # a table's source line and a domain's heading come from the registry, not from a sheet or phrases
    for source in SOURCES:
        assert source.attribution, source.name
        assert bool(source.heading) == bool(source.domains), source.name
    for source in JOINING:  # shown under its table's first source's attribution and heading
        assert source.attribution is None and source.heading is None, source.name
