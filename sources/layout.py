"""What every export reader shares: header checks and row rules -> quarantine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dvm.errors import FileRejected
from sources.files import ExportFile
from sources.quarantine import QUARANTINE_SCHEMA


@dataclass(frozen=True)
class SourceBatch:
    """One export file, read: canonical records plus its quarantined rows."""

    file: ExportFile
    records: pl.DataFrame
    quarantine: pl.DataFrame
    rows_read: int


@dataclass(frozen=True)
class Rule:
    """A row rule: rows where `broken` holds go to quarantine with `reason`."""

    code: str
    broken: pl.Expr
    reason: pl.Expr


def check_columns(file: ExportFile, found: list[str], required: Sequence[str], separator: str) -> None:
    """Reject the file, naming every missing column (or the wrong separator)."""
    missing = [c for c in required if c not in found]
    if not missing:
        return
    if len(found) == 1 and (other := next((s for s in ";\t|," if s != separator and s in found[0]), None)):
        raise FileRejected(
            file.name, f"kopregel is gescheiden door {other!r}, verwacht {separator!r}; gevonden {found[0][:120]!r}"
        )
    names = ", ".join(f"'{c}'" for c in missing)
    raise FileRejected(file.name, f"kolom{'men' if len(missing) > 1 else ''} {names} ontbreekt; gevonden {found}")


def read_text_csv(file: ExportFile, source: bytes | None, separator: str, columns: dict[str, str],
                  encoding_label: str) -> pl.DataFrame:
    """The needed columns as text (never inferred), renamed to canonical names, with line numbers (`rij`).
    `source` is the decoded content as UTF-8 bytes, or None to read the file itself (UTF-8).
    Every column is parsed (no projection), so a row with more fields than the header is an error,
    never a silently shifted record."""
    try:
        raw = pl.read_csv(source if source is not None else file.path, separator=separator, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        first_line = str(exc).strip().splitlines()[0][:200]
        raise FileRejected(file.name, f"niet te lezen als CSV ({encoding_label}, '{separator}'): {first_line}") from None
    if raw.height == 0:
        raise FileRejected(file.name, "bestand bevat alleen een kopregel, geen gegevens")
    raw = raw.rename(lambda name: name.strip().lstrip("\ufeff").strip('"'))
    return raw.select(list(columns)).rename(columns).with_row_index("rij", offset=2)


def split_by_rules(checked: pl.LazyFrame, rules: Sequence[Rule], file: ExportFile, source: str, key: str,
                   records: list[pl.Expr | str], schema: pl.Schema) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Apply rules in order (a row gets the first it breaks); return (records, quarantine)."""
    code = pl.when(rules[0].broken).then(pl.lit(rules[0].code))
    reason = pl.when(rules[0].broken).then(rules[0].reason)
    for rule in rules[1:]:
        code = code.when(rule.broken).then(pl.lit(rule.code))
        reason = reason.when(rule.broken).then(rule.reason)
    frame = checked.with_columns(regel=code.otherwise(None), reden=reason.otherwise(None)).collect()
    good = frame.filter(pl.col("regel").is_null()).select(
        *records,
        pl.lit(file.stamp).alias("export_stempel"),
        pl.lit(file.name).alias("bron_bestand"),
        pl.lit(file.sha256).alias("bron_hash"),
    ).cast(dict(schema))
    quarantine = frame.filter(pl.col("regel").is_not_null()).select(
        pl.lit(source).alias("bron"),
        pl.lit(file.name).alias("bron_bestand"),
        pl.lit(file.sha256).alias("bron_hash"),
        pl.col("rij").cast(pl.Int64),
        pl.col(key).alias("sleutel"),
        "regel",
        "reden",
    ).cast(dict(QUARANTINE_SCHEMA))
    return good.select(list(schema)), quarantine


def missing_key(key: str, label: str) -> Rule:
    return Rule("sleutel_ontbreekt", pl.col(key).is_null() | (pl.col(key) == ""), pl.lit(f"{label} is leeg"))


def duplicate_key(key: str, label: str) -> Rule:
    return Rule("dubbele_sleutel", pl.col(key).is_duplicated(),
                pl.format(f"{label} '{{}}' komt meer dan eens voor in dit bestand", pl.col(key)))


def unknown_label(code: str, raw: str, canonical: str, label: str, allowed: list[str]) -> Rule:
    """A label the profile does not map (the mapped column is null)."""
    return Rule(code, pl.col(canonical).is_null(),
                pl.format(f"{label} '{{}}' onbekend; toegestaan {allowed}", pl.col(raw).fill_null("")))


def whole_number(raw: str, parsed: str, label: str, required: bool = True) -> list[Rule]:
    """A count of seconds or days: an integer (empty allowed unless required), not negative."""
    unparsed = pl.col(parsed).is_null() if required else pl.col(raw).is_not_null() & pl.col(parsed).is_null()
    return [
        Rule("geen_getal", unparsed, pl.format(f"{label} is geen geheel getal: '{{}}'", pl.col(raw).fill_null(""))),
        Rule("negatieve_duur", pl.col(parsed) < 0, pl.format(f"{label} is negatief: {{}}", pl.col(parsed))),
    ]


def mapped(column: str, mapping: dict[str, str], out: str) -> pl.Expr:
    """Map export labels to canonical values; unknown labels become null (a rule catches them)."""
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String).alias(out)
