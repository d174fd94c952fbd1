"""The programme register's template (`dvm register-sjabloon`): the workbook the programme manager fills
in, one row per measurement, and saves in the inbox as `programma_register_<JJJJMMDD>.xlsx`.

Sheet `Register` has the layout `sources/register.py` reads (the profile's headers), prefilled with one
row per configured indicator, and data validation on every row: lists for Gemeente, Plateau, Indicator and
Ingevoerd door (a role), whole numbers for Teller and Noemer, a number for Waarde, a date for Peildatum.
Sheet `Uitleg` says in Dutch how to fill it in and lists each indicator with its targets; the lists the
validation takes live on the hidden sheet `Lijsten`. The demo writes its register with the same code
(`rows`), so the demo's register is the template filled in.

Every cell is written with an explicit type (text from the configuration is never a formula); the file
is built in memory and written atomically; the same content and `created` give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from core.ambitions import PROGRAMME, TRACKS, ProgrammeTarget
from core.profiles import RegisterProfile
from reports import theme
from reports._atomic import atomic_write_bytes
from reports.text_metrics import wrap as wrapped

ROWS = 500  # rows with data validation
MEASURES = {"percentage": "percentage (teller en noemer)", "aantal": "aantal", "cijfer": "rapportcijfer (1-10)"}
PLATEAUS = {1: "1 Opzet", 2: "2 Projectmatige uitvoering", 3: "3 Structurele borging"}


@dataclass(frozen=True)
class Measurement:
    """One filled-in row of the register (the demo's, a test's)."""

    gemeente: str
    indicator: str
    plateau: int | str | None
    peildatum: date | str | None
    teller: float | str | None = None
    noemer: float | str | None = None
    waarde: float | str | None = None
    toelichting: str | None = None
    ingevoerd_door: str | None = "programmamanager"
    project: str | None = None


def indicators_of(targets: Sequence[ProgrammeTarget]) -> list[ProgrammeTarget]:
    """Each indicator once, with its lowest plateau's target, in the configured order."""
    first: dict[str, ProgrammeTarget] = {}
    for t in targets:
        seen = first.get(t.indicator)
        if seen is None or (t.plateau or 9) < (seen.plateau or 9):
            first[t.indicator] = t
    order = list(dict.fromkeys(t.indicator for t in targets))
    return [first[i] for i in order]


def _height(cells: Sequence[tuple[str | None, float]]) -> float:
    """A row's height in points for its wrapped texts (text, column width in characters): LibreOffice does
    not grow a row for wrapped text by itself."""
    lines = max(
        (len(wrapped(t, theme.column_points(w) - 2 * theme.CELL_INSET, theme.BODY_SIZE)) for t, w in cells if t),
        default=1,
    )
    return theme.whole_pixels(max(1, lines) * theme.BODY_SIZE * 1.3 + 2)


def _target_text(t: ProgrammeTarget) -> str:
    if t.target is None:
        return "geen streefwaarde: gevolgd naast Klant in Focus"
    unit = "%" if t.measure == "percentage" else ""
    word = "ten minste" if t.direction == ">=" else "hoogstens"
    return f"{word} {t.target:g}{unit}"


def template_bytes(
    gemeenten: Sequence[str],
    targets: Sequence[ProgrammeTarget],
    profile: RegisterProfile,
    created: datetime,
    rows: Sequence[Measurement] | None = None,
) -> bytes:
    """The register as .xlsx bytes: prefilled with one row per indicator (for the first gemeente), or
    with `rows` (a filled-in register)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    book.set_properties(
        {"title": "Programmaregister dienstverlening", "author": "Dienstverleningsmonitor", "created": created}
    )
    head = book.add_format({**theme.HEADER, "bg_color": "#F2F2F2"})
    wrap = book.add_format({**theme.TEXT, **theme.WRAP})
    title = book.add_format(theme.TITLE)
    para = book.add_format(theme.PARAGRAPH)
    day = book.add_format({**theme.TEXT, "num_format": "dd-mm-yyyy"})
    number = book.add_format({**theme.TEXT, "num_format": "0.##"})

    sheet = book.add_worksheet(profile.sheet)
    explain = book.add_worksheet("Uitleg")
    lists = book.add_worksheet("Lijsten")
    lists.hide()

    order = ["gemeente", "project", "plateau", "indicator", "omschrijving", "teller", "noemer", "waarde"]
    order += ["peildatum", "toelichting", "ingevoerd_door"]
    label = {c: h for h, c in profile.columns.items()} | {"omschrijving": "Omschrijving"}
    at = {c: i for i, c in enumerate(order)}
    widths = {"gemeente": 11, "project": 22, "plateau": 7, "indicator": 32, "omschrijving": 40}
    widths |= {"teller": 8, "noemer": 8, "waarde": 8, "peildatum": 11, "toelichting": 36, "ingevoerd_door": 20}
    plain = book.add_format(theme.TEXT)
    formats = {c: wrap if c in ("omschrijving", "toelichting", "project") else plain for c in at}
    formats |= {"peildatum": day, "teller": number, "noemer": number, "waarde": number}
    for c, i in at.items():
        sheet.write_string(0, i, label[c], head)
        sheet.set_column(i, i, widths[c], formats[c])
    sheet.freeze_panes(1, 0)

    indicators = indicators_of(targets)
    codes = [t.indicator for t in indicators]
    by_code = {t.indicator: t for t in indicators}
    for i, values in enumerate((list(gemeenten), codes, [str(p) for p in PLATEAUS], list(profile.roles))):
        for r, v in enumerate(values):
            lists.write_string(r, i, v)
    ref = "=Lijsten!${col}$1:${col}${n}"
    n_rows = ROWS + 1

    def validate(c: str, options: dict) -> None:
        sheet.data_validation(1, at[c], n_rows, at[c], options)

    validate("gemeente", {"validate": "list", "source": ref.format(col="A", n=max(1, len(gemeenten)))})
    validate(
        "indicator",
        {
            "validate": "list",
            "source": ref.format(col="B", n=len(codes)),
            "error_title": "Onbekende indicator",
            "error_message": "Kies een indicator uit de lijst (zie het blad Uitleg).",
        },
    )
    validate("plateau", {"validate": "list", "source": ref.format(col="C", n=len(PLATEAUS))})
    validate(
        "ingevoerd_door",
        {
            "validate": "list",
            "source": ref.format(col="D", n=len(profile.roles)),
            "error_title": "Alleen een rol",
            "error_message": "Vul een rol in, geen naam: kies uit de lijst.",
        },
    )
    for c in ("teller", "noemer"):
        validate(
            c,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 0,
                "maximum": 1_000_000,
                "error_title": "Geen geheel getal",
                "error_message": "Vul een geheel getal van 0 of meer in.",
            },
        )
    validate(
        "waarde",
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 1_000_000,
            "input_title": "Waarde",
            "input_message": "Een aantal, een rapportcijfer (1-10) of een percentage (0-100) als er geen "
            "teller en noemer zijn.",
        },
    )
    validate(
        "peildatum",
        {
            "validate": "date",
            "criteria": "between",
            "minimum": date(2020, 1, 1),
            "maximum": date(2099, 12, 31),
            "error_title": "Geen datum",
            "error_message": "Vul een datum in (dd-mm-jjjj): de dag waarop de meting geldt.",
        },
    )
    validate(
        "toelichting",
        {
            "validate": "length",
            "criteria": "<=",
            "value": 300,
            "input_title": "Bron en toelichting",
            "input_message": "Waar het getal vandaan komt, in woorden. Geen namen van personen.",
        },
    )

    def text(r: int, c: str, value: object) -> None:
        if value is None or value == "":
            return
        if c == "peildatum" and isinstance(value, date):
            sheet.write_datetime(r, at[c], datetime(value.year, value.month, value.day), day)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(r, at[c], value, number)
        else:
            sheet.write_string(r, at[c], str(value), formats[c])

    if rows is None:
        gemeente = gemeenten[0] if len(gemeenten) == 1 else None
        filled = [
            Measurement(gemeente or "", t.indicator, t.plateau or 1, None, project=t.project, ingevoerd_door=None)
            for t in indicators
        ]
    else:
        filled = list(rows)
    for r, m in enumerate(filled, start=1):
        known = by_code.get(m.indicator)
        project = m.project if m.project is not None else (known.project if known else None)
        texts = [(project, widths["project"]), (known.label if known else None, widths["omschrijving"])]
        sheet.set_row(r, _height([*texts, (m.toelichting, widths["toelichting"])]))
        for c, value in (
            ("gemeente", m.gemeente),
            ("project", project),
            ("plateau", m.plateau),
            ("indicator", m.indicator),
            ("omschrijving", known.label if known else None),
            ("teller", m.teller),
            ("noemer", m.noemer),
            ("waarde", m.waarde),
            ("peildatum", m.peildatum),
            ("toelichting", m.toelichting),
            ("ingevoerd_door", m.ingevoerd_door),
        ):
            text(r, c, value)

    # --- Uitleg: how to fill it in, and the indicators with their targets
    guide = {0: 30, 1: 34, 2: 20, 3: 20, 4: 14, 5: 44, 6: 14}
    for i, w in guide.items():
        explain.set_column(i, i, w, wrap)
    lines = [
        ("Programmaregister dienstverlening", title),
        (f"Voor de doelen uit het {PROGRAMME} die in geen export staan.", None),
        (
            "Vul op het blad Register één regel in per meting: de indicator, het plateau, de peildatum (de dag "
            "waarop het getal geldt) en bij een percentage de teller en de noemer, anders de waarde.",
            None,
        ),
        (
            "Houd alle eerdere regels: elke peildatum blijft bewaard en vormt samen de geschiedenis. Een regel "
            "met dezelfde indicator en peildatum in een later register vervangt de eerdere.",
            None,
        ),
        (
            "Ingevoerd door: alleen een rol uit de lijst, nooit een naam. Bron en toelichting: waar het getal "
            "vandaan komt (bijv. 'telling schrijfcoaches', 'internet.nl-test'), zonder namen van personen.",
            None,
        ),
        (
            "Sla het register op als programma_register_JJJJMMDD.xlsx met de datum van vandaag en zet het in de "
            "inbox van de monitor. Een meting met een peildatum na die datum wordt niet geladen.",
            None,
        ),
    ]
    r = 0
    for line, fmt in lines:  # a line runs over the empty cells beside it
        explain.write_string(r, 0, line, fmt or para)
        r += 1
    r += 1
    columns = ["Indicator", "Wat wordt gemeten", "Teller telt", "Noemer telt", "Plateau", "Doel", "Streefwaarde"]
    for i, h in enumerate(columns):
        explain.write_string(r, i, h, head)
    for t in targets:
        r += 1
        track = f"Spoor {t.track} ({TRACKS[t.track].lower()}): " if t.track in TRACKS else ""
        cells = [
            t.indicator,
            f"{t.label} ({MEASURES[t.measure]})",
            t.teller or "",
            t.noemer or "",
            PLATEAUS.get(t.plateau or 0, ""),
            track + (t.text or ""),
            _target_text(t),
        ]
        for i, cell in enumerate(cells):
            explain.write_string(r, i, cell, wrap)
        explain.set_row(r, _height([(cell, guide[i]) for i, cell in enumerate(cells)]))
    explain.set_landscape()
    explain.fit_to_pages(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.activate()
    book.close()
    return buffer.getvalue()


def write_register_template(
    path: Path,
    gemeenten: Sequence[str],
    targets: Sequence[ProgrammeTarget],
    profile: RegisterProfile,
    created: datetime,
    rows: Sequence[Measurement] | None = None,
) -> Path:
    """Write the register (template, or filled in with `rows`) to `path` atomically; returns `path`."""
    return atomic_write_bytes(Path(path), template_bytes(gemeenten, targets, profile, created, rows))
