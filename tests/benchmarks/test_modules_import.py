"""Each benchmark module is started as `python -m polku.benchmarks.<name>` by `make bench`
before Django is set up (each sets itself up in main()): importing one must not need the
settings or the app registry. A model imported at module level for an annotation broke
`polku.benchmarks.pages` this way, unnoticed until `make bench` ran."""

from pathlib import Path

import pytest

from tests.child_process import run_python

MODULES = sorted(
    path.stem
    for path in (Path(__file__).resolve().parents[2] / "polku" / "benchmarks").glob("*.py")
    if path.stem not in {"__init__", "__main__"}
)


@pytest.mark.parametrize("name", MODULES)
def test_imports_before_django_is_set_up(name: str) -> None:
    done = run_python("-c", f"import polku.benchmarks.{name}")
    assert done.returncode == 0, done.stderr[-2000:]
