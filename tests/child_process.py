"""Polku in a child process, for tests of what happens at start-up (settings, commands):
this interpreter in the repository's root, with no DJANGO_* or DATABASE_URL inherited from
the test run, only what the test passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(*args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    """`python manage.py *args` with `env_overrides`."""
    return run_python("manage.py", *args, **env_overrides)
