"""`dvm`: the command line. User errors print one Dutch line and exit 2."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

from dvm.errors import UserError

EPILOG = "Periodes: 2026-07 (maand), 2026-Q3 (kwartaal), 2026 (jaar), 2023-01-01..2024-12-31 (reeks)."


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="TOML-configuratie (standaard: DVM_CONFIG of ingebouwde waarden)")
    common.add_argument("--home", help="werkmap met inbox, opslag, quarantaine en rapporten "
                                       "(standaard: DVM_HOME of ./dvm-home)")
    parser = argparse.ArgumentParser(prog="dvm", description="Dienstverleningsmonitor", epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", parents=[common], help="demodata maken, nachtrun draaien, rapport schrijven")
    ing = sub.add_parser("ingest", parents=[common], help="exportbestanden of mappen inlezen")
    ing.add_argument("paths", nargs="+", metavar="PAD")
    rep = sub.add_parser("report", parents=[common], help="rapport voor een periode schrijven", epilog=EPILOG)
    rep.add_argument("period", metavar="PERIODE")
    rep.add_argument("--gemeente", action="append", help="alleen deze gemeente (herhaalbaar)")
    rep.add_argument("--as-of", type=int, metavar="VERSIE", help="opslagversie waaruit gerapporteerd wordt")
    rep.add_argument("--mail", action="store_true", help="de werkmap mailen aan de ingestelde ontvangers")
    sub.add_parser("nightly", parents=[common], help="de nachtrun: inbox inlezen en kwartaalrapport verversen")
    sub.add_parser("serve", parents=[common], help="de nachtrun, rapporten op verzoek en de jaarbijlage bedienen "
                                                    "vanaf een Prefect-server (PREFECT_API_URL)")
    return parser


class _NoTracebackForUserErrors(logging.Filter):
    """Prefect logs a failed run with its traceback; for a user error one line is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], UserError):
            record.exc_info, record.exc_text = None, None
        return True


def _quiet_prefect() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from prefect.logging.configuration import setup_logging

    setup_logging()
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    for name in [*logging.root.manager.loggerDict, ""]:
        for handler in logging.getLogger(name).handlers:
            handler.addFilter(_NoTracebackForUserErrors())


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    _quiet_prefect()
    home = args.home or os.environ.get("DVM_HOME")
    from dvm.periods import parse_period
    from dvm.settings import load_settings

    settings = load_settings(args.config, home)  # validate config before any flow starts
    if args.command == "ingest":
        from flows.ingest import ingest

        from sources.files import discover

        discover([Path(p) for p in args.paths])  # a wrong path is reported before any flow starts
        result = ingest([str(Path(p)) for p in args.paths], config=args.config, home=str(settings.home))
        from flows.stores import open_store

        version = (f"opslagversie {result.store_version}" if result.store_version is not None
                   else f"opslag ongewijzigd (versie {open_store(settings).version()})")
        print(f"{version}: {len(result.loaded)} geladen, {len(result.rejected)} "
              f"afgewezen, {len(result.skipped)} al eerder gezien; {result.rows_merged} rijen samengevoegd, "
              f"{result.bad_rows} in quarantaine")
        return _said_rejected(result.reasons, settings.quarantine_path)
    if args.command == "report":
        from flows.report import report

        period = parse_period(args.period)
        for path in report(period.label, gemeente=args.gemeente, mail=args.mail, as_of=args.as_of,
                           config=args.config,
                           home=str(settings.home)):
            print(Path(path).resolve())
        return 0
    if args.command == "nightly":
        from flows.nightly import nightly

        outcome = nightly(config=args.config, home=str(settings.home))
        for path in outcome["rapporten"]:
            print(Path(path).resolve())
        return _said_rejected(outcome["afgewezen"], settings.quarantine_path)
    if args.command == "serve":
        from prefect import serve

        from flows.deployments import deployments

        print(f"Dienstverleningsmonitor bedient de flows; nachtrun volgens '{settings.schedule.nightly_cron}' "
              f"({settings.timezone}). Stoppen met Ctrl-C.", flush=True)
        serve(*deployments(settings, args.config), print_starting_message=False)
        return 0
    if args.command == "demo":
        from demo.corsa import write_corsa_exports
        from demo.jcc import write_jcc_exports
        from demo.kcc import write_kcc_exports
        from flows.nightly import nightly

        write_kcc_exports(settings.inbox, date.today())
        write_corsa_exports(settings.inbox, date.today())
        write_jcc_exports(settings.inbox, date.today())
        outcome = nightly(config=args.config, home=str(settings.home))
        changed = "" if outcome["gewijzigd"] else ", ongewijzigd: alle exports waren al geladen"
        print(f"Demo klaar: kwartaal {outcome['kwartaal']}, opslagversie {outcome['opslagversie']}{changed}.")
        for path in outcome["rapporten"]:
            print(Path(path).resolve())
        return 0
    raise AssertionError(args.command)


def _said_rejected(reasons: dict[str, str], quarantine: Path) -> int:
    """Print each rejected file's reason; the exit code: 1 when a file was rejected."""
    for name, reason in reasons.items():
        print(f"afgewezen: {reason} (bestand in {quarantine / name})")
    return 1 if reasons else 0


def main() -> None:
    try:
        code = run(sys.argv[1:])
    except UserError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        code = 2
    sys.exit(code)
