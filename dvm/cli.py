"""`dvm`: the command line. It speaks Dutch, says every problem in one line on stderr, never
shows a traceback, and checks its input before any flow (or Prefect) starts.

Exit codes (README, Commands):
  0  done
  1  done, but a file was rejected (it is in quarantine, the reason printed)
  2  wrong input: an argument, the configuration, a folder; nothing was changed
  3  nothing produced: an empty store, no data for the period, no export files
  4  the run failed: a full or read-only disk, a failed data check, a Prefect server that did
     not start, an internal error; the operators are alerted when configured
"""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

from core.errors import NothingProduced, UserError, local_problem, os_reason
from core.wording import count, did_you_mean, dutch_list, shown, unknown_unit
from dvm.console import prefect_logs, progress_line, readers_may_leave, say
from dvm.prefect_server import ServerFailed, TemporaryServer

DONE, REJECTED, USER_ERROR, NOTHING, FAILED = 0, 1, 2, 3, 4
INTERRUPTED = 130

EXIT_CODES = "Afsluitcodes: 0 klaar, 1 klaar maar een bestand afgewezen, 2 foute invoer, 3 niets gemaakt, 4 mislukt."
# the periods only where a command takes one (report; dvm --help lists every command)
EPILOG = "Periodes: 2026-07 (maand), 2026-Q3 (kwartaal), 2026 (jaar), 2023-01-01..2024-12-31 (reeks). " + EXIT_CODES

# Dutch labels of the quarantine rule codes of the readers (sources/); a code not listed here is
# shown as it is.
RULE_LABELS = {
    "sleutel_ontbreekt": "sleutel leeg",
    "dubbele_sleutel": "sleutel komt twee keer voor",
    "geen_getal": "geen geheel getal",
    "negatieve_duur": "negatieve duur",
    "ongeldige_tijd": "ongeldige tijd",
    "ongeldige_datum": "ongeldige datum",
    "datum_ontbreekt": "datum ontbreekt",
    "tijd_ontbreekt": "tijd ontbreekt",
    "tijd_bestaat_niet": "tijd bestaat niet (overgang naar zomertijd)",
    "einde_voor_start": "einde ligt voor begin",
    "geboekt_na_afspraak": "geboekt na de afspraak",
    "gemeente_ontbreekt": "gemeente leeg",
    "onbekende_wachtrij": "wachtrij staat niet in de configuratie",
    "onbekende_uitkomst": "onbekende uitkomst",
    "onbekend_kanaal": "onbekend kanaal",
    "onbekende_status": "onbekende status",
    "onbekende_waarde": "onbekende waarde",
    # the programme's register (sources/register.py)
    "indicator_ontbreekt": "indicator leeg",
    "onbekende_indicator": "indicator staat niet in [[ambitions]]",
    "ongeldig_plateau": "plateau is geen 1, 2 of 3",
    "peildatum_in_toekomst": "peildatum na de datum van het register",
    "waarde_ontbreekt": "teller, noemer of waarde ontbreekt",
    "teller_en_waarde": "teller en noemer én waarde ingevuld",
    "teller_bij_geen_percentage": "teller en noemer bij een aantal of cijfer",
    "noemer_nul": "noemer is 0",
    "teller_boven_noemer": "teller groter dan noemer",
    "percentage_boven_100": "percentage boven 100",
    "cijfer_buiten_bereik": "cijfer buiten 1-10",
    "tekst_te_lang": "toelichting te lang",
}


# ---- the parser, in Dutch --------------------------------------------------------------------
class _DutchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Dutch help, and errors raised as one Dutch UserError line (exit code 2)."""

    def __init__(self, *args, **kwargs):
        self.commands: Mapping[str, argparse.ArgumentParser] = {}  # the top parser's sub-commands, by name
        with_help, parents = kwargs.pop("add_help", True), kwargs.pop("parents", [])
        kwargs.setdefault("formatter_class", _DutchHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        if with_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="deze hulptekst tonen en stoppen"
            )
        for parent in parents:  # as argparse does, after the titles are Dutch: one group "opties"
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def parse_args(self, args=None, namespace=None):
        known, extras = self.parse_known_args(args, namespace)
        if extras:  # said by the command's own parser: it knows the options to suggest
            self.commands.get(getattr(known, "command", ""), self).error(f"unrecognized arguments: {' '.join(extras)}")
        return known

    def error(self, message: str):
        raise UserError(f"{_dutch_argparse_error(message, self)} (zie '{self.prog} --help')")


def _dutch_argparse_error(message: str, parser: argparse.ArgumentParser) -> str:
    """argparse's English error (Python 3.11) in Dutch."""
    options = [o for a in parser._actions for o in a.option_strings]
    if m := re.fullmatch(r"the following arguments are required: (.*)", message):
        names = m[1].split(", ")
        if names == ["COMMANDO"]:
            return "geen commando gegeven; kies uit demo, ingest, report, prognose, nightly of serve"
        return f"{'ontbrekend argument' if len(names) == 1 else 'ontbrekende argumenten'}: {dutch_list(names)}"
    if m := re.fullmatch(r"unrecognized arguments: (.*)", message):
        words = m[1].split(" ")
        first = words[0]
        if first.startswith("-"):
            return f"onbekende optie '{shown(first)}'{did_you_mean(first.split('=')[0], options)}"
        return (
            f"{'onverwacht argument' if len(words) == 1 else 'onverwachte argumenten'}: "
            f"{dutch_list((shown(w) for w in words), quote=True)}"
        )
    if m := re.fullmatch(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)", message, flags=re.S):
        choices = re.findall(r"'([^']*)'", m[3])
        what = "commando" if m[1] == "COMMANDO" else f"waarde voor {m[1]}"
        return f"onbekend {what} '{shown(m[2])}'" + (
            did_you_mean(m[2], choices) or f"; kies uit {dutch_list(choices, 'of')}"
        )
    if m := re.fullmatch(r"argument (\S+): expected one argument", message):
        return f"{m[1]} verwacht een waarde"
    if m := re.fullmatch(r"argument (\S+): invalid (\w+) value: '(.*)'", message, flags=re.S):
        return f"{m[1]}: '{shown(m[3])}' is geen geldige waarde"
    if m := re.fullmatch(r"ambiguous option: (\S+) could match (.*)", message):
        return f"optie '{shown(m[1])}' is niet eenduidig: {dutch_list(m[2].split(', '), 'of')}"
    if m := re.fullmatch(r"argument (\S+): (.*)", message, flags=re.S):  # our own type checks, in Dutch
        return f"{m[1]}: {m[2]}"
    return f"opdrachtregel niet begrepen ({shown(message, 120)})"


def _store_version(text: str) -> int:
    if not re.fullmatch(r"\d{1,9}", text.strip()):
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is geen opslagversie; verwacht een geheel getal vanaf 0")
    return int(text)


def _weeks(text: str) -> int:
    if not re.fullmatch(r"\d{1,2}", text.strip()) or not 1 <= int(text) <= 52:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is geen aantal weken; verwacht 1 t/m 52")
    return int(text)


def _days(text: str) -> int:
    if not re.fullmatch(r"\d{1,4}", text.strip()) or not 1 <= int(text) <= 3660:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is geen aantal dagen; verwacht 1 t/m 3660")
    return int(text)


def _day(text: str) -> date:
    from core.periods import FIRST_YEAR, LAST_YEAR
    from demo import FIRST_DAY, LAST_DAY

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is geen datum; verwacht JJJJ-MM-DD, zoals 2026-07-01")
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is geen bestaande datum") from None
    if not FIRST_YEAR < day.year <= LAST_YEAR:  # the demo starts on 1 January of the year before
        raise argparse.ArgumentTypeError(f"'{text.strip()}': jaar buiten het bereik {FIRST_YEAR + 1} t/m {LAST_YEAR}")
    if not FIRST_DAY <= day <= LAST_DAY:  # the days the demo can honestly make (demo/__init__.py)
        raise argparse.ArgumentTypeError(
            f"'{day}': de demo kan geen dag vóór {FIRST_DAY} of na {LAST_DAY} nabootsen (het KCC-platform van "
            f"de demo start in {FIRST_DAY.year - 1}); verwacht {FIRST_DAY} t/m {LAST_DAY}"
        )
    return day


def _gemeente_option(command: argparse.ArgumentParser, more: str = "") -> None:
    """`--gemeente NAAM`, repeatable: the gemeenten a command is limited to (matched ignoring case)."""
    command.add_argument(
        "--gemeente",
        action="append",
        metavar="NAAM",
        help=f"alleen deze gemeente (herhaalbaar; hoofdletters maken niet uit){more}",
    )


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--config", metavar="BESTAND", help="TOML-configuratie (standaard: DVM_CONFIG of ingebouwde waarden)"
    )
    common.add_argument(
        "--home",
        metavar="MAP",
        help="map met inbox, opslag, quarantaine en rapporten (standaard: DVM_HOME of ./dvm-home)",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", help="alle meldingen van Prefect en Great Expectations tonen"
    )
    parser = _Parser(prog="dvm", description="Dienstverleningsmonitor", epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDO", title="commando's")
    parser.commands = sub.choices
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="demodata maken, nachtrun draaien, rapport schrijven",
        description="Demodata in de inbox zetten, de nachtrun draaien en de rapporten schrijven.",
    )
    demo.add_argument(
        "--vandaag",
        type=_day,
        metavar="DATUM",
        help="de demo alsof het vandaag DATUM is (JJJJ-MM-DD; standaard: vandaag): dezelfde exports, "
        "dezelfde nachtrun en dezelfde rapporten, ook na middernacht",
    )
    ing = sub.add_parser(
        "ingest",
        parents=[common],
        help="exportbestanden of mappen inlezen",
        description="Exportbestanden (of mappen ervan) inlezen in de opslag; afgewezen "
        "bestanden gaan naar de quarantaine.",
        epilog=EXIT_CODES,
    )
    ing.add_argument("paths", nargs="*", metavar="PAD", help="exportbestand of map met exportbestanden")
    ing.add_argument(
        "--opnieuw",
        action="store_true",
        help="eerder afgewezen bestanden opnieuw inlezen (na een verbeterd profiel of een verbeterde "
        "configuratie); zonder PAD: alle bestanden in de quarantainemap. Een geladen bestand "
        "wordt nooit twee keer geladen.",
    )
    ing.add_argument(
        "--zgw",
        action="store_true",
        help="nu zaken ophalen uit de Zaken-API van elke gemeente met [[zgw]] en die inlezen",
    )
    ing.add_argument(
        "--gemeente",
        action="append",
        metavar="NAAM",
        help="met --zgw: alleen deze gemeente (herhaalbaar)",
    )
    rep = sub.add_parser(
        "report",
        parents=[common],
        help="rapport voor een periode schrijven",
        description="De werkmap en kpis.csv voor een periode schrijven, per gemeente.",
        epilog=EPILOG,
    )
    rep.add_argument("period", metavar="PERIODE", help="2026-07, 2026-Q3, 2026 of 2023-01-01..2024-12-31")
    _gemeente_option(rep)
    rep.add_argument("--as-of", type=_store_version, metavar="VERSIE", help="opslagversie waaruit gerapporteerd wordt")
    rep.add_argument("--mail", action="store_true", help="de werkmap mailen aan de ingestelde ontvangers")
    prog = sub.add_parser(
        "prognose",
        parents=[common],
        help="de drukte van de komende weken voorspellen",
        description="Per gemeente de verwachte gesprekken per uur, afspraken per werkdag en "
        "digitale contacten per week, met de nauwkeurigheid en de medewerkers om "
        "te roosteren: prognose.csv en prognose.xlsx.",
        epilog=EXIT_CODES,
    )
    _gemeente_option(prog)
    prog.add_argument("--weken", type=_weeks, metavar="N", help="aantal weken vooruit (standaard 13)")
    dash = sub.add_parser(
        "dashboard",
        parents=[common],
        help="het dashboard (een statische website) maken",
        description="Het dashboard maken: een statische, toegankelijke website met de cijfers per gemeente, "
        "in <home>/dashboard/ (met --openbaar: <home>/dashboard-openbaar/). Te openen vanaf een "
        "netwerkschijf of met elke webserver; er gaat geen verzoek naar buiten.",
        epilog=EPILOG,
    )
    _gemeente_option(dash, "; de andere blijven staan")
    dash.add_argument(
        "--openbaar",
        action="store_true",
        help="de openbare versie voor de website van de gemeente: zonder Datakwaliteit, bestandsnamen, "
        "wachtrijen en rooster, en zonder cijfers over minder dan min_records waarnemingen",
    )
    sub.add_parser(
        "nightly",
        parents=[common],
        help="de nachtrun: inbox inlezen en kwartaalrapport verversen",
        description="De nachtrun: de inbox inlezen, het geladene archiveren en de rapporten van "
        "het lopende kwartaal verversen.",
        epilog=EXIT_CODES,
    )
    tpl = sub.add_parser(
        "register-sjabloon",
        parents=[common],
        help="het sjabloon van het programmaregister schrijven",
        description="De werkmap schrijven waarin de programma-organisatie de doelen bijhoudt die in geen export "
        "staan (de ingestelde [[ambitions]]): één regel per meting. Ingevuld en opgeslagen als "
        "programma_register_JJJJMMDD.xlsx in de inbox wordt het ingelezen als elke export.",
        epilog=EPILOG,
    )
    tpl.add_argument(
        "--gemeente",
        metavar="NAAM",
        help="voor deze gemeente (standaard: de gemeenten van [report] ambitions_for)",
    )
    from store.maintenance import KEEP_DAYS

    upkeep = sub.add_parser(
        "onderhoud",
        parents=[common],
        help="de opslag onderhouden: kleine bestanden samenvoegen, oude bestanden opruimen",
        description="De tabellen van de opslag onderhouden: hun kleine bestanden samenvoegen (elke lading "
        "en elke controle voegt er een toe), een checkpoint schrijven, en de bestanden verwijderen die geen "
        "opslagversie van de laatste dagen (--bewaardagen) meer nodig heeft. De cijfers en de opslagversie "
        "veranderen niet; een rapport blijft actueel. Wacht op een lading die de opslag bezet houdt.",
        epilog=EXIT_CODES,
    )
    upkeep.add_argument(
        "--bewaardagen",
        type=_days,
        default=KEEP_DAYS,
        metavar="DAGEN",
        help=f"hoe lang een vervangen bestand bewaard blijft (standaard {KEEP_DAYS}): zo ver terug kan een "
        "rapport met --as-of uit een oudere opslagversie opnieuw gemaakt worden",
    )
    sub.add_parser(
        "serve",
        parents=[common],
        help="de nachtrun, rapporten op verzoek en de jaarbijlage bedienen vanaf een Prefect-server (PREFECT_API_URL)",
        description="De deployments bedienen vanaf een Prefect-server (PREFECT_API_URL).",
    )
    return parser


# ---- running a command -----------------------------------------------------------------------
def run(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit code. Every problem is said in one Dutch line. A reader of its
    output that stops early (`dvm report ... | head -1`) is no problem of the command: it still does
    its work and its exit code says how that went (dvm/console.py `readers_may_leave`)."""
    with readers_may_leave():
        return _run(sys.argv[1:] if argv is None else list(argv))


def _run(argv: list[str]) -> int:
    verbose, args = False, None
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as stop:  # --help: argparse printed it
            return stop.code if isinstance(stop.code, int) else DONE
        verbose = args.verbose
        return COMMANDS[args.command](args)
    except UserError as exc:
        say(f"fout: {_one_line(str(exc))}")
        return exc.exit_code
    except ServerFailed as exc:
        say(f"fout: {_one_line(str(exc))}")
        return FAILED
    except KeyboardInterrupt:
        say("afgebroken")
        return INTERRUPTED
    except Exception as exc:
        if (remote := _remote_problem(exc, args)) is not None:
            say(f"fout: {_one_line(str(remote))}")
            return remote.exit_code
        if problem := local_problem(exc, getattr(args, "home_used", None)):
            say(f"fout: {_one_line(problem)}")
        else:
            say(
                f"fout: de run is mislukt ({type(exc).__name__}: {_one_line(str(exc), 200)})"
                + ("" if verbose else "; meer met --verbose")
            )
            if verbose:
                traceback.print_exc()
        return FAILED


def _remote_problem(exc: BaseException, args) -> UserError | None:
    """An object store's failure during a run (after its probe), in Dutch (store/remote.py)."""
    store = getattr(args, "store_used", None)
    if store is None:
        return None
    from store.remote import translated

    return translated(exc, store)


def _one_line(text: str, limit: int = 2000) -> str:
    """A message as one line: whitespace runs as one space, other control characters escaped."""
    return shown(" ".join(text.split()), limit)


def _settings(args):
    from core.settings import load_settings

    home = args.home if args.home is not None else os.environ.get("DVM_HOME")
    if home is not None and "\x00" in home:
        raise UserError(f"werkmap '{shown(home)}' bevat een NUL-teken; kies een andere map")
    settings = load_settings(args.config, home)
    args.home_used = settings.home  # named when the disk under it is full
    args.store_used = settings.store if settings.store and settings.store.startswith("s3://") else None
    return settings


def _check_store(settings) -> None:
    """A store on object storage answers, before any flow (a wrong bucket, missing credentials or an
    endpoint that is down is said at once; the scheduled runs on a server keep their retries)."""
    if not isinstance(settings.store_path, str):  # a folder: nothing to reach
        return
    from flows.stores import open_store

    open_store(settings).version()


def _not_a_file(home: Path) -> None:
    if home.exists() and not home.is_dir():
        raise UserError(f"werkmap '{shown(str(home), 200)}' is een bestand, geen map")


def _check_home(home: Path) -> None:
    """The working folder is a folder we can write in (created when missing), before any flow."""
    where = f"werkmap '{shown(str(home), 200)}'"
    _not_a_file(home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=home, prefix=".dvm-schrijftest-"):
            pass
    except OSError as exc:
        raise UserError(f"{where} is niet schrijfbaar: {os_reason(exc)}") from None


# What a flow needs imported; done while the temporary server starts (both take seconds), with every
# source's suites (flows/wiring.py `check_imports`).
FLOW_MODULES = ("flows.ingest", "flows.report", "flows.nightly", "flows.prognose")


@contextmanager
def _prefect(verbose: bool) -> Iterator[None]:
    """Flows run against the Prefect server that PREFECT_API_URL names (the environment, a
    Prefect profile); without one, against a temporary server this command starts as its own
    child and stops when done (dvm/prefect_server.py), never one Prefect starts and leaves.

    A flow run of a command sends no heartbeats: its user watches it end, and Prefect's heartbeat
    thread, which sleeps in steps of a second, holds every flow run up to a second at its end while
    it is joined (half a second on average: as long as a report's figures take). A served run
    (`dvm serve`, a worker's) keeps them."""
    server = None
    if not os.environ.get("PREFECT_API_URL") and "prefect" not in sys.modules:
        server = TemporaryServer()
        server.start()  # first: it starts while Prefect, polars and GX are imported below
    try:
        with prefect_logs(verbose), progress_line(verbose):
            from prefect.settings import PREFECT_API_URL, temporary_settings

            if PREFECT_API_URL.value():  # named in a profile, or by the caller: use that server
                if server is not None:
                    server.stop()
                    server = None
                with temporary_settings(updates={"flows.heartbeat_frequency": None}):
                    yield
                return
            if server is None:  # Prefect was imported before this command (in-process use)
                server = TemporaryServer()
                server.start()
            from flows.tasks import progress

            progress("voorbereiden")
            for module in FLOW_MODULES:
                importlib.import_module(module)
            from flows.wiring import check_imports

            for load in check_imports():
                load()
            progress("Prefect-server starten")
            server.wait_until_ready()
            with temporary_settings({PREFECT_API_URL: server.api_url, "flows.heartbeat_frequency": None}):
                try:
                    yield
                finally:
                    _drain_prefect()
    finally:
        if server is not None:
            server.stop()


def _drain_prefect() -> None:
    """Send the run's last logs and events before the temporary server stops."""
    try:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)
        EventsWorker.drain_all(timeout=5)
    except Exception:
        pass


# ---- the commands ----------------------------------------------------------------------------
def _ingest(args) -> int:
    from sources.files import discover

    settings = _settings(args)
    if args.zgw or args.gemeente:
        from dvm.zgw import ingest_zgw

        return ingest_zgw(args, settings)
    if bad := [p for p in args.paths if "\x00" in p]:
        raise UserError(f"pad '{shown(bad[0])}' bevat een NUL-teken")
    if not args.paths and not args.opnieuw:
        raise UserError("ontbrekend argument: PAD (zie 'dvm ingest --help')")
    paths = [Path(p) for p in args.paths] or [settings.quarantine_path]
    if not args.paths and not settings.quarantine_path.is_dir():
        raise NothingProduced(f"geen afgewezen bestanden: de quarantainemap {settings.quarantine_path} bestaat niet")
    try:
        files = discover(paths)  # a wrong path is said before any flow starts
    except PermissionError as exc:
        raise UserError(f"'{shown(str(exc.filename), 200)}' is niet leesbaar (geen leesrechten)") from None
    if not files:
        raise NothingProduced(
            f"geen bestanden gevonden in {dutch_list((shown(str(p), 200) for p in paths), quote=True)}"
        )
    _check_home(settings.home)
    _check_store(settings)
    from flows.known_files import known_to_ledger
    from flows.stores import open_store

    # files the ledger knows already: the answer is the ledger's, without a flow or a Prefect server
    result = known_to_ledger(open_store(settings), files, settings.quarantine_path, args.opnieuw)
    if result is None:
        with _prefect(args.verbose):
            from flows.ingest import ingest

            result = ingest([str(p) for p in paths], settings, retry_rejected=args.opnieuw)
    version = result.store_version if result.store_version is not None else open_store(settings).version()
    return _said_ingest(result, version, settings)


def _said_ingest(result, version: int | None, settings) -> int:
    state = (
        f"opslagversie {version}"
        if result.store_version is not None
        else f"opslag ongewijzigd (versie {version})"
        if version is not None
        else "opslag ongewijzigd (leeg)"
    )
    print(
        f"{state}: {count(len(result.loaded), 'bestand', 'bestanden')} geladen, {len(result.rejected)} afgewezen, "
        f"{len(result.skipped)} al eerder gezien; {count(result.rows_merged, 'rij', 'rijen')} samengevoegd, "
        f"{result.bad_rows} in quarantaine"
    )
    _say_quarantine(result.rules)
    if version is not None:
        from flows.stores import configuration_gaps

        _say_unknown(configuration_gaps(settings))
    return _said_rejected(result.reasons, settings.quarantine_path)


def _report(args) -> int:
    from core.periods import parse_period

    period = parse_period(args.period)  # before anything else: a typo is said at once
    settings = _settings(args)
    if args.mail and not (settings.delivery.recipients or settings.delivery.recipients_per_gemeente):
        raise UserError("versturen per e-mail gevraagd, maar er zijn geen ontvangers ingesteld ([delivery] recipients)")
    _not_a_file(settings.home)
    gemeenten = _gemeenten_for(args, settings)
    _check_home(settings.home)
    from flows.store_checks import is_checked

    if not is_checked(settings, args.as_of):  # a version checked before needs no Great Expectations
        from expectations.gx_runner import warm_up
        from flows.wiring import report_check_imports

        # the input is good: Great Expectations loads in the background while Prefect starts and the store
        # is read (not flows.report here: it imports Prefect, which must come after the server's start)
        warm_up(*report_check_imports())
    with _prefect(args.verbose):
        from flows.report import report

        written = report(period.label, gemeente=gemeenten, mail=args.mail, as_of=args.as_of, settings=settings)
        if written and args.as_of is None:  # a report rebuilt from an old store version leaves the site as it is
            from flows.freshness import fresh_dashboard
            from flows.stores import open_store

            # the site shows the store, not the report: a site made from this store version, configuration
            # and program stays as it is; a stale one is made again (the printed paths stay the report's files).
            # Asked here first: the dashboard's modules (and the nightly's) are imported only to make it
            version = open_store(settings).version()
            if version is not None and fresh_dashboard(settings, version) is None:
                from flows.nightly import rebuild_dashboard

                rebuild_dashboard(settings, version, gemeenten)
    if not written:
        raise NothingProduced(
            f"niets gemaakt: de opslag heeft geen gegevens voor {period.label} of de periodes "
            f"waarmee die vergeleken wordt ({dutch_list(gemeenten or settings.gemeenten)})"
        )
    for path in written:
        print(Path(path).resolve())
    return DONE


def _prognose(args) -> int:
    settings = _settings(args)
    _not_a_file(settings.home)
    gemeenten = _gemeenten_for(args, settings, need_data=True)
    _check_home(settings.home)
    with _prefect(args.verbose):
        from flows.prognose import prognose

        outcome = prognose(gemeente=gemeenten, weken=args.weken, settings=settings)
    for line in outcome["verslag"]:
        print(line)
    for path in outcome["bestanden"]:
        print(Path(path).resolve())
    return DONE


def _dashboard(args) -> int:
    settings = _settings(args)
    _not_a_file(settings.home)
    gemeenten = _gemeenten_for(args, settings)
    _check_home(settings.home)
    from flows.store_checks import is_checked

    if not is_checked(settings, None):  # a version checked before needs no Great Expectations
        from expectations.gx_runner import warm_up
        from flows.wiring import report_check_imports

        warm_up(*report_check_imports())
    with _prefect(args.verbose):
        from flows.dashboard import dashboard

        written = dashboard(settings, gemeente=gemeenten, openbaar=args.openbaar)
    for path in written:
        print(Path(path).resolve())
    return DONE


def _gemeenten_for(args, settings, need_data: bool = False) -> list[str] | None:
    """Check the store, the version and the gemeenten before the flow starts: the gemeenten asked
    for as the configuration spells them (None: every gemeente with figures). `need_data`: a gemeente
    asked for must have records in the store (a forecast needs history; a report is written anyway)."""
    from flows.stores import TABLES, chosen_gemeenten, no_version_yet, open_store

    store = open_store(settings)
    version = store.version()
    if version is None:
        raise NothingProduced(no_version_yet(settings))
    as_of = getattr(args, "as_of", None)
    if as_of is not None and as_of > version:
        raise UserError(f"opslagversie {as_of} bestaat niet; beschikbaar 0 t/m {version}")
    if as_of is not None and (gone := store.missing_files(as_of)):
        raise UserError(
            f"opslagversie {as_of} is niet meer te lezen: {count(gone, 'bestand', 'bestanden')} ervan "
            "verwijderd door 'dvm onderhoud' (ouder dan --bewaardagen); kies een nieuwere versie, de "
            f"nieuwste is {version}"
        )
    if all(store.read(t.name, as_of).head(1).collect().is_empty() for t in TABLES):
        raise NothingProduced(
            f"de opslag in {settings.store_path} bevat nog geen gegevens (alleen afgewezen "
            "bestanden); laad eerst exports met 'dvm ingest'"
        )
    if not args.gemeente:
        return None
    chosen = chosen_gemeenten(args.gemeente, settings.gemeenten)
    if need_data:  # a configured gemeente without any data is no typo: said so (exit 3)
        from flows.stores import gemeenten_in_store

        chosen_gemeenten(chosen, gemeenten_in_store(store, settings), settings.gemeenten)
    return chosen


def _nightly(args) -> int:
    settings = _settings(args)
    _not_a_file(settings.home)
    inbox = settings.inbox
    # On the command line a missing inbox is said at once; the scheduled nightly run on a server
    # retries it (inbox_retries_s), as a network share may be briefly away.
    if not inbox.is_dir():
        raise UserError(
            f"inbox '{shown(str(inbox), 200)}' "
            + ("is geen map" if inbox.exists() else "bestaat niet; maak de map aan of koppel de share")
        )
    if not os.access(inbox, os.R_OK | os.X_OK):
        raise UserError(f"inbox '{shown(str(inbox), 200)}' is niet leesbaar (geen leesrechten)")
    _check_home(settings.home)
    _check_store(settings)
    from flows.quiet_night import quiet_night

    # nothing in the inbox and every report fresh: nothing to do, said without a flow or a server
    outcome: object = quiet_night(settings, date.today())
    if outcome is None:
        with _prefect(args.verbose):
            from flows.nightly import nightly

            outcome = nightly(settings=settings)
    assert isinstance(outcome, dict)  # a flow that ends in a State hands its data to the caller
    return _said_night(outcome, settings)


def _said_night(outcome: dict, settings) -> int:
    loaded = outcome["geladen"]
    print(
        f"nachtrun: {count(len(loaded), 'bestand', 'bestanden')} geladen, {len(outcome['afgewezen'])} afgewezen, "
        f"{sum(outcome['rijen_quarantaine'].values())} rijen in quarantaine; kwartaal {outcome['kwartaal']}"
    )
    _say_quarantine(outcome.get("regels", {}))
    if outcome["rapporten"] and not outcome.get("herschreven", True):
        print("rapporten actueel (zelfde opslagversie, configuratie en programma): niet opnieuw gemaakt")
    for path in outcome["rapporten"]:
        print(Path(path).resolve())
    code = _said_rejected(outcome["afgewezen"], settings.quarantine_path)
    for reason in outcome.get("ophalen_mislukt", {}).values():  # the Zaken API: that source failed tonight
        print(f"ophalen mislukt: {reason}")
        code = REJECTED
    if not outcome["rapporten"]:
        say(
            f"fout: niets gemaakt: geen gegevens voor {outcome['kwartaal']} of de periodes waarmee het "
            "vergeleken wordt; geen rapporten"
        )
        return NOTHING
    return code


def _serve(args) -> int:
    settings = _settings(args)
    with prefect_logs(args.verbose):
        from prefect import serve
        from prefect.settings import PREFECT_API_URL

        if not PREFECT_API_URL.value():
            raise UserError(
                "dvm serve heeft een Prefect-server nodig: zet PREFECT_API_URL (zie README: Running it for real)"
            )
        from flows.deployments import deployments

        print(
            f"Dienstverleningsmonitor bedient de flows; nachtrun volgens '{settings.schedule.nightly_cron}' "
            f"({settings.timezone}). Stoppen met Ctrl-C.",
            flush=True,
        )
        serve(*deployments(settings, args.config), print_starting_message=False)
    return DONE


def _demo(args) -> int:
    settings = _settings(args)
    _check_home(settings.home)
    from core.registry import SOURCES
    from flows.wiring import wired

    today = args.vandaag or date.today()  # one day for every source's exports and the nightly
    for source in SOURCES:  # every registered source writes its demo exports
        wired(source).demo(settings.inbox, today)
    with _prefect(args.verbose):
        from flows.nightly import nightly

        outcome = nightly(settings=settings, today=today)
    assert isinstance(outcome, dict)  # a flow that ends in a State hands its data to the caller
    changed = "" if outcome["gewijzigd"] else ", ongewijzigd: alle exports waren al geladen"
    print(f"Demo klaar: kwartaal {outcome['kwartaal']}, opslagversie {outcome['opslagversie']}{changed}.")
    if line := demo_quarantine_line(outcome["rijen_quarantaine"], outcome["regels"]):
        print(line)
    for path in outcome["rapporten"]:
        print(Path(path).resolve())
    for path in outcome.get("dashboard", [])[:1]:
        print(f"Dashboard: {Path(path).resolve()}")
    return DONE


def _register_template(args) -> int:
    """`dvm register-sjabloon`: the programme register's template in <home>/sjablonen."""
    from datetime import UTC, datetime

    from core.paths import safe_component
    from flows.stores import chosen_gemeenten
    from reports.register_template import write_register_template

    settings = _settings(args)
    if args.gemeente:
        gemeenten = chosen_gemeenten([args.gemeente], settings.gemeenten)
    else:
        gemeenten = settings.report.ambitions_for or settings.gemeenten
    if not settings.ambitions:
        raise UserError("geen ambities ingesteld ([[ambitions]]): het sjabloon heeft geen indicatoren")
    _check_home(settings.home)
    name = f"register-sjabloon_{safe_component(gemeenten[0])}.xlsx" if len(gemeenten) == 1 else "register-sjabloon.xlsx"
    targets = settings.figure_context().ambitions
    path = write_register_template(
        settings.home / "sjablonen" / name, gemeenten, targets, settings.profiles.programma, datetime.now(UTC)
    )
    print(path.resolve())
    return DONE


def _upkeep(args) -> int:
    """`dvm onderhoud`: the store's tables compacted, checkpointed and vacuumed (store/maintenance.py),
    under the writer lock; no Prefect, no store version."""
    from flows.stores import no_version_yet, open_store
    from store.checks import CHECKS_TABLE
    from store.maintenance import maintain

    settings = _settings(args)
    _not_a_file(settings.home)
    store = open_store(settings)
    version = store.version()
    if version is None:
        raise NothingProduced(no_version_yet(settings, ": niets te onderhouden"))
    for done in maintain(store, args.bewaardagen, also=(CHECKS_TABLE,), wait_s=settings.store_wait_s):
        files = (
            f"{count(done.files_before, 'bestand', 'bestanden')}, {done.merged} samengevoegd tot {done.files_after}"
            if done.merged
            else f"{count(done.files_before, 'bestand', 'bestanden')}"
        )
        print(f"{_table_label(done.table)}: {files}; {count(done.removed, 'oud bestand', 'oude bestanden')} verwijderd")
    print(
        f"Opslag onderhouden: versie {version}, ongewijzigd; vervangen bestanden blijven {args.bewaardagen} "
        "dagen bewaard"
    )
    return DONE


def _table_label(table: str) -> str:
    """A store table as a user reads it: its records' Dutch name ("gesprekken"), the day totals beside
    them ("dagtotalen gesprekken"), the quarantine, the checks."""
    from core.registry import SOURCES

    for source in SOURCES:
        if source.table == table:
            return source.dataset
        if source.summary is not None and source.summary.table == table:
            return f"dagtotalen {source.dataset}"
    return {"quarantine": "quarantaine", "checks": "controles"}.get(table, table)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def demo_quarantine_line(per_file: dict[str, int], rules: dict[str, int], top: int = 3) -> str | None:
    """The demo's planted errors in one line: the rows it put in quarantine, the most frequent rules,
    and where to see them; None when this run quarantined nothing (a second run)."""
    rows = sum(per_file.values())
    if not rows:
        return None
    files = sum(1 for n in per_file.values() if n)
    ranked = sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
    reasons = [f"{_thousands(n)} {RULE_LABELS.get(code, code)}" for code, n in ranked[:top]]
    if rest := ranked[top:]:
        others = count(len(rest), "andere reden", "andere redenen")
        reasons.append(f"{_thousands(sum(n for _, n in rest))} om {others}")
    return (
        f"Demo: {_thousands(rows)} {'rij' if rows == 1 else 'rijen'} uit {count(files, 'bestand', 'bestanden')} "
        f"met opzet fout en in quarantaine ({', '.join(reasons)}); zie het blad Datakwaliteit van de werkmap"
    )


def _say_quarantine(rules: dict[str, int], top: int = 5) -> None:
    """The most frequent reasons rows went to quarantine: rule code, label, count; never a row's content."""
    ranked = sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
    for code, n in ranked[:top]:
        label = RULE_LABELS.get(code)
        print(f"quarantaine: {count(n, 'rij', 'rijen')} {code}{f' ({label})' if label else ''}")
    if rest := ranked[top:]:
        print(
            f"quarantaine: {count(sum(n for _, n in rest), 'rij', 'rijen')} om "
            f"{count(len(rest), 'andere reden', 'andere redenen')}"
        )


def _say_unknown(unknown) -> None:
    """What the configuration does not know yet: one line each (a queue, a zaaktype, a product)."""
    for r in unknown.iter_rows(named=True):
        one, many = unknown_unit(r["soort"])
        print(
            f"nog niet ingesteld: {r['soort']} {shown(r['waarde'], 80)} ({count(r['aantal'], one, many)}): "
            f"{r['toelichting']}"
        )


def _said_rejected(reasons: dict[str, str], quarantine: Path) -> int:
    """Print each rejected file's reason; the exit code: 1 when a file was rejected."""
    for name, reason in reasons.items():
        print(f"afgewezen: {reason} (bestand in {quarantine / name})")
    return REJECTED if reasons else DONE


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": _ingest,
    "report": _report,
    "prognose": _prognose,
    "nightly": _nightly,
    "dashboard": _dashboard,
    "serve": _serve,
    "demo": _demo,
    "register-sjabloon": _register_template,
    "onderhoud": _upkeep,
}


# The garbage collector's thresholds for a command (gen0, gen1, gen2). A command's start builds some
# millions of long-lived objects (the modules of Prefect, pydantic and polars, Prefect's settings and
# the flow's parameter schema); with Python's defaults (700, 10, 10) the collector walks them all
# again four times while they are imported: 0.2-0.3 s of CPU of a 2 s report, more than its figures
# take. Young collections every 50,000 allocations instead of every 700 leave the same cycles to
# collect, later; a full collection still follows every 200 young ones.
GC_THRESHOLDS = (50_000, 20, 10)

# The allocators' setting (jemalloc's `dirty_decay_ms`, `muzzy_decay_ms`), for polars' (configured by
# _RJEM_MALLOC_CONF when polars is first imported) and for Arrow's (pyarrow reads the CSV exports,
# sources/layout.py; JE_ARROW_MALLOC_CONF). jemalloc's own default hands freed pages back to the
# kernel after half a second, so an ingest, which frees and takes some hundreds of MB for every file,
# has the kernel clear them again for each: a quarter of the ingest's CPU was the kernel's (page
# faults). Kept 5 s, they are used again by the next file; muzzy_decay_ms:0 then gives them back at
# once (not first marked lazily free, which still counts as resident), so the peak memory stays where
# it was. See benchmarks/README.md (issue 26, 10M calls).
JEMALLOC_CONF = "dirty_decay_ms:5000,muzzy_decay_ms:0"
# Arrow's allocator for a command: jemalloc (set as above), not its default mimalloc, which gives freed
# pages back within milliseconds: each file's CSV parse then faulted in and cleared some hundred MB
# anew. The ingest of 10M calls: 5.06-5.27 s instead of 5.39-5.97, its kernel time 0.8-1.3 s instead
# of 1.6-2.4 (4 runs each, interleaved; benchmarks/README.md, stop 34). pyarrow's Linux wheels carry
# jemalloc; elsewhere Arrow would warn that it has none and keep its own, so it is asked for on Linux only.
ARROW_MEMORY_POOL = "jemalloc"


def allocator_environment(platform: str = sys.platform) -> dict[str, str]:
    """The environment that sets polars' and Arrow's allocators (`JEMALLOC_CONF`, `ARROW_MEMORY_POOL`):
    what a command sets for itself (`tune_process`), and what prefect.yaml gives a worker's flow runs."""
    wanted = {"_RJEM_MALLOC_CONF": JEMALLOC_CONF}
    if platform == "linux":
        wanted |= {"ARROW_DEFAULT_MEMORY_POOL": ARROW_MEMORY_POOL, "JE_ARROW_MALLOC_CONF": JEMALLOC_CONF}
    return wanted


def tune_process() -> None:
    """Set polars' and Arrow's allocators for a command (`allocator_environment`), unless the
    environment sets them, and the garbage collector's thresholds (`GC_THRESHOLDS`): only before
    polars and pyarrow are first imported do the allocators' settings take effect, so a command does
    this first (and a benchmark as a command). The flow runs of `dvm serve` inherit the environment."""
    for name, value in allocator_environment().items():
        os.environ.setdefault(name, value)
    gc.set_threshold(*GC_THRESHOLDS)


def main() -> None:
    tune_process()
    code = run(sys.argv[1:])
    # The command is done: what it made is written (atomically, synced to disk), and the exit handlers
    # run here as at any exit (Prefect's log and event workers send what is left to the server; the
    # temporary files go). Then the process ends without taking the interpreter apart object by object:
    # freeing the millions of objects of Prefect's, pydantic's and polars' modules took 0.3-0.4 s of
    # CPU at the end of every command (a report of a checked version: 2.2 s CPU with it, 1.8 without).
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`dvm ... | head`): nothing more to say there
            stream.flush()
    os._exit(code)
