"""Klant in Focus exports through the ingest flow: a response corrected in a later export wins (also when
the older export is loaded after it), and the figures are computed from the corrected score."""

from __future__ import annotations

from datetime import date

import polars as pl

from core.settings import load_settings
from flows.ingest import ingest
from flows.stores import open_store
from transforms.satisfaction import feedback_figures

HEADER = "Reactie-ID;Datum;Kanaal;Contactmoment;Vraag;Score;Team;Product;Pagina;Toelichting;E-mailadres;Gemeente"


def export(folder, stamp: str, scores: dict[str, str]):
    folder.mkdir(exist_ok=True)
    lines = [HEADER] + [
        f"{rid};06-07-2026 10:0{i};Telefoon;KCC-gesprek;Smiley;{score};KCC;;;;;Losser"
        for i, (rid, score) in enumerate(scores.items())
    ]
    (folder / f"kif_feedback_{stamp}.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def kcc_positive(home) -> tuple[float | None, int, int]:
    settings = load_settings(home=home)
    stored = open_store(settings).read("feedback")
    kpis = feedback_figures(
        stored,
        [("2026-07", date(2026, 7, 1), date(2026, 7, 31))],
        ["Losser"],
        settings.figure_context(),
        pl.DataFrame(),
    ).kpis
    row = kpis.filter((pl.col("kpi") == "tevr_kcc_positief_pct") & pl.col("groep").is_null()).row(0, named=True)
    return row["waarde"], row["teller"], row["noemer"]


def test_a_corrected_response_in_a_later_export_wins(tmp_path):
    home = str(tmp_path / "dvm")
    # week 1: R1 two smileys, R2 five; R3 "Weet niet"
    ingest(
        [str(export(tmp_path / "a", "20260707", {"R1": "2", "R2": "5", "R3": "Weet niet"}))], load_settings(home=home)
    )
    assert kcc_positive(home) == (50.0, 1, 2)  # R2 of R1, R2
    # week 2 corrects R1 to four smileys and R3 to five
    ingest([str(export(tmp_path / "b", "20260714", {"R1": "4", "R3": "5"}))], load_settings(home=home))
    stored = open_store(load_settings(home=home)).read("feedback").collect().sort("reactie_id")
    assert stored["score"].to_list() == [4, 5, 5]
    assert kcc_positive(home) == (100.0, 3, 3)
    # an older export arriving late does not undo the correction: the newest export wins
    ingest([str(export(tmp_path / "c", "20260706", {"R1": "1"}))], load_settings(home=home))
    assert kcc_positive(home) == (100.0, 3, 3)
    # a correction to "Weet niet" takes the response out of the figures
    ingest([str(export(tmp_path / "d", "20260721", {"R2": "Weet niet"}))], load_settings(home=home))
    assert kcc_positive(home) == (100.0, 2, 2)
