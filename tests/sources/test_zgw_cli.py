"""`dvm ingest --zgw` as a user runs it, against the fake Zaken + Catalogi API on 127.0.0.1 (every
exchange validated against the specifications): the figures equal those of the same cases read from
a Corsa export; the planted personal data reaches nothing (every file under the home, the archived
pull unpacked, the workbook's parts, what the commands say, Prefect's database); a second pull loads
nothing new; the switch (`vanaf`) counts each case once; each fault is one line with its exit code."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.files import identify
from tests.conftest import ROOT
from tests.sources import zgw_fake as fz

pytestmark = pytest.mark.slow


def config(path: Path, fake: fz.FakeZgw | None, vanaf: str = "2026-01-01", **extra: str) -> Path:
    text = 'gemeenten = ["Losser", "Enschede"]\n'
    if fake is not None:
        settings = {
            "gemeente": '"Losser"',
            "zaken_url": f'"{fake.zaken_url}"',
            "catalogi_url": f'"{fake.catalogi_url}"',
            "client_id": f'"{fz.CLIENT_ID}"',
            "secret_env": '"DVM_ZGW_SECRET"',
            "bronorganisatie": f'["{fz.RSIN}"]',
            "vanaf": vanaf,
            "backoff_s": "0",
            "retries": "2",
            **extra,
        }
        text += "[[zgw]]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items())
    path.write_text(text, encoding="utf-8")
    return path


def dvm(args: list[str], home: Path, toml: Path, server, secret: str | None = fz.SECRET) -> subprocess.CompletedProcess:
    env = server.env | {"DVM_REPORT__PDF": "false"} | ({"DVM_ZGW_SECRET": secret} if secret else {})
    return subprocess.run(
        [sys.executable, "-m", "dvm", *args, "--home", str(home), "--config", str(toml)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )


def case_figures(home: Path) -> pl.DataFrame:
    kpis = pl.read_csv(home / "reports" / "Losser" / "2026" / "kpis.csv", infer_schema=False)
    return kpis.filter(pl.col("kpi").str.starts_with("zaak_")).sort(pl.all())


def readable(path: Path) -> bytes:
    """A file's bytes as a search can see them: gzip unpacked, a workbook as all of its parts."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return b"".join(zf.read(name) for name in zf.namelist())
    return data


def found(data: bytes) -> list[str]:
    return [v for v in fz.PII if v.encode() in data or v.encode("cp1252") in data]


@pytest.fixture(scope="module")
def cases() -> list[fz.Case]:
    return fz.synthetic_cases()


def corsa_figures(cases: list[fz.Case], stamp: str, root: Path, server) -> pl.DataFrame:
    """The year's case figures of the same cases from a Corsa export of the same moment."""
    root.mkdir(parents=True, exist_ok=True)
    toml, home = config(root / "dvm.toml", None), root / "home"
    export = fz.corsa_csv(cases, root / f"corsa_zaken_{stamp}.csv")
    loaded = dvm(["ingest", str(export)], home, toml, server)
    assert loaded.returncode == 0, loaded.stderr
    reported = dvm(["report", "2026", "--gemeente", "Losser"], home, toml, server)
    assert reported.returncode == 0, reported.stderr
    return case_figures(home)


def test_pulled_cases_give_the_figures_of_a_corsa_export_and_no_personal_data(cases, tmp_path, prefect_server):
    home = tmp_path / "home"
    with fz.running(fz.FakeZgw(cases, too_many_at={3})) as fake:
        toml = config(tmp_path / "dvm.toml", fake)
        first = dvm(["ingest", "--zgw"], home, toml, prefect_server)
        second = dvm(["ingest", "--zgw", "--gemeente", "losser"], home, toml, prefect_server)
    assert fake.invalid == []
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert first.stdout.startswith("Zaken-API Losser: 420 zaken opgehaald (")
    assert (
        "1 bestand geladen, 0 afgewezen, 0 al eerder gezien; 419 rijen samengevoegd, 1 in quarantaine" in first.stdout
    )
    # a second pull finds nothing the store does not hold: nothing written, nothing loaded
    assert second.returncode == 3, second.stderr
    assert second.stderr == "fout: niets nieuws in de Zaken-API van Losser; opslag ongewijzigd\n"
    assert "niets nieuws" in second.stdout
    archived = sorted((home / "archive").iterdir())
    assert [p.name[:17] for p in archived] == ["zgw_zaken_losser_"] and list((home / "inbox").iterdir()) == []

    reported = dvm(["report", "2026", "--gemeente", "Losser"], home, toml, prefect_server)
    assert reported.returncode == 0, reported.stderr
    figures = case_figures(home)
    assert figures.height > 1000
    stamp = identify(archived[0]).stamp  # the export moment (the minute; the name has the second too)
    assert figures.equals(corsa_figures(cases, stamp, tmp_path / "corsa", prefect_server))

    said = first.stdout + first.stderr + second.stdout + second.stderr + reported.stdout + reported.stderr
    assert found(said.encode()) == []
    everything = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".xlsx" for p in everything) and archived[0] in everything
    assert {str(p): found(readable(p)) for p in everything if found(readable(p))} == {}
    prefect_files = [p for p in prefect_server.home.rglob("*") if p.is_file()]
    assert {str(p): found(p.read_bytes()) for p in prefect_files if found(p.read_bytes())} == {}


def test_each_fault_is_one_line_with_its_exit_code(cases, tmp_path, prefect_server):
    home = tmp_path / "home"
    fake = fz.FakeZgw(cases[:30])
    with fz.running(fake):
        toml = config(tmp_path / "dvm.toml", fake, timeout_s="0.5")
        runs = {}
        fake.expiry_s = -1
        runs["verlopen"] = dvm(["ingest", "--zgw"], home, toml, prefect_server)
        fake.expiry_s, fake.fail_status = 3600, 403
        runs["verboden"] = dvm(["ingest", "--zgw"], home, toml, prefect_server)
        fake.fail_status = 500
        runs["storing"] = dvm(["ingest", "--zgw"], home, toml, prefect_server)
        fake.fail_status, fake.delay_s = None, 1.0
        runs["traag"] = dvm(["ingest", "--zgw"], home, toml, prefect_server)
        fake.delay_s, fake.broken_field = 0, "einddatum"
        runs["afwijkend"] = dvm(["ingest", "--zgw"], home, toml, prefect_server)
        fake.broken_field = None
        runs["geen_geheim"] = dvm(["ingest", "--zgw"], home, toml, prefect_server, secret=None)
        runs["onbekend"] = dvm(["ingest", "--zgw", "--gemeente", "Loser"], home, toml, prefect_server)
    base = fake.zaken_url
    expected = {
        "verlopen": (2, f"Zaken-API van Losser ({base}) weigert client 'dvm-losser' (401 op /zaken); controleer"),
        "verboden": (2, f"Zaken-API van Losser ({base}) weigert client 'dvm-losser' (403 op /"),
        "storing": (4, "Zaken-API van Losser: /"),
        "traag": (4, "Zaken-API van Losser: /"),
        "afwijkend": (4, "Zaken-API van Losser: antwoord van /zaken wijkt af van de specificatie (zaak.einddatum"),
        "geen_geheim": (2, "Zaken-API van Losser: omgevingsvariabele DVM_ZGW_SECRET (het geheim van client"),
        "onbekend": (2, "gemeente 'Loser' onbekend; bedoelt u Losser?"),
    }
    for name, (code, start) in expected.items():
        run = runs[name]
        assert run.returncode == code, (name, run.stderr)
        assert run.stdout == "", name
        assert run.stderr.startswith(f"fout: {start}") and run.stderr.count("\n") == 1, (name, run.stderr)
        assert fz.SECRET not in run.stderr
    assert "gaf na 3 pogingen nog 500" in runs["storing"].stderr
    assert "gaf na 3 pogingen nog geen antwoord binnen de tijd" in runs["traag"].stderr
    assert "ophaalactie is afgewezen, er is niets van opgeslagen" in runs["afwijkend"].stderr
    # nothing of a failed pull is anywhere: no store, no file in the inbox or archive
    assert not (home / "store").exists()
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_the_switch_counts_each_case_once(cases, tmp_path, prefect_server):
    """Corsa's export holds every case (its own numbers), the API those registered from 1 April on: the
    year's figures are those of the Corsa export alone, and the Datakwaliteit sheet says what was set aside."""
    home, vanaf = tmp_path / "home", date(2026, 4, 1)
    with fz.running(fz.FakeZgw(cases)) as fake:
        toml = config(tmp_path / "dvm.toml", fake, vanaf=vanaf.isoformat())
        pulled = dvm(["ingest", "--zgw"], home, toml, prefect_server)
    assert pulled.returncode == 0, pulled.stderr
    after = [c for c in cases if c.registratiedatum >= vanaf]
    assert f"Zaken-API Losser: {len(after)} zaken opgehaald" in pulled.stdout
    (archived,) = (home / "archive").iterdir()
    stamp = identify(archived).stamp
    in_corsa = [replace(c, zaak_id=c.zaak_id.replace("ZAAK-", "Z-LOS-")) for c in cases]
    export = fz.corsa_csv(in_corsa, tmp_path / f"corsa_zaken_{stamp}.csv")
    loaded = dvm(["ingest", str(export)], home, toml, prefect_server)
    assert loaded.returncode == 0, loaded.stderr
    reported = dvm(["report", "2026", "--gemeente", "Losser"], home, toml, prefect_server)
    assert reported.returncode == 0, reported.stderr
    assert case_figures(home).equals(corsa_figures(in_corsa, stamp, tmp_path / "corsa", prefect_server))

    book = openpyxl.load_workbook(home / "reports" / "Losser" / "2026" / "dienstverleningsmonitor_Losser_2026.xlsx")
    rows = [[c for c in row if c is not None] for row in book["Datakwaliteit"].iter_rows(values_only=True)]
    set_aside = [r for r in rows if r and r[0] in ("corsa_na_overstap", "zaken_api_voor_overstap")]
    quarantined_after = sum(1 for c in after if c.einddatum and c.einddatum < c.startdatum)  # not stored at all
    assert set_aside == [
        [
            "corsa_na_overstap",
            "zaak uit Corsa, geregistreerd op of na de overstap naar de Zaken-API (01-04-2026): telt uit de Zaken-API",
            len(after) - quarantined_after,
        ]
    ]
    assert ["Niet meegeteld: zaken van de andere bron"] in rows
