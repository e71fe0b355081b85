"""Small-group protection of every figure the dashboard, the monthly report, the CSV tables
and the indicators API show — one function, `protect`, used by all of them (through
polku.research.selectors.shown).

The rule (k = POLKU_RESEARCH_K, default 5, enforced here on the server):

* a count of clients between 1 and k − 1 is hidden (shown as "< k");
* so is a share or figure computed from such a count (the share in its row; the headline
  when the cases, or the count it is a share of, are fewer than k);
* when a column of counts would otherwise hide exactly one cell, the next smallest non-zero
  cell of that column is hidden too, so that the hidden one cannot be recovered by
  subtracting the others from a total shown elsewhere (the cases, the first stage).

Zero is shown: it says nothing about any one person. The computed results (cached) stay
whole; `protect` returns a copy for showing."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Hidden:
    """A hidden cell: shown as "< k" in every language, null in JSON."""

    k: int

    def __str__(self) -> str:
        return f"< {self.k}"


def threshold() -> int:
    return max(1, int(settings.POLKU_RESEARCH_K))


def _small(value, k: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < k


def protect(result, k: int | None = None):
    """A copy of the indicator result with every small-group figure hidden."""
    k = threshold() if k is None else k
    shown = copy.copy(result)
    shown.rows = [list(row) for row in result.rows]
    shown.k = k
    hidden: set[tuple[int, int]] = set()
    # counts: by column (tables of categories) or by row (tables of "figure, value")
    for column in result.counts:
        cells = [(r, column) for r in range(len(shown.rows))]
        small = [cell for cell in cells if _small(shown.rows[cell[0]][column], k)]
        hidden.update(small)
        if len(small) == 1:  # one hidden cell alone would be recoverable from a total
            rest = sorted(
                (shown.rows[r][c], r)
                for r, c in cells
                if (r, c) not in hidden
                and isinstance(shown.rows[r][c], int | float)
                and shown.rows[r][c] > 0
            )
            if rest:
                hidden.add((rest[0][1], column))
    for row in result.count_rows:
        if row < len(shown.rows) and _small(shown.rows[row][1], k):
            hidden.add((row, 1))
    # a share in a row whose counts are hidden (or rest on fewer than k) is hidden too
    for r, row in enumerate(shown.rows):
        if any((r, c) in hidden for c in result.counts) or any(
            _small(row[c], k) for c in result.counts[:1]
        ):
            hidden.update((r, c) for c in result.shares if row[c] is not None)
    for r, c in hidden:
        shown.rows[r][c] = Hidden(k)
    shown.hidden_cells = sorted(hidden)
    shown.value_hidden = result.value is not None and (
        _small(result.cases, k) or _small(result.value_count, k)
    )
    if shown.value_hidden:
        shown.value = None
    shown.cases_hidden = _small(result.cases, k)
    return shown


def plain(cell):
    """A cell for JSON: hidden cells are null (the API lists them in `hidden`)."""
    return None if isinstance(cell, Hidden) else cell
