"""`polku-rules calc` as a user runs it: the installed console script in a subprocess."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules import cli

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


def test_calc_computes_a_household_with_each_component_s_member(tmp_path):
    path = tmp_path / "family.json"
    family = json.loads(json.dumps(FAMILY))
    family["household"]["members"][0].update(withholding_percent=18.5)
    family["alternatives"].append({"id": "trial", "kind": "work_trial", "attendance_days": 18})
    path.write_text(json.dumps(family))
    out = run("calc", str(path))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["month"] == "2026-06"
    now, trial = result["alternatives"]
    assert (now["id"], trial["id"]) == ("now", "trial")
    members = {c["id"]: c["member"] for c in trial["components"]}
    assert members["unemployment_benefit"] == "applicant"
    assert members["expense_allowance"] == "applicant"
    assert members["wage"] == "partner"
    assert members["child_benefit"] == "child1"
    assert all(
        c["member"] in {"applicant", "partner", "child1", "household"}
        for a in result["alternatives"]
        for c in a["components"]
    )
    amounts = {c["id"]: c["amount"] for c in trial["components"]}
    # 18 attendance days × 9 € (kela.fi, kulukorvaus); 37.21 € × 21.5 days (Kela 2026)
    assert amounts["expense_allowance"] == 162.0
    assert amounts["unemployment_benefit"] == 800.02
    by_id = {m["id"]: m for m in trial["members"]}
    assert [m["role"] for m in trial["members"]] == ["applicant", "partner", "child"]
    # the applicant's own withholding percentage: 18.5 % of the taxable 800.02 €
    assert by_id["applicant"]["tax"] == 148.0
    assert by_id["applicant"]["tax_estimate"] is False
    assert by_id["partner"]["tax_estimate"] is True


def test_months_outside_the_encoded_law_exit_2():
    document = json.dumps(
        {
            "month": "2026-06",
            "person": {"birth_date": "1988-03-15", "unemployment_benefit": True},
            "alternatives": [{"id": "now", "kind": "status_quo"}],
        }
    )
    out = run("calc", "-", "--months", "2026-12", "2027-01", stdin=document)
    assert out.returncode == 2
    assert out.stderr == (
        "polku-rules: --months[1]: the law is encoded for 2025-01 … 2026-12; got 2027-01\n"
    )
    assert out.stdout == ""


# In-process (rules.cli.main), the same code as the console script without a process each.

FAMILY = {
    "month": "2026-06",
    "household": {
        "municipality": "Seinäjoki",
        "housing_cost": 700,
        "tenure": "rent",
        "members": [
            {"role": "applicant", "birth_date": "1985-02-01", "unemployment_benefit": True},
            {"role": "partner", "birth_date": "1987-06-01", "gross_wage": 3000},
            {"role": "child", "birth_date": "2014-01-10"},
        ],
    },
    "alternatives": [{"id": "now", "kind": "status_quo"}],
}


def main(tmp_path, capsys, document, *args):
    path = tmp_path / "situation.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    status = cli.main(["calc", str(path), *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def with_member(index, **fields):
    situation = json.loads(json.dumps(FAMILY))
    situation["household"]["members"][index].update(fields)
    return situation


def with_alternative(**fields):
    return {**FAMILY, "alternatives": [{"id": "a", **fields}]}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            with_member(1, gross_wages=3000),
            "household.members[1].gross_wages: unknown field (did you mean gross_wage?)",
        ),
        (with_member(1, gross_wage=1e300), "household.members[1].gross_wage: at most 100000"),
        (
            with_member(0, birth_date="2026-05-20"),
            "household.members[0].birth_date: the applicant must be at least 15",
        ),
        (
            with_member(2, birth_date="2007-01-01"),
            "household.members[2].role: a child is under 18; born 2007-01-01, 19 years old in "
            "2026-06 (did you mean adult_child?)",
        ),
        (with_member(0, withholding_percent=101), "household.members[0].withholding_percent: at"),
        (
            with_alternative(kind="work_trial", attendance_days=31),
            "alternatives[0].attendance_days: 2026-06 has 22 working days (Mon–Fri) for "
            "work_trial; got 31",
        ),
        (
            with_alternative(kind="rehabilitative_work_activity", attendance_days=23),
            "alternatives[0].attendance_days: 2026-06 has 18 days at 4 a week",
        ),
        (
            with_alternative(kind="work_trial", attendance_days=2.5),
            "alternatives[0].attendance_days: expected a whole number, got 2.5",
        ),
        (
            {**FAMILY, "household": {**FAMILY["household"], "housing_cost": 1e9}},
            "household.housing_cost: at most 20000 € a month, got 1000000000.0",
        ),
        (
            {**FAMILY, "household": {**FAMILY["household"], "municipality": "Atlantis"}},
            "household.municipality: unknown municipality 'Atlantis'",
        ),
        (
            {**FAMILY, "household": {**FAMILY["household"], "tenure": "lease"}},
            "household.tenure: expected one of rent, owner, right_of_occupancy",
        ),
        ({**FAMILY, "month": "2027-01"}, "month: the law is encoded for 2025-01 … 2026-12"),
        ({**FAMILY, "month": "2024-12"}, "month: the law is encoded for 2025-01 … 2026-12"),
        (
            {**FAMILY, "person": {"birth_date": "1985-02-01", "unemployment_benefit": True}},
            "person: give either household or person, not both",
        ),
        ('{"month": "2026-06", "month": "2026-07"}', "month: given twice in one object"),
        (
            json.dumps(with_member(1, gross_wage=1)).replace("1}", "NaN}"),
            "household.members[1].gross_wage: expected a finite number, got nan",
        ),
        ("[" * 100_000, "situation.json: the JSON is nested too deeply"),
    ],
)
def test_every_refusal_is_one_line_on_stderr_and_status_2(tmp_path, capsys, document, message):
    status, out, err = main(tmp_path, capsys, document)
    assert status == 2
    assert out == ""
    assert err.startswith("polku-rules: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_month_outside_the_law_in_months_is_refused_in_process(tmp_path, capsys):
    status, out, err = main(tmp_path, capsys, FAMILY, "--months", "2024-12")
    assert (status, out) == (2, "")
    assert (
        err == "polku-rules: --months[0]: the law is encoded for 2025-01 … 2026-12; got 2024-12\n"
    )


def test_days_that_fit_one_month_but_not_another_are_refused(tmp_path, capsys):
    trial = with_alternative(kind="work_trial", attendance_days=21)
    status, _out, err = main(tmp_path, capsys, trial, "--months", "2026-01", "2026-02")
    assert status == 2
    assert err.startswith("polku-rules: alternatives[0].attendance_days: 2026-02 has 20 working")


def test_the_legacy_person_still_computes(tmp_path, capsys):
    situation = {
        "month": "2026-06",
        "person": {
            "birth_date": "1988-03-15",
            "adults_in_household": 2,
            "children_in_household": 1,
            "unemployment_benefit": True,
            "housing_cost": 600,
        },
        "alternatives": [
            {"id": "now", "kind": "status_quo"},
            {"id": "trial", "kind": "work_trial", "attendance_days": 18},
        ],
    }
    status, out, err = main(tmp_path, capsys, situation, "--months", "2026-05", "2026-06")
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert sorted(result) == ["2026-05", "2026-06"]
    june = {a["id"]: a for a in result["2026-06"]["alternatives"]}
    trial = {c["id"]: c["amount"] for c in june["trial"]["components"]}
    assert trial["expense_allowance"] == 18 * 9.0  # 9 €/attendance day (kela.fi kulukorvaus)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "polku-rules: the following arguments are required: command"),
        (["calc"], "polku-rules calc: the following arguments are required: file"),
        (["calc", "x.json", "--months"], "polku-rules calc: argument --months: expected at"),
        (["sum", "x.json"], "polku-rules: argument command: invalid choice: 'sum'"),
    ],
)
def test_a_wrong_command_line_is_one_line_and_status_2(capsys, argv, message):
    with pytest.raises(SystemExit) as leaving:
        cli.main(argv)
    assert leaving.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1
