"""The one place where polars meets Great Expectations (GX 1.x).

Frames are converted to numpy-backed pandas here, validated against a suite
and the results reduced to plain records (`ValidationReport`) for the
Datakwaliteit sheet. `validate` never raises for bad data; `require` turns
failed critical expectations into one Dutch `DataQualityError`.

Criticality is GX's own `severity`: "critical" (GX's default) stops the run,
"warning"/"info" is only reported. `meta={"critical": bool}` overrides it; the
Dutch description is `meta["beschrijving"]`. Build expectations with `expect`
and suites with `suite` (a fresh suite per call: nothing is registered in the
context, so several datasets and repeated runs never clash on names).

Speed (300k calls, 2 cores): GX vectorises `between` only for int64/float64
columns and uses a per-value Python function for int8/int32 (10x slower), so
all integers go over as int64 (float64 with NaN where there are nulls). Text
stays pandas' default `str` dtype (faster in GX than object and free to make).
GX also md5-hashes the whole frame as a batch "fingerprint" (metadata only,
twice per `batch.validate`); that is switched off.

GX sees only the rows that can fail (`rows_to_check` in expectations/rows_to_check.py, with the table of what
each expectation takes): on a clean file that is one row, so GX's cost per
file no longer grows with the file (a 1M-call file: 0.9 -> 0.2 s CPU); what is
left is GX's own fixed cost of building its validation graph (~0.1 s a suite).
The results, counts, examples and messages are those of every row
(tests/expectations/test_rows_to_check.py compares both).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import polars as pl

from core.errors import DataQualityError
from core.wording import dutch_list, shown
from expectations.rows_to_check import rows_to_check

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations import ExpectationSuite
    from great_expectations.core.batch_definition import BatchDefinition

__all__ = [
    "ExpectationResult",
    "ValidationReport",
    "expect",
    "require",
    "rows_to_check",
    "suite",
    "to_pandas",
    "validate",
]

MAX_SAMPLES = 5
CRITICAL = "critical"
WARNING = "warning"
# BASIC: count + a 20-value sample. SUMMARY (row indices, value counts) costs ~0.3 s more on 300k
# calls; the rows of a failed null check are looked up in polars instead (`_null_rows`).
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 20}

_lock = threading.RLock()


@dataclass(frozen=True)
class ExpectationResult:
    dataset: str
    expectation: str  # GX type, e.g. expect_column_values_to_be_between
    column: str | None  # "a, b" for pair/compound expectations, None for table-level ones
    critical: bool
    success: bool
    unexpected_count: int | None
    samples: list = field(default_factory=list)
    description: str = ""  # Dutch, e.g. "call_id is altijd gevuld"

    def explain(self) -> str:
        """`expect_... op 'kolom': 3 afwijkende rijen, bijv. -1 en -5` (one line)."""
        where = f" op '{self.column}'" if self.column else ""
        count = (
            f"{self.unexpected_count} afwijkende {'rij' if self.unexpected_count == 1 else 'rijen'}"
            if self.unexpected_count is not None
            else ""
        )
        samples = f"bijv. {dutch_list(_sample(v) for v in self.samples)}" if self.samples else ""
        detail = ", ".join(p for p in (count, samples) if p) or "mislukt"
        return f"{self.expectation}{where}: {detail}"


def _sample(value: Any) -> str:
    """An example value in a message: a number as is, text quoted, a row as (column value, ...)."""
    if isinstance(value, bool) or value is None:
        return {True: "waar", False: "onwaar", None: "leeg"}[value]
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return (
            "("
            + ", ".join(
                f"{k} {_sample(v) if v is None or isinstance(v, int | float) else shown(str(v))}"
                for k, v in value.items()
            )
            + ")"
        )
    return f"'{shown(str(value))}'"


_RESULT_FIELDS = ("dataset", "expectation", "column", "critical", "success", "unexpected_count", "description")


def _encoded(value: Any) -> Any:
    """A sample as JSON that `_decoded` gives back as it was: a pair (tuple) and a row (dict) kept apart
    from a list."""
    if isinstance(value, tuple):
        return {"paar": [_encoded(v) for v in value]}
    if isinstance(value, dict):
        return {"rij": {k: _encoded(v) for k, v in value.items()}}
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, dict) and "paar" in value:
        return tuple(_decoded(v) for v in value["paar"])
    if isinstance(value, dict) and "rij" in value:
        return {k: _decoded(v) for k, v in value["rij"].items()}
    return value


@dataclass(frozen=True)
class ValidationReport:
    dataset: str
    rows: int
    results: list[ExpectationResult]

    @property
    def failed_critical(self) -> list[ExpectationResult]:
        return [r for r in self.results if r.critical and not r.success]

    @property
    def failed_warnings(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.critical and not r.success]

    def to_json(self) -> str:
        """The report as JSON, to be kept (store/checks.py) and read back by `from_json` as it was."""
        return json.dumps(
            {
                "dataset": self.dataset,
                "rows": self.rows,
                "results": [
                    {**{k: getattr(r, k) for k in _RESULT_FIELDS}, "samples": [_encoded(v) for v in r.samples]}
                    for r in self.results
                ],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> ValidationReport:
        kept = json.loads(text)
        return cls(
            kept["dataset"],
            kept["rows"],
            [
                ExpectationResult(**{k: r[k] for k in _RESULT_FIELDS}, samples=[_decoded(v) for v in r["samples"]])
                for r in kept["results"]
            ],
        )

    def to_frame(self) -> pl.DataFrame:
        """One row per expectation, for the Datakwaliteit sheet."""
        return pl.DataFrame(
            {
                "dataset": [r.dataset for r in self.results],
                "verwachting": [r.description or r.expectation for r in self.results],
                "kolom": [r.column for r in self.results],
                "kritiek": [r.critical for r in self.results],
                "geslaagd": [r.success for r in self.results],
                "afwijkend": [r.unexpected_count for r in self.results],
                "voorbeelden": [", ".join(map(str, r.samples)) if r.samples else None for r in self.results],
            },
            schema={
                "dataset": pl.String,
                "verwachting": pl.String,
                "kolom": pl.String,
                "kritiek": pl.Boolean,
                "geslaagd": pl.Boolean,
                "afwijkend": pl.Int64,
                "voorbeelden": pl.String,
            },
        )


# --- GX context: one per process, quiet -------------------------------------------------------


def _datasource():
    """The process's ephemeral GX context and its pandas data source (created on first use)."""
    with _lock:
        return _create_datasource()


@cache
def _create_datasource():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    # The frame fingerprint is batch metadata only; hashing 300k rows costs ~0.5 s per get_batch.
    if hasattr(pandas_execution_engine, "HASH_THRESHOLD"):
        pandas_execution_engine.HASH_THRESHOLD = 0
    _remember_configurations_in_a_validation()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context.data_sources.add_pandas("dvm")


# GX 1.x builds an expectation's configuration (its pydantic fields as a dict, its class name in snake
# case) anew each time the validation graph asks for it: some 100 times per expectation in one
# validation, two fifths of GX's time on a clean file's rows to check (the calls' 19 expectations: GX's
# validation 0.058 -> 0.037 s, `validate` as a whole 0.085 -> 0.059 s a file). In the thread
# `_validated` runs GX in, each expectation's configuration is built once per validation; everywhere
# else the property is GX's own. That holds as long as a configuration GX is handed stays as it was:
# GX changes one in place only to fill in suite parameters (ours have none; it does so once per
# validation, before anything reads it), and copies one before anything else it does to it.
# tests/expectations/test_gx_configurations.py compares the results with GX's own.
_validation = threading.local()


class _ConfigurationOnceInAValidation:
    """What replaces GX's `Expectation.configuration` property: GX's own (`own`), except in a
    validation `_validated` runs, where it is built once per expectation."""

    def __init__(self, own: property) -> None:
        self.own = own
        self.__doc__ = own.__doc__

    def __get__(self, expectation: Any, owner: type | None = None) -> Any:
        if expectation is None:
            return self
        kept, build = getattr(_validation, "configurations", None), self.own.__get__
        if kept is None:  # not in a validation
            return build(expectation, owner)
        # keyed by id, with the expectation itself held: while it is kept, no other object can have that id
        if (entry := kept.get(id(expectation))) is None:
            entry = kept[id(expectation)] = (expectation, build(expectation, owner))
        return entry[1]

    def __set__(self, expectation: Any, value: Any) -> None:
        self.own.__set__(expectation, value)  # as GX's property: it cannot be set


def _remember_configurations_in_a_validation() -> None:
    from great_expectations.expectations.expectation import Expectation

    own = vars(Expectation).get("configuration")
    if isinstance(own, property):  # (not: another GX than the one measured, or done already)
        Expectation.configuration = _ConfigurationOnceInAValidation(own)  # type: ignore[assignment]


_batch_definitions: dict[str, BatchDefinition] = {}
_warming: list[threading.Thread] = []


def warm_up(*imports: Callable[[], object]) -> None:
    """Import Great Expectations (3-4 s) and build its context in a background thread, so the
    import overlaps work that waits on the store or the Prefect server instead of coming after it.
    `imports`: each imports a suite's module too (flows/wiring.py `report_check_imports`). Once per
    process; a later use simply waits for it (Python's import lock)."""
    with _lock:
        if _warming:
            return

        def run() -> None:
            with contextlib.suppress(Exception):  # the check itself will meet and report a failure
                _datasource()
                for load in imports:
                    load()

        _warming.append(threading.Thread(target=run, name="gx-warm-up", daemon=True))
        _warming[0].start()


def _batch_definition(dataset: str) -> BatchDefinition:
    """One dataframe asset per dataset name (so results name their data), created once."""
    with _lock:
        if dataset not in _batch_definitions:
            asset = _datasource().add_dataframe_asset(dataset)
            _batch_definitions[dataset] = asset.add_batch_definition_whole_dataframe("geheel")
        return _batch_definitions[dataset]


# --- building suites ----------------------------------------------------------------------------


def expect(kind: type, beschrijving: str, *, critical: bool = True, **kwargs):
    """An expectation with its Dutch description and criticality: `expect(E.ExpectColumnValuesToNotBeNull,
    "call_id is altijd gevuld", column="call_id")`. Non-critical ones are reported, never stop the run."""
    _datasource()  # GX wants its context before expectations and suites are built
    return kind(severity=CRITICAL if critical else WARNING, meta={"beschrijving": beschrijving}, **kwargs)


def suite(name: str, expectations: list) -> ExpectationSuite:
    """A fresh suite (not added to the context)."""
    import great_expectations as gx

    _datasource()
    return gx.ExpectationSuite(name=name, expectations=expectations)


# --- polars -> pandas ---------------------------------------------------------------------------


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Numpy-backed pandas for GX: integers as int64 (float64 with NaN when they hold nulls),
    Float32 as float64, tz-aware datetimes stay tz-aware (datetime64[us, tz]), text as pandas'
    `str` dtype, booleans with nulls as object. Never pyarrow extension dtypes."""
    casts: dict[str, pl.DataType] = {}
    for name, dtype in frame.schema.items():
        if dtype == pl.UInt64:
            casts[name] = pl.Float64()  # may exceed int64
        elif dtype.is_integer() and dtype != pl.Int64:
            casts[name] = pl.Int64()
        elif dtype == pl.Float32:
            casts[name] = pl.Float64()
    if casts:
        frame = frame.cast(pl.Schema(casts))
    return frame.to_pandas(use_pyarrow_extension_array=False)


# --- running ------------------------------------------------------------------------------------


def _key(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    return config.type + json.dumps(kwargs, sort_keys=True, default=repr)


def _error(result) -> str | None:
    """The message of an exception GX caught while computing this expectation, if any."""
    info = result.exception_info or {}
    for entry in (info, *info.values()):
        if isinstance(entry, dict) and entry.get("raised_exception"):
            return " ".join(str(entry.get("exception_message") or "fout in de controle").split())
    return None


def _is_critical(config) -> bool:
    meta = config.meta or {}
    if "critical" in meta:
        return bool(meta["critical"])
    severity = getattr(config, "severity", None)
    return severity is None or str(getattr(severity, "value", severity)).lower() == CRITICAL


def _columns(kwargs: dict) -> list[str]:
    if kwargs.get("column"):
        return [kwargs["column"]]
    if kwargs.get("column_A"):
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list") or [])


def _plain(value: Any, dtype: pl.DataType | None = None) -> Any:
    """A sample value as plain Python, shown as polars had it: no numpy scalars, NaN as None,
    integers back from NaN-floats, dates as dates, timestamps as ISO text."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()  # numpy scalar / np.datetime64
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()  # pandas Timestamp
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if dtype is not None and dtype.is_integer() and value.is_integer():
            return int(value)
    if isinstance(value, dt.datetime) and dtype == pl.Date:
        return value.date().isoformat()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _null_rows(frame: pl.DataFrame, column: str) -> list[str]:
    """The first rows (1 = first row of the frame) where `column` is empty."""
    if column not in frame.columns:
        return []
    rows = frame.select(pl.arg_where(pl.col(column).is_null()).head(MAX_SAMPLES)).to_series()
    return [f"rij {i + 1}" for i in rows]


def _samples(result: dict, columns: list[str], schema: pl.Schema) -> list:
    if "partial_unexpected_list" not in result:
        mismatch = (result.get("details") or {}).get("mismatched")
        if isinstance(mismatch, dict):  # table column set/list expectations
            names = [f"ontbreekt: {c}" for c in mismatch.get("missing") or []]
            names += [f"onverwacht: {c}" for c in mismatch.get("unexpected") or []]
            return names[:MAX_SAMPLES]
        if isinstance(mismatch, list):  # ordered list: [{"Expected": ..., "Found": ...}, ...]
            return [f"{m.get('Expected')} ≠ {m.get('Found')}" for m in mismatch][:MAX_SAMPLES]
        return []
    out: list = []
    for raw in result.get("partial_unexpected_list") or []:
        if isinstance(raw, dict):  # compound columns: {column: value}
            value: object = {k: _plain(v, schema.get(k)) for k, v in raw.items()}
        elif isinstance(raw, (tuple, list)):  # column pair: (A, B)
            value = tuple(_plain(v, schema.get(c)) for v, c in zip(raw, columns, strict=True))
        else:
            value = _plain(raw, schema.get(columns[0]) if columns else None)
        if value is not None and value not in out:
            out.append(value)
        if len(out) == MAX_SAMPLES:
            break
    return out


def _validated(dataset: str, data: pd.DataFrame, suite: ExpectationSuite) -> Any:
    """GX's validation of `data`, run in a thread of its own. GX keeps some exceptions it catches, and
    with them reference cycles of its frames; a frame holds the frame that called it, and so on down
    the stack: run here, the cycles would hold our callers' frames - a file's records in the ingest,
    a million calls - until Python's next full garbage collection. In a thread of its own, the stack
    below GX is that thread's, and holds only `data` (the rows to check)."""
    outcome: list[Any] = []
    failed: list[BaseException] = []

    def run() -> None:
        _validation.configurations = {}  # each expectation's configuration built once (see above)
        try:
            with _lock:
                batch = _batch_definition(dataset).get_batch(batch_parameters={"dataframe": data})
                outcome.append(batch.validate(suite, result_format=RESULT_FORMAT))
        except BaseException as exc:  # raised in the caller's thread, as if GX had run there
            failed.append(exc)

    worker = threading.Thread(target=run, name="gx-validate")
    worker.start()
    worker.join()
    if failed:
        raise failed[0]
    return outcome[0]


def validate(
    dataset: str, frame: pl.DataFrame, suite: ExpectationSuite, *, every_row: bool = False
) -> ValidationReport:
    """Run `suite` on a polars frame; never raises for bad data (see `require`). An expectation
    GX could not compute (missing column, wrong type) is a failed result with GX's message.

    GX sees the frame's first row and every row some expectation could find fault with
    (`rows_to_check`): the same counts and examples as on every row, at a fraction of the cost.
    `every_row`: hand GX the whole frame (what the tests compare with)."""
    data = to_pandas(frame if every_row else rows_to_check(frame, suite))
    order = {_key(e.configuration): i for i, e in enumerate(suite.expectations)}
    outcome = _validated(dataset, data, suite)
    results = []
    for r in sorted(outcome.results, key=lambda r: order.get(_key(r.expectation_config), len(order))):
        config = r.expectation_config
        assert config is not None  # a suite's result names its expectation
        columns = _columns(config.kwargs)
        column = ", ".join(columns) or None
        error = _error(r)
        result = r.result or {}
        samples = [error] if error else _samples(result, columns, frame.schema)
        if (
            not r.success
            and not error
            and config.type == "expect_column_values_to_not_be_null"
            and not config.kwargs.get("row_condition")
            and column is not None
        ):
            samples = _null_rows(frame, column)  # the values are all empty: point at the rows instead
        results.append(
            ExpectationResult(
                dataset=dataset,
                expectation=config.type,
                column=column,
                critical=_is_critical(config),
                success=bool(r.success) and error is None,
                unexpected_count=None if error else result.get("unexpected_count"),
                samples=samples,
                description=(config.meta or {}).get("beschrijving", ""),
            )
        )
    return ValidationReport(dataset, frame.height, results)


def require(report: ValidationReport) -> ValidationReport:
    """Stop when a critical expectation failed (the figures would be wrong); else pass it on."""
    if failed := report.failed_critical:
        raise DataQualityError(f"controle '{report.dataset}' mislukt: " + "; ".join(r.explain() for r in failed))
    return report
