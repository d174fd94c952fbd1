"""The wiring (flows/wiring.py) gives every source of the registry its code: one entry per source,
every part it needs present with the shape of its role, the optional parts as the source declares
them, and nothing for a source the registry does not know."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable

import polars as pl

from core.registry import BY_TABLE, JOINING, READ_SOURCES, SOURCES, UNKNOWN_SCHEMA
from core.settings import Settings
from flows.wiring import (
    SHEETS,
    WIRED,
    WIRING,
    Deferred,
    SourceWiring,
    SummaryWiring,
    check_imports,
    report_check_imports,
    wired,
)
from sources.layout import SourceBatch

# every callable part of a wiring entry -> the number of positional parameters its role passes
SOURCE_ROLES = {
    "reader": 3,  # (file, profile, gemeenten)
    "suite": 0,
    "coverage": 2,  # (records, tz)
    "figures": 5,  # (records, buckets, gemeenten, FigureContext, coverage)
    "sheet": 1,  # (ReportInputs)
    "demo": 2,  # (inbox, today)
    "prepared": 2,  # (records, FigureContext)
    "prepared_suite": 0,
    "unknown": 2,  # (records as prepared, FigureContext)
    "reconcile": 1,  # (KPI frame)
    "set_aside": 2,  # (records as stored, FigureContext)
}
SUMMARY_ROLES = {
    "build": 2,  # (records, tz)
    "prepared": 2,
    "prepared_suite": 0,
    "coverage": 2,
    "figures": 5,
    "unknown": 2,
    "overview": 1,  # (summary)
}
OPTIONAL = {"prepared", "prepared_suite", "unknown", "reconcile", "set_aside", "summary"}


def function_of(part: Callable) -> Callable:
    """The function a part stands for (a deferred one imported now)."""
    return part.load() if isinstance(part, Deferred) else part


def takes(part: Callable, arity: int) -> bool:
    """Whether the part can be called with `arity` positional arguments."""
    parameters = inspect.signature(function_of(part)).parameters.values()
    required = [p for p in parameters if p.default is inspect.Parameter.empty]
    return len(required) <= arity <= len(parameters)


def test_every_read_source_has_one_wiring_entry_and_no_other_source_has_one():
    names = [w.source.name for w in WIRING]
    assert len(names) == len(set(names)) == len(WIRED)
    assert set(names) == {s.name for s in READ_SOURCES}
    for source in READ_SOURCES:
        assert wired(source).source is source, source.name  # the registry's own record, not a copy


def test_the_roles_checked_are_every_part_of_a_wiring_entry():
    # a part added to the wiring without its shape here fails, so nothing is wired unchecked
    assert {f.name for f in dataclasses.fields(SourceWiring)} == {"source", "schema", "summary", *SOURCE_ROLES}
    assert {f.name for f in dataclasses.fields(SummaryWiring)} == {"schema", *SUMMARY_ROLES}


def test_every_part_is_there_and_callable_with_the_parameters_of_its_role():
    for w in WIRING:
        name = w.source.name
        assert isinstance(w.schema, pl.Schema) and w.source.key in w.schema, name
        if w.source.window != "all":
            assert w.source.window_column in w.schema, name
        for role, arity in SOURCE_ROLES.items():
            part = getattr(w, role)
            if part is None:
                assert role in OPTIONAL, (name, role)
                continue
            assert callable(part) and takes(part, arity), (name, role)
        assert inspect.signature(w.reader).return_annotation in ("SourceBatch", SourceBatch), name
        for role in ("suite", "prepared_suite"):  # imported when a check runs: never at import
            assert getattr(w, role) is None or isinstance(getattr(w, role), Deferred), (name, role)
        assert isinstance(w.demo, Deferred), name


def test_summary_parts_exactly_when_the_source_declares_a_summary():
    for w in WIRING:
        assert (w.summary is None) == (w.source.summary is None), w.source.name
        if w.summary is None or w.source.summary is None:
            continue
        assert isinstance(w.summary.schema, pl.Schema) and "datum" in w.summary.schema, w.source.name
        for role, arity in SUMMARY_ROLES.items():
            part = getattr(w.summary, role)
            assert part is not None and callable(part) and takes(part, arity), (w.source.name, role)
        assert isinstance(w.summary.prepared_suite, Deferred), w.source.name
        # what the report reads of it is the summary's: its records' figures would count each call again
        assert w.read is w.summary and w.report_suite is w.summary.prepared_suite, w.source.name


def test_optional_parts_as_the_source_declares_what_it_feeds():
    for w in WIRING:
        name = w.source.name
        if w.prepared_suite is not None or w.set_aside is not None:  # a check or a listing of what `prepared` does
            assert w.prepared is not None, name
        if w.reconcile is not None:  # figures checked against each other: a source that feeds KPIs
            assert w.source.domains, name
        if w.source in JOINING:  # its table's figures, coverage, sheet and demo are its first source's
            owner = wired(BY_TABLE[w.source.table])
            assert w.schema == owner.schema, name
            for role in ("coverage", "figures", "sheet", "demo"):
                assert getattr(w, role) is getattr(owner, role), (name, role)
            for role in ("prepared", "unknown", "reconcile", "set_aside", "summary"):  # the table's, never its own
                assert getattr(w, role) is None, (name, role)


def test_the_sheets_and_the_report_checks_come_from_every_source():
    assert tuple(wired(s).sheet for s in SOURCES) == SHEETS
    assert report_check_imports() == [wired(s).report_suite.load for s in SOURCES]
    assert set(report_check_imports()) <= set(check_imports())
    assert {wired(s).suite.load for s in READ_SOURCES} <= set(check_imports())


def test_what_the_configuration_does_not_know_has_one_shape():
    ctx = Settings().figure_context()
    for source in SOURCES:
        w = wired(source)
        if w.read.unknown is None:
            continue
        schema = w.summary.schema if w.summary else w.schema
        empty = pl.LazyFrame(schema={**schema, "gemeente": pl.String})
        prepared = w.summary.prepared if w.summary else w.prepared
        if prepared is not None:
            empty = prepared(empty, ctx)
        got = w.read.unknown(empty, ctx).collect()
        assert dict(got.schema) == UNKNOWN_SCHEMA, source.name
