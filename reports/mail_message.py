"""The short Dutch mails: with a report (which norms were met and which not) and after the nightly
run (what was loaded, what was rejected and why)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

import polars as pl

from core.catalogue import BY_CODE, ORDER
from core.wording import shown, unknown_unit
from reports.inputs import ReportInputs
from reports.period_labels import span
from reports.phrases import agreeing_decimals, dutch_number, target_text


def report_message(inputs: ReportInputs, attachments: Sequence[str] = ()) -> tuple[str, str]:
    """(subject, body) for one gemeente's report: the norms met and missed in the reported period.
    A partial period's verdicts are provisional and say so; a small number gets no verdict; a normed
    KPI without a value (no data) is listed apart. Neither counts as met or missed."""
    whole = span(inputs.period, inputs.periods)
    normed = inputs.kpis.filter(
        (pl.col("periode") == inputs.period.label) & pl.col("groep").is_null() & pl.col("norm").is_not_null()
    )
    lines: dict[str, list[str]] = {"gehaald": [], "niet gehaald": [], "geen oordeel": [], "geen gegevens": []}
    for r in sorted(normed.iter_rows(named=True), key=lambda r: ORDER.get(r["kpi"], len(ORDER))):
        kpi, label = BY_CODE[r["kpi"]], inputs.texts[r["kpi"]].label
        norm = f"norm {target_text(r['norm'], inputs.norm_directions.get(r['kpi']), kpi.unit)}"
        direction = inputs.norm_directions.get(r["kpi"])
        value = (
            None
            if r["waarde"] is None
            else f"{dutch_number(r['waarde'], agreeing_decimals(r['waarde'], r['norm'], direction))} {kpi.unit}"
        )
        if value is None or r["oordeel"] is None:
            lines["geen gegevens"].append(f"- {label}: geen gegevens ({norm})")
        elif r["oordeel"] == "geen oordeel":
            lines["geen oordeel"].append(f"- {label}: {value}, over {r['noemer']} waarnemingen ({norm})")
        else:
            lines["gehaald" if r["oordeel"].endswith("ja") else "niet gehaald"].append(f"- {label}: {value} ({norm})")
    met, judged = len(lines["gehaald"]), len(lines["gehaald"]) + len(lines["niet gehaald"])
    provisional = "voorlopig " if whole.partial else ""
    subject = (
        f"Dienstverleningsmonitor {inputs.gemeente} {whole.heading}: {provisional}{met} van {judged} normen gehaald"
    )
    body = [f"Dienstverleningsmonitor, gemeente {inputs.gemeente}, periode {whole.heading}.", ""]
    if whole.partial and whole.last is not None:
        body += [
            f"De periode is nog niet compleet: de gegevens lopen tot en met {whole.last:%d-%m-%Y}. De oordelen "
            "zijn voorlopig.",
            "",
        ]
    for title, key in (
        (f"Norm {provisional}gehaald", "gehaald"),
        (f"Norm {provisional}niet gehaald", "niet gehaald"),
        (f"Geen oordeel (minder dan {inputs.min_records} waarnemingen)", "geen oordeel"),
        ("Geen gegevens", "geen gegevens"),
    ):
        if lines[key]:
            body += [f"{title}:", *lines[key], ""]
    names = [a for a in attachments if a]
    body.append(
        ("Bijgevoegd: " + ", ".join(names) + ". " if names else "")
        + "Alle cijfers staan op het blad Samenvatting, de definities op het blad Definities."
    )
    return subject, "\n".join(body) + "\n"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}".replace(",", ".")


def _named(name: str, reason: str) -> str:
    return reason if reason.startswith(f"{name}:") else f"{name}: {reason}"


def nightly_line(result) -> str:
    """One line for the run's state: what was loaded and what was not. `result` is the ingest's
    CommitResult."""
    if result.store_version is None and not result.rejected:
        if not result.skipped:
            return "niets nieuws: de inbox is leeg"
        return f"niets nieuws in de inbox ({_count(len(result.skipped), 'bestand', 'bestanden')} al eerder geladen)"
    parts = [
        f"{_count(len(result.loaded), 'bestand', 'bestanden')} geladen "
        f"({_count(result.rows_merged, 'rij', 'rijen')} samengevoegd)"
    ]
    if result.rejected:
        parts.append(f"{_count(len(result.rejected), 'bestand', 'bestanden')} afgewezen")
    if result.bad_rows:
        parts.append(f"{_count(result.bad_rows, 'rij', 'rijen')} in quarantaine")
    return ", ".join(parts)


def nightly_message(
    result,
    day: date,
    quarter: str,
    reports: Mapping[str, Sequence[str]],
    run: str,
    quarantine_folder: str,
    unknown: pl.DataFrame | None = None,
    failed_pulls: dict[str, str] | None = None,
    *,
    remade: Collection[str],
) -> tuple[str, str]:
    """(subject, body) of the nightly run's mail to the operators: what was loaded, which files
    were rejected and why, how many rows went to quarantine, what the configuration does not know yet
    (`unknown`, UNKNOWN_SCHEMA: a queue without a rule, ...), which reports were rewritten and which
    were fresh and left as they were. `reports`: per quarter its report files, rewritten (the quarters
    in `remade`) or fresh (flows/freshness.py); none when the store is empty (`quarter`: the quarters)."""
    when = day.strftime("%d-%m-%Y")
    verdict = "deels afgekeurd: " if result.problems or failed_pulls else ""
    subject = f"Dienstverleningsmonitor nachtrun {when}: {verdict}{nightly_line(result)}"
    body = [f"Nachtrun van {when}: {nightly_line(result)}.", ""]
    if result.store_version is not None:
        body += [
            f"Nieuwe opslagversie {result.store_version}: {_count(result.rows_read, 'rij', 'rijen')} gelezen, "
            f"{_count(result.rows_merged, 'rij', 'rijen')} samengevoegd.",
            "",
        ]
    if failed_pulls:
        body += [
            "Ophalen mislukt (niets van opgeslagen; de volgende nacht wordt opnieuw opgehaald):",
            *[f"- {reason}" for reason in failed_pulls.values()],
            "",
        ]
    if result.rejected:
        body += [
            "Afgewezen bestanden (niet geladen; het bestand staat in de quarantainemap):",
            *[f"- {_named(name, result.reasons.get(name, 'reden onbekend'))}" for name in result.rejected],
            "",
        ]
    if quarantined := {name: n for name, n in result.quarantined.items() if n}:
        body += [
            "Rijen in quarantaine (de rest van het bestand is geladen):",
            *[f"- {name}: {_count(n, 'rij', 'rijen')}" for name, n in quarantined.items()],
            "",
        ]
    if result.problems:
        body += [
            f"Quarantainemap: {quarantine_folder}. De reden per rij staat op het blad Datakwaliteit van het "
            "rapport en in de tabel quarantaine van de opslag. Een verbeterde export in de inbox wordt de "
            "volgende nacht geladen.",
            "",
        ]
    if unknown is not None and unknown.height:
        body += [
            "Nog niet ingesteld (de exports noemen het, de configuratie kent het niet):",
            *[
                f"- {r['soort']} {shown(r['waarde'], 80)}: {_count(r['aantal'], *unknown_unit(r['soort']))}; "
                f"{r['toelichting']}"
                for r in unknown.iter_rows(named=True)
            ],
            "",
        ]
    if result.skipped:
        body += [f"Al eerder geladen (overgeslagen): {', '.join(result.skipped)}", ""]
    if not reports:
        body += [f"Geen rapporten voor {quarter} gemaakt (de opslag is leeg).", ""]
    if rewritten := [label for label in reports if label in remade]:
        body += [
            f"Rapporten {' en '.join(rewritten)} bijgewerkt:",
            *[f"- {path}" for label in rewritten for path in reports[label] if path.endswith(".xlsx")],
            "",
        ]
    if fresh := [label for label in reports if label not in remade]:
        body += [
            f"Rapporten {' en '.join(fresh)} ongewijzigd: al actueel (zelfde opslagversie, configuratie en "
            "programma), niet opnieuw gemaakt.",
            "",
        ]
    body += [f"Run: {run}"]
    return subject, "\n".join(body) + "\n"
