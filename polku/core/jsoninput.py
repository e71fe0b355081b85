"""JSON read by the management commands (`analyse_knot`, `hsds_import`): one strict reader.

A file (or standard input) is refused with one clear message, never a traceback, when it is
larger than the command's limit, not UTF-8, not JSON, nested deeper than `MAX_DEPTH`, holds a
key given twice in one object, a lone surrogate (``"\\ud800"``, which no database or terminal
takes), `NaN`/`Infinity`, or a number beyond ±10^15 (no field of these tools needs more; a
bigger one would overflow the database or print as `Infinity`). The commands turn the
refusal into a `CommandError` with exit status 2 (`command_error`), like `polku-rules`.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

MAX_DEPTH = 64
MAX_NUMBER = 10**15
EXIT_BAD_INPUT = 2
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONInputError(ValueError):
    """Input a command refuses; the message names the input and what is wrong."""


def command_error(error: JSONInputError | str) -> CommandError:
    """A `CommandError` for bad input: the message on stderr, exit status 2."""
    return CommandError(str(error), returncode=EXIT_BAD_INPUT)


def _object(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise JSONInputError(f"{key!r}: given twice in one object")
        out[key] = value
    return out


def _constant(name: str) -> float:
    raise JSONInputError(f"{name} is not a number JSON allows")


def _int(text: str) -> int:
    # int() of 4 300+ digits raises by itself; anything over 16 digits is too big anyway.
    if len(text.lstrip("-")) > 16 or abs(int(text)) > MAX_NUMBER:
        raise JSONInputError(f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too big")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise JSONInputError(f"the number {text[:20]} is too big")
    return value


def _check_structure(document: Any) -> None:
    """Depth at most MAX_DEPTH, no lone surrogates (iterative: no recursion to exhaust)."""
    pending: list[tuple[Any, int, str]] = [(document, 1, "")]
    while pending:
        value, depth, where = pending.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise JSONInputError(f"nested deeper than {MAX_DEPTH} levels")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and _LONE_SURROGATE.search(key):
                    raise JSONInputError(f"{where or '(document)'}: a key is not valid Unicode")
                label = f"{where}.{key}" if isinstance(key, str) else f"{where}[{key}]"
                pending.append((item, depth + 1, label.lstrip(".")))
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            raise JSONInputError(
                f"{where or '(document)'}: a lone surrogate (e.g. \\ud800) is not valid Unicode"
            )


def loads(data: bytes, name: str, *, max_bytes: int) -> Any:
    """The JSON document in `data` (raw bytes), or JSONInputError naming `name`."""
    if len(data) > max_bytes:
        raise JSONInputError(
            f"{name}: more than the limit of {max_bytes // 1024 // 1024 or 1} MB "
            f"({max_bytes} bytes)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JSONInputError(
            f"{name} is not UTF-8 text (byte {error.start}: {error.reason})"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except JSONInputError as error:
        raise JSONInputError(f"{name}: {error}") from None
    except json.JSONDecodeError as error:
        raise JSONInputError(f"{name} is not valid JSON: {error}") from None
    except RecursionError:
        raise JSONInputError(f"{name}: nested deeper than {MAX_DEPTH} levels") from None
    try:
        _check_structure(document)
    except JSONInputError as error:
        raise JSONInputError(f"{name}: {error}") from None
    return document


def read(path: str | Path, *, max_bytes: int) -> Any:
    """The JSON document in the file `path` (``-``: standard input), read at most
    `max_bytes` + 1 bytes, or JSONInputError."""
    name = "standard input" if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as error:
        raise JSONInputError(f"cannot read {name}: {error.strerror}") from None
    return loads(data, name, max_bytes=max_bytes)


def dumps(value: Any, **options: Any) -> str:
    """JSON out with no `NaN`/`Infinity` (not JSON; a ValueError is a bug to fix)."""
    return json.dumps(value, allow_nan=False, **options)
