"""The ZGW Zaken API source against a fake Zaken + Catalogi API on 127.0.0.1 whose every request and
response is validated against the two specifications (tests/sources/zgw_fake.py): what a pull asks,
what it writes (and never writes), the reader's cases equal to Corsa's for the same cases, each fault."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from core.errors import UserError
from core.settings import Settings, ZgwConnection
from sources.corsa import load_cases
from sources.files import discover, identify, source_of
from sources.zgw import (
    AccessDenied,
    NotAsSpecified,
    PullFailed,
    file_name,
    last_pull,
    load_zgw_cases,
    moved_whole,
    pull,
)
from tests.sources import zgw_fake as fz

PROVENANCE = ["export_stempel", "bron_bestand", "bron_hash"]
NOW = datetime(2026, 7, 1, 4, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def cases() -> list[fz.Case]:
    return fz.synthetic_cases()


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("DVM_ZGW_SECRET", fz.SECRET)


def connection(fake: fz.FakeZgw, **changes) -> ZgwConnection:
    values = {
        "gemeente": "Losser",
        "zaken_url": fake.zaken_url,
        "catalogi_url": fake.catalogi_url,
        "client_id": fz.CLIENT_ID,
        "secret_env": "DVM_ZGW_SECRET",
        "bronorganisatie": [fz.RSIN],
        "vanaf": date(2026, 1, 1),
        "backoff_s": 0.01,
        "retries": 2,
        **changes,
    }
    return ZgwConnection(**values)


def lines_of(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def first_pull(cases, tmp_path_factory):
    """One pull of 420 zaken (5 pages a listing) with a 429 on the third /zaken request."""
    target = tmp_path_factory.mktemp("pull")
    waits: list[float] = []
    with fz.running(fz.FakeZgw(cases, too_many_at={3}, retry_after="0")) as fake, pytest.MonkeyPatch.context() as mp:
        mp.setenv("DVM_ZGW_SECRET", fz.SECRET)
        pulled = pull(connection(fake), None, target, now=NOW, sleep=waits.append)
    return fake, pulled, waits


def test_a_pull_asks_what_the_contract_says_and_every_exchange_matches_the_specifications(first_pull, cases):
    fake, pulled, waits = first_pull
    assert fake.invalid == []  # every request and response, validated with openapi-core
    assert pulled.zaken == len(cases) == 420
    zaken = [q for p, q in fake.requests if p == "/zaken/api/v1/zaken"]
    asked = {tuple(sorted((k, v[0]) for k, v in q.items() if k != "page")) for q in zaken}
    assert asked == {  # the first pull: everything since vanaf (the API has __gt only), closed since, open
        (("bronorganisatie", fz.RSIN), ("registratiedatum__gt", "2025-12-31")),
        (("bronorganisatie", fz.RSIN), ("einddatum__gt", "2025-12-31")),
        (("bronorganisatie", fz.RSIN), ("einddatum__isnull", "true")),
    }
    assert max(int(q.get("page", ["1"])[0]) for q in zaken) == 5  # next followed to the end (100 a page)
    assert waits == [0.0]  # the 429 retried once, after its Retry-After
    rollen = [q for p, q in fake.requests if p == "/zaken/api/v1/rollen"]
    assert rollen and all(
        q["omschrijvingGeneriek"] == ["behandelaar"] and q["betrokkeneType"] == ["organisatorische_eenheid"]
        for q in rollen
    )  # persons' rollen never asked for
    assert not any(p.startswith("/zaken/api/v1/zaken/") for p, _ in fake.requests)  # no zaak fetched alone
    types = [p for p, _ in fake.requests if p.startswith("/catalogi/api/v1/zaaktypen/")]
    channels = [p for p, _ in fake.requests if "/communicatiekanalen/" in p]
    assert len(types) == len(set(types)) == len(fz.TYPES) + 1  # each once (one of another catalogue: 403)
    assert len(channels) == len(set(channels)) == len(fz.CHANNELS)
    assert pulled.without_zaaktype == sum(c.zaaktype_code == fz.ELSEWHERE for c in cases) > 0


def test_the_file_keeps_only_what_the_monitor_reads(first_pull):
    _, pulled, _ = first_pull
    assert pulled.path.name == "zgw_zaken_losser_20260701T043000.jsonl.gz" == file_name("Losser", NOW)
    assert source_of(pulled.path.name) == "zgw" and identify(pulled.path).stamp == "20260701T0430"
    text = gzip.decompress(pulled.path.read_bytes())
    for value in fz.PII:  # planted in omschrijving, toelichting and each zaak's initiator rol
        assert value.encode() not in text, value
    lines = lines_of(pulled.path)
    assert lines[0] == {"bron": "zgw", "formaat": 1, "gemeente": "Losser", "zaken_url": lines[0]["zaken_url"]}
    assert {k for line in lines[1:] for k in line} == {
        "url",
        "identificatie",
        "bronorganisatie",
        "zaaktype",
        "registratiedatum",
        "startdatum",
        "einddatum",
        "einddatumGepland",
        "uiterlijkeEinddatumAfdoening",
        "communicatiekanaal",
        "opgeschort",
        "verlengingsduur",
        "behandelaar",
        "gemeente",
    }


def test_the_reader_gives_the_cases_a_corsa_export_of_the_same_cases_gives(first_pull, cases, tmp_path):
    _, pulled, _ = first_pull
    settings = Settings()
    api = load_zgw_cases(identify(pulled.path), settings.profiles.zgw, ["Losser"])
    csv = fz.corsa_csv(cases, tmp_path / "corsa_zaken_20260701.csv")
    corsa = load_cases(identify(csv), settings.profiles.corsa, ["Losser"])
    assert api.records.height == corsa.records.height == len(cases) - 1
    assert api.records.drop(PROVENANCE).sort("zaak_id").equals(corsa.records.drop(PROVENANCE).sort("zaak_id"))
    # the zaak that ends before it starts: quarantined by the same rule, with the API's field names
    assert api.quarantine.select("sleutel", "regel").to_dicts() == [
        {"sleutel": "ZAAK-2026-000011", "regel": "einde_voor_start"}
    ]
    assert corsa.quarantine.select("sleutel", "regel").rows() == api.quarantine.select("sleutel", "regel").rows()
    assert api.quarantine["reden"].item().startswith("einddatum ")
    assert api.quarantine["bron"].item() == "zgw"
    assert set(api.records["status"]) == {"afgehandeld", "in_behandeling", "opgeschort"}
    assert api.records["verlengd"].sum() == sum(c.verlengd for c in cases if c.zaak_id != "ZAAK-2026-000011")


def test_a_file_that_is_not_a_pull_is_rejected_whole(tmp_path):
    from core.errors import FileRejected

    profile = Settings().profiles.zgw
    bad = tmp_path / "zgw_zaken_losser_20260701T0430.jsonl.gz"
    for content, reason in [
        (b"not gzip", "geen geldig gzip-bestand"),
        (gzip.compress(b'{"bron": "corsa"}\n'), "eerste regel is geen kop"),
        (gzip.compress(b'{"bron": "zgw", "formaat": 1}\n{"identificatie": \n'), "regel 2 is geen JSON"),
    ]:
        bad.write_bytes(content)
        with pytest.raises(FileRejected, match=reason):
            load_zgw_cases(identify(bad), profile, ["Losser"])


def test_the_last_pull_is_the_newest_loaded_file_of_that_gemeente_in_the_ledger():
    ledger = pl.DataFrame(
        {
            "bron": ["zgw", "zgw", "zgw", "zgw", "corsa"],
            "bron_bestand": [
                "zgw_zaken_losser_20260601T0300.jsonl.gz",
                "zgw_zaken_losser_20260603T0300.jsonl.gz",
                "zgw_zaken_losser_20260604T0300.jsonl.gz",  # rejected: not a pull that counts
                "zgw_zaken_enschede_20260605T0300.jsonl.gz",  # another gemeente's
                "corsa_zaken_20260606.csv",
            ],
            "export_stempel": ["20260601T0300", "20260603T0300", "20260604T0300", "20260605T0300", "20260606T0000"],
            "status": ["geladen", "geladen", "afgewezen", "geladen", "geladen"],
        }
    )
    assert last_pull(ledger, "Losser") == date(2026, 6, 3)
    assert last_pull(ledger, "Hof van Twente") is None
    assert last_pull(ledger.clear(), "Losser") is None


def test_pulls_in_the_same_second_each_keep_their_own_file(cases, tmp_path):
    # an on-demand pull right after the nightly's, or a retry: the same moment, another content. The
    # second gets `_2` (the first's name is taken in the staging folder), a third `_4` (`_3` is in the
    # archive, `elsewhere`); nothing is replaced, no temporary file is left
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "zgw_zaken_losser_20260701T043000_3.jsonl.gz").write_bytes(b"an archived pull")
    paths = []
    for n in (30, 40, 50):
        with fz.running(fz.FakeZgw(cases[:n])) as fake:
            paths.append(pull(connection(fake), None, tmp_path / "staging", now=NOW, elsewhere=[archive]).path)
    assert [p.name for p in paths] == [
        "zgw_zaken_losser_20260701T043000.jsonl.gz",
        "zgw_zaken_losser_20260701T043000_2.jsonl.gz",
        "zgw_zaken_losser_20260701T043000_4.jsonl.gz",
    ]
    assert sorted(p.name for p in (tmp_path / "staging").iterdir()) == [p.name for p in paths]
    assert [len(lines_of(p)) - 1 for p in paths] == [30, 40, 50]  # each its own zaken (a header line each)
    assert (archive / "zgw_zaken_losser_20260701T043000_3.jsonl.gz").read_bytes() == b"an archived pull"
    # each is a pull of the same export moment (the minute, as every export's stamp), the newer after
    assert {identify(p).stamp for p in paths} == {"20260701T0430"}
    assert discover([tmp_path / "staging"]) == paths


def test_pulls_in_the_same_second_are_taken_in_the_order_they_were_made(tmp_path):
    # `_2` ... `_10` ...: the tenth pull after the second, not between the first and the second as the
    # names' characters would have it; an older minute's export before them all, and before that a
    # file that is no export (its reader rejects it), whatever its name holds
    names = [
        "notities²_10.txt",
        "kcc_gesprekken_20260701T0429.csv",
        "zgw_zaken_losser_20260701T043000.jsonl.gz",
        *[f"zgw_zaken_losser_20260701T043000_{n}.jsonl.gz" for n in (2, 3, 9, 10, 11, 20)],
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in discover([tmp_path])] == names


def other_file_system(tmp_path: Path) -> Path | None:
    """A folder on another file system than `tmp_path` (a tmpfs in /dev/shm), where the machine has one."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK) or shm.stat().st_dev == tmp_path.stat().st_dev:
        return None
    return Path(tempfile.mkdtemp(prefix="dvm-inbox-", dir=shm))


@pytest.mark.parametrize("elsewhere", [False, True], ids=["same file system", "another file system"])
def test_a_pull_reaches_the_inbox_whole_and_never_over_another_file(tmp_path, elsewhere):
    # the inbox on a share (another file system): a rename cannot reach it, so the pull is copied to a
    # hidden name there first (never read by an ingest), then named; the staging copy goes only after
    inbox = other_file_system(tmp_path) if elsewhere else tmp_path / "inbox"
    if inbox is None:
        pytest.skip("no second file system here (/dev/shm)")
    try:
        staging = tmp_path / "zgw-ophalen"
        staging.mkdir()
        content = gzip.compress(b'{"zaak": 1}\n' * 1000)
        pulled = staging / "zgw_zaken_losser_20260701T043000.jsonl.gz"
        pulled.write_bytes(content)
        target = moved_whole(pulled, inbox)
        assert target == inbox / pulled.name and target.read_bytes() == content
        assert not pulled.exists()
        assert sorted(p.name for p in inbox.iterdir()) == [pulled.name]  # no temporary file left
        # a second pull with a name the inbox holds (only a race gets there): refused, nothing replaced
        pulled.write_bytes(b"another pull")
        with pytest.raises(PullFailed, match="heeft al een bestand met die naam; de ophaling blijft in"):
            moved_whole(pulled, inbox)
        assert target.read_bytes() == content and pulled.read_bytes() == b"another pull"
        assert sorted(p.name for p in inbox.iterdir()) == [pulled.name]
    finally:
        if elsewhere:
            shutil.rmtree(inbox)


def test_a_pull_named_by_an_older_version_is_still_read():
    # before seconds the name had the minute only: such files in an inbox, archive or ledger still count
    old, new = "zgw_zaken_losser_20260603T0300.jsonl.gz", "zgw_zaken_losser_20260603T030012_2.jsonl.gz"
    assert source_of(old) == source_of(new) == "zgw"
    ledger = pl.DataFrame(
        {
            "bron": ["zgw", "zgw", "zgw"],
            "bron_bestand": [old, "zgw_zaken_losser_20260604T0300.jsonl.gz", "zgw_zaken_losser_20260602T0300.jsonl.gz"],
            "export_stempel": ["20260603T0300", "20260604T0300", "20260602T0300"],
            "status": ["geladen", "afgewezen", "geladen"],
        }
    )
    assert last_pull(ledger, "Losser") == date(2026, 6, 3)
    later = pl.DataFrame({"bron": ["zgw"], "bron_bestand": [new.replace("0603", "0605")]})
    later = later.with_columns(export_stempel=pl.lit("20260605T0300"), status=pl.lit("geladen"))
    assert last_pull(pl.concat([ledger, later]), "Losser") == date(2026, 6, 5)
    for name in ("zgw_zaken_losser_20260603T03001.jsonl.gz", "zgw_zaken_losser_20260603T030012_0.jsonl.gz"):
        assert source_of(name) is None, name  # not a pull's name: half a second, a suffix 0


def test_a_later_pull_asks_since_the_last_one_with_a_margin(cases, tmp_path):
    with fz.running(fz.FakeZgw(cases)) as fake:
        pulled = pull(connection(fake, margin_days=3), date(2026, 6, 20), tmp_path, now=NOW)
    assert fake.invalid == []
    firsts = [q for p, q in fake.requests if p == "/zaken/api/v1/zaken" and "page" not in q]
    assert {k: v[0] for q in firsts for k, v in q.items() if k.endswith("__gt")} == {
        "registratiedatum__gt": "2026-06-16",  # registered on or after 17 June: 20 June minus 3 days
        "einddatum__gt": "2026-06-16",
    }
    open_or_recent = {
        c.zaak_id
        for c in cases
        if c.einddatum is None or c.registratiedatum > date(2026, 6, 16) or c.einddatum > date(2026, 6, 16)
    }
    assert {line["identificatie"] for line in lines_of(pulled.path)[1:]} == open_or_recent


def test_open_zaken_registered_before_the_switch_are_not_written(cases, tmp_path):
    with fz.running(fz.FakeZgw(cases)) as fake:
        pulled = pull(connection(fake, vanaf=date(2026, 4, 1)), None, tmp_path, now=NOW)
    written = {line["identificatie"] for line in lines_of(pulled.path)[1:]}
    assert written == {c.zaak_id for c in cases if c.registratiedatum >= date(2026, 4, 1)}
    assert pulled.before_switch == sum(
        1
        for c in cases
        if c.registratiedatum < date(2026, 4, 1) and (c.einddatum is None or c.einddatum >= date(2026, 4, 1))
    )


# --- faults: one line naming the API and the client, never the secret; nothing written ----------------


WAITS: list[float] = []  # the back-off waits of the last `_fails`


def _fails(fake: fz.FakeZgw, tmp_path: Path, kind: type[Exception], **changes) -> str:
    waits = WAITS
    waits.clear()
    with fz.running(fake), pytest.raises(kind) as caught:
        pull(connection(fake, **changes), None, tmp_path, now=NOW, sleep=waits.append)
    assert fake.invalid == []
    assert list(tmp_path.iterdir()) == []  # nothing of the pull stored, not even a temporary file
    message = str(caught.value)
    assert "\n" not in message and fz.SECRET not in message
    return message


def test_an_expired_token_is_one_line_naming_the_api_and_the_client(cases, tmp_path):
    message = _fails(fz.FakeZgw(cases, expiry_s=-1), tmp_path, AccessDenied)
    assert message.startswith("Zaken-API van Losser (http://127.0.0.1:")
    assert "weigert client 'dvm-losser' (401 op /zaken)" in message and "DVM_ZGW_SECRET" in message
    assert AccessDenied.exit_code == 2


def test_a_forbidden_client_is_one_line_too(cases, tmp_path):
    message = _fails(fz.FakeZgw(cases, fail_status=403), tmp_path, AccessDenied)
    assert "weigert client 'dvm-losser' (403 op /" in message


def test_server_errors_are_retried_with_back_off_then_the_pull_fails(cases, tmp_path):
    fake = fz.FakeZgw(cases, fail_status=500)  # the specifications name 500 (not 502-504)
    message = _fails(fake, tmp_path, PullFailed, retries=3, backoff_s=0.5, max_wait_s=1.5)
    assert "gaf na 4 pogingen nog 500" in message and "niets van opgeslagen" in message
    assert sorted(set(WAITS)) == [0.5, 1.0, 1.5]  # doubled, capped at max_wait_s
    assert PullFailed.exit_code == 4


def test_retry_after_is_honoured(cases, tmp_path):
    waits: list[float] = []
    with fz.running(fz.FakeZgw(cases, too_many_at={1, 2}, retry_after="7")) as fake:
        pull(connection(fake, backoff_s=0.01), None, tmp_path, now=NOW, sleep=waits.append)
    assert waits == [7.0, 7.0]


def test_a_time_out_is_retried_then_the_pull_fails(cases, tmp_path):
    message = _fails(fz.FakeZgw(cases, delay_s=0.5), tmp_path, PullFailed, timeout_s=0.1, retries=1)
    assert "gaf na 2 pogingen nog geen antwoord binnen de tijd" in message


def test_a_response_that_does_not_match_the_specification_rejects_the_pull_whole(cases, tmp_path):
    fake = fz.FakeZgw(cases, broken_field="registratiedatum")
    waits: list[float] = []
    with fz.running(fake), pytest.raises(NotAsSpecified) as caught:
        pull(connection(fake), None, tmp_path, now=NOW, sleep=waits.append)
    assert fake.invalid  # the fake's own validation sees it too: the specification does not allow it
    assert str(caught.value) == (
        "Zaken-API van Losser: antwoord van /zaken wijkt af van de specificatie (zaak.registratiedatum: verwacht "
        "een datum (JJJJ-MM-DD)); de ophaalactie is afgewezen, er is niets van opgeslagen"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_secret_is_said_only_when_a_pull_is_asked_for(monkeypatch, tmp_path):
    monkeypatch.delenv("DVM_ZGW_SECRET")
    with fz.running(fz.FakeZgw([])) as fake:
        c = connection(fake)  # configured without the secret: fine
        with pytest.raises(UserError, match=r"omgevingsvariabele DVM_ZGW_SECRET .* is niet gezet"):
            pull(c, None, tmp_path)
    assert fake.requests == []
