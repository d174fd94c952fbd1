"""The one place where polars meets Great Expectations.

Frames are converted to numpy-backed pandas here (GX is several times faster
on it than on arrow-backed pandas), validated against a suite, and the
results reduced to plain records for the report. `require` turns failed
critical expectations into one clear DataQualityError.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import polars as pl

from dvm.errors import DataQualityError

MAX_SAMPLES = 5


@dataclass(frozen=True)
class ExpectationResult:
    dataset: str
    expectation: str  # GX type, e.g. expect_column_values_to_be_between
    column: str | None
    critical: bool
    success: bool
    unexpected_count: int | None
    samples: list[Any] = field(default_factory=list)
    description: str = ""  # Dutch, for the report

    def explain(self) -> str:
        where = f" op '{self.column}'" if self.column else ""
        count = f": {self.unexpected_count} afwijkende rijen" if self.unexpected_count is not None else ""
        samples = f", bijv. {self.samples}" if self.samples else ""
        return f"{self.expectation}{where}{count}{samples}" + (f" ({self.description})" if self.description else "")


@dataclass(frozen=True)
class ValidationReport:
    dataset: str
    rows: int
    results: list[ExpectationResult]

    @property
    def failed_critical(self) -> list[ExpectationResult]:
        return [r for r in self.results if r.critical and not r.success]

    def to_frame(self) -> pl.DataFrame:
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
            schema={"dataset": pl.String, "verwachting": pl.String, "kolom": pl.String, "kritiek": pl.Boolean,
                    "geslaagd": pl.Boolean, "afwijkend": pl.Int64, "voorbeelden": pl.String},
        )


@cache
def _batch_definition():
    """One ephemeral GX context per process, quiet, with a pandas frame asset."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    asset = context.data_sources.add_pandas("dvm").add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole")


def suite(name: str, expectations: list):
    """An expectation suite (GX needs its context to exist before a suite is built)."""
    import great_expectations as gx

    _batch_definition()
    return gx.ExpectationSuite(name=name, expectations=expectations)


def to_pandas(frame: pl.DataFrame):
    """Numpy-backed pandas; tz-aware datetimes stay tz-aware, nullable ints become floats/objects."""
    return frame.to_pandas(use_pyarrow_extension_array=False)


def _exception(result) -> str | None:
    info = result.exception_info or {}
    if info.get("raised_exception"):
        return info.get("exception_message")
    for nested in info.values():
        if isinstance(nested, dict) and nested.get("raised_exception"):
            return nested.get("exception_message")
    return None


def validate(dataset: str, frame: pl.DataFrame, suite) -> ValidationReport:
    """Run a suite on a polars frame. Never raises for bad data: see `require`."""
    outcome = _batch_definition().get_batch(batch_parameters={"dataframe": to_pandas(frame)}).validate(suite)
    results = []
    for r in outcome.results:
        config = r.expectation_config
        error = _exception(r)
        samples = list(r.result.get("partial_unexpected_list") or [])[:MAX_SAMPLES]
        results.append(ExpectationResult(
            dataset=dataset,
            expectation=config.type,
            column=config.kwargs.get("column") or config.kwargs.get("column_A"),
            critical=str(config.severity).lower().endswith("critical"),
            success=bool(r.success) and error is None,
            unexpected_count=r.result.get("unexpected_count"),
            samples=[error] if error else samples,
            description=(config.meta or {}).get("beschrijving", ""),
        ))
    return ValidationReport(dataset, frame.height, results)


def require(report: ValidationReport) -> ValidationReport:
    """Stop when a critical expectation failed: the figures would be wrong."""
    if failed := report.failed_critical:
        raise DataQualityError(
            f"controle '{report.dataset}' mislukt ({report.rows} rijen): " + "; ".join(r.explain() for r in failed)
        )
    return report
