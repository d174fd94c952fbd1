"""The channel figures reconcile with the source KPIs they are built from."""

from __future__ import annotations

import polars as pl
import pytest

from core.errors import DataQualityError
from expectations.gx_runner import require
from expectations.kpis import reconcile_channels

COLUMNS = ["gemeente", "periode", "kpi", "groep", "waarde", "teller", "noemer"]


def frame() -> pl.DataFrame:
    # Losser 2026-07: 6 calls offered; 5 appointments with a show/no-show, 1 no-show -> 4 appeared;
    # cases: 3 by e-mail. Channel total = 6 + 4 + 3 = 13.
    rows = {
        ("tel_aangeboden", None): (6.0, None, None),
        ("afs_noshow_pct", None): (20.0, 1, 5),
        ("kanaal_contacten", None): (13.0, None, None),
        ("kanaal_contacten", "kanaal=telefoon"): (6.0, None, None),
        ("kanaal_contacten", "kanaal=balie"): (4.0, None, None),
        ("kanaal_contacten", "kanaal=email"): (3.0, None, None),
    }
    return pl.DataFrame([("Losser", "2026-07", k, g, *v) for (k, g), v in rows.items()], schema=COLUMNS, orient="row")


def test_figures_that_add_up_pass():
    assert all(r.success for r in require(reconcile_channels(frame())).results)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({("kanaal_contacten", None): (14.0, None, None)}, "Losser 2026-07: 14.0 ≠ 13.0"),  # total != 6 + 4 + 3
        (
            {
                ("kanaal_contacten", "kanaal=telefoon"): (7.0, None, None),
                ("kanaal_contacten", None): (14.0, None, None),
            },
            "Losser 2026-07: 7.0 ≠ 6.0",
        ),  # telefoon != offered
        (
            {("kanaal_contacten", "kanaal=balie"): (5.0, None, None), ("kanaal_contacten", None): (14.0, None, None)},
            "Losser 2026-07: 5.0 ≠ 4.0",
        ),  # balie != 5 - 1 appeared
    ],
)
def test_each_broken_reconciliation_stops_the_report(changes, fragment):
    with pytest.raises(DataQualityError) as err:
        require(reconcile_channels(frame_with(changes)))
    assert fragment in str(err.value)


def frame_with(changes: dict) -> pl.DataFrame:
    base = frame()
    for (kpi, groep), (waarde, _teller, _noemer) in changes.items():
        match = (pl.col("kpi") == kpi) & pl.col("groep").eq_missing(groep)
        base = base.with_columns(pl.when(match).then(waarde).otherwise(pl.col("waarde")).alias("waarde"))
    return base
