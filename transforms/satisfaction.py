"""Satisfaction (`tevr_*` of the catalogue) from Klant in Focus responses, by the response's local date.

A valid response has a score; "Weet niet" and an empty score (kept by the reader with an empty score)
count nowhere: not in a numerator, not in a denominator, not in `tevr_reacties`. A Smiley (1-5) is
positive at 4 or 5; a Rapportcijfer (1-10) is voldoende at 6 or more. Digital channels are website,
e-mail and webformulier. A period without valid responses has no percentage and no mean (empty, with
noemer 0), never 0 %; its number of responses is 0.

Besides the KPIs, the score distribution per channel and question (`DISTRIBUTION`, for the sheet
Tevredenheid, not in kpis.csv) and the response rate beside the channel's contacts.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from core.catalogue import GOOD_FROM, SATISFACTION_DOMAIN, codes_of
from core.profiles import FEEDBACK_CHANNELS, SCORE_RANGES
from core.registry import FigureContext
from transforms.coverage import export_coverage
from transforms.figures import Bucket, Figures, bucketed, completed
from transforms.kpi_frame import KEYS, count_kpi, long_kpis, ratio_kpi, with_norms

SMILEY, GRADE = "smiley", "rapportcijfer"
DIGITAL = ("website", "email", "webformulier")
KCC_TEAM = "KCC"
CHANNELS = FEEDBACK_CHANNELS  # groep kanaal=<k>
CODES = codes_of(SATISFACTION_DOMAIN)
DISTRIBUTION = "tevr_verdeling"  # the sheet's extra frame
DISTRIBUTION_SCHEMA = {
    "gemeente": pl.String,
    "periode": pl.String,
    "kanaal": pl.String,
    "vraag": pl.String,
    "score": pl.Int8,  # null: no opinion ("Weet niet" or empty)
    "aantal": pl.Int64,
    "aandeel": pl.Float64,  # % of the valid responses of its channel and question; null for no opinion
}
RATE_SCHEMA = {"kanaal": pl.String, "reacties": pl.Float64, "contacten": pl.Float64, "respons_pct": pl.Float64}
BY = ["gemeente", "periode"]


def _count(condition: pl.Expr) -> pl.Expr:
    return condition.fill_null(False).sum()


def satisfaction_kpis(responses: pl.LazyFrame) -> pl.LazyFrame:
    """`tevr_*` per gemeente and periode (and `tevr_reacties`, `tevr_cijfer_gem` per channel) from
    responses that carry `periode` (`transforms.figures.bucketed`); long format, without norms."""
    valid = responses.filter(pl.col("score").is_not_null())
    score = pl.col("score").cast(pl.Int64)
    smiley, grade = pl.col("vraag") == SMILEY, pl.col("vraag") == GRADE
    positive, sufficient = score >= GOOD_FROM[SMILEY], score >= GOOD_FROM[GRADE]
    kcc = smiley & (pl.col("team") == KCC_TEAM)
    website = smiley & (pl.col("kanaal") == "website")
    digital = grade & pl.col("kanaal").is_in(DIGITAL)
    grades = {"cijfer_som": score.filter(grade).sum(), "cijfers": _count(grade)}
    totals = valid.group_by(BY).agg(
        reacties=pl.len(),
        kcc_pos=_count(kcc & positive),
        kcc=_count(kcc),
        web_pos=_count(website & positive),
        web=_count(website),
        dig_ok=_count(digital & sufficient),
        dig=_count(digital),
        **grades,
    )
    overall = long_kpis(
        totals,
        BY,
        [
            count_kpi("tevr_reacties", pl.col("reacties")),
            ratio_kpi("tevr_kcc_positief_pct", pl.col("kcc_pos"), pl.col("kcc")),
            ratio_kpi("tevr_website_positief_pct", pl.col("web_pos"), pl.col("web")),
            ratio_kpi("tevr_digitaal_voldoende_pct", pl.col("dig_ok"), pl.col("dig")),
            ratio_kpi("tevr_cijfer_gem", pl.col("cijfer_som"), pl.col("cijfers"), scale=1.0),
        ],
    ).with_columns(groep=pl.lit(None, pl.String))
    per_channel = valid.group_by([*BY, "kanaal"]).agg(reacties=pl.len(), **grades)
    channels = (
        long_kpis(
            per_channel,
            [*BY, "kanaal"],
            [
                count_kpi("tevr_reacties", pl.col("reacties")),
                ratio_kpi("tevr_cijfer_gem", pl.col("cijfer_som"), pl.col("cijfers"), scale=1.0),
            ],
        )
        .with_columns(groep=pl.format("kanaal={}", pl.col("kanaal")))
        .drop("kanaal")
    )
    return pl.concat([overall, channels], how="diagonal_relaxed")


def score_distribution(responses: pl.LazyFrame) -> pl.LazyFrame:
    """Per gemeente, periode, channel and question that has responses: how many gave each score of the
    question's range (0 where none did) and their share of the valid responses, and how many gave no
    opinion (score empty). `responses` carry `periode`."""
    counts = responses.group_by([*BY, "kanaal", "vraag", "score"]).agg(aantal=pl.len())
    scale = pl.LazyFrame(
        [(q, s) for q, (low, high) in SCORE_RANGES.items() for s in [*range(low, high + 1), None]],
        schema={"vraag": pl.String, "score": pl.Int8},
        orient="row",
    )
    grid = counts.select([*BY, "kanaal", "vraag"]).unique().join(scale, on="vraag", how="inner")
    keys = [*BY, "kanaal", "vraag", "score"]
    full = grid.join(counts, on=keys, how="left", nulls_equal=True).with_columns(pl.col("aantal").fill_null(0))
    valid = pl.col("aantal").filter(pl.col("score").is_not_null()).sum().over([*BY, "kanaal", "vraag"])
    return (
        full.with_columns(
            aandeel=pl.when(pl.col("score").is_not_null() & (valid > 0)).then(pl.col("aantal") * 100.0 / valid)
        )
        .select(list(DISTRIBUTION_SCHEMA))
        .cast(pl.Schema(DISTRIBUTION_SCHEMA))
    )


def scores_per_channel(distribution: pl.DataFrame, periode: str, vraag: str) -> pl.DataFrame:
    """One row per channel (CHANNELS order) with responses to `vraag` in one periode: `reacties` (valid),
    `zonder_oordeel`, the share of each score of the range (`s1` ... `s5` or `s10`, % of the valid ones),
    `goed_pct` (positief or voldoende: core.catalogue.GOOD_FROM) and `gemiddeld` (mean score).
    `distribution`: DISTRIBUTION_SCHEMA rows of one gemeente."""
    low, high = SCORE_RANGES[vraag]
    good = GOOD_FROM[vraag]
    rows = distribution.filter((pl.col("periode") == periode) & (pl.col("vraag") == vraag))
    scored = pl.col("score").is_not_null()
    valid = pl.col("aantal").filter(scored).sum()
    summary = rows.group_by("kanaal").agg(
        reacties=valid,
        zonder_oordeel=pl.col("aantal").filter(~scored).sum(),
        goed_pct=pl.when(valid > 0).then(pl.col("aantal").filter(pl.col("score") >= good).sum() * 100.0 / valid),
        gemiddeld=pl.when(valid > 0).then(
            (pl.col("aantal") * pl.col("score").cast(pl.Int64)).filter(scored).sum() / valid
        ),
    )
    shares = (
        rows.filter(scored)
        .with_columns(s=pl.format("s{}", pl.col("score")))
        .pivot(on="s", index="kanaal", values="aandeel", aggregate_function=None)
    )
    order = {k: i for i, k in enumerate(CHANNELS)}
    columns = [f"s{n}" for n in range(low, high + 1)]
    out = summary.join(shares, on="kanaal", how="left") if shares.height else summary
    return (
        out.filter(pl.col("reacties") + pl.col("zonder_oordeel") > 0)
        .with_columns(pl.lit(None, pl.Float64).alias(c) for c in columns if c not in out.columns)
        .select(
            "kanaal",
            pl.col("reacties").cast(pl.Int64),
            pl.col("zonder_oordeel").cast(pl.Int64),
            *[pl.col(c).cast(pl.Float64) for c in columns],
            pl.col("goed_pct").cast(pl.Float64),
            pl.col("gemiddeld").cast(pl.Float64),
        )
        .sort(pl.col("kanaal").replace_strict(order, default=len(order), return_dtype=pl.Int64))
    )


def response_rates(kpis: pl.DataFrame, periode: str) -> pl.DataFrame:
    """Per feedback channel in one periode: its valid responses (`tevr_reacties`), its contacts
    (`kanaal_contacten`, where the channel picture has them: not for the website) and the responses per
    100 contacts where both are known and there were contacts (RATE_SCHEMA, in CHANNELS order)."""

    def per_channel(code: str, name: str) -> pl.DataFrame:
        rows = kpis.filter((pl.col("kpi") == code) & (pl.col("periode") == periode) & pl.col("groep").is_not_null())
        return rows.select(kanaal=pl.col("groep").str.strip_prefix("kanaal="), **{name: pl.col("waarde")})

    frame = (
        pl.DataFrame({"kanaal": list(CHANNELS)}, schema={"kanaal": pl.String})
        .join(per_channel("tevr_reacties", "reacties"), on="kanaal", how="left")
        .join(per_channel("kanaal_contacten", "contacten"), on="kanaal", how="left")
    )
    rate = pl.when(pl.col("contacten") > 0).then(pl.col("reacties") * 100.0 / pl.col("contacten"))
    return frame.with_columns(respons_pct=rate).select(list(RATE_SCHEMA)).cast(pl.Schema(RATE_SCHEMA))


def feedback_coverage(responses: pl.LazyFrame, tz: str = "Europe/Amsterdam") -> pl.LazyFrame:
    """First day with a response and the last day the newest feedback export covers, per gemeente (the
    responses carry their local date already: `tz` is not needed)."""
    return export_coverage(responses, "feedback", pl.col("datum"))


def feedback_figures(
    responses: pl.LazyFrame,
    buckets: Sequence[Bucket],
    gemeenten: Sequence[str],
    ctx: FigureContext,
    coverage: pl.DataFrame,
) -> Figures:
    """`tevr_*` per gemeente and bucket with norms (every channel present: 0 responses and no mean where it
    had none), and the score distribution (`DISTRIBUTION`) for the sheet Tevredenheid."""
    mine = bucketed(responses.filter(pl.col("gemeente").is_in(list(gemeenten))), buckets)
    periodes = [b[0] for b in buckets]
    kpis = satisfaction_kpis(mine)
    every_channel = pl.LazyFrame(
        [
            (g, p, code, f"kanaal={k}", value, count, count)
            for g in gemeenten
            for p in periodes
            for k in CHANNELS
            for code, value, count in (("tevr_reacties", 0.0, None), ("tevr_cijfer_gem", None, 0))
        ],
        schema={**dict.fromkeys(KEYS, pl.String), "waarde": pl.Float64, "teller": pl.Int64, "noemer": pl.Int64},
        orient="row",
    )
    kpis = pl.concat([kpis, every_channel.join(kpis, on=KEYS, how="anti", nulls_equal=True)], how="diagonal_relaxed")
    full = with_norms(completed(kpis, gemeenten, periodes, CODES), ctx.norms).collect().sort(KEYS, nulls_last=False)
    distribution = (
        score_distribution(mine).collect().sort([*BY, "kanaal", "vraag", "score"], nulls_last=True)
        if gemeenten
        else pl.DataFrame(schema=DISTRIBUTION_SCHEMA)
    )
    return Figures(full, {DISTRIBUTION: distribution})
