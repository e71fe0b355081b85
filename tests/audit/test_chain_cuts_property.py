"""The chain's walk from a retention cut (polku.audit.chain.verify with `start`), over any
chain and any cut: the remaining suffix verifies from the right cut with positions counted
from the very start; a wrong cut, or any remaining event removed but the newest, breaks it."""

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from polku.audit import chain

KEY = chain.derive_key("a-test-key-for-the-property-0123456789")


def _chain(n: int) -> list[dict]:
    events, prev = [], chain.GENESIS_HASH
    for i in range(n):
        fields = {name: None for name in chain.HASHED_FIELDS}
        fields.update(
            id=10 + 3 * i,  # ids with gaps, as a sequence leaves them
            occurred_at=dt.datetime(2010, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i),
            action="view",
            target=f"t{i}",
            details={},
            prev_hash=prev,
            key_id=KEY.id,
        )
        fields["hash"] = chain.keyed_hash(KEY, KEY.id, prev, fields)
        prev = fields["hash"]
        events.append(fields)
    return events


def _start(events: list[dict], k: int) -> chain.ChainStart:
    if k == 0:
        return chain.GENESIS
    return chain.ChainStart(events[k - 1]["id"], events[k - 1]["hash"], k)


@st.composite
def cut_chains(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    k = draw(st.integers(min_value=0, max_value=n))
    return _chain(n), k


@given(cut_chains())
def test_the_suffix_verifies_from_its_cut(case):
    events, k = case
    walk = chain.verify(events[k:], {KEY.id: KEY}, start=_start(events, k))
    assert walk.broken is None
    assert (walk.checked, walk.position) == (len(events) - k, len(events))


@given(cut_chains(), st.integers(min_value=0, max_value=25))
def test_a_wrong_cut_breaks_the_walk(case, other):
    events, k = case
    other = other % (len(events) + 1)
    assume(other != k and k < len(events))  # not the right cut; something left to break
    walk = chain.verify(events[k:], {KEY.id: KEY}, start=_start(events, other))
    assert walk.broken is not None


@given(cut_chains(), st.integers(min_value=0, max_value=25))
def test_removing_a_remaining_event_breaks_the_walk(case, index):
    events, k = case
    remaining = events[k:]
    assume(len(remaining) >= 2)  # the newest alone: a missing tail, for the checkpoints
    index %= len(remaining) - 1  # any but the newest
    del remaining[index]
    walk = chain.verify(remaining, {KEY.id: KEY}, start=_start(events, k))
    assert walk.broken is not None
    assert walk.broken.event_id == remaining[index]["id"]
