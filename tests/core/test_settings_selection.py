"""DJANGO_ENV picks the settings; DATABASE_URL picks the database, empty meaning SQLite."""

from tests.child_process import ROOT, manage


def test_an_empty_database_url_means_the_embedded_sqlite():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DATABASE_URL="",
        DJANGO_ENV="development",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "sqlite"


def test_an_unknown_environment_is_refused_by_name():
    result = manage("check", DJANGO_ENV="staging")
    assert result.returncode != 0
    assert "DJANGO_ENV must be one of development, demo, test, production" in result.stderr


def test_the_demo_runs_with_debug_off_and_serves_its_static_files():
    """`make demo` is shown to users: DEBUG off (Polku's own error pages, never Django's
    technical page), static files served by WhiteNoise from the finders."""
    show = "from django.conf import settings as s; print(s.DEBUG, s.WHITENOISE_USE_FINDERS)"
    demo = manage("shell", "-c", show, DJANGO_ENV="demo", DEBUG="true")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.strip().splitlines()[-1] == "False True"
    development = manage("shell", "-c", show, DJANGO_ENV="development")
    assert development.stdout.strip().splitlines()[-1] == "True True"


def test_every_step_of_make_demo_uses_the_demo_settings():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    steps = [line.strip() for line in recipe.splitlines()[1:]]
    assert [s.split(" manage.py ")[1].split()[0] for s in steps] == [
        "migrate",
        "load_demo",
        "runserver",
    ]
    assert all(s.startswith("DJANGO_ENV=demo ") for s in steps), steps
