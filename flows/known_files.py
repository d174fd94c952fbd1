"""Files the store's ledger knows already: answered from the ledger, without a flow.

`dvm ingest` of files that were all loaded (or rejected) before changes nothing: the ingest flow
would hash them, find every hash in the ledger, skip them all and commit nothing. This module
gives that answer without starting the flow - no Prefect import, no temporary server, no GX - so
the command ends in the time of its imports and one look at the ledger. Whenever anything could
happen (a new file, a rejected file taken again with --opnieuw, a file to copy or move), it says
"not all known" and the flow runs as before.
"""

from __future__ import annotations

from pathlib import Path

from sources.files import content_hash
from store.delta_store import CommitResult, Store


def known_to_ledger(store: Store, files: list[Path], quarantine: Path, retry_rejected: bool) -> CommitResult | None:
    """What the ingest flow would return for `files` when the ledger knows every one of them
    (store unchanged, every file "al eerder gezien"); None when the flow has work to do:

    - a file whose content the ledger has not seen (with `retry_rejected`: not loaded);
    - a known file in the quarantine folder (the flow moves it to the archive once loaded);
    - a known rejected file without its copy in the quarantine folder (the flow copies it there).
    """
    if not files or store.version() is None:
        return None
    ledger = store.ledger()
    loaded = set(ledger.filter(ledger["status"] == "geladen")["bron_hash"].to_list())
    seen = loaded if retry_rejected else set(ledger["bron_hash"].to_list())
    in_quarantine = quarantine.resolve()
    for path in files:
        if path.parent.resolve() == in_quarantine:
            return None
        sha256 = content_hash(path)
        if sha256 not in seen:
            return None
        if sha256 not in loaded:  # rejected before: the flow copies it to the quarantine folder
            copy = quarantine / path.name
            if not copy.is_file() or content_hash(copy) != sha256:
                return None
    return CommitResult(None, [], [], [p.name for p in files], 0, 0)
