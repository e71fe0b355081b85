"""Small-group protection of every figure the dashboard, the monthly report, the CSV tables
and the indicators API show — one function, `protect`, used by all of them (through
polku.research.selectors.shown).

The rule (k = POLKU_RESEARCH_K, default 5, enforced here on the server; the API may ask for a
larger k, never a smaller one):

* a count of clients between 1 and k − 1 is hidden (shown as "alle 5" / "under 5" /
  "under 5": true of it);
* so is a share or figure computed from such a count (the share in its row; the headline
  when the cases, the count it is a share of, or the rest of the cases are fewer than k, or
  when a cell its count sums (`value_cells`) is hidden) —
  shown as "piilotettu" / "dold" / "hidden", never "under 5": a share of 60 % is not
  "under 5", nor the mean of three clients' 14 months;
* when a column of counts would otherwise hide exactly one cell, the next smallest non-zero
  cell of that column is hidden too, so that the hidden one cannot be recovered by
  subtracting the others from a total shown elsewhere (the cases, the first stage);
* a figure of a "figure, value" table that rests on a number of clients (`bases`: a mean,
  a rate, a forecast) is hidden when that number is from 1 to k − 1;
* a part shown with its whole (`parts`, `row_parts`: the agreements done on time of those
  due, the knot walks opened in one meeting of those finished) or a
  funnel's stage shown after the one before (`funnel`) is hidden when the rest — those late,
  those who stopped — is from 1 to k − 1 (40 entered, 38 met: "2 did not" is a small group);
* fail closed: any other number in a table — one the indicator did not declare as a count,
  a share or resting on a count — is treated as a count of clients. Only the rows declared
  `public_rows` (configuration, such as the caseload target) are shown whatever they are.
  (Issue 18: the capacity figures were declared nowhere and a municipality × language filter
  showed cells of 1–4 clients.)

Only a cell that is itself a count of 1 to k − 1 clients says "under k"; every other hidden
cell (hidden for the rest of its whole, to guard another, or resting on a small group) says
"hidden" and the table a note why (issue: "Hylätty: alle 5" for 27 declined handovers). The
headline likewise (`value_hidden_why`).

Zero is shown: it says nothing about any one person. The computed results (cached) stay
whole; `protect` returns a copy for showing."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, pgettext

# Why a cell is hidden (`Hidden.why`, the API's `hidden_why`):
SMALL = "small"  # it is a number of 1 to k − 1 (of clients): "alle 5" is true of it
RESTS = "rests_on_small_group"  # a share or figure resting on fewer than k clients
COMPLEMENT = "complement"  # not small: hidden so that a small group cannot be worked out


@dataclass(frozen=True)
class Hidden:
    """A hidden cell: "alle 5" in Finnish (the reader's language) when it is a number of
    fewer than k clients, else "piilotettu" — a cell hidden to guard another, or a share
    resting on a small group, never claims a size it does not have; null in JSON."""

    k: int
    why: str = SMALL

    def __str__(self) -> str:
        if self.why == SMALL:
            return gettext("under %(k)s") % {"k": self.k}
        return pgettext("a figure in a table", "hidden")


def _complement_note(k: int) -> str:
    return gettext(
        "“%(hidden)s”: not a small figure, but hidden so that a group of fewer than %(k)s "
        "clients cannot be worked out from it and the other figures or the totals."
    ) % {"hidden": pgettext("a figure in a table", "hidden"), "k": k}


def _rests_note(k: int) -> str:
    return gettext("“%(hidden)s” share or figure: it rests on fewer than %(k)s clients.") % {
        "hidden": pgettext("a figure in a table", "hidden"),
        "k": k,
    }


def threshold() -> int:
    """The smallest group shown anywhere (POLKU_RESEARCH_K), at least 2."""
    return max(2, int(settings.POLKU_RESEARCH_K))


def checked_k(value) -> int:
    """A k asked for (the API's `k`, an export's k): a whole number not below threshold()
    and at most MAX_K, else ValueError (its message says so in the reader's language)."""
    try:
        k = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(gettext("k must be a whole number.")) from None
    if k < threshold():
        raise ValueError(
            gettext(
                "k must be at least %(minimum)s: groups smaller than that are never shown or "
                "exported (POLKU_RESEARCH_K)."
            )
            % {"minimum": threshold()}
        )
    if k > MAX_K:
        raise ValueError(gettext("k must be at most %(maximum)s.") % {"maximum": MAX_K})
    return k


MAX_K = 100


def _small(value, k: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < k


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def protect(result, k: int | None = None):
    """A copy of the indicator result with every small-group figure hidden, each hidden cell
    saying why (`Hidden.why`), and a note under the table for the cells said "hidden"."""
    k = threshold() if k is None else max(k, threshold())  # never below the setting
    shown = copy.copy(result)
    shown.rows = [list(row) for row in result.rows]
    shown.k = k
    # (row, column) → why; a cell keeps the first reason found (a small count stays SMALL)
    hidden: dict[tuple[int, int], str] = {}

    def hide(cell: tuple[int, int], why: str) -> None:
        hidden.setdefault(cell, why)

    # counts: by column (tables of categories) or by row (tables of "figure, value")
    for column in result.counts:
        for r in range(len(shown.rows)):
            if _small(shown.rows[r][column], k):
                hide((r, column), SMALL)
    for row in result.count_rows:
        if row < len(shown.rows) and _small(shown.rows[row][1], k):
            hide((row, 1), SMALL)
    # a figure resting on a number of clients: hidden when that number is small (the figure
    # itself — a mean, a rate — may be anything: "hidden", not "under k")
    for row, base in result.bases.items():
        if row < len(shown.rows) and _small(base, k) and shown.rows[row][1] is not None:
            hide((row, 1), RESTS)
    # fail closed: every other number is taken for a count of clients (and is under k)
    declared = set(result.counts) | set(result.shares)
    for r, row in enumerate(shown.rows):
        if r in result.public_rows:
            continue
        for c in range(1, len(row)):
            if c in declared or (c == 1 and (r in result.count_rows or r in result.bases)):
                continue
            if _small(row[c], k):
                hide((r, c), SMALL)
    # a part shown with its whole: the rest (whole − part) is a group of clients too
    for whole, part in result.parts:
        for r, row in enumerate(shown.rows):
            if (r, whole) in hidden or (r, part) in hidden:
                continue
            if _number(row[whole]) and _number(row[part]) and _small(row[whole] - row[part], k):
                hide((r, part), COMPLEMENT)
    # the same in a "figure, value" table: a row that is a part of another row
    for whole, part in result.row_parts:
        cell, of = (part, 1), (whole, 1)
        if cell in hidden or of in hidden or max(whole, part) >= len(shown.rows):
            continue
        a, b = shown.rows[whole][1], shown.rows[part][1]
        if _number(a) and _number(b) and _small(a - b, k):
            hide(cell, COMPLEMENT)
    # a funnel (each row a part of the row before): those who stopped at a stage are a group
    if result.funnel is not None:
        column, last = result.funnel, None
        for r, row in enumerate(shown.rows):
            if (r, column) in hidden or not _number(row[column]):
                continue
            if last is not None and _small(last - row[column], k):
                hide((r, column), COMPLEMENT)
                continue
            last = row[column]
    # one hidden cell alone in a column would be recoverable from a total: the next smallest
    # non-zero cell of the column is hidden too (not in a funnel: its stages add up to nothing)
    for column in result.counts:
        if column == result.funnel:
            continue
        cells = [(r, column) for r in range(len(shown.rows))]
        if sum(1 for cell in cells if cell in hidden) == 1:
            rest = sorted(
                (shown.rows[r][c], r)
                for r, c in cells
                if (r, c) not in hidden and _number(shown.rows[r][c]) and shown.rows[r][c] > 0
            )
            if rest:
                hide((rest[0][1], column), COMPLEMENT)
    # a share in a row whose counts are hidden (or rest on fewer than k) is hidden too: it
    # rests on a small group when its row's first count (what it is a share of) is small,
    # else it is hidden so that a hidden count cannot be worked out from it (2 of 40: 5 %)
    for r, row in enumerate(shown.rows):
        first_small = any(_small(row[c], k) for c in result.counts[:1])
        if first_small or any((r, c) in hidden for c in result.counts):
            why = RESTS if first_small else COMPLEMENT
            for c in result.shares:
                if row[c] is not None:
                    hide((r, c), why)
    for (r, c), why in hidden.items():
        shown.rows[r][c] = Hidden(k, why)
    shown.hidden_cells = sorted(hidden)
    shown.hidden_why = [hidden[cell] for cell in shown.hidden_cells]
    # the headline: a small group itself (its cases, or the clients it counts), or hidden
    # because the rest of its cases is a small group (28 of 30 on time: "2 late")
    shown.value_hidden_why = None
    if result.value is not None:
        if _small(result.cases, k) or _small(result.value_count, k):
            shown.value_hidden_why = SMALL
        elif result.value_count is not None and _small(result.cases - result.value_count, k):
            shown.value_hidden_why = COMPLEMENT
        elif any(cell in hidden for cell in result.value_cells):
            # the headline's count less the cells shown would give the hidden one
            shown.value_hidden_why = COMPLEMENT
    shown.value_hidden = shown.value_hidden_why is not None
    if shown.value_hidden:
        shown.value = None
    shown.cases_hidden = _small(result.cases, k)
    whys = set(hidden.values())
    shown.notes = list(result.notes)
    if COMPLEMENT in whys:
        shown.notes.append(_complement_note(k))
    if RESTS in whys:
        shown.notes.append(_rests_note(k))
    return shown


def cell_note(column, cell) -> str:
    """Why a cell of a table has no number, in the reader's language: a hidden cell (its
    word, and why it is hidden) or an empty one (no figure) — for the CSV tables' "Note"
    column, where a hidden cell must not pass for a zero."""
    if cell is None:
        return gettext("%(column)s: empty — no figure (nothing to count or compute it from)") % {
            "column": column
        }
    values = {"column": column, "hidden": str(cell), "k": cell.k}
    if cell.why == SMALL:
        return (
            gettext("%(column)s “%(hidden)s”: fewer than %(k)s clients, hidden to protect them")
            % values
        )
    if cell.why == RESTS:
        return gettext("%(column)s “%(hidden)s”: it rests on fewer than %(k)s clients") % values
    return (
        gettext(
            "%(column)s “%(hidden)s”: not a small figure, hidden so that a group of fewer "
            "than %(k)s clients cannot be worked out from it"
        )
        % values
    )


def plain(cell):
    """A cell for JSON: hidden cells are null (the API lists them in `hidden`)."""
    return None if isinstance(cell, Hidden) else cell
