"""What a product of a run was made from, and whether it is still fresh.

A product (a report's workbook and kpis.csv, a dashboard, ...) depends on three things: the store
version it read, the configuration and the program. `made_from` names them; a run that wrote a
product leaves a stamp beside it (`write_stamp`: the three, and each file it wrote with its
content hash), and a later run asks `is_fresh` before making it again: the same three and every
file still as written -> nothing to do. A new load (another store version), a changed
configuration (`configuration_hash`) or program (`program_fingerprint`: our code and the
libraries that shape the output), or a file changed or removed since -> stale, made again.

No Prefect, no GX, no store here: a step of any flow (the nightly's reports, a dashboard, a pull)
can ask in a few milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from core import __version__
from core.paths import safe_component
from core.periods import Period
from core.settings import Settings
from sources.files import sha256_of

ROOT = Path(__file__).resolve().parents[1]
# the packages whose code shapes what a run writes (not the command line, nor the demo generator)
PACKAGES = ("core", "sources", "transforms", "expectations", "reports", "store", "flows", "delivery")
LIBRARIES = ("polars", "xlsxwriter", "deltalake", "great-expectations", "fastexcel")
# settings that change how a run goes, not what it writes (a product is not stale when they change)
NOT_IN_PRODUCTS = {"delivery", "schedule", "store_wait_s", "inbox_retries_s"}
# settings that change how a report is printed, not a figure or a page: the dashboard and the store's
# checks do not depend on them (a report with another PDF setting leaves the site and the checks fresh)
PRINTING = {"report": {"pdf"}}
SHAPING = {".py", ".j2", ".css"}  # the files of those packages that shape a product: code, the dashboard's templates
STAMPS = ".gemaakt"  # folder of the runs' indexes (what a run over a whole period made), in the working folder


@cache
def program_fingerprint() -> str:
    """Our code and the versions of the libraries that shape the output, as one short hash: a
    changed line of a transform, a suite or a sheet, or another polars, makes products stale."""
    digest = hashlib.sha256(__version__.encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=-".encode())
    for package in PACKAGES:
        for path in sorted(p for p in (ROOT / package).rglob("*") if p.suffix in SHAPING):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def configuration_hash(settings: Settings, beside: dict[str, set[str]] | None = None) -> str:
    """The configuration as one short hash (flags, environment, file and defaults as resolved; the
    secrets masked), without what does not change a product (mail, schedules, waits), nor the
    fields of `beside` (per section: `PRINTING` for what a report's PDF setting does not change)."""
    text = settings.model_dump_json(exclude={**dict.fromkeys(NOT_IN_PRODUCTS, True), **(beside or {})})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class MadeFrom:
    """What a product was made from."""

    store_version: int | None
    configuration: str
    program: str


def made_from(settings: Settings, store_version: int | None, beside: dict[str, set[str]] | None = None) -> MadeFrom:
    return MadeFrom(store_version, configuration_hash(settings, beside), program_fingerprint())


def _write_json(path: Path, content: dict) -> None:
    """Write JSON atomically: a temporary file in the same folder, then renamed over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")  # opened as any file: the umask's mode
    try:
        with temporary.open("x", encoding="utf-8") as fh:
            json.dump(content, fh, ensure_ascii=False, indent=1)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_stamp(stamp: Path, made: MadeFrom, files: list[Path], **about: object) -> Path:
    """Record that `files` were made from `made` (with each file's content hash, its path relative
    to the stamp's folder), atomically. `about`: anything else worth saying (period, gemeente)."""
    base = stamp.parent.resolve()
    listed = [[os.path.relpath(Path(f).resolve(), base), sha256_of(Path(f))] for f in files]
    _write_json(stamp, {**about, "gemaakt_van": asdict(made), "bestanden": listed})
    return stamp


def stamped_files(stamp: Path, made: MadeFrom) -> list[Path] | None:
    """The files of a fresh stamp: made from `made`, each still there as it was written; None when
    stale (no stamp, another store version, configuration or program, a file changed or gone)."""
    try:
        content = json.loads(stamp.read_text(encoding="utf-8"))
        if content.get("gemaakt_van") != asdict(made):
            return None
        files = [(stamp.parent / name, sha) for name, sha in content["bestanden"]]
        if any(not path.is_file() or sha256_of(path) != sha for path, sha in files):
            return None
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None
    return [path.resolve() for path, _ in files]


def is_fresh(stamp: Path, made: MadeFrom) -> bool:
    """Whether the product `stamp` records was made from `made` and is still as written."""
    return stamped_files(stamp, made) is not None


# ---- the reports -------------------------------------------------------------------------------
#
# Each workbook has a sidecar (`workbook_stamp`): what it was made from, and its files (workbook,
# kpis.csv, PDF) with their content hashes. A report run over every gemeente of a period also
# writes the period's index (`report_stamp`): what the run was made from and the sidecars of the
# workbooks it wrote - which gemeenten got one. The period is fresh when the index and every
# sidecar it names were made from the current store version, configuration and program and every
# file is as its sidecar says: a later report of one gemeente from the same data (`--gemeente`)
# leaves it fresh, one from an older version (`--as-of`) or a file changed by hand makes it stale.


def report_stamp(settings: Settings, period: Period) -> Path:
    """The index of the last report run for a period over every gemeente (the nightly's kind); in
    the working folder, not among the reports (whose folders are the gemeenten's)."""
    return settings.home / STAMPS / "rapporten" / f"{safe_component(period.folder_name)}.json"


def workbook_stamp(book: Path) -> Path:
    """The sidecar beside a workbook: what it (and its kpis.csv and PDF) was made from."""
    return book.with_suffix(".json")


def write_report_index(settings: Settings, period: Period, made: MadeFrom, sidecars: list[Path]) -> Path:
    """The period's index: made from `made`, the workbooks' sidecars written (atomically)."""
    index = report_stamp(settings, period)
    base = index.parent.resolve()
    _write_json(
        index,
        {
            "periode": period.label,
            "gemaakt_van": asdict(made),
            "werkmappen": [os.path.relpath(s.resolve(), base) for s in sidecars],
        },
    )
    return index


def fresh_report(settings: Settings, period: Period, store_version: int | None) -> list[str] | None:
    """The files of the period's report over every gemeente when it is fresh (made from this store
    version, configuration and program, each file as written); None when it is to be made."""
    made, index = made_from(settings, store_version), report_stamp(settings, period)
    try:
        content = json.loads(index.read_text(encoding="utf-8"))
        if content.get("gemaakt_van") != asdict(made):
            return None
        files: list[str] = []
        for sidecar in content["werkmappen"]:
            found = stamped_files(index.parent / sidecar, made)
            if found is None:
                return None
            files += [str(f) for f in found]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return files


# ---- the dashboard -----------------------------------------------------------------------------
#
# A build of the whole internal dashboard (every gemeente with data) leaves one stamp: what it was
# made from, its pages, and the forecasts it showed (each gemeente's prognose.csv, by content hash,
# or none): a new forecast makes it stale as a new load does. A build of some gemeenten, or the
# public one, leaves no stamp: the next whole build is not spared by it.


def dashboard_stamp(settings: Settings) -> Path:
    return settings.home / STAMPS / "dashboard.json"


def prognosis_csv(settings: Settings, gemeente: str) -> Path:
    """Where the prognose flow writes a gemeente's prognose.csv (and the dashboard reads it)."""
    return settings.reports_path / safe_component(gemeente) / "prognose" / "prognose.csv"


def forecasts_shown(settings: Settings) -> dict[str, str | None]:
    """Per configured gemeente the content hash of its prognose.csv, None where there is none."""
    return {g: sha256_of(path) if (path := prognosis_csv(settings, g)).is_file() else None for g in settings.gemeenten}


def stamp_dashboard(settings: Settings, store_version: int, pages: list[Path]) -> Path:
    """Record a whole build of the internal dashboard (atomically)."""
    made = made_from(settings, store_version, PRINTING)  # the site prints no PDF
    return write_stamp(dashboard_stamp(settings), made, pages, prognoses=forecasts_shown(settings))


def fresh_dashboard(settings: Settings, store_version: int | None) -> list[str] | None:
    """The pages of the whole internal dashboard when it is fresh (made from this store version,
    configuration and program, showing the forecasts there are now, each page as written); None when
    it is to be made."""
    stamp = dashboard_stamp(settings)
    pages = stamped_files(stamp, made_from(settings, store_version, PRINTING))
    try:
        shown = json.loads(stamp.read_text(encoding="utf-8")).get("prognoses") if pages is not None else None
    except (OSError, ValueError, AttributeError):
        return None
    if pages is None or shown != forecasts_shown(settings):
        return None
    return [str(p) for p in pages]
