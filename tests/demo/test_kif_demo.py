"""The demo Klant in Focus exports: weekly, with and without byte-order mark, readable by the project's own
reader with only the planted rows quarantined, corrections that win, realistic satisfaction, and personal
data only in the raw files."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from core.profiles import KifProfile
from demo.kif import HEADER, write_kif_exports
from sources.files import identify
from sources.kif import load_feedback

TODAY = date(2026, 11, 15)  # a Sunday: the last export holds Monday 9 to Saturday 14 November
GEMEENTEN = ["Losser", "Enschede"]
DEFECTS = [
    "score_buiten_bereik",
    "score_buiten_bereik",
    "onbekende_vraag",
    "ongeldige_tijd",
    "geen_getal",
    "onbekende_gemeente",
    "dubbele_sleutel",
    "dubbele_sleutel",
]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> list[Path]:
    return write_kif_exports(tmp_path_factory.mktemp("demo"), TODAY)


@pytest.fixture(scope="module")
def batches(exports):
    return [load_feedback(identify(p), KifProfile(), GEMEENTEN) for p in exports]


@pytest.fixture(scope="module")
def stored(batches) -> pl.DataFrame:
    """The responses as the store keeps them: the newest export of each wins."""
    return pl.concat([b.records for b in batches]).sort("export_stempel").unique("reactie_id", keep="last")


def test_one_export_a_week_stamped_the_monday_after_and_the_last_today(exports):
    names = [p.name for p in exports]
    assert names[0] == "kif_feedback_20250106.csv"  # 1-5 January 2025 (Wednesday to Sunday)
    assert names[-2:] == ["kif_feedback_20261109.csv", "kif_feedback_20261115.csv"]
    stamps = [date(int(n[13:17]), int(n[17:19]), int(n[19:21])) for n in names[:-1]]
    assert all(s.weekday() == 0 for s in stamps)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(stamps))
    assert len(exports) == 98


def test_layout_with_and_without_byte_order_mark(exports):
    boms = [p.read_bytes().startswith(b"\xef\xbb\xbf") for p in exports]
    assert any(boms) and not all(boms)
    for path in exports:
        raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        assert raw.startswith(";".join(HEADER).encode() + b"\r\n")
        raw.decode("utf-8")


def test_every_file_loads_and_only_the_planted_rows_are_quarantined(batches):
    assert all(b.quarantine.height == 0 for b in batches[:-1])
    last = batches[-1].quarantine
    assert last["regel"].to_list() == DEFECTS
    assert last.filter(pl.col("regel") == "onbekende_gemeente")["gemeente"].to_list() == [None]


def test_corrections_appear_in_the_next_export_and_win(batches, stored):
    seen: dict[str, tuple[str, int | None]] = {}
    corrected = 0
    for batch in batches:
        for rid, score in batch.records.select("reactie_id", "score").iter_rows():
            if rid in seen:
                corrected += 1
                assert seen[rid][1] != score  # another score
            seen[rid] = (batch.file.stamp, score)
    total = stored.height
    assert 0.005 * total < corrected < 0.02 * total
    assert dict(stored.select("reactie_id", "score").iter_rows()) == {rid: s for rid, (_, s) in seen.items()}


def test_volumes_and_channels(stored):
    per_year = stored.filter(pl.col("datum").dt.year() == 2025).group_by("gemeente").len()
    volume = dict(zip(per_year["gemeente"], per_year["len"], strict=True))
    assert 3_000 <= volume["Losser"] <= 6_000
    assert 4 <= volume["Enschede"] / volume["Losser"] <= 6
    losser = stored.filter((pl.col("gemeente") == "Losser") & (pl.col("datum").dt.year() == 2025))
    per_month = losser.filter(pl.col("kanaal") == "telefoon").group_by(pl.col("datum").dt.month()).len()["len"]
    assert per_month.min() >= 30  # enough KCC responses a month for a verdict
    assert losser.filter(pl.col("kanaal").is_in(["telefoon", "balie"]) & (pl.col("datum").dt.weekday() >= 6)).is_empty()
    assert stored["datum"].max() == TODAY - timedelta(days=1) and stored["datum"].min() == date(2025, 1, 1)


def test_satisfaction_near_the_programme_targets(stored):
    valid = stored.filter(pl.col("score").is_not_null() & (pl.col("gemeente") == "Losser"))
    smiley, grade = pl.col("vraag") == "smiley", pl.col("vraag") == "rapportcijfer"

    def share(frame: pl.DataFrame, good: pl.Expr) -> float:
        return frame.select(good.mean()).item()

    kcc = valid.filter(smiley & (pl.col("team") == "KCC"))
    assert 0.85 <= share(kcc, pl.col("score") >= 4) <= 0.93
    site = valid.filter(smiley & (pl.col("kanaal") == "website"))
    before = site.filter(pl.col("datum") < date(2026, 3, 1))
    after = site.filter(pl.col("datum") >= date(2026, 3, 1))
    assert 0.66 <= share(before, pl.col("score") >= 4) <= 0.78  # the old website: below the 80 % of plateau 1
    assert 0.78 <= share(after, pl.col("score") >= 4) <= 0.88  # the new one: around it
    digital = valid.filter(grade & pl.col("kanaal").is_in(["website", "email", "webformulier"]))
    assert 0.86 <= share(digital, pl.col("score") >= 6) <= 0.95
    no_opinion = stored.select(pl.col("score").is_null().mean()).item()
    assert 0.03 <= no_opinion <= 0.06


def test_personal_data_is_in_the_raw_files_only(exports, stored):
    raw = pl.read_csv(exports[10], separator=";", infer_schema_length=0)
    comments = raw["Toelichting"].drop_nulls()
    assert comments.str.contains(r"06-999\d{5}").any() and comments.str.contains(r"99999\d{4}").any()
    assert raw["E-mailadres"].drop_nulls().str.contains(r"^inwoner\d+@example\.invalid$").all()
    pages = pl.concat([pl.read_csv(p, separator=";", infer_schema_length=0)["Pagina"] for p in exports[:20]])
    assert pages.drop_nulls().str.contains(r"\?bsn=99999\d{4}").any()
    flat = stored.write_csv()
    assert "example.invalid" not in flat and "?bsn" not in flat and "06-999" not in flat
    assert not [c for c in stored.columns if c in ("toelichting", "e-mailadres")]


def test_deterministic(exports, tmp_path):
    again = write_kif_exports(tmp_path, TODAY)
    assert [p.name for p in again] == [p.name for p in exports]
    for a, b in zip(exports, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # a complete week's export does not change on a later day
    later = write_kif_exports(tmp_path / "later", TODAY + timedelta(days=9))
    assert later[len(exports) - 2].read_bytes() == exports[-2].read_bytes()
