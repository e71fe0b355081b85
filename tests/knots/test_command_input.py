"""`analyse_knot` on malformed input: one clear message and exit status 2, never a traceback,
a hang or invalid JSON out (issue 18, finding 17)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from polku.knots import knot_input

ROOT = Path(__file__).resolve().parents[2]
APPS = [{"id": "a", "status": "pending", "submitted": "2026-10-01", "expected_days": 30}]


def _refused(path: Path, message: str) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        call_command("analyse_knot", str(path), "--today", "2026-11-23")
    assert refused.value.returncode == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than 64"),
        (
            json.dumps({"applications": APPS, "x": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]})
            .replace("[]", "[" * 70 + "]" * 70)
            .encode(),
            "nested deeper than 64",
        ),
        (b'{"applications": [{"id": "\xff\xfe", "status": "pending"}]}', "not UTF-8"),
        (b'{"applications": [{"id": "\\ud800", "status": "pending"}]}', "lone surrogate"),
        (
            b'{"applications": [{"id": "a", "status": "pending", "expected_days": 1'
            + b"0" * 400
            + b"}]}",
            "too big",
        ),
        (b'{"applications": [{"id": 1' + b"0" * 400 + b', "status": "pending"}]}', "too big"),
        (
            b'{"applications": [{"id": "a", "status": "pending", "expected_days": 1e308}]}',
            "too big",
        ),
        (
            b'{"applications": [{"id": "a", "status": "pending", "expected_days": NaN}]}',
            "NaN is not a number",
        ),
        (b'{"applications": [], "applications": []}', "given twice"),
    ],
    ids=[
        "deep-100000",
        "deep-70",
        "utf8",
        "surrogate",
        "10e400",
        "id-10e400",
        "1e308",
        "nan",
        "duplicate",
    ],
)
def test_malformed_json_is_refused_with_status_2(tmp_path, content, message):
    path = tmp_path / "knot.json"
    path.write_bytes(content)
    _refused(path, message)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "knot.json"
    with path.open("wb") as handle:
        handle.write(b'{"applications": [], "x": "')
        handle.truncate(knot_input.MAX_BYTES + 10)  # sparse: nothing is read past the limit
    _refused(path, "more than the limit")


def test_too_many_blockers_are_refused_at_once(tmp_path):
    apps = [{"id": str(i), "status": "pending"} for i in range(knot_input.MAX_APPLICATIONS)]
    blockers = [
        {"id": str(i), "application": str(i % len(apps)), "kind": "meeting"} for i in range(40_000)
    ]
    path = tmp_path / "knot.json"
    path.write_text(json.dumps({"applications": apps, "blockers": blockers}))
    started = time.monotonic()
    _refused(path, f"at most {knot_input.MAX_BLOCKERS} blockers")
    assert time.monotonic() - started < 10


def test_the_largest_accepted_knot_is_analysed_quickly(tmp_path, capsys):
    """A chain of the most applications waiting for each other, the most blockers."""
    n = knot_input.MAX_APPLICATIONS
    apps = [
        {"id": f"{i:04}", "status": "pending", "submitted": "2026-10-01", "expected_days": 30}
        for i in range(n)
    ]
    blockers = [
        {"id": f"d{i}", "application": f"{i:04}", "kind": "decision", "waits_for": f"{i + 1:04}"}
        for i in range(n - 1)
    ]
    blockers += [
        {"id": f"m{i}", "application": f"{i % n:04}", "kind": "meeting"}
        for i in range(knot_input.MAX_BLOCKERS - len(blockers))
    ]
    path = tmp_path / "knot.json"
    path.write_text(json.dumps({"applications": apps, "blockers": blockers}))
    started = time.monotonic()
    call_command("analyse_knot", str(path), "--today", "2026-11-23")
    assert time.monotonic() - started < 30
    out = json.loads(capsys.readouterr().out)
    assert len(out["order"]) == knot_input.MAX_BLOCKERS
    assert out["critical_path"] == [f"{i:04}" for i in reversed(range(n))]


def test_the_process_exits_2_with_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "knot.json"
    path.write_bytes(b"[" * 100_000)
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed command)
        [sys.executable, "manage.py", "analyse_knot", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_ENV": "test"},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "nested deeper than 64" in done.stderr
    assert "Traceback" not in done.stderr
