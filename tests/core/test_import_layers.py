"""The apps' imports keep their layers (docs/architecture.md): the apps that read across the
others — the worklist and research — are imported by none of them (only by the benchmarks and
the demo data), so referrals ↔ worklists, knots ↔ research and portal ↔ research cannot come
back; an app adds to another's page through polku.core.hooks instead. The import graph is read
from the source (every import, also inside functions; not those under `if TYPE_CHECKING:`)."""

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "polku"

# Read across the other apps; only the tools that build or measure everything may import them.
AGGREGATING = ("worklists", "research")
MAY_IMPORT_AGGREGATING = {"benchmarks", "demo"}


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                skipped.update(id(n) for n in ast.walk(statement))
    return skipped


def _imported(path: Path) -> set[str]:
    """The polku modules `path` imports, absolute."""
    tree = ast.parse(path.read_text(), filename=str(path))
    skipped = _type_checking_only(tree)
    package = _module(path) if path.name == "__init__.py" else _module(path)[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("polku.")}


@cache
def app_imports() -> dict[str, dict[str, list[str]]]:
    """app → app it imports → the files that do."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(ROOT.rglob("*.py")):
        module = _module(path)
        if len(module) < 2 or "migrations" in module:
            continue
        app = module[1]
        for name in _imported(path):
            other = name.split(".")[1]
            if other != app:
                where = str(path.relative_to(ROOT.parent))
                if where not in graph[app][other]:
                    graph[app][other].append(where)
    return graph


# The import cycles between packages that remain, each with why (docs/architecture.md,
# "Import layers"). A new cycle fails test_no_other_import_cycle; so does one removed and
# still listed here, so this list and the document stay true.
KNOWN_CYCLES = {
    ("access", "clients"),  # the rule reads the client tables; client pages call the rule
    ("access", "referrals"),  # the resolver reads referral teams; referral pages call it
    ("accounts", "api"),  # accounts' endpoints use the API kit; the kit asks accounts
    ("accounts", "audit"),  # sign-in is audited; the audit reads the proxy-aware client IP
    ("accounts", "portal"),  # one identity per session; the portal uses the sign-in limits
    ("core", "portal"),  # error pages dress a portal client's 404 in the portal's layout
    ("core", "route_plans"),  # the stale-task sweep re-queues route-plan screenings
}


def package_cycles() -> set[tuple[str, str]]:
    """Every pair of packages that import each other, in name order."""
    graph = app_imports()
    return {(a, b) for a in list(graph) for b in list(graph[a]) if a < b and a in graph.get(b, {})}


def test_no_other_import_cycle():
    assert package_cycles() == KNOWN_CYCLES, {
        "new": sorted(package_cycles() - KNOWN_CYCLES),
        "gone (remove from KNOWN_CYCLES and docs/architecture.md)": sorted(
            KNOWN_CYCLES - package_cycles()
        ),
    }


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("referrals", "worklists"),
        ("knots", "research"),
        ("portal", "research"),
        # an ending membership's open work passes through hooks.pass_open_work
        ("clients", "meetings"),
        ("clients", "plans"),
    ],
)
def test_no_import_cycle_between(lower, upper):
    graph = app_imports()
    assert not (upper in graph[lower] and lower in graph[upper]), (
        graph[lower].get(upper),
        graph[upper].get(lower),
    )


@pytest.mark.parametrize("aggregating", AGGREGATING)
def test_no_app_imports_an_app_that_reads_across_the_others(aggregating):
    importers = {
        app: files[aggregating]
        for app, files in app_imports().items()
        if aggregating in files and app not in MAY_IMPORT_AGGREGATING
    }
    assert importers == {}


def test_the_hook_declarations_import_nothing_of_polku_at_run_time():
    assert _imported(ROOT / "core" / "hooks.py") == set()


def test_the_import_graph_is_read():
    """The reader finds a known import, relative and lazy ones included."""
    graph = app_imports()
    assert "polku/worklists/alerts.py" in graph["worklists"]["referrals"]  # inside a function
    assert "polku/research/exports.py" in graph["research"]["knots"]
