"""The source registry: the one declaration of each outside system the monitor reads.

Everything that differs per source is declared here, once: how its export files are named, its
layout profile, the store table and key its records go to, the Dutch names it carries in checks
and in the report, the date that places a record in a period, the KPI domains it feeds, where its
figures come from and the heading of what it feeds. Plain data: the code that implements each
source (reader, checks, transforms, sheet, demo) is wired in flows/wiring.py, above the layers it
imports. Ingest, the store, coverage, the report's snapshot and figures, the appendix's sheets, the
settings' profiles and the demo all derive from `SOURCES`; tests/test_registry.py checks that every
derived table covers every source, tests/test_wiring.py that every source has its code.

Adding a source: see the README, "For maintainers: adding a source".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

import polars as pl

from core.ambitions import ProgrammeTarget
from core.catalogue import CASES_DOMAIN, DESK_DOMAIN, PHONE_DOMAIN, SATISFACTION_DOMAIN, Domain
from core.profiles import CorsaProfile, JccProfile, KccProfile, KifProfile, Profile, RegisterProfile, ZgwProfile

Window = Literal["utc_time", "date", "all"]  # how the report's snapshot picks a source's records
# What a source's `unknown` lists: what the configuration does not know yet, per kind and value, with counts.
UNKNOWN_SCHEMA = {"soort": pl.String, "waarde": pl.String, "aantal": pl.Int64, "toelichting": pl.String}
# What a source's `set_aside` lists: records its `prepared` leaves out of the figures, per gemeente and reason.
SET_ASIDE_SCHEMA = {"gemeente": pl.String, "regel": pl.String, "reden": pl.String, "aantal": pl.Int64}


@dataclass(frozen=True)
class Summary:
    """Totals the store keeps beside a source's records, in step with them at every load
    (store/delta_store.py): per local date of `time_column`, grouped finely enough that every figure
    of the source rolls up from them. The report reads these instead of the records; its code
    (flows/wiring.py `SummaryWiring`) takes the summary where the source's takes records."""

    table: str  # store table
    time_column: str  # the records' UTC time; its local date is the summary's `datum`


@dataclass(frozen=True)
class Source:
    name: str  # short id; also its table in [profiles]
    prefix: str  # export file names: <prefix>_<YYYYMMDD>[T<HHMM>].<extension>
    extensions: tuple[str, ...]
    system: str  # Dutch: the system it comes from, as a reader names it ("Corsa")
    title: str  # Dutch: its data in the report ("zaken (Corsa)")
    dataset: str  # Dutch: its records in checks and messages ("zaken")
    table: str  # store table
    key: str  # the record's key in the table: the newest export wins per key
    profile: type[Profile]
    window: Window  # the report reads records by a UTC time, a local date, or all (open cases)
    window_column: str | None
    domains: tuple[Domain, ...]  # catalogue domains whose KPIs it feeds
    summary: Summary | None = None  # totals kept beside the records, which the report reads instead
    # Dutch: where its figures come from, under every table that shows them (a source whose records join
    # another's table is attributed with that table's first source)
    attribution: str | None = None
    heading: str | None = None  # Dutch: the heading of the domain it feeds, in the Samenvatting and the dashboard


SOURCES: tuple[Source, ...] = (
    Source(
        "kcc",
        "kcc_gesprekken",
        ("csv",),
        "het KCC-telefonieplatform",
        "telefonie (KCC)",
        "gesprekken",
        "calls",
        "call_id",
        KccProfile,
        "utc_time",
        "gestart_op",
        (PHONE_DOMAIN,),
        attribution="export gesprekken van het KCC-telefonieplatform (beheerd door gemeente Enschede), "
        "bewerkt door de Dienstverleningsmonitor",
        heading="Telefonie (KCC)",
        summary=Summary("call_days", "gestart_op"),
    ),
    Source(
        "corsa",
        "corsa_zaken",
        ("csv",),
        "Corsa",
        "zaken (Corsa)",
        "zaken",
        "cases",
        "zaak_id",
        CorsaProfile,
        "all",
        None,
        (CASES_DOMAIN,),
        attribution="export zaken uit het zaaksysteem Corsa, bewerkt door de Dienstverleningsmonitor",
        heading="Zaken (Corsa)",
    ),
    Source(
        "jcc",
        "jcc_afspraken",
        ("csv", "xlsx"),
        "JCC-Afspraken",
        "afspraken (JCC)",
        "afspraken",
        "appointments",
        "afspraak_id",
        JccProfile,
        "date",
        "datum",
        (DESK_DOMAIN,),
        attribution="export afspraken uit JCC-Afspraken, bewerkt door de Dienstverleningsmonitor",
        heading="Afspraken aan de balie (JCC)",
    ),
    Source(
        "kif",
        "kif_feedback",
        ("csv",),
        "Klant in Focus",
        "tevredenheid (Klant in Focus)",
        "reacties",
        "feedback",
        "reactie_id",
        KifProfile,
        "date",
        "datum",
        (SATISFACTION_DOMAIN,),
        attribution="export reacties uit Klant in Focus (smileys onder e-mails, pop-ups op de website, korte "
        "vragenlijst na een KCC-gesprek of een afspraak aan de balie), bewerkt door de Dienstverleningsmonitor",
        heading="Tevredenheid (Klant in Focus)",
    ),
    Source(
        "programma",
        "programma_register",
        ("xlsx",),
        "het programmaregister",
        "programmaregister (eigen registratie)",
        "metingen",
        "register",
        "meting_id",  # gemeente|indicator|peildatum: the newest register wins per measurement, each peildatum kept
        RegisterProfile,
        "all",  # every measurement: a target's realisation is the latest up to the period's end
        None,
        (),  # feeds no KPI: the sheet Ambities (transforms.register)
        attribution="programmaregister (programma_register_*.xlsx, bijgehouden door de programma-organisatie)",
    ),
)
# Sources whose records join the table of a source above (same schema and key) and are counted with
# it: read like any export (file prefix, reader, profile, the check at ingest, the ledger), while that
# table's figures, coverage, detail sheet and demo are its first source's (flows/wiring.py). The ZGW
# Zaken API's cases join Corsa's: a pull is written as a file (sources/zgw.py) and read into `cases`;
# transforms/case_sources.py counts each case from one source (`vanaf`).
JOINING: tuple[Source, ...] = (
    Source(
        "zgw",
        "zgw_zaken",
        ("jsonl.gz",),
        "de Zaken-API (ZGW)",
        "zaken (Zaken-API)",
        "zaken",
        "cases",
        "zaak_id",
        ZgwProfile,
        "all",
        None,
        (CASES_DOMAIN,),
    ),
)
READ_SOURCES: tuple[Source, ...] = SOURCES + JOINING  # every source a file is read from
BY_NAME: dict[str, Source] = {s.name: s for s in READ_SOURCES}
BY_TABLE: dict[str, Source] = {s.table: s for s in SOURCES}
BY_PREFIX: dict[str, Source] = {s.prefix: s for s in SOURCES}


@dataclass(frozen=True)
class QueueRule:
    """A queue's mapping to gemeente, line and team, valid on the local dates [valid_from, valid_until]."""

    queue: str
    gemeente: str
    line: int
    team: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class FigureContext:
    """The configured values the figures are computed with: plain data, built once per run from the
    settings (`Settings.figure_context`), so the transforms take no settings object."""

    tz: str
    answer_norm_s: int
    short_abandon_s: int
    callback_norm_werkdagen: int
    closing_days: tuple[date, ...]
    terms: tuple[tuple[str, int, str], ...]  # zaaktype code, term, unit
    contactverzoek_types: tuple[str, ...]
    wait_norm_minutes: int
    evening_from: time
    norms: dict[str, tuple[float, str]]  # kpi -> (target, direction)
    queues: tuple[QueueRule, ...] = ()
    # per gemeente with [[zgw]]: the switch date; its cases registered before it are counted from Corsa,
    # on or after it from the ZGW Zaken API (transforms/case_sources.py)
    case_switch: tuple[tuple[str, date], ...] = ()
    # the programme's targets followed in its own register ([[ambitions]]): transforms.register
    ambitions: tuple[ProgrammeTarget, ...] = ()
    ambitions_for: tuple[str, ...] = ()  # the gemeenten whose sheet Ambities follows them ([report] ambitions_for)
