"""The early-warning rules (pure Python): thresholds, reasons, and their properties."""

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from polku.assessment import early_warnings as w
from polku.assessment.early_warnings import DomainFacts, Facts

scores = st.one_of(st.none(), st.integers(0, 10))
days = st.one_of(st.none(), st.integers(0, 366))
statuses = st.one_of(st.none(), st.integers(1, 4))
domain_facts = st.builds(
    DomainFacts, client_status=statuses, professional_status=statuses, support_needed=st.booleans()
)
facts = st.builds(
    Facts,
    score=scores,
    previous_score=scores,
    absence_days=days,
    domains=st.dictionaries(st.sampled_from(["health_functioning", "housing"]), domain_facts),
)


def test_the_module_does_not_import_django():
    tree = ast.parse(Path(w.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports: the rules stand alone"
            imported.add((node.module or "").split(".")[0])
    assert "django" not in imported
    assert "polku" not in imported


def test_low_score_at_the_threshold():
    assert w.codes(Facts(score=5)) == {"low_work_ability"}
    assert w.codes(Facts(score=6)) == set()
    (signpost,) = w.signposts(Facts(score=3))
    assert signpost.reason_text == "The client rates their work ability 3/10 (5 or less)."
    assert "health check for the unemployed" in signpost.suggestion_text
    assert "1326/2010" in signpost.legal_source


def test_a_drop_of_two_points():
    assert w.codes(Facts(score=7, previous_score=9)) == {"work_ability_drop"}
    assert w.codes(Facts(score=8, previous_score=9)) == set()
    assert w.codes(Facts(score=None, previous_score=9)) == set()
    assert w.codes(Facts(score=7, previous_score=None)) == set()
    (signpost,) = w.signposts(Facts(score=6, previous_score=9))
    assert signpost.parameters == {"score": 6, "previous": 9, "drop": 3, "threshold": 2}
    assert "network meeting" in signpost.suggestion_text


def test_long_sickness_absence():
    assert w.codes(Facts(score=8, absence_days=30)) == {"long_sickness_absence"}
    assert w.codes(Facts(score=8, absence_days=29)) == set()
    (signpost,) = w.signposts(Facts(absence_days=45))
    assert signpost.reason_text.startswith("45 days of sickness absence")
    assert "sickness allowance" in signpost.suggestion_text


def test_serious_health_difficulty_needs_support_needed():
    serious = DomainFacts(client_status=3, professional_status=1, support_needed=True)
    assert w.codes(Facts(domains={"health_functioning": serious})) == {"serious_health_difficulty"}
    no_support = DomainFacts(client_status=1, support_needed=False)
    assert w.codes(Facts(domains={"health_functioning": no_support})) == set()
    some = DomainFacts(client_status=2, professional_status=2, support_needed=True)
    assert w.codes(Facts(domains={"health_functioning": some})) == set()
    elsewhere = DomainFacts(client_status=1, support_needed=True)
    assert w.codes(Facts(domains={"housing": elsewhere})) == set()


def test_several_rules_fire_together_in_rule_order():
    found = w.signposts(
        Facts(
            score=3,
            previous_score=8,
            absence_days=90,
            domains={"health_functioning": DomainFacts(client_status=1, support_needed=True)},
        )
    )
    assert [s.code for s in found] == [rule.code for rule in w.RULES]


def test_every_rule_has_its_threshold_reason_and_next_step():
    assert len({rule.code for rule in w.RULES}) == len(w.RULES)
    for rule in w.RULES:
        assert rule.reason and rule.suggestion and rule.threshold >= 0


@given(facts)
def test_rules_are_deterministic(f):
    assert w.signposts(f) == w.signposts(f)


@given(facts, st.integers(0, 10))
def test_a_lower_score_never_removes_a_warning(f, lower):
    if f.score is None or lower > f.score:
        return
    before = w.codes(f)
    after = w.codes(Facts(lower, f.previous_score, f.absence_days, f.domains))
    assert before <= after


@given(facts)
def test_low_score_warning_exactly_at_or_below_the_threshold(f):
    low = f.score is not None and f.score <= w.LOW_SCORE_AT_MOST
    assert ("low_work_ability" in w.codes(f)) == low


@given(facts, st.integers(0, 366))
def test_more_absence_never_removes_the_absence_warning(f, more):
    if f.absence_days is None or more < f.absence_days:
        return
    if "long_sickness_absence" in w.codes(f):
        more_facts = Facts(f.score, f.previous_score, more, f.domains)
        assert "long_sickness_absence" in w.codes(more_facts)


@given(
    st.integers(w.LOW_SCORE_AT_MOST + 1, 10),
    st.one_of(st.none(), st.integers(0, w.LONG_ABSENCE_DAYS_AT_LEAST - 1)),
    st.dictionaries(
        st.sampled_from(["health_functioning", "housing", "work_ability"]),
        st.builds(
            DomainFacts,
            client_status=st.one_of(st.none(), st.integers(2, 4)),
            professional_status=st.one_of(st.none(), st.integers(2, 4)),
            support_needed=st.booleans(),
        ),
    ),
)
def test_no_warning_for_a_stable_high_score_without_absence(score, absence, domains):
    assert w.signposts(Facts(score, score, absence, domains)) == []


@given(facts)
def test_every_signpost_text_is_complete(f):
    for signpost in w.signposts(f):
        assert "%(" not in signpost.reason_text
        assert "%(" not in signpost.suggestion_text


def test_the_rules_read_no_domain_outside_domains_read():
    """DOMAINS_READ names every domain a rule reads: the worklist fetches only those of each
    client's latest assessment. A rule reading another domain would be silent there."""
    from polku.assessment.models import Domain

    for domain in Domain.values:
        for status in (1, 2, 3, 4):
            for support in (False, True):
                every = Facts(
                    score=8,
                    previous_score=8,
                    domains={domain: DomainFacts(status, status, support)},
                )
                read = Facts(
                    score=8,
                    previous_score=8,
                    domains={d: f for d, f in every.domains.items() if d in w.DOMAINS_READ},
                )
                assert w.signposts(every) == w.signposts(read), domain


def test_a_warning_does_not_suggest_what_the_plan_already_has():
    """Found in a walk: client 948's warning offered a health check that was already
    "Käynnissä" in the plan. What the plan has is left out of the suggestion; a warning with
    nothing left to suggest is answered by the plan and not raised."""
    health = {"health_functioning": DomainFacts(client_status=1, support_needed=True)}
    assert w.codes(Facts(domains=health)) == {"serious_health_difficulty"}
    assert w.codes(Facts(domains=health, in_plan=frozenset({w.HEALTH_CHECK}))) == set()

    (low,) = w.signposts(Facts(score=3, in_plan=frozenset({w.HEALTH_CHECK})))
    assert low.suggestion_text == "Offer a work-ability assessment."
    assert low.citations == ()  # the Health Care Act is the health check's source
    (low,) = w.signposts(Facts(score=3, in_plan=frozenset({w.WORK_ABILITY_ASSESSMENT})))
    assert "health check" in low.suggestion_text and "assessment" not in low.suggestion_text
    assert "1326/2010" in low.legal_source
    both = frozenset({w.HEALTH_CHECK, w.WORK_ABILITY_ASSESSMENT})
    assert w.signposts(Facts(score=3, in_plan=both)) == []

    (drop,) = w.signposts(Facts(score=7, previous_score=9, in_plan=both))
    assert drop.suggestion_text == "Call a network meeting."


@given(facts, st.sets(st.sampled_from([w.HEALTH_CHECK, w.WORK_ABILITY_ASSESSMENT])))
def test_no_suggestion_names_what_the_plan_has(f, planned):
    words = {w.HEALTH_CHECK: "health check", w.WORK_ABILITY_ASSESSMENT: "assessment"}
    for signpost in w.signposts(
        Facts(f.score, f.previous_score, f.absence_days, f.domains, frozenset(planned))
    ):
        if signpost.code == "long_sickness_absence":
            continue  # suggests contacting health care and Kela, nothing a plan step holds
        for kind in planned:
            assert words[kind] not in signpost.suggestion_text, (kind, signpost)
