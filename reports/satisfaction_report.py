"""The sheet Tevredenheid: the inwoner's voice from Klant in Focus. The three plateau targets per month
against their norms (a table and a chart), per channel the share of each smiley and each grade with its
number of responses, and the responses beside the channel's contacts. Every number comes finished from
the KPI frame (`tevr_*`, `kanaal_contacten`) and the score distribution (`transforms.satisfaction`)."""

from __future__ import annotations

import polars as pl

from core.catalogue import GOOD_SCORES, SATISFACTION_DOMAIN
from core.profiles import SCORE_RANGES
from reports import theme
from reports.inputs import ReportInputs
from reports.period_labels import month_headings, month_tick_labels, span
from reports.phrases import ATTRIBUTIONS, CHANNEL_NAMES, EMPTY_MEANS, PERCENT_UNITS, month_heading, small_number_note
from reports.tables import Chart, Sheet, Table
from transforms.satisfaction import (
    CHANNELS,
    DISTRIBUTION,
    DISTRIBUTION_SCHEMA,
    GRADE,
    SMILEY,
    response_rates,
    scores_per_channel,
)

SOURCE_KIF = ATTRIBUTIONS["kif"]
TARGETS = ("tevr_kcc_positief_pct", "tevr_website_positief_pct", "tevr_digitaal_voldoende_pct")
COUNT_LABELS = dict(zip(TARGETS, ("Reacties KCC", "Reacties website", "Reacties digitaal"), strict=True))
WHOLE = "Hele periode"
VALID = "Alleen reacties met een score tellen: 'Weet niet' en een lege score staan apart (zonder oordeel)."


def _label_channels(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("kanaal").replace_strict(CHANNEL_NAMES, default=pl.col("kanaal")))


def _norm_of(kpis: pl.DataFrame, code: str) -> float | None:
    norms = kpis.filter((pl.col("kpi") == code) & pl.col("norm").is_not_null())["norm"].unique().to_list()
    return norms[0] if len(norms) == 1 else None


def _targets_per_month(inputs: ReportInputs, kpis: pl.DataFrame, months: list[str]) -> tuple[pl.DataFrame, bool]:
    """'Hele periode' and one row per month (a month alone: its own row): each target's realisation (with
    its small-number mark) and its number of responses, the mean grade and all responses."""
    period = inputs.period
    totals = {(r["periode"], r["kpi"]): r for r in kpis.filter(pl.col("groep").is_null()).iter_rows(named=True)}
    rows, small = [], False
    heads = month_headings(months, inputs.periods)
    labels = [(WHOLE, period.label), *[(heads[m], m) for m in months]] if len(months) > 1 else []
    for name, label in labels or [(month_heading(period.label) if period.kind == "maand" else WHOLE, period.label)]:
        row: dict = {"maand": name}
        for code in (*TARGETS, "tevr_cijfer_gem"):
            cell = totals.get((label, code))
            mark = bool(cell and cell["klein_aantal"] and cell["waarde"] is not None)
            small = small or mark
            kind = "percentage" if code != "tevr_cijfer_gem" else "decimaal"
            row[code] = None if cell is None else cell["waarde"]
            row[f"_f_{code}"] = kind + (theme.SMALL_MARK if mark else "")
            row[f"n_{code}"] = None if cell is None else cell["noemer"]
        cell = totals.get((label, "tevr_reacties"))
        row["tevr_reacties"] = None if cell is None else cell["waarde"]
        rows.append(row)
    schema = {
        "maand": pl.String,
        **{c: t for code in TARGETS for c, t in ((code, pl.Float64), (f"n_{code}", pl.Int64))},
        "tevr_cijfer_gem": pl.Float64,
        "tevr_reacties": pl.Float64,
        **{f"_f_{code}": pl.String for code in (*TARGETS, "tevr_cijfer_gem")},
    }
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row"), small


def _chart(inputs: ReportInputs, table: pl.DataFrame, months: list[str], norms: dict[str, float | None]) -> Chart:
    texts = inputs.texts
    by_value: dict[float, list[str]] = {}
    for code in TARGETS:
        if (norm := norms[code]) is not None:
            name = texts[code].short.removesuffix(" %")
            by_value.setdefault(norm, []).append(name if name.split()[0].isupper() else name[0].lower() + name[1:])
    lines = {
        f"norm {' en '.join(names)}: {value:g} %": value for value, names in sorted(by_value.items(), reverse=True)
    }
    first = next(iter(lines.items()), None)
    stretch = month_heading(months[0]) + ("" if len(months) == 1 else f" tot en met {month_heading(months[-1])}")
    alt = (
        f"Lijngrafiek voor {inputs.gemeente}, {stretch}: per maand het percentage "
        + ", ".join(texts[c].label.lower() for c in TARGETS)
        + (", elk met als stippellijn zijn norm (" + "; ".join(lines) + ")" if lines else "")
        + ". De cijfers staan in de tabel 'Plateaudoelen per maand'."
    )
    return Chart(
        "Plateaudoelen per maand tegen hun norm",
        kind="line",
        data=table.filter(pl.col("maand") != WHOLE)
        .select(*TARGETS)
        .with_columns(maand=pl.Series(month_tick_labels(months, inputs.periods))),
        category="maand",
        series=list(TARGETS),
        labels={c: texts[c].label for c in TARGETS},
        norm=first[1] if first else None,
        norm_label=first[0] if first else "norm",
        norms=dict(list(lines.items())[1:]),
        y_title="%",
        y_kind="percentage",
        alt_text=alt,
    )


def _distribution_table(inputs: ReportInputs, distribution: pl.DataFrame) -> Table | None:
    """One column per channel with responses; for each question a section: the responses with an opinion,
    the share of each score, the positive (or voldoende) share, the mean score and the responses without
    an opinion."""
    label = inputs.period.label
    frames = {vraag: scores_per_channel(distribution, label, vraag) for vraag in (SMILEY, GRADE)}
    answered = {k for frame in frames.values() for k in frame["kanaal"].to_list()}
    channels = [k for k in CHANNELS if k in answered]
    if not channels:
        return None
    rows: list[dict] = []
    has_small = False
    for vraag, frame in frames.items():
        if frame.is_empty():
            continue
        low, high = SCORE_RANGES[vraag]
        smiley = vraag == SMILEY
        rows.append({"_stijl": "sectie", "maat": "Smileys (1-5)" if smiley else "Rapportcijfers (1-10)"})
        by_channel = {r["kanaal"]: r for r in frame.iter_rows(named=True)}
        for column, name, kind in [
            ("reacties", "Reacties met een oordeel", "aantal"),
            *[
                (f"s{n}", (f"{n} smiley" + ("s" if n > 1 else "")) if smiley else f"cijfer {n}", "percentage")
                for n in range(low, high + 1)
            ],
            ("goed_pct", f"{'positief' if smiley else 'voldoende'} ({GOOD_SCORES[vraag]})", "percentage"),
            ("gemiddeld", "gemiddelde score", "decimaal"),
            ("zonder_oordeel", "Zonder oordeel (weet niet, leeg)", "aantal"),
        ]:
            row: dict = {"_stijl": None, "maat": name}
            for k in channels:
                cell = by_channel.get(k)
                value = None if cell is None else cell[column]
                mark = (
                    kind != "aantal"
                    and cell is not None
                    and value is not None
                    and cell["reacties"] < inputs.min_records
                )
                has_small = has_small or mark
                row[k], row[f"_f_{k}"] = value, kind + (theme.SMALL_MARK if mark else "")
            rows.append(row)
    schema = {
        "_stijl": pl.String,
        "maat": pl.String,
        **dict.fromkeys(channels, pl.Float64),
        **{f"_f_{k}": pl.String for k in channels},
    }
    return Table(
        f"Scores per kanaal, {label}",
        pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row"),
        source=SOURCE_KIF,
        units=f"aantallen reacties; per score het aandeel van de reacties met een oordeel, als "
        f"{PERCENT_UNITS.removesuffix('s')}; gemiddelde score als cijfer",
        notes=[
            f"Smiley: 1 = zeer ontevreden tot 5 = zeer tevreden; positief is {GOOD_SCORES[SMILEY]}. Rapportcijfer: 1 "
            f"tot en met 10; voldoende is {GOOD_SCORES[GRADE]}. Leeg: op dat kanaal wordt die vraag niet gesteld.",
            VALID,
            *([small_number_note(inputs.min_records)] if has_small else []),
        ],
        column_labels={"maat": "Per kanaal", **{k: CHANNEL_NAMES.get(k, k) for k in channels}},
        row_formats={k: f"_f_{k}" for k in channels},
        row_styles="_stijl",
    )


def satisfaction_sheet(inputs: ReportInputs) -> Sheet | None:
    """None when the gemeente has no satisfaction figures in the period."""
    period, months = inputs.period, inputs.months
    kpis = inputs.kpis.filter(pl.col("kpi").str.starts_with("tevr_"))
    if kpis.filter(pl.col("periode") == period.label).is_empty():
        return None
    texts, gemeente = inputs.texts, inputs.gemeente
    norms = {code: _norm_of(kpis, code) for code in TARGETS}
    targets, small = _targets_per_month(inputs, kpis, months)

    def heading(code: str) -> str:
        norm = norms[code]
        return texts[code].short + ("" if norm is None else f" (norm {norm:g})")

    distribution = inputs.extra.get(DISTRIBUTION, pl.DataFrame(schema=DISTRIBUTION_SCHEMA))
    rates = _label_channels(response_rates(inputs.kpis, period.label))
    blocks: list = [
        f"Hoe inwoners en ondernemers van gemeente {gemeente} het contact met de gemeente ervaren, uit de reacties "
        f"in Klant in Focus, periode {period.label}: de drie plateaudoelen van het programma per maand, en per "
        "kanaal hoe de scores verdeeld zijn.",
        Table(
            "Plateaudoelen per maand",
            targets,
            source=SOURCE_KIF,
            units=PERCENT_UNITS + "; reacties als aantallen; gemiddeld rapportcijfer van 1 tot 10",
            notes=[
                "KCC: Smiley-reacties over team KCC (ook op e-mail); website: Smiley-reacties op de website; positief "
                f"is {GOOD_SCORES[SMILEY]} smileys. Digitaal: rapportcijfers op website, e-mail en webformulier; "
                f"voldoende is {GOOD_SCORES[GRADE]}. Reacties: het aantal met een oordeel achter elk percentage "
                "(de noemer); 'Weet niet' en een lege score tellen nergens mee (blad Definities).",
                *([small_number_note(inputs.min_records)] if small else []),
                EMPTY_MEANS,
            ],
            column_labels={
                "maand": "Maand",
                **{code: heading(code) for code in TARGETS},
                **{f"n_{code}": label for code, label in COUNT_LABELS.items()},
                "tevr_cijfer_gem": "Gem. rapportcijfer",
                "tevr_reacties": "Alle reacties met oordeel",
            },
            number_formats={
                **{f"n_{code}": "aantal" for code in TARGETS},
                "tevr_reacties": "aantal",
            },
            row_formats={c: f"_f_{c}" for c in (*TARGETS, "tevr_cijfer_gem")},
        ),
    ]
    if len(months) > 1:
        blocks.append(_chart(inputs, targets, months, norms))
    blocks.append(
        Table(
            f"Reacties en contacten per kanaal, {period.label}",
            rates,
            source=SOURCE_KIF + "; contacten: zie blad Kanalen",
            units="aantallen; reacties per 100 contacten",
            notes=[
                "Contacten zoals op het blad Kanalen: telefoon = aangeboden gesprekken, balie = verschenen "
                "afspraken, e-mail en webformulier = zaken die via dat kanaal binnenkwamen. Voor de website telt "
                "de monitor geen contacten. Leeg: niet bekend (zonder de gegevens van alle bronnen is er geen "
                "kanalenbeeld).",
                "Reacties: reacties met een oordeel, over elk onderwerp van dat kanaal; een reactie hoort niet "
                "altijd bij een contact uit dezelfde periode.",
            ],
            column_labels={
                "kanaal": "Kanaal",
                "reacties": "Reacties met oordeel",
                "contacten": "Contacten",
                "respons_pct": "Reacties per 100 contacten",
            },
            number_formats={"reacties": "aantal", "contacten": "aantal", "respons_pct": "decimaal"},
        )
    )
    if (scores := _distribution_table(inputs, distribution)) is not None:
        blocks.append(scores)
    return Sheet(
        SATISFACTION_DOMAIN,
        f"Tevredenheid {gemeente}: {span(period, inputs.periods).heading}",
        blocks,
        description="Tevredenheid per maand tegen de plateaudoelen; scores per kanaal.",
    )
