"""Every setting Polku reads is declared in config/settings/ with its default and a comment,
and read as `settings.NAME` (issue #19, item 8): a `getattr(settings, NAME, default)` hid a
default of its own, such as the development address in production e-mails."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import base
from polku.worklists import digest
from tests.child_process import manage
from tests.core.test_production_settings import CHECK_DEPLOY, PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.joinpath("polku").rglob("*.py"), *ROOT.joinpath("rules").rglob("*.py")]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_no_setting_is_read_with_a_default_of_its_own():
    found = [
        str(path.relative_to(ROOT))
        for path in [*SOURCES, *ROOT.joinpath("config").rglob("*.py")]
        if re.search(r"getattr\(\s*(django_)?settings\b", _read(path))
    ]
    assert found == []


def test_every_polku_setting_read_is_declared_in_the_base_settings():
    read = {
        name
        for path in SOURCES
        for name in re.findall(r"\bsettings\.(POLKU_[A-Z0-9_]+)", _read(path))
    }
    assert "POLKU_BASE_URL" in read
    assert sorted(name for name in read if not hasattr(base, name)) == []


def test_the_declared_defaults_keep_the_former_behaviour():
    assert base.POLKU_CALENDAR_DOMAIN == "polku.invalid"  # UIDs of invitations already sent
    assert base.POLKU_CLIENT_RECORD_LIMIT == 20
    assert base.POLKU_WORKLIST_HORIZON_DAYS == 7
    assert base.POLKU_ALERT_THRESHOLDS == {}
    assert base.POLKU_REFERRAL_DEADLINES == {}


def test_the_digest_links_to_the_configured_address(settings):
    settings.POLKU_BASE_URL = "https://polku.example.fi"
    assert digest.worklist_url() == "https://polku.example.fi/worklist/"


def test_thresholds_come_from_the_environment_as_name_value_pairs():
    code = (
        "from config.settings import base; "
        "print(base.POLKU_ALERT_THRESHOLDS, base.POLKU_REFERRAL_DEADLINES)"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "POLKU_ALERT_THRESHOLDS": "no_contact=45;handover_pending=7",
            "POLKU_REFERRAL_DEADLINES": "urgent=2",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'no_contact': 45, 'handover_pending': 7} {'urgent': 2}"


def test_production_refuses_to_start_without_the_base_url():
    result = manage(*CHECK_DEPLOY, **{k: v for k, v in PRODUCTION.items() if k != "POLKU_BASE_URL"})
    assert result.returncode != 0
    assert "POLKU_BASE_URL" in result.stderr


@pytest.mark.parametrize(
    "url", ["http://polku.example.fi", "polku.example.fi", "https://", "https://x.fi/?a=1"]
)
def test_production_refuses_a_base_url_that_is_not_an_https_address(url):
    result = manage(*CHECK_DEPLOY, **{**PRODUCTION, "POLKU_BASE_URL": url})
    assert result.returncode != 0
    assert "POLKU_BASE_URL" in result.stderr


def test_the_make_target_sets_a_base_url():
    recipe = _read(ROOT / "Makefile").split("\ncheck-deploy:", 1)[1].split("\n\n", 1)[0]
    assert "POLKU_BASE_URL=https://" in recipe
