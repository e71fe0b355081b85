"""How a value changed between two assessment versions (pure Python, no Django).

Higher is better for every value compared here: the self-rated work ability (0–10) and the
domain statuses (1 = serious difficulty … 4 = a strength)."""

from typing import Literal

Direction = Literal["up", "down", "same", "new", "gone", ""]


def direction(before: int | None, after: int | None) -> Direction:
    """'up' (better), 'down' (worse), 'same', 'new' (no value before), 'gone' (no value now),
    or '' when neither version has a value."""
    if before is None and after is None:
        return ""
    if before is None:
        return "new"
    if after is None:
        return "gone"
    if after > before:
        return "up"
    if after < before:
        return "down"
    return "same"
