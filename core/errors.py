"""Errors meant for the municipal user: one line, Dutch, no traceback.

Each carries the command line's exit code (README, Commands): 2 for wrong input, 3 when there
was nothing to produce, 4 when the run broke off for a reason the operators must look at."""


class UserError(Exception):
    """Bad input from the user (config, period, path). The CLI prints it as one line.
    A user error is answered to whoever asked; it does not alert the operators (unless the run
    was scheduled: then nobody asked, and the operators are the ones to hear it)."""

    exit_code = 2
    alerts_operators = False


class FileRejected(UserError):
    """A whole export file cannot be read as its layout; it goes to quarantine."""

    def __init__(self, file_name: str, reason: str):
        self.file_name = file_name
        self.reason = reason
        super().__init__(f"{file_name}: {reason}")


class DataQualityError(UserError):
    """A critical expectation failed: the figures would be wrong, so we stop. Not the user's
    input but the data in the store: the run failed and the operators hear of it."""

    exit_code = 4
    alerts_operators = True


class NothingProduced(UserError):
    """The command did what it was asked, but there was nothing to make (an empty store, a
    period without data): said in one line, exit code 3."""

    exit_code = 3


_LOCAL = {  # errno -> what the operator should hear; waiting does not help with these
    28: "de schijf is vol",  # ENOSPC
    122: "de schijfruimte (quotum) is op",  # EDQUOT
    30: "de schijf is alleen-lezen",  # EROFS
    13: "geen schrijf- of leesrechten",  # EACCES
    1: "geen schrijf- of leesrechten",  # EPERM
}
_LOCAL_TEXT = {
    "no space left on device": 28,
    "os error 28": 28,
    "disk quota exceeded": 122,
    "read-only file system": 30,
    "os error 30": 30,
    "permission denied": 13,
    "os error 13": 13,
}


_REASONS = {  # errno -> Dutch, for what the C library would say in English
    2: "bestaat niet",
    5: "lees- of schrijffout van het apparaat",
    13: "geen rechten",
    1: "geen rechten",
    20: "een deel van het pad is geen map",
    21: "is een map",
    28: "de schijf is vol",
    30: "de schijf is alleen-lezen",
    36: "naam te lang",
    40: "te veel symbolische koppelingen",
    116: "verouderde netwerkkoppeling",
    110: "de (netwerk)schijf antwoordt niet",
    112: "de (netwerk)schijf is niet bereikbaar",
    16: "bezet",
    122: "de schijfruimte (quotum) is op",
    22: "ongeldige naam of waarde",
    24: "te veel open bestanden",
}


def os_reason(exc: OSError) -> str:
    """Why an OSError happened, in Dutch (never the C library's English)."""
    import errno as errnos

    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return f"systeemfout {errnos.errorcode.get(exc.errno, exc.errno)}" if exc.errno else "systeemfout"


def _local_errno(exc: BaseException | None) -> tuple[int, str | None] | None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        number = getattr(exc, "errno", None)
        if number not in _LOCAL:
            text = str(exc).lower()
            number = next((n for marker, n in _LOCAL_TEXT.items() if marker in text), None)
        if number in _LOCAL:
            return number, getattr(exc, "filename", None)
        exc = exc.__cause__ or exc.__context__
    return None


_ADVICE = {
    28: "maak ruimte vrij",
    122: "maak ruimte vrij",
    30: "kies een beschrijfbare schijf",
    13: "geef schrijfrechten",
    1: "geef schrijfrechten",
}


def local_problem(exc: BaseException, folder: object = None) -> str | None:
    """A disk or permission problem behind `exc` (also when a library wrapped it in its own
    error, as Delta Lake and polars do), in Dutch with the file (or else `folder`) and what to
    do; None otherwise."""
    if (found := _local_errno(exc)) is None:
        return None
    number, where = found
    place = f" ({where})" if where else f" bij het schrijven in '{folder}'" if folder else ""
    return f"{_LOCAL[number]}{place}; {_ADVICE[number]} en probeer het opnieuw"


def disk_full_or_read_only(exc: BaseException) -> bool:
    """A full or read-only disk: retrying in a few seconds will not help. (Missing permissions
    may: a network share that is briefly away can answer 'permission denied'.)"""
    found = _local_errno(exc)
    return found is not None and found[0] in (28, 122, 30)
