"""`dvm ingest --zgw [--gemeente NAAM]...`: pull the cases of the ZGW Zaken API now and load them."""

from __future__ import annotations

from core.errors import NothingProduced, UserError
from core.wording import count, dutch_list


def ingest_zgw(args, settings) -> int:
    """Pull every configured connection (or those of --gemeente), then load what the pulls wrote. The
    configuration and the secrets' environment variables are checked before any flow starts."""
    from dvm import cli
    from flows.stores import chosen_gemeenten

    if args.paths or args.opnieuw:
        raise UserError("--zgw haalt zaken op uit de Zaken-API; geef er geen PAD of --opnieuw bij")
    if args.gemeente and not args.zgw:
        raise UserError("--gemeente hoort bij --zgw (dvm ingest --zgw --gemeente NAAM)")
    configured = {c.gemeente: c for c in settings.zgw}
    if not configured:
        raise UserError("geen Zaken-API ingesteld: voeg een [[zgw]]-tabel per gemeente toe aan de configuratie")
    connections = [configured[g] for g in chosen_gemeenten(args.gemeente, sorted(configured))]
    for connection in connections:
        connection.secret()  # a missing secret is said now, not halfway
    cli._check_home(settings.home)
    result = None
    with cli._prefect(args.verbose):
        from flows.ingest import ingest
        from flows.stores import open_store
        from flows.zgw import pull_zgw

        pulls = pull_zgw(settings, [c.gemeente for c in connections])
        if pulls.files:
            result = ingest(pulls.files, settings, move_files=True)
            version = result.store_version if result.store_version is not None else open_store(settings).version()
    if pulls.failed:  # said after Prefect is done: one line, nothing else
        raise next(iter(pulls.failed.values()))
    outcomes = pulls.outcomes
    for o in outcomes:
        print(
            f"Zaken-API {o.gemeente}: {count(o.pulled.zaken, 'zaak', 'zaken')} opgehaald "
            f"({count(o.pulled.requests, 'verzoek', 'verzoeken')})"
            + (f", in {o.path.name}" if o.path else ", niets nieuws")
            + (
                f"; {count(o.pulled.without_zaaktype, 'zaak', 'zaken')} zonder op te halen zaaktype"
                if o.pulled.without_zaaktype
                else ""
            )
        )
    if result is None:
        raise NothingProduced(
            f"niets nieuws in de Zaken-API van {dutch_list([o.gemeente for o in outcomes])}; opslag ongewijzigd"
        )
    return cli._said_ingest(result, version, settings)
