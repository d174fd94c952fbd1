"""The GX suite on Klant in Focus responses as stored, and the reconciliation of the tevr_* figures: the
responses (and the rapportcijfers behind the mean) per channel add up to the total."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from core.errors import DataQualityError
from expectations.feedback import feedback_suite, reconcile_feedback
from expectations.gx_runner import require, validate
from sources.kif import FEEDBACK_SCHEMA

AMS = ZoneInfo("Europe/Amsterdam")


def responses(**change) -> pl.DataFrame:
    rows = [
        ("R1", "telefoon", "smiley", 5, None),
        ("R2", "website", "smiley", None, "/afval"),
        ("R3", "website", "rapportcijfer", 10, "/"),
        ("R4", "email", "rapportcijfer", 1, None),
    ]
    frame = pl.DataFrame(
        [
            {
                "reactie_id": rid,
                "ontvangen_op": datetime(2026, 7, 3, 9, 0, tzinfo=AMS),
                "datum": date(2026, 7, 3),
                "kanaal": kanaal,
                "contactmoment": "x",
                "vraag": vraag,
                "score": score,
                "team": None,
                "product": None,
                "pagina": pagina,
                "gemeente": "Losser",
                "export_stempel": "20260706T0000",
                "bron_bestand": "kif_feedback_20260706.csv",
                "bron_hash": "x",
            }
            for rid, kanaal, vraag, score, pagina in rows
        ],
        schema=FEEDBACK_SCHEMA,
    )
    return frame.with_columns(**{c: pl.Series([v] * frame.height, dtype=FEEDBACK_SCHEMA[c]) for c, v in change.items()})


def failed(frame: pl.DataFrame) -> set[str]:
    return {r.description for r in validate("reacties", frame, feedback_suite()).results if not r.success}


def test_good_responses_pass():
    assert failed(responses()) == set()


@pytest.mark.parametrize(
    ("change", "description"),
    [
        ({"score": 6, "vraag": "smiley"}, "score van een smiley ligt tussen 1 en 5"),
        ({"score": 11, "vraag": "rapportcijfer"}, "score van een rapportcijfer ligt tussen 1 en 10"),
        ({"kanaal": "chat"}, "kanaal is een bekende waarde"),
        (
            {"pagina": "/afval?bsn=1"},
            "pagina is alleen een pad (zonder zoekvraag of anker: die kunnen persoonsgegevens bevatten)",
        ),
        ({"reactie_id": "R1"}, "Reactie-ID is uniek"),
        ({"gemeente": None}, "gemeente is altijd gevuld"),
    ],
)
def test_each_broken_rule_fails_its_check(change, description):
    assert description in failed(responses(**change))


COLUMNS = ["gemeente", "periode", "kpi", "groep", "waarde", "teller", "noemer"]


def kpis(changes: dict | None = None) -> pl.DataFrame:
    # Losser 2026-07: 5 responses (telefoon 3, website 2); rapportcijfers: website 2 of the 2 in all
    rows = {
        ("tevr_reacties", None): (5.0, None, None),
        ("tevr_reacties", "kanaal=telefoon"): (3.0, None, None),
        ("tevr_reacties", "kanaal=website"): (2.0, None, None),
        ("tevr_reacties", "kanaal=email"): (0.0, None, None),
        ("tevr_cijfer_gem", None): (7.5, 15, 2),
        ("tevr_cijfer_gem", "kanaal=website"): (7.5, 15, 2),
        ("tevr_cijfer_gem", "kanaal=telefoon"): (None, 0, 0),
    }
    rows |= changes or {}
    return pl.DataFrame([("Losser", "2026-07", k, g, *v) for (k, g), v in rows.items()], schema=COLUMNS, orient="row")


def test_figures_that_add_up_pass():
    assert all(r.success for r in require(reconcile_feedback(kpis())).results)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({("tevr_reacties", None): (6.0, None, None)}, "Losser 2026-07: 6 ≠ 5"),
        ({("tevr_reacties", "kanaal=email"): (1.0, None, None)}, "Losser 2026-07: 5 ≠ 6"),
        ({("tevr_cijfer_gem", "kanaal=telefoon"): (4.0, 4, 1)}, "Losser 2026-07: 2 ≠ 3"),
    ],
)
def test_figures_that_do_not_add_up_stop_the_report(changes, fragment):
    with pytest.raises(DataQualityError) as caught:
        require(reconcile_feedback(kpis(changes)))
    assert fragment in str(caught.value)
