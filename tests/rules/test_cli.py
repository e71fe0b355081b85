"""`polku-rules calc` as a user runs it: the installed console script in a subprocess."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "polku-rules"


def run(*args, stdin=None):
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "rules.cli"]
    return subprocess.run(  # noqa: S603
        [*command, *args], input=stdin, capture_output=True, text=True, check=False, timeout=60
    )


def test_the_console_script_is_installed():
    assert SCRIPT.exists() or shutil.which("polku-rules"), "pip install -e . installs it"


def test_calc_prints_json(tmp_path):
    path = tmp_path / "situation.json"
    path.write_text(
        json.dumps(
            {
                "month": "2026-06",
                "person": {
                    "birth_date": "1988-03-15",
                    "adults_in_household": 1,
                    "children_in_household": 0,
                    "unemployment_benefit": True,
                },
                "alternatives": [
                    {"id": "now", "kind": "status_quo"},
                    {"id": "psw", "kind": "pay_subsidised_work", "gross_wage": 1800},
                ],
            }
        )
    )
    out = run("calc", str(path))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    ids = [a["id"] for a in result["alternatives"]]
    assert ids == ["now", "psw"]
    now = {c["id"]: c["amount"] for c in result["alternatives"][0]["components"]}
    assert now["unemployment_benefit"] == 800.02


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            '{"month": "2026-06", "person": {"birth_date": "1990-01-01", '
            '"unemployment_benefit": true}, "alternatives": [{"id": "a", "kind": "x"}]}',
            "unknown kind",
        ),
        ('{"month": "2026-02-30", "person": {}, "alternatives": []}', "YYYY-MM"),
        ("not json", "not valid JSON"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message(document, message):
    out = run("calc", "-", stdin=document)
    assert out.returncode == 2
    assert message in out.stderr
    assert out.stdout == ""
