"""The knot: a client's pending applications and what each waits for — analysed.

A pure function over plain data (no Django), so that the page, the API, the command line and
the tests share it:

* **deadlocks** — applications that wait for each other's decisions in a circle (A waits for
  B waits for A): each strongly connected group of the waits-for graph once, in a fixed order;
* **order** — the blockers in the order to act on them: what can be done now first, and
  among those what unlocks the most; a blocker that waits for another application's decision
  always comes after every blocker of that application; deadlocked ones last, marked;
* **critical path** — the chain of applications that delays the final decision longest
  (remaining expected processing time along the waits-for chain);
* **overdue** — applications still waiting for their decision longer than their expected
  processing time (the published target), or — where no target is known — longer than a
  stated fallback yardstick; each row says which (`basis`: `target` or `fallback`). A
  decided application (an appeal against it pending too) has no expected time.

A blocker binds only while it is unresolved, its application is open and — for a decision —
the awaited application is still open: a decision blocker resolves when the decision is made.

The result is deterministic: ties are broken by id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CLOSED = {"decided_granted", "decided_partly_granted", "decided_refused", "withdrawn"}
STATUSES = {
    "draft",
    "submitted",
    "pending",
    "further_information_requested",
    "appealed",
    *CLOSED,
}
# A decision has been made (an appeal against it may be pending): no target time applies.
DECIDED = {"decided_granted", "decided_partly_granted", "decided_refused", "appealed"}
KINDS = {"decision", "further_information", "client_action", "statement", "meeting"}


def awaits_decision(status: str) -> bool:
    """Whether an application still waits for its decision (drafted or sent, not decided,
    appealed or withdrawn). Only then does a target processing time say anything: once
    decided, the decision and its date are what is true, not an expected time."""
    return status not in CLOSED and status not in DECIDED


@dataclass(frozen=True)
class Application:
    id: str
    status: str
    submitted: dt.date | None = None
    expected_days: int | None = None  # the benefit's published target processing time
    # When the target is unknown: a stated, sourced yardstick for "waited too long" (e.g.
    # the longest target the same organisation publishes). Never used as an expected time.
    fallback_days: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def target_days(self) -> int | None:
        """The published target while the decision is awaited; None once decided."""
        return self.expected_days if awaits_decision(self.status) else None


@dataclass(frozen=True)
class Blocker:
    id: str
    application: str
    kind: str
    waits_for: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    resolved: bool = False


@dataclass
class Analysis:
    deadlocks: list[list[str]] = field(default_factory=list)
    order: list[dict] = field(default_factory=list)
    critical_path: list[str] = field(default_factory=list)
    critical_path_days: int = 0
    overdue: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "deadlocks": self.deadlocks,
            "order": self.order,
            "critical_path": self.critical_path,
            "critical_path_days": self.critical_path_days,
            "overdue": self.overdue,
        }


def _waits_for(applications: dict[str, Application], blockers: list[Blocker]):
    """Edges a → b: open application a has an open decision blocker waiting for open b."""
    edges: dict[str, set[str]] = {a: set() for a, app in applications.items() if app.is_open}
    for blocker in blockers:
        if blocker.resolved or blocker.kind != "decision" or blocker.waits_for is None:
            continue
        if blocker.application in edges and blocker.waits_for in edges:
            edges[blocker.application].add(blocker.waits_for)
    return edges


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; nodes visited in sorted order for determinism."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def _cycle_order(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """The group from its smallest id following waits-for edges inside it, when it is a
    simple cycle; otherwise sorted."""
    members = set(group)
    start = group[0]
    path, node = [start], start
    while True:
        nexts = sorted(edges[node] & members)
        if len(nexts) != 1:
            return group
        node = nexts[0]
        if node == start:
            return path if len(path) == len(group) else group
        if node in path:
            return group
        path.append(node)


def binds(blocker: Blocker, applications: dict[str, Application]) -> bool:
    """Whether the blocker still holds its application up: it is not resolved, its
    application is open, and — for a decision — the awaited application is not decided or
    withdrawn (a decision blocker resolves when the awaited decision is made)."""
    if blocker.resolved:
        return False
    app = applications.get(blocker.application)
    if app is not None and not app.is_open:
        return False
    if blocker.kind == "decision" and blocker.waits_for is not None:
        awaited = applications.get(blocker.waits_for)
        if awaited is not None and not awaited.is_open:
            return False
    return True


def remaining_days(app: Application, today: dt.date) -> int:
    expected = app.target_days or 0
    if app.submitted is None:
        return expected
    return max(0, expected - (today - app.submitted).days)


def analyse(applications: list[Application], blockers: list[Blocker], today: dt.date) -> Analysis:
    apps = {a.id: a for a in applications}
    edges = _waits_for(apps, blockers)
    result = Analysis()

    deadlocked: set[str] = set()
    for group in _strongly_connected(edges):
        if len(group) > 1 or group[0] in edges[group[0]]:
            result.deadlocks.append(_cycle_order(group, edges))
            deadlocked.update(group)
    result.deadlocks.sort()

    # Levels in the waits-for graph without the deadlocked groups: an application's
    # decision can come only after those it waits for.
    level: dict[str, int] = {}

    def level_of(node: str) -> int:
        if node in level:
            return level[node]
        pending = [node]
        while pending:
            current = pending[-1]
            deps = [d for d in edges[current] if d not in deadlocked]
            missing = [d for d in deps if d not in level]
            if missing:
                pending.extend(missing)
                continue
            pending.pop()
            level[current] = 1 + max((level[d] for d in deps), default=-1)
        return level[node]

    # How many open applications wait (directly or not) for each application.
    waiting_on: dict[str, set[str]] = {a: set() for a in edges}
    for a, deps in edges.items():
        for d in deps:
            waiting_on[d].add(a)

    counted: dict[str, int] = {}

    def unlocks(node: str) -> int:
        if node in counted:  # many blockers share an application: count its waiters once
            return counted[node]
        seen, todo = set(), [node]
        while todo:
            for parent in waiting_on[todo.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        seen.discard(node)
        counted[node] = len(seen)
        return counted[node]

    rows = []
    for blocker in blockers:
        app = apps.get(blocker.application)
        if not binds(blocker, apps) or app is None:
            continue
        stuck = blocker.application in deadlocked
        waits_on_open = (
            blocker.kind == "decision"
            and blocker.waits_for in edges
            and blocker.waits_for != blocker.application
        )
        actionable = not stuck and not waits_on_open
        rank = level_of(blocker.application) if not stuck else 0
        rows.append(
            (
                stuck,
                rank,
                not actionable,
                -unlocks(blocker.application),
                blocker.due or dt.date.max,
                blocker.id,
                {
                    "blocker": blocker.id,
                    "application": blocker.application,
                    "kind": blocker.kind,
                    "actionable_now": actionable,
                    "deadlocked": stuck,
                    "unlocks": unlocks(blocker.application),
                },
            )
        )
    rows.sort(key=lambda r: r[:6])
    result.order = [r[6] for r in rows]

    # Critical path: the longest remaining-time chain over the acyclic part (ties: the
    # longer chain, then the smaller ids).
    def better(candidates: list[tuple[int, list[str]]]) -> tuple[int, list[str]]:
        return min(candidates, key=lambda c: (-c[0], -len(c[1]), c[1]), default=(0, []))

    best: dict[str, tuple[int, list[str]]] = {}
    for node in sorted((n for n in edges if n not in deadlocked), key=lambda n: (level_of(n), n)):
        before = better([best[d] for d in edges[node] if d in best])
        best[node] = (before[0] + remaining_days(apps[node], today), [*before[1], node])
    if best:
        result.critical_path_days, result.critical_path = better(list(best.values()))

    for app in sorted(apps.values(), key=lambda a: a.id):
        if not awaits_decision(app.status) or app.submitted is None:
            continue  # decided (an appeal pending too) or withdrawn: nothing is expected
        if app.expected_days is not None:
            limit, basis = app.expected_days, "target"
        elif app.fallback_days is not None:
            limit, basis = app.fallback_days, "fallback"
        else:
            continue
        waited = (today - app.submitted).days
        if waited > limit:
            result.overdue.append(
                {
                    "application": app.id,
                    "waited_days": waited,
                    "expected_days": limit,
                    "basis": basis,
                }
            )
    return result
