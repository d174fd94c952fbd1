"""Content of the Samenvatting (Indicator | Norm | Streefwaarde | Realisatie per compared period
| Norm gehaald | Toelichting) and of the Trends sheet (each normed KPI per month against its
norm, beside the same month a year earlier). Layout only: every figure comes from the KPI frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from dvm.catalogue import BY_CODE
from reports import theme
from reports.pivot import per_period
from reports.tables import Chart, Sheet, Table
from reports.telephony_report import _catalogue_order, DIRECTIONS, EMPTY_MEANS, SOURCE_MONITOR

# (heading, periode label in kpis.csv): the realisation columns, the reported period among them
Columns = Sequence[tuple[str, str]]


def norm_texts(answer_norm_s: int, short_abandon_s: int, callback_werkdagen: int,
               wait_norm_minutes: int) -> dict[str, str]:
    """The service promise behind each normed KPI, in words, with the configured parameters."""
    return {
        "tel_servicelevel_pct": f"telefoon opgenomen binnen {answer_norm_s} seconden",
        "tel_verloren_pct": f"wachtenden die na {short_abandon_s} seconden of later ophangen",
        "tel_eerstelijn_pct": "vraag in de eerste lijn beantwoord, zonder doorverbinden",
        "zaak_binnen_termijn_pct": "zaak afgehandeld binnen de termijn van het zaaktype",
        "zaak_contactverzoek_binnen_norm_pct": f"contactverzoek afgehandeld binnen {callback_werkdagen} werkdagen",
        "afs_wachttijd_binnen_norm_pct": f"aan de balie geholpen binnen {wait_norm_minutes} minuten",
    }


def _label() -> pl.Expr:
    label = pl.col("kpi").replace_strict({c: k.label for c, k in BY_CODE.items()}, default=pl.col("kpi"),
                                         return_dtype=pl.String)
    return pl.when(pl.col("groep").is_null()).then(label).otherwise(label + " – " + pl.col("groep"))


def summary_sheet(kpis: pl.DataFrame, gemeente: str, columns: Columns, main: str,
                  norm_directions: Mapping[str, str] | None = None, norms_in_words: Mapping[str, str] | None = None,
                  coverage: str = "") -> Sheet:
    """One row per KPI and groep that `gemeente` has in the reported period `main` (a periode
    label among `columns`), in catalogue order; its value in each column's period, empty where
    the store has no data for it; Norm gehaald, Teller and Noemer for the reported period."""
    directions = {k: DIRECTIONS[v] for k, v in (norm_directions or {}).items() if v in DIRECTIONS}
    mine = kpis.filter(pl.col("gemeente") == gemeente)
    rows = (mine.filter(pl.col("periode") == main).with_columns(_volgorde=_catalogue_order())
            .sort("_volgorde", "kpi", "groep", nulls_last=False, maintain_order=True))
    keys = ["kpi", "groep"]
    names = {label: f"r{i}" for i, (_, label) in enumerate(columns)}
    values = rows.select(keys)
    for _, label in columns:
        values = values.join(mine.filter(pl.col("periode") == label).select(*keys, pl.col("waarde").alias(names[label])),
                             on=keys, how="left", nulls_equal=True)
    kind = pl.col("kpi").replace_strict({c: k.kind for c, k in BY_CODE.items()}, default="", return_dtype=pl.String)
    frame = rows.join(values, on=keys, how="left", nulls_equal=True, maintain_order="left").select(
        _label().alias("indicator"),
        "groep",
        pl.col("kpi").replace_strict({c: k.unit for c, k in BY_CODE.items()}, default=None,
                                     return_dtype=pl.String).alias("eenheid"),
        pl.when(pl.col("groep").is_null()).then(
            pl.col("kpi").replace_strict(dict(norms_in_words or {}), default=None, return_dtype=pl.String))
        .alias("normtekst"),
        pl.col("norm").alias("streefwaarde"),
        pl.when(pl.col("norm").is_not_null())
        .then(pl.col("kpi").replace_strict(directions, default=None, return_dtype=pl.String)).alias("normrichting"),
        *[pl.col(names[label]) for _, label in columns],
        "norm_gehaald",
        pl.lit(None, pl.String).alias("toelichting"),
        "teller", "noemer", "kpi",
        kind.replace_strict({k: theme.format_key_for_kind(k) for k in theme.KIND_FORMATS},
                            default="decimaal", return_dtype=pl.String).alias("_opmaak"),
    )
    main_heading = next(h for h, label in columns if label == main)
    table = Table(
        title=f"Indicatoren {gemeente}, {main}",
        frame=frame,
        source=SOURCE_MONITOR,
        units="zie kolom Eenheid; percentages als getal van 0 tot 100",
        notes=[
            EMPTY_MEANS + " Een lege kolom van een eerdere periode: de opslag heeft voor die periode geen gegevens.",
            f"Norm gehaald, Teller en Noemer gelden voor de rapportageperiode ({main_heading}). Norm gehaald: ja "
            "of nee volgens de normrichting; leeg waar geen norm geldt of geen realisatie is.",
            "Toelichting: ruimte voor de verklaring van afwijkingen door de controller.",
            "Kolommen en periodes in kpis.csv: " + "; ".join(f"{h} = {label}" for h, label in columns) + ".",
            "De definities staan op het blad Definities; dezelfde cijfers staan in kpis.csv.",
            *([coverage] if coverage else []),
        ],
        column_labels={"indicator": "Indicator", "groep": "Groep", "eenheid": "Eenheid", "normtekst": "Norm",
                       "streefwaarde": "Streefwaarde", "normrichting": "Normrichting",
                       **{names[label]: heading for heading, label in columns},
                       "norm_gehaald": "Norm gehaald", "toelichting": "Toelichting", "teller": "Teller",
                       "noemer": "Noemer", "kpi": "KPI-code"},
        number_formats={"teller": "aantal", "noemer": "aantal", "norm_gehaald": "oordeel"},
        row_formats={"streefwaarde": "_opmaak", **{names[label]: "_opmaak" for _, label in columns}},
    )
    return Sheet("Samenvatting", f"Dienstverlening {gemeente}: samenvatting {main}", [
        f"Realisatie van de indicatoren voor gemeente {gemeente} over de periode {main}, naast de periodes "
        "waarmee zij wordt vergeleken.",
        table,
    ])


def trends_sheet(kpis: pl.DataFrame, gemeente: str, month_labels: Sequence[str],
                 earlier_months: Sequence[str] | None) -> Sheet | None:
    """Each KPI with a norm (total rows) per month, with the same month a year earlier when
    `earlier_months` is given (same length as `month_labels`); one line chart per KPI with
    its norm line. None when no KPI has a norm."""
    mine = kpis.filter((pl.col("gemeente") == gemeente) & pl.col("groep").is_null())
    normed = mine.filter(pl.col("periode").is_in(list(month_labels)) & pl.col("norm").is_not_null())
    codes = sorted(normed["kpi"].unique().to_list(), key=lambda c: list(BY_CODE).index(c))
    if not codes:
        return None
    frame = per_period(mine, month_labels, codes)
    labels = {"periode": "Maand", **{c: BY_CODE[c].label + " %" for c in codes}}
    if earlier_months:
        before = per_period(mine, earlier_months, codes).drop("periode")
        frame = pl.concat([frame, before.rename({c: f"{c}_jaar_eerder" for c in codes})], how="horizontal")
        labels |= {f"{c}_jaar_eerder": f"{BY_CODE[c].label} % een jaar eerder" for c in codes}
    blocks: list = [
        f"De indicatoren met een norm per maand, gemeente {gemeente}"
        + (", met dezelfde maand een jaar eerder." if earlier_months else "."),
        Table("Indicatoren met een norm per maand", frame, source=SOURCE_MONITOR,
              units="percentages als getal van 0 tot 100",
              notes=[EMPTY_MEANS, "Een jaar eerder: leeg waar de opslag voor die maand geen gegevens heeft."],
              column_labels=labels, number_formats={c: "percentage" for c in frame.columns if c != "periode"}),
    ]
    span = month_labels[0] if len(month_labels) == 1 else f"{month_labels[0]} tot en met {month_labels[-1]}"
    for code in codes:
        norms = normed.filter(pl.col("kpi") == code)["norm"].unique().to_list()
        norm = norms[0] if len(norms) == 1 else None
        met = normed.filter((pl.col("kpi") == code) & pl.col("norm_gehaald").is_not_null())
        alt = (f"Lijngrafiek voor {gemeente}, {span}: {BY_CODE[code].label.lower()} per maand in procent"
               + (", met een tweede lijn voor dezelfde maand een jaar eerder" if earlier_months else "")
               + (f" en als stippellijn de norm van {norm:g} procent; de norm is in {met['norm_gehaald'].sum()} van "
                  f"de {met.height} maanden gehaald" if norm is not None else "")
               + ". De cijfers staan in de tabel 'Indicatoren met een norm per maand'.")
        blocks.append(Chart(BY_CODE[code].label, kind="line", table=0, category="periode",
                            series=[code, *([f"{code}_jaar_eerder"] if earlier_months else [])], norm=norm,
                            norm_label=f"Norm ({norm:g} %)" if norm is not None else "Norm", y_title="%", y_max=100,
                            alt_text=alt))
    return Sheet("Trends", f"Trends {gemeente}: indicatoren met een norm", blocks)


HEADLINE_COUNTS = ("tel_aangeboden", "zaak_ontvangen", "afs_gepland", "kanaal_contacten")


def headline_rows(kpis: pl.DataFrame, gemeente: str, period_label: str) -> list[dict[str, str]]:
    """The headline figures of one gemeente and period as rows of Dutch text (for the Prefect
    UI): the volumes and every KPI with a norm, in catalogue order, with a decimal comma."""
    rows = kpis.filter((pl.col("gemeente") == gemeente) & (pl.col("periode") == period_label)
                       & pl.col("groep").is_null()
                       & (pl.col("norm").is_not_null() | pl.col("kpi").is_in(HEADLINE_COUNTS)))
    out = []
    for r in rows.with_columns(_volgorde=_catalogue_order()).sort("_volgorde").iter_rows(named=True):
        kpi = BY_CODE[r["kpi"]]
        digits = 0 if kpi.kind == "aantal" else 1
        out.append({
            "Indicator": kpi.label,
            "Realisatie": "" if r["waarde"] is None else f"{r['waarde']:,.{digits}f}".replace(",", " ").replace(".", ",")
            + ("" if kpi.unit in ("", None) or kpi.kind == "aantal" else f" {kpi.unit}"),
            "Norm": "" if r["norm"] is None else f"{r['norm']:g}".replace(".", ",") + f" {kpi.unit}",
            "Norm gehaald": {True: "ja", False: "nee", None: ""}[r["norm_gehaald"]],
        })
    return out
