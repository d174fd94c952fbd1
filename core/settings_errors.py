"""The settings' problems in Dutch, one phrase each: reading the TOML file (tomllib's messages
translated, with line and column) and pydantic's validation errors (the key as dotted in the TOML,
what was expected, what was found, the nearest known key)."""

from __future__ import annotations

import re
import tomllib
import types
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from core.errors import UserError, os_reason
from core.wording import closest, did_you_mean, shown

TOO_DEEP = "lijsten of tabellen zijn te diep genest (duizenden niveaus); verwacht een gewone configuratie"


def read_toml(path: Path) -> dict:
    where = f"configuratiebestand '{shown(str(path), 200)}'"
    try:
        text = path.read_bytes().decode("utf-8")
        return tomllib.loads(text)
    except FileNotFoundError:
        raise UserError(f"{where} bestaat niet") from None
    except IsADirectoryError:
        raise UserError(f"{where} is een map; verwacht een TOML-bestand") from None
    except PermissionError:
        raise UserError(f"{where} is niet leesbaar (geen leesrechten)") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{where} is geen UTF-8-tekst (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{where} is geen geldige TOML: {toml_problem(str(exc))}") from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise UserError(f"{where} is niet te lezen: {TOO_DEEP}") from None
    except OSError as exc:  # a device that cannot be read, a share that is gone, ...
        raise UserError(f"{where} is niet te lezen: {os_reason(exc)}") from None
    except ValueError:  # a NUL in the name
        raise UserError(f"{where}: ongeldige naam (NUL-teken)") from None


TOML_MESSAGES = [  # tomllib's English messages (Python 3.11), in Dutch
    (r"Expected '=' after a key in a key/value pair", "'=' verwacht na een sleutel"),
    (r"Expected '\]' at the end of a table declaration", "']' verwacht aan het eind van een tabelkop"),
    (r"Expected '\]\]' at the end of an array declaration", "']]' verwacht aan het eind van een tabelkop"),
    (r"Cannot declare (.*) twice", r"tabel \1 staat er twee keer in"),
    (r"Cannot overwrite a value", "sleutel staat er twee keer in"),
    (r"Cannot (mutate immutable|redefine) namespace (.*)", r"tabel \2 staat er twee keer in"),
    (r"Duplicate inline table key (.*)", r"sleutel \1 staat er twee keer in"),
    (r"Unterminated string", "tekst zonder afsluitend aanhalingsteken"),
    (r"Unclosed array", "lijst zonder afsluitende ']'"),
    (r"Unclosed inline table", "tabel zonder afsluitende '}'"),
    (r"Invalid date or datetime", "ongeldige datum of tijd"),
    (r"Invalid value", "ongeldige waarde (tekst tussen aanhalingstekens?)"),
    (r"Invalid statement", "ongeldige regel"),
    (r"Invalid initial character for a key part", "ongeldig teken aan het begin van een sleutel"),
    (r"Unescaped '\\' in a string", "losse '\\' in een tekst (schrijf '\\\\' of gebruik '...')"),
    (r"Illegal character (.*)", r"ongeldig teken \1"),
    (r"Found invalid character (.*)", r"ongeldig teken \1"),
    (r"Expected (.*)", r"\1 verwacht"),
]


def toml_problem(message: str) -> str:
    """tomllib's message in Dutch, with its line and column."""
    where = ""
    if m := re.search(r"\(at line (\d+), column (\d+)\)$", message):
        where, message = f" op regel {m[1]}, kolom {m[2]}", message[: m.start()].strip()
    elif message.endswith("(at end of document)"):
        where, message = " aan het eind van het bestand", message.removesuffix("(at end of document)").strip()
    for pattern, dutch in TOML_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, dutch, message) + where
    return f"syntaxfout{where}"


def problem(error: ErrorDetails, root: type[BaseModel]) -> str:
    """One pydantic error as a Dutch phrase: the key (dotted, as in the TOML), what is wrong,
    what was expected and what was found; for an unknown key the nearest known one among the keys
    of `root` (the settings model) at that place."""
    loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    path = ".".join(str(p) for p in loc)
    kind, ctx, found = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "extra_forbidden":
        key, here = str(loc[-1]), _known_keys(root, loc[:-1])
        if closest(key, here) is None:  # perhaps a key of a table one level down: 'answer_norm' for telephony's
            here = [f"{t}.{k}" for t in here for k in _known_keys(root, [*loc[:-1], t]) if closest(key, [k])]
            return f"onbekende sleutel '{shown(path, 120)}'" + (f"; bedoelt u '{here[0]}'?" if len(here) == 1 else "")
        return f"onbekende sleutel '{shown(path, 120)}'{did_you_mean(key, here)}"
    if kind == "missing":
        return f"'{path}' ontbreekt"
    if kind in ("value_error", "assertion_error"):
        return f"{path}: {ctx.get('error', error['msg'])}" if path else str(ctx.get("error", error["msg"]))
    expected = {
        "int_type": "een geheel getal",
        "int_parsing": "een geheel getal",
        "int_from_float": "een geheel getal",
        "float_type": "een getal",
        "float_parsing": "een getal",
        "bool_type": "true of false",
        "bool_parsing": "true of false",
        "string_type": "tekst tussen aanhalingstekens",
        "list_type": "een lijst [...]",
        "dict_type": "een tabel",
        "model_type": "een tabel",
        "model_attributes_type": "een tabel",
        "date_type": "een datum (JJJJ-MM-DD)",
        "date_parsing": "een datum (JJJJ-MM-DD)",
        "date_from_datetime_parsing": "een datum (JJJJ-MM-DD)",
        "time_type": "een tijd (UU:MM)",
        "time_parsing": "een tijd (UU:MM)",
        "path_type": "een pad",
        "literal_error": f"een van {str(ctx.get('expected', '')).replace(' or ', ' of ')}",
        "greater_than_equal": f"minstens {ctx.get('ge')}",
        "greater_than": f"meer dan {ctx.get('gt')}",
        "less_than_equal": f"hoogstens {ctx.get('le')}",
        "less_than": f"minder dan {ctx.get('lt')}",
    }.get(kind)
    if expected is None:
        return f"{path}: {error['msg']}"
    return f"{path}: verwacht {expected}, gevonden {_found(found)}"


def _found(value: object) -> str:
    if isinstance(value, str):
        return f"'{shown(value)}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    kinds: dict[type, str] = {dict: "een tabel", list: "een lijst"}
    return kinds.get(type(value), type(value).__name__)


def _known_keys(root: type[BaseModel], loc: list) -> list[str]:
    """The keys the table at `loc` (a pydantic error location) can have."""
    kind: object = root
    for part in loc:
        kind = _inner(kind, part)
        if kind is None:
            return []
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else []


def _inner(kind: object, part: object) -> object | None:
    """The type one step into `kind`: a model's field, a list's item, a dict's value."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None) and (found := _inner(arg, part)) is not None:
                return found
        return None
    if origin is typing.Annotated:
        return _inner(args[0], part)
    if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(part, str):
        field = kind.model_fields.get(part)
        return field.annotation if field else None
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
