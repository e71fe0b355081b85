"""The k-anonymity guard: property-based on random data, and its ladder on a worked example."""

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polku.research.anonymity import KAnonymityError, guard, smallest_class

QUASI = ["age_band", "municipality", "language", "entry_month"]

rows = st.lists(
    st.fixed_dictionaries(
        {
            "age_band": st.sampled_from(["18–29", "30–39", "40–49", "50–59", "60+"]),
            "municipality": st.sampled_from(["Seinäjoki", "Lapua", "Kauhava", None]),
            "language": st.sampled_from(["fi", "sv", "en"]),
            "entry_month": st.sampled_from(["2025-01", "2025-02", "2025-07", "2026-03"]),
            "outcome": st.sampled_from(["work", "education", "unknown"]),
        }
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(
    data=rows,
    k=st.integers(2, 8),
    generalise=st.booleans(),
    quasi=st.sets(st.sampled_from(QUASI), min_size=1),
)
def test_after_the_guard_every_class_has_k_rows_or_it_refuses(data, k, generalise, quasi):
    frame = pl.DataFrame(data, schema={name: pl.Utf8 for name in [*QUASI, "outcome"]})
    quasi = sorted(quasi)
    try:
        result = guard(frame, quasi, k, generalise=generalise)
    except KAnonymityError:
        if not generalise:
            assert (
                smallest_class(
                    frame.with_columns(pl.col(q).fill_null("unknown") for q in quasi), quasi
                )
                < k
            )
        return
    out = result.frame
    assert out.height == 0 or smallest_class(out, quasi) >= k
    assert out.height + result.suppressed_rows == frame.height
    assert result.suppressed_rows <= 0.05 * frame.height
    assert out.columns == frame.columns


def test_the_ladder_generalises_before_it_suppresses():
    frame = pl.DataFrame(
        {
            "age_band": ["30–39"] * 3 + ["20–29"] * 3,
            "municipality": ["Seinäjoki"] * 6,
            "language": ["fi"] * 6,
            "entry_month": ["2026-01", "2026-02", "2026-03", "2026-01", "2026-02", "2026-03"],
        }
    )
    result = guard(frame, ["age_band", "entry_month"], 3)
    assert result.steps == ["entry_quarter"]
    assert set(result.frame["entry_month"]) == {"2026-Q1"}
    result = guard(frame, ["age_band", "entry_month"], 6)
    assert result.steps == ["entry_quarter", "entry_year", "age_20_years"]
    assert set(result.frame["age_band"]) == {"20–39"}
    with pytest.raises(KAnonymityError, match="fewer than 3"):
        guard(frame, ["age_band", "entry_month"], 3, generalise=False)


def test_it_refuses_rather_than_leave_many_out():
    frame = pl.DataFrame({"age_band": ["60+", "60+", "18–29"], "municipality": ["a", "b", "c"]})
    with pytest.raises(KAnonymityError, match="left out"):
        guard(frame, ["age_band", "municipality"], 5)
