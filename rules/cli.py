"""`polku-rules calc FILE.json` — a situation in, the alternatives' monthly income out (JSON).

    polku-rules calc situation.json
    polku-rules calc - < situation.json
    polku-rules calc situation.json --months 2026-05 2026-06   # several months at once

The input format and every refusal: rules/api.py (docs/rules.md). Bad input (unknown or
duplicate fields, impossible values, months outside the encoded law, a file that is not
JSON) prints one message on stderr naming the field and exits with status 2; nothing is
clipped or ignored."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, NoReturn

from . import api, inputs
from .errors import InputError


def _object(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object; a field given twice is refused (json would keep the last silently)."""
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"{key}: given twice in one object")
        out[key] = value
    return out


def _read(path: str) -> Any:
    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            return json.load(sys.stdin, object_pairs_hook=_object)
        with open(path, encoding="utf-8") as handle:
            return json.load(handle, object_pairs_hook=_object)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{name} is not valid JSON: {error}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{name} is not UTF-8 text: {error.reason}") from error
    except RecursionError:
        raise InputError(f"{name}: the JSON is nested too deeply") from None


def _json_value(value: object) -> str:
    """Dates (a parameter's `valid_from`) as YYYY-MM-DD in the JSON output."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, status 2, like bad input (see --help for usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="polku-rules", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    calc = commands.add_parser("calc", help="compute a situation's alternatives")
    calc.add_argument("file", help="situation JSON file, or - for standard input")
    calc.add_argument("--months", nargs="+", help="compute these months (YYYY-MM) instead")
    args = parser.parse_args(argv)
    try:
        situation = _read(args.file)
        # Checked here first so that a message names the option (--months[1]), then again
        # by the engine (rules.inputs, which rules.api uses): microseconds.
        if args.months:
            inputs.parse(situation, inputs.parse_months(args.months, "--months"))
            result = api.calculate_months(situation, args.months)
        else:
            inputs.parse(situation)
            result = api.calculate(situation)
    except InputError as error:
        print(f"polku-rules: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=_json_value)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
