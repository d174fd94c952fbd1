"""The Klant in Focus reader on messy, synthetic files in the real layout (contracts/SOURCES.md): a
byte-order mark or none, CRLF, quoted separators and line breaks in Toelichting, another column order,
each row rule with its reason, and the personal data of Toelichting, E-mailadres and a Pagina query
kept out of everything the reader returns."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from core.errors import FileRejected
from core.profiles import KifProfile
from core.settings import Settings
from sources.files import identify
from sources.kif import FEEDBACK_SCHEMA, load_feedback
from tests.conftest import SHARED

HEADER = "Reactie-ID;Datum;Kanaal;Contactmoment;Vraag;Score;Team;Product;Pagina;Toelichting;E-mailadres;Gemeente"
GEMEENTEN = ["Losser", "Enschede"]
# planted personal data (synthetic): never in a record, a reason or a key
NAME, PHONE, BSN, MAIL = "Grietje Geheimhouder", "06-99912345", "999990042", "grietje.geheim@voorbeeld.invalid"
PII = (NAME, "Geheimhouder", PHONE, "99912345", BSN, MAIL, "grietje.geheim")
AMS = ZoneInfo("Europe/Amsterdam")


def export(tmp_path: Path, lines: list[str], stamp: str = "20260706", bom: bool = True, eol: str = "\r\n") -> Path:
    path = tmp_path / f"kif_feedback_{stamp}.csv"
    path.write_bytes((("\ufeff" if bom else "") + eol.join(lines) + eol).encode("utf-8"))
    return path


def load(path: Path, gemeenten: list[str] | None = GEMEENTEN):
    return load_feedback(identify(path), KifProfile(), gemeenten)


def row(rid: str, **change: str) -> str:
    values = {
        "Reactie-ID": rid,
        "Datum": "03-07-2026 09:41",
        "Kanaal": "Telefoon",
        "Contactmoment": "KCC-gesprek",
        "Vraag": "Smiley",
        "Score": "5",
        "Team": "KCC",
        "Product": "",
        "Pagina": "",
        "Toelichting": f"Geholpen door {NAME}, bel {PHONE}",
        "E-mailadres": MAIL,
        "Gemeente": "Losser",
    }
    values.update(change)
    return ";".join(values.values())


def no_personal_data(*frames: pl.DataFrame) -> None:
    text = "".join(f.write_csv() for f in frames)
    assert [v for v in PII if v in text] == []


def test_the_contract_sample_reads_as_canonical_responses():
    batch = load(SHARED / "contracts" / "samples" / "kif_feedback_20250204.csv")
    assert batch.records.schema == FEEDBACK_SCHEMA and batch.quarantine.height == 0 and batch.rows_read == 8
    first = batch.records.row(0, named=True)
    assert first["ontvangen_op"] == datetime(2025, 2, 3, 9, 41, tzinfo=AMS)
    assert (first["datum"], first["kanaal"], first["vraag"], first["score"], first["team"]) == (
        date(2025, 2, 3),
        "telefoon",
        "smiley",
        5,
        "KCC",
    )
    by_id = {r["reactie_id"]: r for r in batch.records.iter_rows(named=True)}
    assert by_id["KIF-2025-000102"]["pagina"] == "/paspoort-en-id-kaart"  # the ?bsn= query is gone
    assert by_id["KIF-2025-000105"]["score"] is None  # "Weet niet": kept, without a score
    assert by_id["KIF-2025-000108"]["score"] is None  # empty score
    assert by_id["KIF-2025-000106"]["gemeente"] == "Enschede"
    assert "123456782" not in batch.records.write_csv() and "Anja" not in batch.records.write_csv()


def test_messy_export_rows_and_reasons(tmp_path):
    lines = [
        HEADER,
        row("R01"),
        row("R02", Score=" weet NIET "),  # no opinion, whatever the case and spaces
        row("R03", Score=""),
        row("R04", Vraag="Rapportcijfer", Kanaal="Website", Score="10", Team="", Pagina="/afval?bsn=" + BSN),
        row("R05", Score="7"),  # a Smiley runs 1-5
        row("R06", Vraag="Rapportcijfer", Score="0"),  # a Rapportcijfer runs 1-10
        row("R07", Vraag="Rapportcijfer", Score="11"),
        row("R08", Vraag="Sterren"),
        row("R09", Datum="31-02-2026 10:00"),
        row("R10", Datum=NAME),  # text where a time belongs: only its shape is shown
        row("R11", Score="4,5"),
        row("R12", Score=PHONE),  # a phone number where the score belongs: shape only
        row("R13", Kanaal="Chat"),
        row("R14", Gemeente="Oldenzaal"),
        row("R15"),
        row("R15", Score="1"),
        row("R16", Datum="29-03-2026 02:30"),  # the hour skipped when summer time starts
        row("R17", Pagina="Bel mij op " + PHONE),  # no address: free text in the wrong column
        row("R18", Team="=HYPERLINK(1)", Product="+31 product"),  # data, never a formula
        '"R19";03-07-2026 10:00;E-mail;Antwoord per e-mail;Smiley;4;KCC;;;"Eerste regel; met '
        + NAME
        + '\nen een tweede";'
        + MAIL
        + ";Enschede",
        row(
            "R20",
            Vraag="Rapportcijfer",
            Kanaal="Webformulier",
            Score="6",
            Pagina="https://www.losser.nl/melding?email=",
        ),
        row("R21", Kanaal="Website", Team="", Pagina="/profiel/" + MAIL.replace("@", "%40") + "/instellingen"),
    ]
    batch = load(export(tmp_path, lines))
    assert batch.rows_read == 22
    ids = batch.records["reactie_id"].to_list()
    assert ids == ["R01", "R02", "R03", "R04", "R18", "R19", "R20", "R21"]
    records = {r["reactie_id"]: r for r in batch.records.iter_rows(named=True)}
    assert records["R02"]["score"] is None and records["R03"]["score"] is None
    assert records["R04"]["pagina"] == "/afval" and records["R04"]["team"] is None and records["R04"]["score"] == 10
    assert records["R18"]["team"] == "=HYPERLINK(1)" and records["R18"]["product"] == "+31 product"
    assert records["R19"]["kanaal"] == "email" and records["R19"]["gemeente"] == "Enschede"
    assert records["R20"]["pagina"] == "/melding"
    assert records["R21"]["pagina"] == "/profiel/.../instellingen"  # an address in the path itself
    q = batch.quarantine
    assert dict(zip(q["sleutel"], q["regel"], strict=True)) == {
        "R05": "score_buiten_bereik",
        "R06": "score_buiten_bereik",
        "R07": "score_buiten_bereik",
        "R08": "onbekende_vraag",
        "R09": "ongeldige_tijd",
        "R10": "ongeldige_tijd",
        "R11": "geen_getal",
        "R12": "geen_getal",
        "R13": "onbekend_kanaal",
        "R14": "onbekende_gemeente",
        "R15": "dubbele_sleutel",
        "R16": "tijd_bestaat_niet",
        "R17": "verschoven_velden",
    }
    reasons = {r["sleutel"]: r["reden"] for r in q.iter_rows(named=True)}
    # a reason names the column and the rule, never the cell (issue 24 item 13): a shape at most
    assert reasons["R05"] == "Score ligt buiten het bereik van de vraag 'Smiley' (1-5)"
    assert reasons["R06"] == "Score ligt buiten het bereik van de vraag 'Rapportcijfer' (1-10)"
    assert (
        reasons["R08"] == "Vraag onbekend (waarde van 7 tekens, niet getoond); toegestaan ['Smiley', 'Rapportcijfer']"
    )
    assert "vorm '99-99-9999 99:99'" in reasons["R09"]
    assert reasons["R10"].endswith("vorm 'aaaaaaa aaaaaaaaaaaa'")
    assert reasons["R12"].endswith("vorm '99-99999999'")
    assert reasons["R14"].startswith("Gemeente staat niet in de configuratie")
    assert (
        reasons["R17"].startswith("Pagina is geen pad of webadres (verwacht bijv.")
        and "lijken verschoven" in reasons["R17"]
    )
    # the rows keep their lines (header = 1) and their gemeente; the unknown gemeente's row belongs to none
    assert dict(zip(q["sleutel"], q["rij"], strict=True))["R05"] == 6
    assert q.filter(pl.col("sleutel") == "R14")["gemeente"].to_list() == [None]
    assert set(q.filter(pl.col("sleutel") != "R14")["gemeente"]) == {"Losser"}
    no_personal_data(batch.records, q)


def test_without_byte_order_mark_with_lf_and_another_column_order(tmp_path):
    order = ["Gemeente", "Score", "Vraag", "Reactie-ID", "Extra", "Datum", "Kanaal", "Team", "Contactmoment"]
    order += ["Pagina", "Product", "E-mailadres", "Toelichting"]
    values = {
        "Gemeente": "Enschede",
        "Score": "3",
        "Vraag": "Smiley",
        "Reactie-ID": "X1",
        "Extra": "x",
        "Datum": "01-07-2026 23:59",
        "Kanaal": "Balie",
        "Team": "Publiekszaken",
        "Contactmoment": "Afspraak balie",
        "Pagina": "",
        "Product": "Paspoort aanvragen",
        "E-mailadres": MAIL,
        "Toelichting": NAME,
    }
    batch = load(export(tmp_path, [";".join(order), ";".join(values[c] for c in order)], bom=False, eol="\n"))
    got = batch.records.row(0, named=True)
    assert (got["reactie_id"], got["kanaal"], got["score"], got["gemeente"]) == ("X1", "balie", 3, "Enschede")
    assert got["datum"] == date(2026, 7, 1)  # the local date, not the UTC one (21:59 UTC)
    no_personal_data(batch.records)


def test_a_gemeente_is_only_checked_against_the_configuration_when_one_is_given(tmp_path):
    batch = load(export(tmp_path, [HEADER, row("R1", Gemeente="Oldenzaal")]), gemeenten=None)
    assert batch.records["gemeente"].to_list() == ["Oldenzaal"]


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        ([HEADER.replace(";Score", "")], "kolom 'Score' ontbreekt in de kopregel"),
        ([HEADER.replace(";", ","), row("R1").replace(";", ",")], "kopregel is gescheiden door ','"),
        ([HEADER], "bestand bevat alleen een kopregel"),
        ([row("R1"), row("R2")], "regel 1 is geen kopregel"),
    ],
    ids=["kolom-ontbreekt", "komma", "alleen-kop", "zonder-kop"],
)
def test_a_file_that_is_not_the_layout_is_rejected_whole(tmp_path, lines, fragment):
    with pytest.raises(FileRejected) as caught:
        load(export(tmp_path, lines))
    assert fragment in str(caught.value) and "kif_feedback_20260706.csv" in str(caught.value)
    assert not [v for v in PII if v in str(caught.value)]


def test_another_layout_is_configuration_not_code(tmp_path):
    settings = Settings(
        profiles={
            "kif": {
                "columns": {
                    "ID": "reactie_id",
                    "Tijdstip": "ontvangen_op",
                    "Kanaal": "kanaal",
                    "Moment": "contactmoment",
                    "Soort": "vraag",
                    "Waardering": "score",
                    "Team": "team",
                    "Product": "product",
                    "Pagina": "pagina",
                    "Gemeente": "gemeente",
                },
                "questions": {"Smiley": "smiley", "Cijfer": "rapportcijfer"},
                "no_answer": ["Weet niet", "n.v.t."],
                "time_formats": ["%Y-%m-%d %H:%M"],
            }
        }
    )
    header = "ID;Tijdstip;Kanaal;Moment;Soort;Waardering;Team;Product;Pagina;Gemeente"
    lines = [header, "A1;2026-07-03 09:00;Website;Pop-up;Cijfer;n.v.t.;;;/afval;Losser"]
    lines += ["A2;2026-07-03 09:05;Website;Pop-up;Cijfer;8;;;/afval;Losser"]
    batch = load_feedback(identify(export(tmp_path, lines)), settings.profiles.kif, GEMEENTEN)
    assert batch.records["score"].to_list() == [None, 8] and batch.quarantine.height == 0


def test_an_unknown_label_in_the_profile_is_a_configuration_error():
    with pytest.raises(ValueError, match="onbekende vraag"):
        KifProfile(questions={"Sterren": "sterren"})
