"""The dashboard of the demo, as its readers get it: every page of Losser's site and the site index
opened in Chromium from file:// with every other request refused, checked by axe-core against WCAG 2.1
A and AA, each chart with its text alternative and table, and read at 320 px wide without scrolling
sideways; the CSV downloads equal kpis.csv of `dvm report`; the public build holds no internal detail.

The demo is the session's (`demo` and `reports` in tests/flows/conftest.py, one xdist group with
tests/flows/test_reports_on_demo.py); the nightly of `dvm demo` built the dashboard. One browser for
the module: Debian's chromium driven by Playwright (`make browser-tools` installs it)."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, sync_playwright

from core.catalogue import BY_CODE
from core.settings import load_settings
from dvm.cli import run
from tests.flows.conftest import copy_of

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]
CHROMIUM = "/usr/bin/chromium"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
KPI_COLUMNS = "gemeente,periode,kpi,groep,waarde,teller,noemer,norm,norm_gehaald"
LOSSER_PAGES = [
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium ontbreekt: 'make browser-tools' installeert het")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def site_pages(root: Path) -> list[Path]:
    return [root / "index.html", *[root / "Losser" / f"{name}.html" for name in LOSSER_PAGES]]


def test_every_page_is_accessible_offline_and_fits_320_px(demo, browser):
    root = demo.home / "dashboard"  # built by the nightly run of `dvm demo`, for both gemeenten
    assert json.loads((root / "gemeenten.json").read_text("utf-8")).keys() == {"Enschede", "Losser"}
    pages = site_pages(root)
    assert all(p.is_file() for p in pages), sorted(str(p) for p in root.rglob("*.html"))
    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    for path in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.lang") == "nl"
        assert path.stat().st_size < 500_000, path
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert result.violations_count == 0, (path.name, result.generate_report())
        charts = page.locator("svg[role=img]")
        for i in range(charts.count()):
            chart = charts.nth(i)
            label = chart.get_attribute("aria-label") or ""
            assert len(label) > 30 and label.endswith("."), (path.name, label)
            # its figure has a caption and the same numbers in a table with a caption and th scope
            figure = chart.locator("xpath=ancestor::figure[1]")
            assert figure.locator("figcaption").count() == 1, (path.name, label)
            table = figure.locator("table")
            assert table.count() == 1 and table.locator("caption").count() == 1, (path.name, label)
            assert table.locator("th[scope=col]").count() >= 2 and table.locator("th[scope=row]").count() >= 1
        headings = [int(h.evaluate("e => e.tagName")[1]) for h in page.locator("h1, h2, h3, h4").all()]
        assert headings[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings
        page.set_viewport_size({"width": 320, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path.name, width)
    assert outside == []
    # the overview has a chart for each tile, and the domain pages have theirs
    page.goto((root / "Losser" / "index.html").as_uri())
    assert page.locator("svg[role=img]").count() == page.locator(".tile").count() > 0
    context.close()


def test_a_skip_link_leads_to_the_content_and_focus_is_visible(demo, browser):
    page = browser.new_page()
    page.goto((demo.home / "dashboard" / "Losser" / "telefonie.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Naar de inhoud"
    style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert style == "rgb(255, 221, 0)"  # the focus colour, not the page's white
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.close()


REGISTER_FREE_TEXT = ["Telling van de schrijfcoaches", "Formulierenoverzicht van de website", "Opleidingsoverzicht P&O"]


def test_the_ambities_page_shows_the_register_and_the_burgerpeiling(demo, browser):
    """The programme register's targets (issue 29) on the Ambities page, as on the appendix's sheet: per
    target its realisation, the verdict in words and the peildatum ("nog niet ingevuld" where the demo
    register has nothing); the Burgerpeiling beside Klant in Focus; never the register's free text. The
    page's accessibility is checked with every other page above."""
    page = browser.new_page()
    page.goto((demo.home / "dashboard" / "Losser" / "ambities.html").as_uri())
    targets = page.locator("table", has=page.locator("caption", has_text="Doelen uit het programmaregister"))
    assert targets.count() == 1
    headers = targets.locator("thead th").all_inner_texts()
    assert headers[0] == "Doel in het programma" and headers[1].startswith("Realisatie ") and "Gehaald" in headers
    rows = targets.locator("tbody tr")
    assert rows.count() == 10  # the ten plateau targets of the default [[ambitions]]
    verdict, peildatum = headers.index("Gehaald"), headers.index("Peildatum")
    for row in rows.all():
        cells = row.locator("th, td").all_inner_texts()
        assert "gehaald" in cells[verdict] or cells[peildatum] == "nog niet ingevuld", cells
        assert re.fullmatch(r"\d\d-\d\d-\d{4}|nog niet ingevuld", cells[peildatum]), cells
    peiling = page.locator("table", has=page.locator("caption", has_text="Burgerpeiling"))
    assert peiling.locator("tbody tr").count() == 2
    value = peiling.locator("thead th").all_inner_texts().index("Waarde")
    grade = peiling.locator("tbody tr").first.locator("th, td").all_inner_texts()[value]
    assert re.fullmatch(r"\d+,\d", grade), grade  # a Dutch decimal
    html = page.content()
    assert not [t for t in REGISTER_FREE_TEXT if t.replace("&", "&amp;") in html or t in html]
    page.close()


def kpis_lines(path: Path) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == KPI_COLUMNS, path
    return lines[1:]


def test_the_csv_downloads_equal_kpis_csv_of_the_report(demo, reports):
    """`reports` ran `dvm report` for the year in a copy of the demo (and so rebuilt its dashboard): every
    row of every page's CSV is, character for character, a row of that year's kpis.csv (which holds the
    year, its months and quarters, the two years before and last year's months)."""
    year = reports.periods["jaar"]
    report = set(kpis_lines(reports.home / "reports" / "Losser" / year / "kpis.csv"))
    site = reports.home / "dashboard" / "Losser"
    downloads = sorted(site.glob("*.csv"))
    assert {p.stem for p in downloads} >= {"index", "telefonie", "zaken", "afspraken", "tevredenheid", "kanalen"}
    for path in downloads:
        rows = kpis_lines(path)
        assert rows, path
        assert [r for r in rows if r not in report] == [], path.name
    # the page's own figures: the phone page has the service level of the last full month
    html = (site / "telefonie.html").read_text("utf-8")
    assert 'href="telefonie.csv"' in html


def test_the_public_build_holds_no_internal_detail(demo, tmp_path, capsys):
    home = copy_of(demo.home, tmp_path)
    assert run(["dashboard", "--openbaar", "--home", str(home)]) == 0
    printed = capsys.readouterr().out.splitlines()
    public = home / "dashboard-openbaar"
    assert printed[0] == str((public / "index.html").resolve())
    settings = load_settings(None, str(home))
    queues = {q.queue for q in settings.figure_context().queues} | {"LOS-OUD"}  # and the demo's unmapped one
    files = {p.name for p in (home / "archive").rglob("*") if p.is_file()}
    assert queues and files
    text = {p: p.read_text("utf-8") for p in public.rglob("*") if p.is_file()}
    assert not (public / "Losser" / "datakwaliteit.html").exists()
    for path, content in text.items():
        assert not [q for q in queues if q in content], path
        assert not [f for f in files if f in content], path
        assert not re.search(r"\b[0-9a-f]{32,}\b", content), path
        assert "datakwaliteit" not in content.lower(), path
        assert not [t for t in REGISTER_FREE_TEXT if t in content or t.replace("&", "&amp;") in content], path
    # every ratio over fewer than min_records observations is withheld, in the pages' CSVs too
    internal = {
        (r["periode"], r["kpi"], r["groep"]): r
        for r in csv.DictReader((home / "dashboard" / "Losser" / "over.csv").open(encoding="utf-8"))
    }
    withheld = 0
    for row in csv.DictReader((public / "Losser" / "over.csv").open(encoding="utf-8")):
        mine = internal[(row["periode"], row["kpi"], row["groep"])]
        small = BY_CODE[row["kpi"]].kind != "aantal" and mine["noemer"] and 0 < int(mine["noemer"]) < 30
        if small:
            withheld += 1
            assert row["waarde"] == row["teller"] == row["noemer"] == row["norm_gehaald"] == "", row
        else:
            assert row == mine
    assert withheld > 0
    assert json.loads((public / "gemeenten.json").read_text("utf-8")).keys() == {"Enschede", "Losser"}


def test_nothing_to_show_is_one_line_and_exit_3(demo, tmp_path, capsys):
    home = copy_of(demo.home, tmp_path)
    config = tmp_path / "drie.toml"
    config.write_text('gemeenten = ["Losser", "Enschede", "Hengelo"]\n', encoding="utf-8")
    before = sorted(p.name for p in (home / "dashboard").iterdir())
    assert run(["dashboard", "--gemeente", "hengelo", "--config", str(config), "--home", str(home)]) == 3
    said = capsys.readouterr()
    assert said.out == "" and said.err == "fout: niets gemaakt: de opslag heeft geen gegevens voor Hengelo\n"
    assert sorted(p.name for p in (home / "dashboard").iterdir()) == before  # the site as it was
    assert run(["dashboard", "--home", str(tmp_path / "leeg")]) == 3
    said = capsys.readouterr().err  # a folder without a store (issue 25 item 10): says so, and names --home
    assert said.startswith("fout: er is geen opslag in ") and "--home" in said and said.count("\n") == 1
