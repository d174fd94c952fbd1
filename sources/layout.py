"""What every export reader shares: the header check, the CSV body, row rules -> quarantine,
and reasons that never quote personal data.

A reason (a rejected file's or a quarantined row's) travels to stderr, Prefect's log
database, the store's quarantine table and every gemeente's Datakwaliteit sheet, so it
names a recognised header, a line number, counts and positions, the column and the rule,
never a cell's text: a cell that failed a rule may hold anything (a name given as Kanaal, a
phone number given as Score). What a reason may show of such a cell is its length
(`shown_label`) or its shape (`shape_of`: digits as 9, letters as a, e.g. '99-99-9999 99:99').
The one cell a reason quotes is the row's key (also kept as `sleutel`), and only when it is
a plausible key (`shown_key`).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Concatenate, ParamSpec, cast

import polars as pl

from core.errors import FileRejected
from core.profiles import Profile
from sources.files import ExportFile
from sources.quarantine import QUARANTINE_SCHEMA

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from polars.expr.whenthen import ChainedThen, Then

P = ParamSpec("P")

MAX_HEADER_BYTES = 64 * 1024  # a header line longer than this is no header
BLOCK_BYTES = 16 * 1024 * 1024  # the CSV reader's block; a record much longer than this cannot be read
SEPARATORS = ",;\t|"
KEY_MAX = 64  # a key longer than this is no key (and is not shown)
LABEL_MAX = 40  # a label longer than this is not shown
SHAPE_MAX = 30  # a value's shape is shown up to this many characters
# Text that reaches the store or a workbook unmapped may not hold control characters or a stray
# byte-order mark (XML, and so .xlsx, cannot hold most of them; they are never meant).
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]"
_FORMULA_START = r"^[=+@-]"
# A free label as it may be kept: starts with a letter or digit, then letters, digits, spaces and & ( ) . , ' _ / -
_LABEL = r"^[\p{L}\p{N}][\p{L}\p{N} &().,'’_/-]*$"
# A place name (gemeente): it becomes part of report folders and file names, so no / \ : or control chars.
_PLACE = r"^['’\p{L}\p{N}][\p{L}\p{N} '’.()-]*$"


@dataclass(frozen=True)
class SourceBatch:
    """One export file, read: canonical records plus its quarantined rows."""

    file: ExportFile
    records: pl.DataFrame
    quarantine: pl.DataFrame
    rows_read: int


@dataclass(frozen=True)
class Rule:
    """A row rule: rows where `broken` holds go to quarantine with `reason`. `repeats`: a rule on
    repeated values of that column (`broken` is then its `is_duplicated()`, which `split_by_rules`
    works out only when some value may occur twice)."""

    code: str
    broken: pl.Expr
    reason: pl.Expr
    repeats: str | None = None


@dataclass(frozen=True)
class RawRows:
    """An export's rows as text: the needed columns under canonical names with their line (`rij`,
    header = 1), and the rows that could not be split into the header's fields (`misfits`:
    line, fields found)."""

    frame: pl.DataFrame
    misfits: list[tuple[int, int]]
    fields: int  # the header's number of fields
    # the columns where a value may start or end with whitespace (`_padded`); None: not known, maybe any
    padded: frozenset[str] | None = None
    # the columns whose every byte is printable ASCII (space to ~: `_printable`), so that no value holds
    # a control character or a byte-order mark; empty: not known
    printable: frozenset[str] = frozenset()

    @property
    def count(self) -> int:
        return self.frame.height + len(self.misfits)

    def stripped(self, columns: Iterable[str]) -> list[pl.Expr]:
        """`columns` without leading and trailing whitespace: `str.strip_chars()` on those that may
        hold some (a column known to hold none is left as it is: the same values, without the copy)."""
        return [pl.col(c).str.strip_chars() for c in columns if self.padded is None or c in self.padded]


# --- the reader's boundary ------------------------------------------------------------------------


def unreadable(exc: OSError) -> str:
    """Why the operating system would not give us the file, in Dutch (never its path or content)."""
    if isinstance(exc, PermissionError):
        return "geen leesrechten op het bestand; verwacht een bestand dat de monitor mag lezen"
    if isinstance(exc, FileNotFoundError):
        return "bestand is verdwenen tijdens het lezen"
    if isinstance(exc, IsADirectoryError):
        return "is een map, geen bestand"
    what = f"{type(exc).__name__}" + (f", errno {exc.errno}" if exc.errno else "")
    return f"niet te lezen ({what}); verwacht een leesbaar bestand"


def boundary(
    read: Callable[Concatenate[ExportFile, P], SourceBatch],
) -> Callable[Concatenate[ExportFile, P], SourceBatch]:
    """A reader either returns a batch or raises FileRejected with a one-line Dutch reason:
    an I/O error or an unforeseen failure on hostile input rejects the file, never crashes the
    run. The failure's own message is left out (library messages may quote the file's text)."""

    @functools.wraps(read)
    def guarded(file: ExportFile, /, *args: P.args, **kwargs: P.kwargs) -> SourceBatch:
        try:
            return read(file, *args, **kwargs)
        except FileRejected:
            raise
        except MemoryError:
            raise FileRejected(file.name, "te groot om te lezen: het geheugen raakte op") from None
        except OSError as exc:
            raise FileRejected(file.name, unreadable(exc)) from None
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            raise FileRejected(
                file.name,
                f"onverwachte fout bij het lezen ({type(exc).__name__} in {Path(frame.filename).name}:"
                f"{frame.lineno}); het bestand is niet geladen, meld dit aan de beheerder",
            ) from None

    return guarded


# --- the header ------------------------------------------------------------------------------------


def _plural(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def first_line(file: ExportFile, data: bytes, encoding: str, expected: str) -> str:
    """The header line from the file's first bytes (at most MAX_HEADER_BYTES + 1 of them), decoded.
    Rejects an empty file, UTF-16, binary content and a first line that is too long or blank."""
    if not data.strip() and len(data) <= MAX_HEADER_BYTES:
        raise FileRejected(file.name, "bestand is leeg; verwacht een kopregel met kolomnamen")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(file.name, f"bestand is UTF-16 gecodeerd; verwacht {expected}")
    end = min((i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0), default=-1)
    if end < 0 and len(data) > MAX_HEADER_BYTES:
        raise FileRejected(
            file.name, f"regel 1 is langer dan {MAX_HEADER_BYTES // 1024} kB; verwacht een kopregel met kolomnamen"
        )
    line = data if end < 0 else data[:end]
    if b"\0" in line:
        raise FileRejected(
            file.name, f"regel 1 bevat NUL-bytes (binair bestand of UTF-16?); verwacht een kopregel in {expected}"
        )
    if not line.strip():
        raise FileRejected(file.name, "regel 1 is leeg; verwacht een kopregel met kolomnamen")
    try:
        return line.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileRejected(
            file.name,
            f"byte 0x{line[exc.start]:02x} op positie {exc.start + 1} van de kopregel is "
            f"geen {expected}; verwacht {expected}",
        ) from None


def check_utf8(file: ExportFile) -> None:
    """Reject a file that is not UTF-8 throughout, naming the first bad byte's line (the whole file is
    checked, not only the columns read: a file in another encoding is the wrong file). ASCII chunks,
    the usual case, are checked at memory speed."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with file.path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    _not_utf8(file, offset + exc.start - len(exc.object) + len(chunk))
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            _not_utf8(file, offset - len(decoder.getstate()[0]))


def _not_utf8(file: ExportFile, at: int) -> None:
    """Reject, naming the byte at offset `at` and its line."""
    lines, left = 1, at
    with file.path.open("rb") as fh:
        while left > 0 and (chunk := fh.read(min(left, 1 << 20))):
            lines += chunk.count(b"\n")
            left -= len(chunk)
        bad = fh.read(1)
    raise FileRejected(file.name, f"byte 0x{bad[0]:02x} op regel {lines} is geen UTF-8; verwacht UTF-8")


def header_names(line: str, separator: str) -> list[str]:
    """The column names in a header line: CSV quoting honoured; spaces, quotes and byte-order marks stripped."""
    try:
        fields = next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        fields = line.split(separator)
    return [f.replace("\ufeff", "").strip().strip('"').strip() for f in fields]


def _positions(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" (en {len(numbers) - 10} meer)" if len(numbers) > 10 else "")


def check_columns(
    file: ExportFile,
    found: list[str],
    required: Sequence[str],
    other: Iterable[str] = (),
    separator: str | None = None,
    line: str | None = None,
) -> dict[str, int]:
    """Each required column's position in the header (0-based), or reject the file naming what is wrong.

    The header is matched by name, never by position: extra columns and another order are fine.
    Names outside `required` and `other` (the layout's known columns that are not read) are only
    counted and given by position: a file without its header has a data row in its place."""
    where: dict[str, list[int]] = {}
    for i, name in enumerate(found):
        where.setdefault(name, []).append(i)
    twice = [c for c in required if len(where.get(c, [])) > 1]
    if twice:
        c = twice[0]
        raise FileRejected(
            file.name,
            f"kolom '{c}' staat {len(where[c])} keer in de kopregel (kolom "
            f"{_positions([i + 1 for i in where[c]])}); verwacht één keer",
        )
    missing = [c for c in required if c not in where]
    if not missing:
        return {c: where[c][0] for c in required}
    known = set(required) | set(other)
    if len(missing) == len(required):
        for sep in SEPARATORS:
            if separator and line is not None and sep != separator and set(header_names(line, sep)) & known:
                raise FileRejected(file.name, f"kopregel is gescheiden door {sep!r}, verwacht {separator!r}")
        expected = ", ".join(f"'{c}'" for c in required)
        raise FileRejected(
            file.name,
            f"regel 1 is geen kopregel: geen van de verwachte kolommen ({expected}) "
            f"gevonden in {'het enige veld' if len(found) == 1 else f'de {len(found)} velden'} van regel 1; "
            "ontbreekt de kopregel?",
        )
    names = ", ".join(f"'{c}'" for c in missing)
    unknown = [i + 1 for i, name in enumerate(found) if name not in known]
    also = f"; niet herkend: kolom {_positions(unknown)}" if unknown else ""
    raise FileRejected(
        file.name,
        f"kolom{'men' if len(missing) > 1 else ''} {names} "
        f"{'ontbreken' if len(missing) > 1 else 'ontbreekt'} in de kopregel "
        f"({_plural(len(found), 'kolom', 'kolommen')}{also})",
    )


# --- the CSV body ----------------------------------------------------------------------------------


def sheet_cells(
    file: ExportFile, sheet: str, required: Sequence[str], other: Iterable[str] = ()
) -> tuple[pl.DataFrame, list[str], dict[str, int]]:
    """A workbook's sheet as text cells without a header (so rows keep their line number), its header
    row as found (trimmed, without a byte-order mark) and each required column's position in it
    (`check_columns`); the file rejected, naming what is wrong, when the workbook, the sheet or the
    header is not as expected. The caller checks the container first (its size when unpacked)."""
    import fastexcel

    try:
        sheets = fastexcel.read_excel(str(file.path)).sheet_names
    except Exception as exc:  # calamine's errors are not one class; the message holds no cell values
        raise FileRejected(file.name, f"geen leesbare Excel-werkmap (.xlsx): {type(exc).__name__}") from None
    if sheet not in sheets:
        shown = [s[:31] for s in sheets[:10]]  # sheet names (at most 31 characters in Excel), not cells
        raise FileRejected(file.name, f"tabblad '{sheet}' ontbreekt; gevonden {shown}")
    try:  # no header row: the header is checked here like a CSV's, by name, and rows keep their line number
        cells = pl.read_excel(
            file.path,
            engine="calamine",
            sheet_name=sheet,
            has_header=False,
            infer_schema_length=0,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
        )
    except Exception as exc:
        raise FileRejected(file.name, f"tabblad '{sheet}' niet te lezen: {type(exc).__name__}") from None
    if cells.height == 0:
        raise FileRejected(file.name, f"tabblad '{sheet}' is leeg; verwacht een kopregel met kolomnamen")
    cells = cells.cast(pl.String)
    header = ["" if v is None else str(v).replace("\ufeff", "").strip() for v in cells.row(0)]
    return cells, header, check_columns(file, header, required, other)


def _arrow_failure(
    file: ExportFile, exc: Exception, source: Callable[[], BinaryIO], encoding_label: str, separator: str
) -> FileRejected:
    """A pyarrow CSV error as a reason; only its numbers are used (its text may quote the file)."""
    msg = str(exc)
    if "straddling" in msg or "larger than block size" in msg:
        with source() as fh:
            n, size = _longest_line(fh)
        return FileRejected(
            file.name,
            f"regel {n} is {size // (1024 * 1024)} MB lang, te lang om te lezen; "
            f"verwacht regels van hoogstens {BLOCK_BYTES // (1024 * 1024)} MB",
        )
    if "skip initial" in msg or "Empty CSV" in msg:
        return FileRejected(file.name, "bestand bevat alleen een kopregel, geen gegevens")
    row = re.search(r"Row #(\d+)", msg)
    at = f"regel {row[1]}: " if row else ""
    return FileRejected(file.name, f"{at}niet te lezen als CSV ({encoding_label}, {separator!r})")


def _longest_line(fh: BinaryIO) -> tuple[int, int]:
    """(line number, length in bytes) of the longest line, reading in chunks."""
    best, line, length = (1, 0), 1, 0
    while chunk := fh.read(1 << 20):
        parts = chunk.split(b"\n")
        for part in parts[:-1]:
            length += len(part)
            best = max(best, (line, length), key=lambda b: b[1])
            line, length = line + 1, 0
        length += len(parts[-1])
    return max(best, (line, length), key=lambda b: b[1])


def read_text_csv(
    file: ExportFile,
    separator: str,
    columns: dict[str, str],
    other: Iterable[str],
    encoding_label: str = "UTF-8",
    text: str | None = None,
) -> RawRows:
    """The needed columns as text (never inferred), under canonical names, with line numbers.

    `text` is the decoded content, or None to read the file itself as UTF-8. The header is
    matched by name. A row with more or fewer fields than the header is never loaded shifted:
    it becomes a misfit (quarantined with its line and field count). Quoted fields may hold the
    separator and line breaks; a line number counts records (header = 1, blank lines included)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    if file.path.suffix.lower() != ".csv":
        raise FileRejected(
            file.name,
            f"bestandstype {file.path.suffix!r} wordt voor deze bron niet gelezen; verwacht een CSV-export (.csv)",
        )
    if text is None:
        with file.path.open("rb") as fh:
            line = first_line(file, fh.read(MAX_HEADER_BYTES + 1), "utf-8-sig", encoding_label)
        check_utf8(file)
        source: object = str(file.path)

        def reopen() -> BinaryIO:
            return file.path.open("rb")
    else:
        line = first_line(file, text[: MAX_HEADER_BYTES + 1].encode("utf-8"), "utf-8-sig", encoding_label)
        data = text.encode("utf-8")

        def source() -> pa.BufferReader:
            return pa.BufferReader(data)

        def reopen() -> BinaryIO:
            return io.BytesIO(data)

    header = header_names(line, separator)
    at = check_columns(file, header, list(columns), other, separator, line)
    names = [f"c{i}" for i in range(len(header))]
    wanted = [names[at[c]] for c in columns]
    misfits: list[tuple[int, int]] = []
    runaway: list[tuple[int, int]] = []

    def read(careful: bool, on_misfit: Callable) -> pa.Table:
        """Fast: parallel blocks split at any line break. Careful: one thread, quoted line breaks honoured
        while splitting, every row numbered (pyarrow numbers the rows it hands to `on_misfit` only then)."""
        return pacsv.read_csv(
            source() if callable(source) else source,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, use_threads=not careful, block_size=BLOCK_BYTES if careful else 1 << 20
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=separator, newlines_in_values=careful, ignore_empty_lines=False, invalid_row_handler=on_misfit
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                # 32-bit offsets suffice (a block is at most BLOCK_BYTES) and polars takes them over for
                # half what large_string costs it
                column_types=dict.fromkeys(wanted, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )

    def misfit(row) -> str:  # called by pyarrow for each row whose field count differs from the header's
        (runaway if "\n" in row.text or "\r" in row.text else misfits).append((row.number, row.actual_columns))
        return "skip"

    doubts: list[bool] = []

    def noticed(row) -> str:
        doubts.append(True)
        return "skip"

    # A clean file, the usual case, is read once, fast. Any doubt (a row that does not fit, which is also
    # what a quoted line break cut at a block boundary gives, or an error) reads it again, carefully.
    try:
        table = read(careful=False, on_misfit=noticed)
    except pa.ArrowInvalid:
        doubts.append(True)
    if doubts:
        try:
            table = read(careful=True, on_misfit=misfit)
        except pa.ArrowInvalid as exc:
            raise _arrow_failure(file, exc, reopen, encoding_label, separator) from None
    if runaway:
        n, fields = runaway[0]
        raise FileRejected(
            file.name,
            f"regel {n}: een veld tussen aanhalingstekens loopt over meerdere regels en de "
            f"regel heeft {_plural(fields, 'veld', 'velden')}, verwacht {len(header)}; "
            "waarschijnlijk ontbreekt een afsluitend aanhalingsteken",
        )
    printable = frozenset(
        name for column, name in zip(wanted, columns.values(), strict=True) if _printable(table[column])
    )
    # a printable column without a space has no whitespace at all: nothing to look at its values' ends for
    padded = frozenset(
        name
        for column, name in zip(wanted, columns.values(), strict=True)
        if (name not in printable or _holds(table[column], 0x20)) and _padded(table[column])
    )
    frame = cast(pl.DataFrame, pl.from_arrow(table)).rename(dict(zip(wanted, columns.values(), strict=True)))
    if misfits:  # the rows read keep their own line numbers: every number but the misfits'
        numbers = pl.int_range(2, frame.height + len(misfits) + 2, eager=True, dtype=pl.Int64)
        numbers = numbers.filter(~numbers.is_in([n for n, _ in misfits]))
        if numbers.len() != frame.height:  # not numbered by pyarrow after all: count the rows as they come
            numbers = pl.int_range(2, frame.height + 2, eager=True, dtype=pl.Int64)
        frame = frame.with_columns(numbers.alias("rij"))
    else:
        frame = frame.with_row_index("rij", offset=2).with_columns(pl.col("rij").cast(pl.Int64))
    frame = frame.select("rij", *columns.values())
    frame = _without_trailing_blank_rows(frame)
    if frame.height == 0:
        if misfits:
            n, fields = misfits[0]
            raise FileRejected(
                file.name,
                f"geen enkele regel heeft {len(header)} velden zoals de kopregel "
                f"({_plural(len(misfits), 'regel', 'regels')} met een ander aantal, de "
                f"eerste regel {n} met {fields}); klopt het scheidingsteken {separator!r}?",
            )
        raise FileRejected(file.name, "bestand bevat alleen een kopregel, geen gegevens")
    return RawRows(frame, misfits, len(header), padded, printable)


def _chunks(column: pa.ChunkedArray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Each chunk of a text column with values, as numpy views of what Arrow holds: its value offsets
    (`len + 1` of them: value i is `data[ends[i]:ends[i + 1]]`) and its bytes. Only for 32-bit offsets
    (`pa.string()`, what read_text_csv asks for)."""
    import numpy as np

    for chunk in column.chunks:
        offsets, data = chunk.buffers()[1:3]
        if len(chunk) == 0 or data is None:
            continue
        ends = np.frombuffer(offsets, dtype=np.int32, count=len(chunk) + 1, offset=chunk.offset * 4)
        yield ends, np.frombuffer(data, dtype=np.uint8)


def _printable(column: pa.ChunkedArray) -> bool:
    """Whether every byte of a text column's values is printable ASCII (0x20 space to 0x7e ~): then no
    value holds a control character or a byte-order mark. One look at each byte Arrow holds (a byte
    minus 0x20, wrapping below it, is above 0x5e exactly when it is outside that range)."""
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_string(column.type):
        return False  # not the 32-bit offsets read_text_csv asks for
    return not any(((data[ends[0] : ends[-1]] - np.uint8(0x20)) > 0x5E).any() for ends, data in _chunks(column))


def _holds(column: pa.ChunkedArray, byte: int) -> bool:
    """Whether some value of a text column (32-bit offsets) holds `byte`."""
    return any((data[ends[0] : ends[-1]] == byte).any() for ends, data in _chunks(column))


def _padded(column: pa.ChunkedArray) -> bool:
    """Whether a value of a text column may start or end with whitespace, by its first and last byte:
    one at or below 0x20 (ASCII whitespace) or at or above 0x7f (a non-ASCII character: every Unicode
    whitespace character outside ASCII starts and ends with such a byte). False means that stripping
    would change no value; True only that it may. Looks at the bytes Arrow holds, not at the values."""
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_string(column.type):
        return any(len(chunk) for chunk in column.chunks)  # not the 32-bit offsets: leave it to strip_chars
    for ends, data in _chunks(column):
        starts, stops = ends[:-1], ends[1:]
        filled = stops > starts
        edges = data[np.concatenate([starts[filled], stops[filled] - 1])]
        if ((edges <= 0x20) | (edges >= 0x7F)).any():
            return True
    return False


def _without_trailing_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Blank lines at the end of a file (all fields empty) are no records."""
    if frame.height == 0 or not _blank(frame.tail(1)).item():
        return frame
    last = frame.select(pl.arg_where(~_blank(frame)).max()).item()
    return frame.head(0 if last is None else last + 1)


def _blank(frame: pl.DataFrame) -> pl.Series:
    return frame.select(pl.all_horizontal(pl.exclude("rij").is_null())).to_series()


def misfit_quarantine(file: ExportFile, source: str, raw: RawRows) -> pl.DataFrame:
    """The rows that could not be split into the header's fields: line and field count, nothing else."""
    return pl.DataFrame(
        [
            {
                "bron": source,
                "bron_bestand": file.name,
                "bron_hash": file.sha256,
                "rij": n,
                "sleutel": None,
                "regel": "aantal_velden",
                "reden": f"regel {n}: {_plural(fields, 'veld', 'velden')}, verwacht {raw.fields}",
                "gemeente": None,
                "wachtrij": None,
            }
            for n, fields in raw.misfits
        ],
        schema=QUARANTINE_SCHEMA,
    )


# --- what a reason may show ------------------------------------------------------------------------


def shape_of(value: pl.Expr) -> pl.Expr:
    """A value's shape, not its content: digits as 9, letters as a (T and Z kept, for ISO times), other
    characters than spaces and - : / . , + as ?. '01-07-2026 10:07' -> "vorm '99-99-9999 99:99'"."""
    text = value.fill_null("")
    mask = (
        text.str.replace_all(r"[^\p{L}\p{N}\s\-:/.,+]", "?")
        .str.replace_all(r"[\p{L}&&[^TZ]]", "a")
        .str.replace_all(r"\p{N}", "9")
        .str.replace_all(r"\s", " ")
    )
    n = text.str.len_chars()
    return (
        pl.when(n == 0)
        .then(pl.lit("leeg"))
        .when(n <= SHAPE_MAX)
        .then(pl.format("vorm '{}'", mask))
        .otherwise(pl.format("{} tekens, beginnend met vorm '{}'", n, mask.str.head(SHAPE_MAX)))
    )


def shown_value(value: pl.Expr) -> pl.Expr:
    """A value of a date, time or number column that failed its rule, in a reason: its shape only
    ("vorm '99-99-9999'"): a date can be a birth date, a number a phone number or a BSN."""
    return shape_of(value)


def shown_label(value: pl.Expr) -> pl.Expr:
    """A label that failed its rule, in a reason: never its text (a name given as Kanaal is a label the
    profile does not know, too), only whether it is empty and its length."""
    text = value.fill_null("")
    return (
        pl.when(text == "")
        .then(pl.lit("(leeg)"))
        .otherwise(pl.format("(waarde van {} tekens, niet getoond)", text.str.len_chars()))
    )


def shown_key(value: pl.Expr) -> pl.Expr:
    """A key as it may be stored and shown: null when it is no plausible key."""
    return pl.when(_key_ok(value)).then(value).otherwise(None)


def _key_ok(value: pl.Expr) -> pl.Expr:
    return (value.str.len_chars() <= KEY_MAX) & ~value.str.contains(_FORMULA_START) & ~value.str.contains(_CONTROL)


# --- row rules -------------------------------------------------------------------------------------


def split_by_rules(
    checked: pl.LazyFrame,
    rules: Sequence[Rule],
    file: ExportFile,
    source: str,
    key: str,
    records: list[pl.Expr | str],
    schema: pl.Schema,
    raw: RawRows | None = None,
    gemeenten: Sequence[str] = (),
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Apply rules in order (a row gets the first it breaks); return (records, quarantine).
    Reasons are built for the broken rows only. `raw`'s misfits join the quarantine. A quarantined row
    keeps its gemeente when the export names one of `gemeenten` (the configured ones), and its queue
    when it is a plain one: so a gemeente's report shows its own rows only.

    One pass over the rows: the typed columns and, per rule, whether each row breaks it (a rule on
    repeated values, `Rule.repeats`, only when the values are not all different: `_repeated`). Which
    rule a row breaks first, and why, is worked out for the broken rows only; a clean file (the usual
    case) goes on as it is, not filtered or copied."""
    repeats = {i: rule.repeats for i, rule in enumerate(rules) if rule.repeats is not None}
    flags = [f"_regel_{i}" for i in range(len(rules))]
    frame = checked.with_columns(
        rule.broken.fill_null(False).alias(flag)
        for flag, rule in zip(flags, rules, strict=True)
        if rule.repeats is None
    ).collect()
    frame = frame.with_columns(_repeated(frame, column).alias(flags[i]) for i, column in repeats.items())
    broken = frame.select(pl.any_horizontal(flags)).to_series() if flags else pl.Series([False] * frame.height)
    stamps = [
        pl.lit(file.stamp).alias("export_stempel"),
        pl.lit(file.name).alias("bron_bestand"),
        pl.lit(file.sha256).alias("bron_hash"),
    ]
    clean = not broken.any()
    good = (frame if clean else frame.filter(~broken)).select(*records, *stamps).cast(schema)
    quarantine = (
        pl.DataFrame(schema=QUARANTINE_SCHEMA)
        if clean
        else _quarantined(frame.filter(broken), rules, flags, file, source, key, gemeenten)
    )
    if raw is not None and raw.misfits:
        quarantine = pl.concat([quarantine, misfit_quarantine(file, source, raw)]).sort("rij")
    return good.select(list(schema)), quarantine


def _quarantined(
    frame: pl.DataFrame,
    rules: Sequence[Rule],
    flags: list[str],
    file: ExportFile,
    source: str,
    key: str,
    gemeenten: Sequence[str],
) -> pl.DataFrame:
    """The broken rows of `frame` (each rule's flag a column of `flags`) as quarantine rows: the first
    rule each breaks, and its reason."""
    first: Then | ChainedThen = pl.when(pl.col(flags[0])).then(pl.lit(0, pl.Int16))
    for i, flag in enumerate(flags[1:], start=1):
        first = first.when(pl.col(flag)).then(pl.lit(i, pl.Int16))
    nr = pl.col("_regel")
    reason: Then | ChainedThen = pl.when(nr == 0).then(rules[0].reason)
    for i, rule in enumerate(rules[1:], start=1):
        reason = reason.when(nr == i).then(rule.reason)
    known = pl.col("gemeente").is_in(list(gemeenten)) if "gemeente" in frame.columns else pl.lit(False)
    return (
        frame.with_columns(_regel=first.otherwise(None))
        .select(
            pl.lit(source).alias("bron"),
            pl.lit(file.name).alias("bron_bestand"),
            pl.lit(file.sha256).alias("bron_hash"),
            pl.col("rij").cast(pl.Int64),
            shown_key(pl.col(key)).alias("sleutel"),
            nr.replace_strict(dict(enumerate(r.code for r in rules)), return_dtype=pl.String).alias("regel"),
            reason.alias("reden"),
            (pl.when(known).then(pl.col("gemeente")) if "gemeente" in frame.columns else pl.lit(None, pl.String)).alias(
                "gemeente"
            ),
            (shown_key(pl.col("wachtrij")) if "wachtrij" in frame.columns else pl.lit(None, pl.String)).alias(
                "wachtrij"
            ),
        )
        .cast(QUARANTINE_SCHEMA)
    )


def _repeated(frame: pl.DataFrame, column: str) -> pl.Series:
    """Whether each row's `column` value occurs more than once (nulls count as one value); looked up only
    when the values are not known to be all different (`all_different`)."""
    if frame.height == 0 or all_different(frame[column]):
        return pl.Series([False] * frame.height, dtype=pl.Boolean)
    return frame.select(pl.col(column).is_duplicated()).to_series()


def all_different(values: pl.Series) -> bool:
    """Whether the values are known to be all different without looking any up: each greater than the
    one before (keys issued in order, the usual case), or hashing to as many different numbers as there
    are values. False: some value may occur twice (two with one hash, or two nulls)."""
    return increasing(values) or values.hash().n_unique() == values.len()


def increasing(values: pl.Series) -> bool:
    """Whether each value is greater than the one before, so that none occurs twice (a look at each
    pair of neighbours, a quarter of what hashing them costs); False when a value is null."""
    n = values.len()
    return n < 2 or (values.slice(1) > values.slice(0, n - 1)).all(ignore_nulls=False) is True


def leading_rules(profile: Profile, key: str, free_text: Iterable[str], printable: Collection[str] = ()) -> list[Rule]:
    """The rules every reader applies first, in this order: a blank row, a control character in a
    text that goes on unmapped (`free_text`; not looked for in a column known to hold printable ASCII
    only: `printable`, `RawRows.printable`), an empty or invalid key, a repeated header row."""
    label = profile.column_for(key)
    return [
        blank_row(list(profile.columns.values())),
        control_characters({c: profile.column_for(c) for c in free_text if c not in printable}),
        missing_key(key, label),
        bad_key(key, label),
        repeated_header(key, label),
    ]


def blank_row(columns: Sequence[str]) -> Rule:
    return Rule(
        "lege_regel", pl.all_horizontal(pl.col(c).is_null() for c in columns), pl.lit("regel bevat geen gegevens")
    )


def control_characters(columns: dict[str, str]) -> Rule:
    """Text that goes on unmapped (canonical -> export label) may not hold control characters. No
    columns: a rule no row breaks."""
    if not columns:
        return Rule("stuurteken", pl.lit(False), pl.lit("bevat een stuurteken"))
    bad = {c: pl.col(c).str.contains(_CONTROL).fill_null(False) for c in columns}
    reason = pl.lit("bevat een stuurteken")
    for c, label in reversed(columns.items()):
        reason = (
            pl.when(bad[c])
            .then(pl.lit(f"{label} bevat een stuurteken (zoals NUL of een byte-order mark); verwacht gewone tekst"))
            .otherwise(reason)
        )
    return Rule("stuurteken", pl.any_horizontal(bad.values()), reason)


def missing_key(key: str, label: str) -> Rule:
    return Rule("sleutel_ontbreekt", pl.col(key).is_null() | (pl.col(key) == ""), pl.lit(f"{label} is leeg"))


def bad_key(key: str, label: str) -> Rule:
    """A key that is too long or starts like a formula is no key (and is neither stored nor shown)."""
    value = pl.col(key)
    return Rule(
        "ongeldige_sleutel",
        (value.str.len_chars() > KEY_MAX) | value.str.contains(_FORMULA_START),
        pl.format(
            f"{label} is geen geldige sleutel ({{}} tekens; verwacht hoogstens {KEY_MAX}, niet "
            "beginnend met = + - of @)",
            value.str.len_chars(),
        ),
    )


def repeated_header(key: str, label: str) -> Rule:
    """A second header line inside the file (two exports pasted together)."""
    return Rule("kopregel_herhaald", pl.col(key) == label, pl.lit("regel herhaalt de kopregel"))


def duplicate_key(key: str, label: str) -> Rule:
    return Rule(
        "dubbele_sleutel",
        pl.col(key).is_duplicated(),
        pl.format(f"{label} {{}} komt meer dan eens voor in dit bestand", pl.format("'{}'", pl.col(key))),
        repeats=key,
    )


def unknown_label(code: str, raw: str, canonical: str, label: str, allowed: list[str]) -> Rule:
    """A label the profile does not map (the mapped column is null)."""
    return Rule(
        code,
        pl.col(canonical).is_null(),
        pl.format(f"{label} onbekend {{}}; toegestaan {allowed}", shown_label(pl.col(raw))),
    )


def not_a_place(column: str, label: str, configured: Sequence[str] = ()) -> Rule:
    """A gemeente's name that does not look like a place (letters, digits, spaces, - ' . ( )), unless it
    is one the configuration names as it is (a configured name makes a safe folder name whatever it
    holds: core/paths.py). Its text is not quoted in the reason, only its shape."""
    value = pl.col(column)
    return Rule(
        "ongeldige_gemeente",
        value.is_not_null()
        & ~value.is_in(list(configured))
        & ((value.str.len_chars() > LABEL_MAX) | ~value.str.contains(_PLACE)),
        pl.format(
            f"{label} is geen plaatsnaam ({{}}; verwacht letters, cijfers, spaties en - ' . ( ), "
            f"hoogstens {LABEL_MAX} tekens)",
            shape_of(value),
        ),
    )


def unknown_gemeente(column: str, label: str, gemeenten: Sequence[str]) -> Rule:
    """A gemeente the configuration does not know: its rows are no gemeente's (quarantined, for the
    operators). The name is not quoted (a person's name is a plain place name too), only its length."""
    return Rule(
        "onbekende_gemeente",
        pl.col(column).is_not_null() & ~pl.col(column).is_in(list(gemeenten)),
        pl.format(f"{label} staat niet in de configuratie (gemeenten = [...]) {{}}", shown_label(pl.col(column))),
    )


def whole_number(raw: str, parsed: str, label: str, required: bool = True) -> list[Rule]:
    """A count of seconds or days: an integer (empty allowed unless required), not negative."""
    unparsed = pl.col(parsed).is_null() if required else pl.col(raw).is_not_null() & pl.col(parsed).is_null()
    return [
        Rule("geen_getal", unparsed, pl.format(f"{label} is geen geheel getal: {{}}", shown_value(pl.col(raw)))),
        Rule("negatieve_duur", pl.col(parsed) < 0, pl.lit(f"{label} is negatief; verwacht 0 of meer")),
    ]


def missing(code: str, column: str, label: str) -> Rule:
    """A value the layout requires left empty ("datum_ontbreekt", "tijd_ontbreekt")."""
    return Rule(code, pl.col(column).is_null(), pl.lit(f"{label} ontbreekt"))


def unparsed(code: str, raw: str, parsed: str, label: str, expected: str) -> Rule:
    """A value the layout's format does not read: `parsed` empty where `raw` is not. `expected` names
    what it should be, its format in brackets ("datum (dd-mm-jjjj)"); the value is shown as
    `shown_value` shows it."""
    return Rule(
        code,
        pl.col(raw).is_not_null() & pl.col(parsed).is_null(),
        pl.format(f"{label} is geen geldige {expected}: {{}}", shown_value(pl.col(raw))),
    )


def skipped_hour(naive: str, local: str, label: str) -> Rule:
    """A local time in the hour skipped when summer time starts: read (`naive`), but no time on the clock
    (`local`, made with non_existent="null"). `label` names it ("Begintijd bestaat niet op Datum")."""
    return Rule(
        "tijd_bestaat_niet",
        pl.col(naive).is_not_null() & pl.col(local).is_null(),
        pl.lit(f"{label}: dat uur valt weg bij de overgang naar zomertijd"),
    )


def mapped(column: str, mapping: dict[str, str], out: str) -> pl.Expr:
    """Map export labels to canonical values; unknown labels become null (a rule catches them)."""
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String).alias(out)


OTHER_LABEL = "overig"  # a kept free label that does not look like a label (an address, a phone number)


def kept_label(value: pl.Expr) -> pl.Expr:
    """A free label as it may be stored: as it is when it looks like a label (at most LABEL_MAX letters,
    digits, spaces and & ( ) . , ' _ / -, at most 4 digits, starting with a letter or digit), else OTHER_LABEL -
    never the text (a phone number as the transfer target, an address). Null stays null, so what counts
    whether a value is there (a call put through) is unchanged."""
    text = value.str.strip_chars()
    label = (text.str.len_chars() <= LABEL_MAX) & text.str.contains(_LABEL) & (text.str.count_matches(r"\d") <= 4)
    return pl.when(value.is_null()).then(None).when(label).then(value).otherwise(pl.lit(OTHER_LABEL))


def gemeente_rules(column: str, label: str, gemeenten: Sequence[str] | None) -> list[Rule]:
    """The gemeente rule every reader with a gemeente column applies, in this order: empty, not a place
    name (unless the configuration names it as it is: `gemeenten`), not configured (only when the
    configured names are given)."""
    return [
        Rule("gemeente_ontbreekt", pl.col(column).is_null(), pl.lit(f"{label} is leeg")),
        not_a_place(column, label, gemeenten or ()),
        *([unknown_gemeente(column, label, gemeenten)] if gemeenten is not None else []),
    ]


MISALIGNED = "verschoven_velden"
_SHIFTED = (
    "de velden van deze regel lijken verschoven (een scheidingsteken zonder aanhalingstekens in een vrij tekstveld?)"
)


def misaligned(columns: dict[str, str]) -> Rule:
    """A row whose values do not fit their columns' shapes: a free label (canonical -> export label) that
    holds an '@', a run of 5 or more digits, '://' or starts with '/' (an address, a phone number, a page).
    It is what an unquoted separator in a free-text column gives when another field is missing (the field
    count is right, the values shifted): quarantined, never stored. The reason names the column and the
    rule, never the value."""
    bad = {c: pl.col(c).str.contains(r"@|\d{5}|://|^/").fill_null(False) for c in columns}
    reason: pl.Expr = pl.lit(_SHIFTED)
    for c, label in reversed(columns.items()):
        reason = (
            pl.when(bad[c])
            .then(pl.lit(f"{label} is geen label (bevat '@', '/' of een getal van 5 of meer cijfers): {_SHIFTED}"))
            .otherwise(reason)
        )
    return Rule(MISALIGNED, pl.any_horizontal(bad.values()), reason)


def misaligned_because(label: str, rule: str) -> str:
    """The reason of a reader's own misalignment rule: `label` is not `rule` (e.g. 'een pad of webadres')."""
    return f"{label} is geen {rule}: {_SHIFTED}"
