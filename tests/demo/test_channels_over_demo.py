"""The channel picture over the demo data of both gemeenten: every month's total is the sum of
its six channels, and each channel equals a plain count of its source records."""

from __future__ import annotations

from collections import Counter
from datetime import date

import polars as pl
import pytest

from core.periods import parse_period
from core.settings import Settings
from demo.corsa import write_corsa_exports
from demo.jcc import write_jcc_exports
from demo.kcc import write_kcc_exports
from sources.corsa import load_cases
from sources.files import identify
from sources.jcc import load_appointments
from sources.kcc import load_calls
from tests.conftest import mapped
from transforms.figures import channel_figures, telephony_figures

TODAY = date(2026, 11, 15)
pytestmark = pytest.mark.slow


def newest(frames: list[pl.DataFrame], key: str) -> pl.DataFrame:
    """The newest export of each record wins, as in the store."""
    return pl.concat(frames).sort("export_stempel").unique(key, keep="last")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings()
    calls = [load_calls(identify(p), settings.profiles.kcc).records for p in write_kcc_exports(folder, TODAY)]
    cases = [load_cases(identify(p), settings.profiles.corsa).records for p in write_corsa_exports(folder, TODAY)]
    appts = [load_appointments(identify(p), settings.profiles.jcc).records for p in write_jcc_exports(folder, TODAY)]
    return settings, mapped(newest(calls, "call_id"), settings), newest(cases, "zaak_id"), newest(appts, "afspraak_id")


def test_each_month_the_channel_total_is_the_sum_of_its_sources(demo):
    settings, calls, cases, appts = demo
    period = parse_period("2026-Q3")
    buckets = [(p.label, p.start, p.end) for p in [period, *period.months()]]
    gemeenten = ["Enschede", "Losser"]
    tel = settings.telephony
    phone = telephony_figures(
        calls.lazy(), buckets, gemeenten, settings.timezone, tel.answer_norm_s, tel.short_abandon_s, {}
    )
    figures = channel_figures(phone, appts.lazy(), cases.lazy(), buckets, gemeenten, {})
    contacts = {
        (r["gemeente"], r["periode"], r["groep"]): r["waarde"]
        for r in figures.filter(pl.col("kpi") == "kanaal_contacten").iter_rows(named=True)
    }
    offered = {
        (r["gemeente"], r["periode"]): r["waarde"]
        for r in phone.filter((pl.col("kpi") == "tel_aangeboden") & pl.col("groep").is_null()).iter_rows(named=True)
    }

    # plain counts of the records: attended appointments by date, cases by registration date and channel
    def month_of(d: date) -> str:
        return f"{d.year}-{d.month:02d}"

    attended: Counter[tuple[str, str]] = Counter()
    registered: Counter[tuple[str, str, str]] = Counter()
    for g, d, status in appts.select("gemeente", "datum", "status").iter_rows():
        if status == "verschenen" and period.start <= d <= period.end:
            attended[(g, month_of(d))] += 1
            attended[(g, period.label)] += 1
    for g, d, kanaal in cases.select("gemeente", "registratiedatum", "kanaal").iter_rows():
        if kanaal in ("email", "webformulier", "post", "sociale_media") and period.start <= d <= period.end:
            registered[(g, month_of(d), kanaal)] += 1
            registered[(g, period.label, kanaal)] += 1

    for g in gemeenten:
        for label, *_ in buckets:
            parts = {
                k: contacts[(g, label, f"kanaal={k}")]
                for k in ("telefoon", "balie", "email", "webformulier", "post", "sociale_media")
            }
            assert contacts[(g, label, None)] == sum(parts.values()), (g, label)
            assert parts["telefoon"] == offered[(g, label)] > 0
            assert parts["balie"] == attended[(g, label)] > 0
            for k in ("email", "webformulier", "post", "sociale_media"):
                assert parts[k] == registered[(g, label, k)], (g, label, k)
    # the quarter is the sum of its months, channel by channel
    for g in gemeenten:
        for k in ("telefoon", "balie", "email", "webformulier", "post", "sociale_media"):
            assert contacts[(g, "2026-Q3", f"kanaal={k}")] == sum(
                contacts[(g, m, f"kanaal={k}")] for m in ("2026-07", "2026-08", "2026-09")
            )
