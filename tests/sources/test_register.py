"""The programme register's reader: the layout by name, one rule per bad row with its reason, a role kept
and a name dropped, the template's unfilled rows skipped, and a damaged workbook rejected whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from core.errors import FileRejected
from core.profiles import RegisterProfile
from sources.files import identify
from sources.register import REGISTER_SCHEMA, load_register
from tests.sources.hostile import damaged

HEADER = [  # another order than the template's, and a column the reader does not know (with a name in it)
    "Indicator",
    "Gemeente",
    "Plateau",
    "Peildatum",
    "Teller",
    "Noemer",
    "Waarde",
    "Project",
    "Bron en toelichting",
    "Ingevoerd door (rol)",
    "Naam invuller",
]
GEMEENTEN = ["Losser", "Enschede"]


def workbook(folder: Path, rows: list[list], stamp: str = "20260401", header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.create_sheet("Register", 0)
    del book[book.sheetnames[1]]  # the default sheet
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = folder / f"programma_register_{stamp}.xlsx"
    book.save(path)
    return path


def row(indicator="brieven_direct_duidelijk", peildatum=dt.datetime(2026, 3, 31), teller=36, noemer=180, **change):
    values = {
        "Indicator": indicator,
        "Gemeente": "Losser",
        "Plateau": 1,
        "Peildatum": peildatum,
        "Teller": teller,
        "Noemer": noemer,
        "Waarde": None,
        "Project": "Direct Duidelijk",
        "Bron en toelichting": "telling schrijfcoaches",
        "Ingevoerd door (rol)": "Programmamanager",
        "Naam invuller": "Jan Jansen",
    } | change
    return [values[h] for h in HEADER]


def load(path: Path):
    return load_register(identify(path), RegisterProfile(), GEMEENTEN)


def test_good_rows_become_measurements_keyed_by_gemeente_indicator_and_peildatum(tmp_path):
    path = workbook(
        tmp_path,
        [
            row(),  # a real date cell
            row(peildatum="31-12-2025", teller="18", noemer="180"),  # typed as text
            row("sbp_medewerkers_opgeleid", teller=None, noemer=None, Waarde=5),
            row("burgerpeiling_cijfer_dienstverlening", teller=None, noemer=None, Waarde="7,1"),  # a Dutch comma
            row("website_beveiligingsstandaarden", teller=None, noemer=None, Waarde=75.5),  # a percentage as waarde
            row(peildatum="30-09-2025", **{"Bron en toelichting": "internet.nl-test van 30-09-2025 (2025-09-30)"}),
            [None] * len(HEADER),  # an empty row: no record
            row("pdf_naar_eformulier", peildatum=None, teller=None, noemer=None),  # the template's, not filled in
        ],
    )
    batch = load(path)
    assert batch.quarantine.is_empty(), batch.quarantine["reden"].to_list()
    assert batch.records.schema == REGISTER_SCHEMA
    got = batch.records.select("meting_id", "plateau", "teller", "noemer", "waarde", "peildatum").rows()
    assert got == [
        ("Losser|brieven_direct_duidelijk|2026-03-31", 1, 36, 180, None, dt.date(2026, 3, 31)),
        ("Losser|brieven_direct_duidelijk|2025-12-31", 1, 18, 180, None, dt.date(2025, 12, 31)),
        ("Losser|sbp_medewerkers_opgeleid|2026-03-31", 1, None, None, 5.0, dt.date(2026, 3, 31)),
        ("Losser|burgerpeiling_cijfer_dienstverlening|2026-03-31", 1, None, None, 7.1, dt.date(2026, 3, 31)),
        ("Losser|website_beveiligingsstandaarden|2026-03-31", 1, None, None, 75.5, dt.date(2026, 3, 31)),
        ("Losser|brieven_direct_duidelijk|2025-09-30", 1, 36, 180, None, dt.date(2025, 9, 30)),  # a date is no number
    ]


def test_who_entered_it_is_kept_as_a_role_only_and_no_other_column_is_read(tmp_path):
    path = workbook(
        tmp_path, [row(), row(peildatum=dt.datetime(2025, 12, 31), **{"Ingevoerd door (rol)": "Piet Klaas"})]
    )
    batch = load(path)
    assert batch.records["ingevoerd_door"].to_list() == ["programmamanager", None]  # the name is dropped
    text = str(batch.records.rows()) + str(batch.quarantine.rows())
    assert "Piet" not in text and "Jan Jansen" not in text and "Naam invuller" not in text


BAD = [  # (row, rule, reason)
    (row("klanttevredenheid_balie"), "onbekende_indicator", "Indicator (waarde van 23 tekens, niet getoond) onbekend"),
    (row(teller=200, noemer=180), "teller_boven_noemer", "Teller 200 is groter dan Noemer 180"),
    (
        row(peildatum=dt.datetime(2026, 5, 1)),
        "peildatum_in_toekomst",
        "Peildatum 01-05-2026 ligt na de datum van het register (01-04-2026)",
    ),
    (
        row("website_beveiligingsstandaarden", teller=None, noemer=None, Waarde=120),
        "percentage_boven_100",
        "Waarde vorm '999' is een percentage boven 100",
    ),
    (row(teller=None, noemer=None, Plateau=2), "waarde_ontbreekt", "Teller en Noemer (of Waarde) ontbreken"),
    (row(noemer=None), "waarde_ontbreekt", "Noemer ontbreekt bij de teller"),
    (row("sbp_processen_verbeterd", teller=None, noemer=None), "waarde_ontbreekt", "Waarde ontbreekt"),
    (row(peildatum=None), "datum_ontbreekt", "Peildatum ontbreekt"),
    (row(peildatum="31-02-2026"), "ongeldige_datum", "Peildatum is geen geldige datum (dd-mm-jjjj): vorm '99-99-9999'"),
    (row(Plateau=4), "ongeldig_plateau", "Plateau is geen 1, 2 of 3: vorm '9'"),
    (row(teller=-3), "geen_getal", "Teller is geen geheel getal van 0 of meer: vorm '-9'"),
    (row(teller="veel"), "geen_getal", "Teller is geen geheel getal van 0 of meer: vorm 'aaaa'"),
    (row(noemer=0, teller=0), "noemer_nul", "Noemer is 0"),
    (
        row("burgerpeiling_cijfer_dienstverlening", teller=None, noemer=None, Waarde=11),
        "cijfer_buiten_bereik",
        "Waarde vorm '99' is geen rapportcijfer van 1 tot en met 10",
    ),
    (row(Waarde=20), "teller_en_waarde", "zowel Teller/Noemer als Waarde ingevuld"),
    (row("sbp_medewerkers_opgeleid"), "teller_bij_geen_percentage", "is een aantal: verwacht alleen Waarde"),
    (
        row(Gemeente="Hengelo"),
        "onbekende_gemeente",
        "Gemeente staat niet in de configuratie (gemeenten = [...]) (waarde van 7 tekens, niet getoond)",
    ),
    (row(Gemeente=None), "gemeente_ontbreekt", "Gemeente is leeg"),
    (
        row(**{"Bron en toelichting": "navraag bij a.b@losser.invalid"}),
        "persoonsgegevens_in_toelichting",
        "Bron en toelichting lijkt persoonsgegevens te bevatten",
    ),
    (row(**{"Bron en toelichting": "bel 06 9990 0044"}), "persoonsgegevens_in_toelichting", "een lang nummer"),
]


@pytest.mark.parametrize(("bad", "rule", "reason"), BAD, ids=[f"{r}-{i}" for i, (_, r, _) in enumerate(BAD)])
def test_each_bad_row_is_quarantined_with_its_reason_and_the_good_rows_load(tmp_path, bad, rule, reason):
    path = workbook(tmp_path, [row(peildatum=dt.datetime(2025, 12, 31)), bad, row(peildatum=dt.datetime(2025, 9, 30))])
    batch = load(path)
    assert batch.records.height == 2 and batch.rows_read == 3
    (q,) = batch.quarantine.rows(named=True)
    assert (q["bron"], q["rij"], q["regel"]) == ("programma", 3, rule)  # the header is row 1
    assert reason in q["reden"], q["reden"]
    assert "losser.invalid" not in q["reden"] and "9990" not in q["reden"]  # what is personal is never quoted


def test_the_same_measurement_twice_in_one_register_is_quarantined_both_times(tmp_path):
    batch = load(workbook(tmp_path, [row(), row(teller=40)]))
    assert batch.records.is_empty()
    assert batch.quarantine["regel"].to_list() == ["dubbele_sleutel", "dubbele_sleutel"]


def test_a_register_missing_a_column_is_rejected_whole_naming_it(tmp_path):
    path = workbook(tmp_path, [row()[:-2]], header=HEADER[:-2])  # no Ingevoerd door (rol)
    with pytest.raises(FileRejected, match="kolom 'Ingevoerd door \\(rol\\)' ontbreekt in de kopregel"):
        load(path)


def test_a_damaged_workbook_is_rejected_whole_with_one_dutch_line(tmp_path):
    path = damaged(workbook(tmp_path, [row()] * 20))
    with pytest.raises(FileRejected) as caught:
        load(path)
    reason = str(caught.value)
    assert "werkmap is beschadigd" in reason and "\n" not in reason


def test_a_file_that_is_no_workbook_and_a_missing_sheet_are_rejected(tmp_path):
    path = tmp_path / "programma_register_20260401.xlsx"
    path.write_bytes(b"Indicator;Gemeente\nbrieven;Losser\n")
    with pytest.raises(FileRejected, match="geen leesbare Excel-werkmap"):
        load(path)
    book = openpyxl.Workbook()
    book.create_sheet("Blad1", 0)
    del book[book.sheetnames[1]]
    book.save(path)
    with pytest.raises(FileRejected, match="tabblad 'Register' ontbreekt"):
        load(path)


def test_the_configured_ambitions_are_the_indicators_the_reader_knows(tmp_path):
    from core.settings import Settings

    ambition = {"indicator": "klachten_op_tijd", "label": "Klachten op tijd", "measure": "percentage"}
    settings = Settings(gemeenten=["Losser"], queues=[], ambitions=[ambition])
    assert settings.profiles.programma.indicators == {"klachten_op_tijd": "percentage"}
    path = workbook(tmp_path, [row("klachten_op_tijd"), row(peildatum=dt.datetime(2025, 12, 31))])
    batch = load_register(identify(path), settings.profiles.programma, settings.gemeenten)
    assert batch.records["indicator"].to_list() == ["klachten_op_tijd"]
    assert batch.quarantine["regel"].to_list() == ["onbekende_indicator"]
    assert pl.Series(batch.quarantine["reden"]).str.contains("klachten_op_tijd").all()


def test_an_encrypted_workbook_is_rejected_whole(tmp_path):
    path = tmp_path / "programma_register_20260401.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))  # an OLE2 container, as Excel encrypts
    with pytest.raises(FileRejected, match="beveiligd met een wachtwoord"):
        load(path)
