"""Early-warning rules for declining work ability: the one place where they live.

Plain Python, no Django: usable from the web app, the command line, batch screening and tests.
Each rule has its code, its threshold, its reason and its suggested next step (English; the
Django layer, polku.assessment.signposts, maps each code to a translated message with the
same wording) and, where there is one, its legal source (`Citation`s, translated there too).

Input: plain values (`Facts`). Output: a list of `Signpost`s, in the order of `RULES`.
Recognising declining work ability in time is what the network-call seeds ask for; the
unemployed person's right to a health check is easily overlooked, so the rules name it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# A law and its section, written in each language's style by polku.core.citations.cite (the
# same mechanism as the map's legal basis); plain Python, no Django.
from rules.citations import Citation

# The domain whose serious difficulty raises the health-check signpost.
HEALTH_DOMAIN = "health_functioning"
# Every domain a rule below reads: a caller that reads many clients' assessments at once (the
# worklist) fetches these domains only (tests/assessment/test_early_warnings.py holds that no
# rule reads another).
DOMAINS_READ = (HEALTH_DOMAIN,)

# Status scale of a domain (the same numbers as the model's DomainStatus).
SERIOUS_DIFFICULTY = 1
SOME_DIFFICULTY = 2
MANAGEABLE = 3
STRENGTH = 4

# What a suggestion offers that a client's plan can already hold (Facts.in_plan): a rule does
# not suggest what the plan has (polku.assessment.signposts.in_plan reads the plan).
HEALTH_CHECK = "health_check"
WORK_ABILITY_ASSESSMENT = "work_ability_assessment"

# Thresholds, each used by exactly one rule below.
LOW_SCORE_AT_MOST = 5  # self-rated work ability 0–10
DROP_AT_LEAST = 2  # points since the previous assessment
LONG_ABSENCE_DAYS_AT_LEAST = 30  # sickness absence days in the last 12 months


@dataclass(frozen=True)
class DomainFacts:
    client_status: int | None = None
    professional_status: int | None = None
    support_needed: bool = False

    @property
    def worst_status(self) -> int | None:
        statuses = [s for s in (self.client_status, self.professional_status) if s is not None]
        return min(statuses) if statuses else None


@dataclass(frozen=True)
class Facts:
    """What the rules look at: the latest assessment and the previous one's score, and what
    the client's plan already has under way or done (HEALTH_CHECK, WORK_ABILITY_ASSESSMENT)."""

    score: int | None = None
    previous_score: int | None = None
    absence_days: int | None = None
    domains: Mapping[str, DomainFacts] = field(default_factory=dict)
    in_plan: frozenset[str] = frozenset()


HEALTH_CARE_ACT_13 = Citation("Health Care Act", "1326/2010", "13")
HEALTH_INSURANCE_ACT = Citation("Health Insurance Act", "1224/2004")
OCCUPATIONAL_HEALTH_CARE_ACT_10 = Citation("Occupational Health Care Act", "1383/2001", "10")


@dataclass(frozen=True)
class Signpost:
    code: str
    reason: str  # English, with %(name)s placeholders filled from `params`
    suggestion: str  # English: the suggested next step
    params: tuple[tuple[str, int], ...] = ()
    citations: tuple[Citation, ...] = ()

    @property
    def legal_source(self) -> str:
        """The legal source in English."""
        return "; ".join(str(c) for c in self.citations)

    @property
    def parameters(self) -> dict[str, int]:
        return dict(self.params)

    @property
    def reason_text(self) -> str:
        return self.reason % self.parameters

    @property
    def suggestion_text(self) -> str:
        return self.suggestion % self.parameters


@dataclass(frozen=True)
class Rule:
    code: str
    threshold: int
    reason: str
    suggestion: str
    # Returns the parameters of the signpost when the rule fires, else None.
    check: Callable[[Facts, int], dict[str, int] | None]
    citations: tuple[Citation, ...] = ()
    # What `suggestion` offers that a plan can hold, and the narrower suggestion (with its
    # legal source) for what is left when the plan already has some of it. With nothing left
    # to suggest (no narrower one for the empty set) the plan answers the warning and the
    # rule raises none.
    offers: frozenset[str] = frozenset()
    narrower: tuple[tuple[frozenset[str], str, tuple[Citation, ...]], ...] = ()

    def suggestion_for(self, in_plan: frozenset[str]) -> tuple[str, tuple[Citation, ...]] | None:
        left = self.offers - in_plan
        if left == self.offers:
            return self.suggestion, self.citations
        for offers, suggestion, citations in self.narrower:
            if offers == left:
                return suggestion, citations
        return None

    def apply(self, facts: Facts) -> Signpost | None:
        params = self.check(facts, self.threshold)
        if params is None:
            return None
        suggested = self.suggestion_for(facts.in_plan)
        if suggested is None:
            return None
        suggestion, citations = suggested
        return Signpost(
            code=self.code,
            reason=self.reason,
            suggestion=suggestion,
            params=tuple(sorted({**params, "threshold": self.threshold}.items())),
            citations=citations,
        )


def _low_score(facts: Facts, threshold: int) -> dict[str, int] | None:
    if facts.score is not None and facts.score <= threshold:
        return {"score": facts.score}
    return None


def _drop(facts: Facts, threshold: int) -> dict[str, int] | None:
    if facts.score is None or facts.previous_score is None:
        return None
    drop = facts.previous_score - facts.score
    if drop >= threshold:
        return {"score": facts.score, "previous": facts.previous_score, "drop": drop}
    return None


def _long_absence(facts: Facts, threshold: int) -> dict[str, int] | None:
    if facts.absence_days is not None and facts.absence_days >= threshold:
        return {"days": facts.absence_days}
    return None


def _serious_health_difficulty(facts: Facts, threshold: int) -> dict[str, int] | None:
    health = facts.domains.get(HEALTH_DOMAIN)
    if health is None or not health.support_needed:
        return None
    worst = health.worst_status
    if worst is not None and worst <= threshold:
        return {"status": worst}
    return None


LOW_SCORE = Rule(
    code="low_work_ability",
    threshold=LOW_SCORE_AT_MOST,
    reason="The client rates their work ability %(score)s/10 (%(threshold)s or less).",
    suggestion=(
        "Offer a work-ability assessment and the health check for the unemployed "
        "(the municipality's health services)."
    ),
    check=_low_score,
    citations=(HEALTH_CARE_ACT_13,),
    offers=frozenset({WORK_ABILITY_ASSESSMENT, HEALTH_CHECK}),
    narrower=(
        (frozenset({WORK_ABILITY_ASSESSMENT}), "Offer a work-ability assessment.", ()),
        (
            frozenset({HEALTH_CHECK}),
            "Offer the health check for the unemployed (the municipality's health services).",
            (HEALTH_CARE_ACT_13,),
        ),
    ),
)

SCORE_DROP = Rule(
    code="work_ability_drop",
    threshold=DROP_AT_LEAST,
    reason=(
        "Self-rated work ability fell by %(drop)s points since the previous assessment "
        "(from %(previous)s to %(score)s)."
    ),
    suggestion="Arrange a work-ability assessment and call a network meeting.",
    check=_drop,
    offers=frozenset({WORK_ABILITY_ASSESSMENT}),
    narrower=((frozenset(), "Call a network meeting.", ()),),
)

LONG_ABSENCE = Rule(
    code="long_sickness_absence",
    threshold=LONG_ABSENCE_DAYS_AT_LEAST,
    reason="%(days)s days of sickness absence in the last 12 months (%(threshold)s or more).",
    suggestion=(
        "Contact occupational or primary health care about the remaining work ability, and "
        "check the client's sickness allowance with Kela."
    ),
    check=_long_absence,
    citations=(HEALTH_INSURANCE_ACT, OCCUPATIONAL_HEALTH_CARE_ACT_10),
)

HEALTH_DIFFICULTY = Rule(
    code="serious_health_difficulty",
    threshold=SERIOUS_DIFFICULTY,
    reason="Serious difficulty in health and functioning, and support is needed.",
    suggestion=(
        "Offer a health check (for an unemployed client, the health check for the "
        "unemployed) and contact health care."
    ),
    check=_serious_health_difficulty,
    citations=(HEALTH_CARE_ACT_13,),
    offers=frozenset({HEALTH_CHECK}),  # under way or done: health care is in touch
)

RULES: tuple[Rule, ...] = (LOW_SCORE, SCORE_DROP, LONG_ABSENCE, HEALTH_DIFFICULTY)


def signposts(facts: Facts) -> list[Signpost]:
    """The signposts raised by `facts`, in the order of RULES (deterministic)."""
    return [s for s in (rule.apply(facts) for rule in RULES) if s is not None]


def codes(facts: Facts) -> set[str]:
    return {s.code for s in signposts(facts)}
