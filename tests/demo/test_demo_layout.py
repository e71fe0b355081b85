"""The demo stays out of the domain (issue #19, item 7): no app imports polku.demo (the demo
builders live in polku/demo/builders/, so there is no demo ↔ app cycle), and production does
not install it — its commands do not exist there."""

import ast
from pathlib import Path

from django.conf import settings

from tests.child_process import manage
from tests.core.test_production_settings import PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
# The benchmarks build their data with the demo generator; they are a developer's tool.
MAY_IMPORT_THE_DEMO = ("polku/demo/", "polku/benchmarks/")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


def test_no_app_imports_the_demo():
    offenders = []
    for path in sorted(ROOT.joinpath("polku").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(MAY_IMPORT_THE_DEMO):
            continue
        if any(name == "polku.demo" or name.startswith("polku.demo.") for name in _imports(path)):
            offenders.append(relative)
    assert offenders == []


def test_no_demo_module_is_left_in_an_app():
    left = sorted(
        path.relative_to(ROOT).as_posix() for path in ROOT.joinpath("polku").glob("*/demo*.py")
    )
    assert left == []


def test_the_tests_install_the_demo():
    assert "polku.demo" in settings.INSTALLED_APPS


def test_production_does_not_install_the_demo_and_development_does():
    show = "from django.conf import settings; print('polku.demo' in settings.INSTALLED_APPS)"
    production = manage("shell", "-c", show, **PRODUCTION)
    assert production.stdout.splitlines()[-1:] == ["False"], production.stderr
    for environment in ("development", "demo"):
        result = manage("shell", "-c", show, DJANGO_ENV=environment)
        assert result.stdout.splitlines()[-1:] == ["True"], result.stderr


def test_production_has_no_demo_commands():
    result = manage("load_demo", "--help", **PRODUCTION)
    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr
