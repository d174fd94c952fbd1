"""The mail text: norms met and not met, worked by hand."""

from __future__ import annotations

from reports.mail_message import report_message
from tests.reports.conftest import kpi_rows

DIRECTIONS = {"tel_servicelevel_pct": ">=", "tel_verloren_pct": "<=", "afs_wachttijd_binnen_norm_pct": ">="}


def test_the_message_lists_met_missed_and_missing_norms():
    kpis = kpi_rows([
        ("Losser", "2026", "tel_aangeboden", None, 20000.0, None, None, None, None),  # no norm: not listed
        ("Losser", "2026", "tel_servicelevel_pct", None, 82.14, 821, 1000, 80.0, True),
        ("Losser", "2026", "tel_verloren_pct", None, 6.25, 6, 96, 5.0, False),
        ("Losser", "2026", "afs_wachttijd_binnen_norm_pct", None, None, 0, 0, 90.0, None),  # no data
        ("Losser", "2026", "tel_servicelevel_pct", "team=KCC", 10.0, 1, 10, 80.0, False),  # a group: not listed
        ("Enschede", "2026", "tel_verloren_pct", None, 1.0, 1, 100, 5.0, True),  # other gemeente
    ])
    subject, body = report_message(kpis, "Losser", "2026", DIRECTIONS)
    # 1 met (service level), 1 missed (lost calls); the empty one is neither
    assert subject == "Dienstverleningsmonitor Losser 2026: 1 van 2 normen gehaald"
    assert body.splitlines() == [
        "Dienstverleningsmonitor, gemeente Losser, periode 2026.", "",
        "Norm gehaald:", "- Servicelevel (binnen T seconden opgenomen): 82,1 % (norm minimaal 80,0 %)", "",
        "Norm niet gehaald:", "- Verloren gesprekken: 6,2 % (norm maximaal 5,0 %)", "",
        "Geen gegevens:", "- Binnen 10 minuten geholpen: geen gegevens (norm minimaal 90,0 %)", "",
        "De werkmap en kpis.csv zijn bijgevoegd; alle cijfers staan op het blad Samenvatting, de definities op het "
        "blad Definities."]
