"""The short Dutch mail that goes with a report: which norms were met and which not."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dvm.catalogue import BY_CODE

DIRECTIONS = {">=": "minimaal", "<=": "maximaal"}


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def report_message(kpis: pl.DataFrame, gemeente: str, period_label: str,
                   norm_directions: Mapping[str, str]) -> tuple[str, str]:
    """(subject, body) for one gemeente's report. A normed KPI without a value (no data) is
    listed apart and counts neither as met nor as missed."""
    normed = kpis.filter((pl.col("gemeente") == gemeente) & (pl.col("periode") == period_label)
                         & pl.col("groep").is_null() & pl.col("norm").is_not_null())
    order = list(BY_CODE)
    lines: dict[str, list[str]] = {"gehaald": [], "niet gehaald": [], "geen gegevens": []}
    for r in sorted(normed.iter_rows(named=True), key=lambda r: order.index(r["kpi"])):
        kpi = BY_CODE[r["kpi"]]
        norm = f"norm {DIRECTIONS.get(norm_directions.get(r['kpi'], ''), '')} {_number(r['norm'])} {kpi.unit}"
        if r["waarde"] is None or r["norm_gehaald"] is None:
            lines["geen gegevens"].append(f"- {kpi.label}: geen gegevens ({norm.replace('  ', ' ')})")
        else:
            verdict = "gehaald" if r["norm_gehaald"] else "niet gehaald"
            lines[verdict].append(f"- {kpi.label}: {_number(r['waarde'])} {kpi.unit} ({norm.replace('  ', ' ')})")
    met, judged = len(lines["gehaald"]), len(lines["gehaald"]) + len(lines["niet gehaald"])
    subject = f"Dienstverleningsmonitor {gemeente} {period_label}: {met} van {judged} normen gehaald"
    body = [f"Dienstverleningsmonitor, gemeente {gemeente}, periode {period_label}.", ""]
    for title, key in (("Norm gehaald", "gehaald"), ("Norm niet gehaald", "niet gehaald"),
                       ("Geen gegevens", "geen gegevens")):
        if lines[key]:
            body += [f"{title}:", *lines[key], ""]
    body.append("De werkmap en kpis.csv zijn bijgevoegd; alle cijfers staan op het blad Samenvatting, "
                "de definities op het blad Definities.")
    return subject, "\n".join(body) + "\n"
