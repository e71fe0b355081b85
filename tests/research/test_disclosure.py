"""Small groups: every figure the dashboard, the report, the CSV tables and the API show that
rests on fewer than k clients is hidden, and so is any cell from which a hidden one could be
recovered by subtraction — by one function, disclosure.protect (issue 16: Mikkeli + 50+
showed "2 cases, 100 %" under "no client can be identified")."""

import datetime as dt
import io

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from polku.accounts.models import Profession
from polku.research.disclosure import COMPLEMENT, RESTS, SMALL, Hidden, protect
from polku.research.indicators import Result
from tests.conftest import login
from tests.factories import ProfessionalFactory, make_client


def _result(counts, value=50.0, cases=None):
    total = sum(counts)
    return Result(
        value=value,
        cases=total if cases is None else cases,
        columns=["Stage", "Clients", "Share (%)"],
        rows=[
            [f"s{n}", c, round(100 * c / total, 1) if total else None] for n, c in enumerate(counts)
        ],
        counts=(1,),
        shares=(2,),
    )


def test_small_counts_and_their_shares_are_hidden_with_a_complement():
    shown = protect(_result([40, 3, 12, 0]), k=5)
    assert shown.rows[1][1] == Hidden(5) and shown.rows[1][2] == Hidden(5, RESTS)
    # one hidden cell alone could be worked out from the total: the next smallest goes too
    assert shown.rows[2][1] == Hidden(5, COMPLEMENT)
    assert shown.rows[0][1] == 40 and shown.rows[3][1] == 0  # zero says nothing of anyone
    with translation.override("fi"):
        assert str(Hidden(5)) == "alle 5"  # said in words, never 0 (issue 18)
    with translation.override("sv"):
        assert str(Hidden(5)) == "under 5"


def test_a_cell_hidden_to_guard_another_says_hidden_not_under_k():
    """Issue: "Hylätty: alle 5" for 27 declined handovers, "muut siirrot: alle 5" for 40
    clients, a share (%) "alle 5": only a count of 1 to k − 1 says "under k"; a cell hidden
    so that a small one cannot be worked out, or a share resting on a small group, says
    "hidden" — with a note under the table why."""
    handovers = Result(
        value=13.0,
        cases=150,
        columns=["Tila", "Siirrot"],
        rows=[["Hyväksytty", 44], ["Hylätty", 27], ["Ehdotettu", 76], ["Peruttu", 3]],
        counts=(1,),
    )
    with translation.override("fi"):
        shown = protect(handovers, k=5)
        cells = {row[0]: str(row[1]) for row in shown.rows}
        notes = [str(n) for n in shown.notes]
    assert cells == {
        "Hyväksytty": "44",
        "Hylätty": "piilotettu",
        "Ehdotettu": "76",
        "Peruttu": "alle 5",
    }
    assert shown.hidden_cells == [(1, 1), (3, 1)] and shown.hidden_why == [COMPLEMENT, SMALL]
    assert len(notes) == 1 and notes[0].startswith("”piilotettu”: luku ei ole pieni")
    referrals = Result(
        value=None,
        cases=45,
        columns=["Kumppani", "Lähetteet", "Ajallaan", "Osuus (%)"],
        rows=[["A", 3, 2, 66.7], ["B", 40, 30, 75.0]],
        counts=(1, 2),
        shares=(3,),
    )
    with translation.override("sv"):
        shown = protect(referrals, k=5)
        assert str(shown.rows[0][3]) == "dold"  # 66,7 % is no "under 5"
        assert str(shown.rows[0][1]) == "under 5"
        assert [str(n) for n in shown.notes][-1].startswith("”dold” andel eller siffra")
    assert shown.rows[0][3] == Hidden(5, RESTS)
    assert shown.rows[1][1] == Hidden(5, COMPLEMENT)  # 40: hidden so that 3 is not 43 − 40
    assert shown.rows[1][3] == Hidden(5, COMPLEMENT)  # 30 of 40 would give the 30 back
    assert referrals.notes == []  # the computed result stays whole


def test_a_headline_hidden_for_its_rest_does_not_claim_to_be_small():
    late = protect(Result(value=93.3, cases=30, value_count=28), k=5)  # 2 of 30 late
    assert late.value is None and late.value_hidden_why == COMPLEMENT
    small = protect(Result(value=4.0, cases=50, value_count=2), k=5)
    assert small.value is None and small.value_hidden_why == SMALL
    # a headline summing some cells of a column (in work = open-market + pay-subsidised):
    # with one of them hidden, the headline's count less the other would give it back
    outcomes = Result(
        value=round(100 * 51 / 407, 1),
        cases=407,
        columns=["Tilanne", "6 kk"],
        rows=[["avoin", 3], ["palkkatuki", 48], ["muu", 356]],
        counts=(1,),
        value_count=51,
        value_cells=((0, 1), (1, 1)),
    )
    shown = protect(outcomes, k=5)
    assert shown.value is None and shown.value_hidden_why == COMPLEMENT
    outcomes.rows[0][1] = 7
    outcomes.value_count = 55
    assert protect(outcomes, k=5).value == outcomes.value


def test_the_headline_of_a_small_group_is_hidden():
    shown = protect(_result([2], value=100.0), k=5)  # "2 cases, 100 %"
    assert shown.value is None and shown.value_hidden and shown.cases_hidden
    share = Result(value=4.0, cases=50, value_count=2)  # 4 % of 50 = 2 people
    assert protect(share, k=5).value is None
    assert protect(Result(value=40.0, cases=50, value_count=20), k=5).value == 40.0


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8), st.integers(2, 10))
def test_no_hidden_cell_can_be_recovered_from_the_total(counts, k):
    shown = protect(_result(counts), k=k)
    cells = [row[1] for row in shown.rows]
    hidden = [n for n, c in enumerate(cells) if isinstance(c, Hidden)]
    # no shown cell is small, and never exactly one hidden cell (total − shown = it)
    assert all(not (0 < c < k) for c in cells if not isinstance(c, Hidden))
    assert len(hidden) != 1 or sum(1 for c in counts if c > 0) == 1
    for n in hidden:
        assert isinstance(shown.rows[n][2], Hidden)
    assert protect(_result(counts), k=k).rows == shown.rows  # the cached result stays whole


pytestmark = pytest.mark.django_db


def test_mikkeli_and_over_50_shows_no_small_group(client, coordinator, municipality):
    for n in range(2):
        make_client(
            coordinator=coordinator,
            first_names=f"Vanha{n}",
            municipality="Mikkeli",
            birth_date=dt.date(1960, 1, 1),
        )
    for n in range(6):
        make_client(coordinator=coordinator, first_names=f"Nuori{n}", municipality="Seinäjoki")
    manager = ProfessionalFactory(organisation=municipality, profession=Profession.SERVICE_MANAGER)
    http = login(client, manager)
    query = "region=Mikkeli&age_band=50_plus"
    page = http.get(f"/research/?{query}", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'data-testid="k-notice"' in page and "alle 5 asiakkaaseen" in page
    assert "2 tapausta" not in page and "alle 5 tapausta" in page
    assert "100,0" not in page
    csv = http.get(f"/research/tables/without_next_contact.csv?{query}").content.decode()
    assert "alle 5" in csv and ",2\r" not in csv
    body = http.get(f"/api/v1/research/indicators/?{query}").json()
    assert body["k"] == 5
    nearby = next(i for i in body["indicators"] if i["id"] == "without_next_contact")
    assert nearby["cases"] is None and nearby["hidden"]
    assert all(c is None for r, c2 in nearby["hidden"] for c in [nearby["rows"][r][c2]])
    month = dt.date.today().strftime("%Y-%m")
    pdf = http.get(f"/research/report.pdf?month={month}&{query}", HTTP_ACCEPT_LANGUAGE="fi")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Mikkeli" in text and "alle 5" in text
    everyone = http.get("/research/?region=&age_band=").content.decode()
    assert "8 tapausta" in everyone or "8 cases" in everyone  # the whole population is shown
