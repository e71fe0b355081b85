"""Settings fail closed (issue #18, finding 9): without DJANGO_ENV nothing starts — no
development settings by default — and `check --deploy` refuses a weak data key."""

import pytest

from polku.accounts.checks import weakness
from tests.child_process import ROOT, run_python
from tests.core.test_production_settings import PRODUCTION


def test_manage_py_without_django_env_refuses_with_the_reason():
    result = run_python("manage.py", "check")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "DJANGO_ENV is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_runserver_without_django_env_never_loads_the_development_settings():
    result = run_python(
        "manage.py", "shell", "-c", "from django.conf import settings; print(settings.DEBUG)"
    )
    assert result.returncode != 0
    assert "True" not in result.stdout


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_the_servers_entry_points_need_django_env(module):
    result = run_python("-c", f"import {module}")
    assert result.returncode != 0
    assert "DJANGO_ENV is not set" in result.stderr


def test_the_servers_entry_points_start_with_django_env():
    result = run_python("-c", "import config.wsgi", DJANGO_ENV="test")
    assert result.returncode == 0, result.stderr


def test_translation_tools_need_no_environment():
    """compilemessages only writes .mo files from the catalogues: no client data, no server."""
    result = run_python("manage.py", "compilemessages", "--help")
    assert result.returncode == 0, result.stderr


def _check_deploy(**overrides):
    return run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, **overrides}
    )


@pytest.mark.parametrize(
    "key", ["", "x", "polku-development-data-key", "check-only", "a" * 64, "short-but-varied-9"]
)
def test_check_deploy_fails_on_a_weak_data_key(key):
    result = _check_deploy(POLKU_DATA_KEY=key)
    assert result.returncode != 0, result.stdout
    assert "POLKU_DATA_KEY" in result.stdout + result.stderr


def test_check_deploy_fails_on_a_weak_research_export_key():
    result = _check_deploy(POLKU_RESEARCH_EXPORT_KEY="x")
    assert result.returncode != 0, result.stdout
    assert "polku.E002" in result.stdout + result.stderr


def test_the_make_target_passes_a_generated_key():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ncheck-deploy:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    assert "POLKU_DATA_KEY=$$(head -c 48 /dev/urandom | base64)" in recipe
    assert weakness(PRODUCTION["POLKU_DATA_KEY"]) is None


def test_a_strong_key_passes_and_weak_ones_say_why():
    assert weakness("") == "it is empty"
    assert "fewer than 32" in weakness("x")
    assert "different characters" in weakness("ab" * 20)
    assert weakness("q7Vx2mLp9RtZ4cWb8nKd1sHf6yGj3aEu") is None
