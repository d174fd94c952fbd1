"""Shared exports cover two gemeenten (Enschede runs the KCC for Losser too; a Corsa and a JCC export
can hold both): each gemeente's workbook and kpis.csv hold its own records and quarantined rows only.
No id, row or reason of Enschede's may appear in Losser's report, and the other way round."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from dvm.cli import run
from tests.sources import hostile as h

pytestmark = pytest.mark.slow


def shared_exports(folder) -> None:
    """Per gemeente good records and bad rows, each with an id that says whose it is (LOS/ENS)."""
    calls, cases, appointments = [], [], []
    for prefix, gemeente in (("LOS", "Losser"), ("ENS", "Enschede")):
        calls += [
            h.kcc_row(f"{prefix}-C1", Queue=f"{prefix}-KCC"),
            h.kcc_row(f"{prefix}-C2", Queue=f"{prefix}-PVH", WaitSeconds="45"),
            h.kcc_row(f"{prefix}-CNEG", Queue=f"{prefix}-KCC", WaitSeconds="-4"),  # negatieve_duur
            h.kcc_row(f"{prefix}-CTIJD", Queue=f"{prefix}-KCC", StartTimeUTC="01-07-2026 10:00"),  # ongeldige_tijd
        ]
        cases += [
            h.corsa_row(f"Z-{prefix}-1", Gemeente=gemeente),
            # a zaaktype without a term, of this gemeente's cases only: listed as not configured yet
            h.corsa_row(f"Z-{prefix}-2", Gemeente=gemeente, **{"Zaaktype code": f"{prefix}-TYPE"}),
            h.corsa_row(f"Z-{prefix}-DATUM", Gemeente=gemeente, Registratiedatum="31-02-2026"),
            h.corsa_row(f"Z-{prefix}-DUBBEL", Gemeente=gemeente),
            h.corsa_row(f"Z-{prefix}-DUBBEL", Gemeente=gemeente),  # dubbele_sleutel, reason quotes the id
        ]
        appointments += [
            h.jcc_row(
                f"A-{prefix}-1",
                Gemeente=gemeente,
                Locatie=f"Gemeentehuis {gemeente}",  # the generator's default location is Losser's
                Datum="04-03-2026",
                **{"Geboekt op": "20-02-2026 10:00"},
            ),
            h.jcc_row(
                f"A-{prefix}-STATUS",
                Gemeente=gemeente,
                Locatie=f"Gemeentehuis {gemeente}",
                Datum="04-03-2026",
                Status="Misschien",
            ),
        ]
    h.kcc_file(folder, "20260702", calls)
    h.corsa_file(folder, "20260702", cases)
    h.jcc_csv(folder, "20260702", appointments)


def workbook_text(path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)


def test_each_gemeente_sees_its_own_rows_of_a_shared_export_only(tmp_path, capsys):
    exports, home = tmp_path / "exports", tmp_path / "home"
    exports.mkdir()
    shared_exports(exports)
    assert run(["ingest", str(exports), "--home", str(home)]) == 0
    assert run(["report", "2026", "--home", str(home)]) == 0
    capsys.readouterr()

    for own, other in (("LOS", "ENS"), ("ENS", "LOS")):
        gemeente = {"LOS": "Losser", "ENS": "Enschede"}[own]
        folder = home / "reports" / gemeente / "2026"
        text = workbook_text(folder / f"dienstverleningsmonitor_{gemeente}_2026.xlsx")
        # its own quarantined rows are there, by rule and with an example reason that names its id ...
        assert f"Z-{own}-DUBBEL" in text, gemeente
        assert f"{own}-TYPE" in text, gemeente
        for rule in ("negatieve_duur", "ongeldige_tijd", "dubbele_sleutel", "onbekende_status"):
            assert rule in text, (gemeente, rule)
        # ... and nothing of the other's: no id, no reason
        assert f"{other}-" not in text.replace(f"{other}-KCC", "").replace(f"{other}-PVH", ""), gemeente
        with open(folder / "kpis.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert {r["gemeente"] for r in rows} == {gemeente}
        # its own figures: 2 cases received (Z-..-1, Z-..-2), 1 appointment
        totals = {r["kpi"]: r["waarde"] for r in rows if r["periode"] == "2026" and r["groep"] == ""}
        assert (totals["zaak_ontvangen"], totals["afs_gepland"]) == ("2.0", "1.0"), totals


def test_each_gemeente_s_mail_goes_to_its_own_recipients_with_its_own_report_only(tmp_path, smtp_server, capsys):
    """One shared KCC (and Corsa and JCC) export, recipients per gemeente: Losser's mail reaches
    Losser's recipients only and holds nothing of Enschede's - subject, text and attachments - and
    the other way round."""
    exports, home = tmp_path / "exports", tmp_path / "home"
    exports.mkdir()
    shared_exports(exports)
    config = tmp_path / "dvm.toml"
    config.write_text(
        smtp_server.delivery_toml
        + 'recipients = ["controller@dimpact.example"]\n'  # the default, beaten by the gemeente's own
        + "[delivery.recipients_per_gemeente]\n"
        + 'Losser = ["controller@losser.example"]\n'
        + 'Enschede = ["kcc@enschede.example", "controller@enschede.example"]\n',
        encoding="utf-8",
    )
    assert run(["ingest", str(exports), "--home", str(home), "--config", str(config)]) == 0
    assert run(["report", "2026", "--mail", "--home", str(home), "--config", str(config)]) == 0
    capsys.readouterr()

    received = {message["Subject"].split()[1]: (to, message) for to, message in smtp_server.received}
    assert sorted(received) == ["Enschede", "Losser"] and len(smtp_server.received) == 2
    own_recipients = {
        "Losser": ["controller@losser.example"],
        "Enschede": ["kcc@enschede.example", "controller@enschede.example"],
    }
    for own, other in (("LOS", "ENS"), ("ENS", "LOS")):
        gemeente, other_gemeente = (
            {"LOS": "Losser", "ENS": "Enschede"}[own],
            {"LOS": "Losser", "ENS": "Enschede"}[other],
        )
        to, message = received[gemeente]
        assert to == own_recipients[gemeente]
        attachments = {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}
        book_name = f"dienstverleningsmonitor_{gemeente}_2026.xlsx"
        assert sorted(attachments) == sorted([book_name, "kpis.csv"])
        (tmp_path / book_name).write_bytes(attachments[book_name])
        # the KCC platform is Enschede's: Losser's workbook names it in its source line only
        texts = {
            "onderwerp en tekst": f"{message['Subject']}\n{message.get_body().get_content()}",
            "werkmap": workbook_text(tmp_path / book_name).replace("beheerd door gemeente Enschede", ""),
            "kpis.csv": attachments["kpis.csv"].decode("utf-8"),
        }
        assert f"Z-{own}-1" not in texts["kpis.csv"]  # kpis.csv holds figures, no ids
        assert f"Z-{own}-DUBBEL" in texts["werkmap"], gemeente  # its own quarantined rows are there
        for part, text in texts.items():
            assert other_gemeente not in text, (gemeente, part)
            assert f"{other}-" not in text.replace(f"{other}-KCC", "").replace(f"{other}-PVH", ""), (gemeente, part)
        assert {row["gemeente"] for row in csv.DictReader(texts["kpis.csv"].splitlines())} == {gemeente}
