"""dvm/console.py: what the quiet command line says of a log record."""

from __future__ import annotations

import logging

from dvm.console import _OneLine


def record(name: str, pathname: str, message: str) -> logging.LogRecord:
    return logging.LogRecord(name, logging.WARNING, pathname, 1, message, None, None)


def test_prefect_s_background_services_are_not_shown_and_other_warnings_are(capsys):
    # Prefect's log worker, still sending at a command's end, warns under its class name from its
    # internal services module: chatter, not for the user; a warning from elsewhere is one line
    import prefect._internal.concurrency.services as services

    line = _OneLine()
    line.emit(record("APILogWorker", services.__file__, "Still processing items: 3 items remaining..."))
    line.emit(record("prefect.flow_runs", "/x/flows/report.py", "een run"))
    assert capsys.readouterr().err == ""
    line.emit(record("dvm", "/x/flows/report.py", "opslag bijna vol\ntweede regel"))
    assert capsys.readouterr().err == "waarschuwing: opslag bijna vol\n"
