"""The Prefect UI as a programme manager meets it: the deployment form asks in Dutch, a period that
is no period is refused in one Dutch line (no regular expression, no traceback in the log), and the
workbook's link opens where the users find the reports."""

from __future__ import annotations

import logging

import pytest
from prefect.utilities.callables import parameter_schema

from flows.deployments import annual_appendix
from flows.nightly import nightly
from flows.prognose import prognose
from flows.report import report, workbook_link


@pytest.mark.parametrize("flow", [report, nightly, prognose, annual_appendix], ids=lambda f: f.name)
def test_every_parameter_of_the_form_has_a_dutch_title_and_description(flow):
    properties = parameter_schema(flow.fn).model_dump_for_openapi()["properties"]
    assert properties and "settings" not in properties  # the settings object is passed, never asked
    for name, field in properties.items():
        assert field["title"] != name and field["title"][0].isupper(), (name, field)
        assert len(field.get("description") or "") > 20, (name, field)
        assert "pattern" not in field, (name, field)  # a regular expression is no answer to a user


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_period_that_is_no_period_is_refused_in_one_dutch_line_without_a_traceback(tmp_path):
    seen = _Records()
    loggers = [logging.getLogger(n) for n in ("prefect.flow_runs", "prefect.task_runs")]
    for log in loggers:
        log.addHandler(seen)
    try:
        state = report("volgende week", home=str(tmp_path), return_state=True)
    finally:
        for log in loggers:
            log.removeHandler(seen)
    assert state.is_failed()
    assert state.message == (
        "periode 'volgende week' niet herkend; verwacht een maand (2026-07), kwartaal (2026-Q3), jaar (2026) "
        "of reeks (2023-01-01..2024-12-31)"
    )
    said = [r.getMessage() for r in seen.records]
    assert not [r for r in seen.records if r.exc_info], said  # no traceback in the run's log
    assert not [m for m in said if "UserError" in m or "encountered an exception" in m], said


def test_the_workbook_link_opens_where_the_users_find_the_reports(tmp_path):
    reports = tmp_path / "reports"
    book = reports / "Losser" / "2026-Q3" / "dienstverleningsmonitor_Losser_2026-Q3.xlsx"
    book.parent.mkdir(parents=True)
    book.touch()
    assert workbook_link(book, reports, "https://intranet.losser.nl/dvm/rapporten/") == (
        "https://intranet.losser.nl/dvm/rapporten/Losser/2026-Q3/dienstverleningsmonitor_Losser_2026-Q3.xlsx"
    )
    assert workbook_link(book, reports, r"\\fs01\pc-cyclus\dvm") == (
        "file://fs01/pc-cyclus/dvm/Losser/2026-Q3/dienstverleningsmonitor_Losser_2026-Q3.xlsx"
    )
    assert workbook_link(book, reports, "/mnt/pc-cyclus/dvm") == (
        "file:///mnt/pc-cyclus/dvm/Losser/2026-Q3/dienstverleningsmonitor_Losser_2026-Q3.xlsx"
    )
    # a gemeente with a space: quoted in a URL
    spaced = reports / "Gemeente 1" / "2026" / "b.xlsx"
    spaced.parent.mkdir(parents=True)
    assert workbook_link(spaced, reports, "https://x/r") == "https://x/r/Gemeente%201/2026/b.xlsx"
    assert workbook_link(book, reports, None) == book.resolve().as_uri()  # not configured: this machine's file
