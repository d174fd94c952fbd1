"""The site as files: a hostile gemeente name stays text and writes nowhere else, a rebuild of one
gemeente keeps the others and leaves no half site, the charts carry their text alternative."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reports.dashboard import site as site_module
from reports.dashboard.content import DashboardInputs, dashboard_periods, gemeente_site
from reports.dashboard.model import Cell, Chart, Series, Table
from reports.dashboard.site import write_site
from reports.dashboard.svg import render, tick_text, y_range
from tests.reports.conftest import inputs_for, kpi_rows

MADE = datetime(2026, 9, 1, 6, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
HOSTILE = ["<script>alert(1)</script>", "../x", "A/B", '=HYPERLINK("http://x")']


def site_of(gemeente: str, files, public: bool = False):
    """One gemeente with a service level of 84.7 % (100 of 118) in August 2026."""
    kpis = kpi_rows(
        [
            (gemeente, "2026-08", "tel_aangeboden", None, 122.0, None, None, None, None),
            (gemeente, "2026-08", "tel_servicelevel_pct", None, 100 * 100 / 118, 100, 118, 80.0, True),
            (gemeente, "2026", "tel_tweedelijn_bereikbaar_pct", f"team={gemeente}", 90.0, 45, 50, None, None),
        ]
    )
    report = inputs_for(kpis, "2026", gemeente=gemeente, files=files)
    inputs = DashboardInputs(report, dashboard_periods(date(2026, 8, 31)), public, None, MADE, date(2026, 8, 31))
    return gemeente_site(inputs, 7)


def test_a_hostile_gemeente_name_is_text_and_writes_nowhere_else(tmp_path, files):
    root = tmp_path / "home" / "dashboard"
    written = write_site(root, [site_of(g, files) for g in HOSTILE], False, "voet")
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(root in p.parents for p in everything), everything
    assert {p.name for p in root.iterdir() if p.is_dir()} == {
        "_script_alert_1_script_",
        "_x",
        "A_B",
        "_HYPERLINK_http_x_",
    }
    assert written[0] == root / "index.html"
    for path in root.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script" not in html, path  # escaped everywhere: in headings, menus, tables, aria-labels
        assert "javascript:" not in html
    index = (root / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert 'href="_script_alert_1_script_/index.html"' in index
    # the CSV: a formula-looking gemeente gets its quote, as in kpis.csv
    csv = (root / "_HYPERLINK_http_x_" / "index.csv").read_text("utf-8")
    assert csv.splitlines()[1].startswith('"\'=HYPERLINK(""http://x"")",2026-08,')


def test_a_rebuild_keeps_the_other_gemeenten_and_leaves_no_half_site(tmp_path, files, monkeypatch):
    root = tmp_path / "dashboard"
    write_site(root, [site_of("Losser", files), site_of("Enschede", files)], False, "voet")
    before = (root / "Losser" / "index.html").read_text("utf-8")
    write_site(root, [site_of("Losser", files)], False, "voet 2")
    assert (root / "Enschede" / "index.html").is_file()  # not rebuilt, still there and listed
    assert json.loads((root / "gemeenten.json").read_text("utf-8")).keys() == {"Enschede", "Losser"}
    assert "Enschede" in (root / "index.html").read_text("utf-8")
    assert (root / "Losser" / "index.html").read_text("utf-8") == before  # the same figures, the same page
    assert [p.name for p in tmp_path.iterdir()] == ["dashboard"]  # no temporary folder left beside it

    # a failure half-way (the disk filled while writing) leaves the old site whole and no temporary folder
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "index_html", broken)
    with pytest.raises(OSError):
        write_site(root, [site_of("Losser", files)], False, "voet 3")
    assert [p.name for p in tmp_path.iterdir()] == ["dashboard"]
    assert (root / "Losser" / "index.html").read_text("utf-8") == before
    assert "voet 2" in (root / "index.html").read_text("utf-8")


def test_every_page_links_its_css_and_csv_relatively(tmp_path, files):
    root = tmp_path / "dashboard"
    write_site(root, [site_of("Losser", files)], False, "voet")
    pages = sorted(p.name for p in (root / "Losser").glob("*.html"))
    assert pages == sorted(
        f"{n}.html"
        for n in [
            "index",
            "telefonie",
            "zaken",
            "afspraken",
            "tevredenheid",
            "kanalen",
            "ambities",
            "prognose",
            "datakwaliteit",
            "over",
        ]
    )
    html = (root / "Losser" / "telefonie.html").read_text("utf-8")
    assert '<html lang="nl">' in html and 'href="../dashboard.css"' in html and 'href="telefonie.csv"' in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert (root / "dashboard.css").is_file() and os.path.getsize(root / "Losser" / "index.html") < 500_000
    public = tmp_path / "openbaar"
    write_site(public, [site_of("Losser", files, public=True)], True, "voet")
    assert not (public / "Losser" / "datakwaliteit.html").exists()
    assert "datakwaliteit" not in (public / "Losser" / "index.html").read_text("utf-8")
    assert "kcc_gesprekken" not in "".join(p.read_text("utf-8") for p in public.rglob("*.html"))


def test_a_chart_is_one_image_with_an_escaped_description():
    table = Table("Cijfers", ["Maand", "Realisatie"], [[Cell("juli 2026", numeric=False), Cell("75,0 %")]])
    chart = Chart(
        "line", "Titel", 'Lijngrafiek van "<b>" & co.', ["jul", "aug"], [Series("x", [75.0, None])], table, "%", 80.0
    )
    svg = str(render(chart))
    assert svg.startswith("<svg") and svg.count('role="img"') == 1
    assert 'aria-label="Lijngrafiek van &#34;&lt;b&gt;&#34; &amp; co."' in svg
    assert '<g aria-hidden="true">' in svg  # the marks are not read out one by one: the table has the numbers
    # a percentage axis lies within 0-100 around the data and the norm: 75 and 80 -> 70 to 90 in steps of 5
    assert y_range([75.0], 80.0, True) == (70.0, 90.0, 5)
    assert tick_text(2.5, 2.5, "%") == "2,5 %" and tick_text(1200.0, 400.0, "") == "1.200"


def test_the_css_uses_no_web_fonts_and_shows_focus():
    css = (Path(site_module.__file__).parent / "dashboard.css").read_text("utf-8")
    assert "@font-face" not in css and "url(" not in css and "@import" not in css
    assert ":focus" in css and "system-ui" in css
