"""Issue 24 item 13: personal data just beyond the contract's letter, planted in a Klant in Focus export (and
in the other readers' label columns). Each case is one row; none of its planted values may reach a record
or a quarantine row (key, reason, gemeente), and the row is stored with a clean page or quarantined with
the rule named. All values are synthetic (06-999..., 99999xxxx, .invalid)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from core.profiles import KifProfile
from core.settings import Settings
from flows.stores import SOURCES
from sources.files import identify
from sources.kif import load_feedback
from sources.pages import is_slug, page_of
from tests.sources import hostile as h

NAME = "Hendrika Heimelijk"
PHONE = "06-9997 7766"
MAIL = "hendrika.heimelijk@voorbeeld.invalid"
BSN_DOTS = "999.990.066"
STREET = "Kerkstraat 12, 7581 AB Losser"


@dataclass(frozen=True)
class Case:
    id: str
    change: dict[str, str]
    planted: tuple[str, ...]  # what may appear nowhere
    page: str | None = None  # the page stored, when the row is stored
    rule: str | None = None  # the rule it is quarantined by, when it is


CASES = [
    Case("telefoon-met-scheiders", {"Pagina": f"/contact/{PHONE}"}, ("9997", "7766"), page="/contact/..."),
    Case("telefoon-met-streepjes", {"Pagina": "/terugbellen/06-9997-7766"}, ("9997", "7766"), page="/terugbellen/..."),
    Case("bsn-met-punten", {"Pagina": f"/zaak/{BSN_DOTS}/status"}, ("999.990", "990.066"), page="/zaak/.../status"),
    Case("adres-met-postcode", {"Pagina": f"/melding/{STREET}"}, ("Kerkstraat", "7581"), page="/melding/..."),
    Case("adres-als-slug", {"Pagina": "/melding/kerkstraat-12-7581ab"}, ("kerkstraat", "7581"), page="/melding/..."),
    Case(
        "naam-als-segment",
        {"Pagina": f"/profiel/{NAME}/instellingen"},
        ("Hendrika", "Heimelijk"),
        page="/profiel/.../instellingen",
    ),
    Case("naam-gecodeerd", {"Pagina": "/profiel/Hendrika%20Heimelijk"}, ("Hendrika", "Heimelijk"), page="/profiel/..."),
    Case(
        "mail-dubbel-gecodeerd",
        {"Pagina": "/afmelden/hendrika.heimelijk%2540voorbeeld.invalid"},
        ("hendrika", "voorbeeld"),
        page="/afmelden/...",
    ),
    Case(
        "mail-drievoudig-gecodeerd",
        {"Pagina": "/afmelden/hendrika%252540voorbeeld.invalid"},
        ("hendrika", "voorbeeld"),
        page="/afmelden/...",
    ),
    Case(
        "mail-volle-breedte",
        {"Pagina": "/afmelden/hendrika.heimelijk\uff20voorbeeld.invalid"},
        ("hendrika", "voorbeeld"),
        page="/afmelden/...",
    ),
    Case(
        "vraag-gecodeerd", {"Pagina": "/zoeken%3Fq%3DHendrika%2BHeimelijk"}, ("Hendrika", "Heimelijk"), page="/zoeken"
    ),
    Case("fragment-gecodeerd", {"Pagina": "https://www.losser.nl/afval%23Hendrika"}, ("Hendrika",), page="/afval"),
    Case("naam-als-kanaal", {"Kanaal": NAME}, ("Hendrika", "Heimelijk"), rule="onbekend_kanaal"),
    Case("telefoon-als-score", {"Score": "0699977766"}, ("699977766", "9997"), rule="score_buiten_bereik"),
    Case("telefoon-met-scheiders-als-score", {"Score": PHONE}, ("9997", "7766"), rule="geen_getal"),
    Case("naam-als-vraag", {"Vraag": NAME}, ("Hendrika",), rule="onbekende_vraag"),
    Case("naam-als-gemeente", {"Gemeente": NAME}, ("Hendrika",), rule="onbekende_gemeente"),
    Case("geboortedatum-als-datum", {"Datum": "31-02-1961 00:00"}, ("1961",), rule="ongeldige_tijd"),
    Case("telefoon-als-team", {"Team": "06-99977766"}, ("99977766",), rule="verschoven_velden"),
    Case("mail-als-product", {"Product": MAIL}, ("hendrika",), rule="verschoven_velden"),
    Case("tekst-als-pagina", {"Pagina": f"Bel {NAME}"}, ("Hendrika",), rule="verschoven_velden"),
    # a decoded address may hold a space; its segment is no slug (a shifted Toelichting that starts with
    # '/' is stored as '/...': the fields before Pagina are the row's own, and no text is kept)
    Case(
        "tekst-met-pad-als-pagina",
        {"Pagina": f"/afval was onduidelijk, {NAME}"},
        ("Hendrika", "onduidelijk"),
        page="/...",
    ),
    Case("zoekvraag-met-spatie", {"Pagina": f"/zoeken?q={NAME}"}, ("Hendrika",), page="/zoeken"),
]


def kif_export(folder: Path, rows: list) -> Path:
    return h.kif_file(folder, "20260706", rows)


def everything(batch) -> str:
    return batch.records.write_csv() + batch.quarantine.write_csv()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_personal_data_beyond_the_contract_is_kept_out(tmp_path, case):
    row = h.kif_row("F0001", **{"Kanaal": "Website", "Team": "", "Pagina": "/afval", **case.change})
    batch = load_feedback(identify(kif_export(tmp_path, [row])), KifProfile(), ["Losser", "Enschede"])
    text = everything(batch)
    assert [v for v in (*case.planted, *h.PII) if v in text] == []
    if case.page is not None:
        assert batch.quarantine.height == 0, batch.quarantine["reden"].to_list()
        assert batch.records["pagina"].to_list() == [case.page]
    else:
        assert batch.records.height == 0
        assert batch.quarantine["regel"].to_list() == [case.rule]


def test_a_row_without_pagina_and_an_unquoted_separator_in_toelichting_is_quarantined_as_shifted(tmp_path):
    """The field count is right (Pagina left out, Toelichting split in two by its `;`), so the row is no
    misfit: Toelichting's first half sits where Pagina belongs. It is quarantined, and none of it stored."""
    row = h.kif_row("F0002", Kanaal="Website", Team="")
    shifted = ";".join(v for c, v in row.items() if c != "Pagina")  # Toelichting unquoted, Pagina left out
    assert h.TOELICHTING.count(";") == 1 and len(shifted.split(";")) == len(h.KIF_HEADER)  # the right count
    batch = load_feedback(identify(kif_export(tmp_path, [shifted])), KifProfile(), ["Losser"])
    assert batch.records.height == 0
    assert batch.quarantine["regel"].to_list() == ["verschoven_velden"]
    assert "Pagina is geen pad of webadres" in batch.quarantine["reden"][0]
    assert not [v for v in h.PII if v in everything(batch)]


@pytest.mark.parametrize(
    ("source", "make"),
    [
        ("corsa", lambda d: h.corsa_file(d, "20260501", [h.corsa_row("Z-1", Ontvangstkanaal=NAME, Verlengd=NAME)])),
        ("kcc", lambda d: h.kcc_file(d, "20260501", [h.kcc_row("K1", Outcome=NAME, WaitSeconds="0699977766x")])),
        ("jcc", lambda d: h.jcc_csv(d, "20260501", [h.jcc_row("A1", Status=NAME)])),
    ],
)
def test_no_reader_quotes_a_cell_that_failed_a_rule(tmp_path, source, make):
    file = identify(make(tmp_path))
    batch = SOURCES[source].read(file, Settings())
    assert batch.quarantine.height == 1
    assert "Hendrika" not in everything(batch) and "99977766" not in everything(batch)


@pytest.mark.parametrize(
    ("segment", "kept"),
    [
        ("afval", True),
        ("paspoort-en-id-kaart", True),
        ("2026", True),
        ("nieuws-2026-07-03", True),  # a date: 8 digits, none in a run over 4
        ("covid-19", True),
        ("jan-jansen", True),  # a name in lower case with hyphens cannot be told from a page: kept
        ("Afval", False),  # a capital: a name as it is written
        ("06-99977766", False),  # a run of 8 digits
        ("06-9997-7766", False),  # 10 digits in all
        ("999990066", False),
        ("7581ab", False),  # a postcode
        ("kerkstraat-12-7581-ab", False),
        ("a@b", False),
        ("jan.jansen", False),
        ("caf\u00e9", False),
        ("-afval", False),
        ("afval--oud", False),
        ("..", False),
        ("x" * 81, False),
    ],
)
def test_what_a_page_slug_is(segment, kept):
    assert is_slug(segment) is kept


def test_a_page_path_is_judged_after_decoding():
    assert page_of("/afval") == "/afval" and page_of("/afval/") == "/afval/"
    assert page_of("https://www.losser.nl") == "/" and page_of("?bsn=999990066") is None and page_of("") is None
    assert page_of("//afval//kalender") == "/afval/kalender"
    assert page_of("/a/Hendrika/Heimelijk/b") == "/a/.../b"  # neighbouring dropped segments: one '...'
    assert page_of("/a/%25%32%35%34%30") == "/a/..."  # encoded three times over
    assert page_of("/\uff10\uff16\uff19\uff19\uff19\uff17\uff17\uff17\uff16\uff16") == "/..."  # full-width digits
    assert page_of("losser.nl/afval") == "\x00"  # no path, no scheme: not an address
    assert page_of("/afval%20kalender") == "/..."  # encoded: an address, its segment no slug


def test_the_demo_pages_are_slugs():
    from demo.kif import _PAGES

    assert all(page_of(path) == path for path, _ in _PAGES)
    assert pl.Series([p for p, _ in _PAGES]).n_unique() == len(_PAGES)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("PVH", "PVH"),
        ("Werk & Inkomen", "Werk & Inkomen"),
        ("", None),  # not put through
        ("+31699977766", "overig"),  # put through to a mobile number: counted as put through, never stored
        ("06-99977766", "overig"),
        ("hendrika.heimelijk@voorbeeld.invalid", "overig"),
    ],
)
def test_a_kcc_transfer_target_is_kept_only_as_a_label(tmp_path, given, stored):
    batch = SOURCES["kcc"].read(
        identify(h.kcc_file(tmp_path, "20260501", [h.kcc_row("K1", TransferredTo=given)])), Settings()
    )
    assert batch.quarantine.height == 0
    assert batch.records["doorverbonden_naar"].to_list() == [stored]
    assert "99977766" not in everything(batch) and "heimelijk" not in everything(batch)
