"""The one place that answers every "may this user …?" question.

Two kinds of question, two modules, one package:

* **Which clients, and what within a client** — `polku.access.policy`: the access rule as one
  query (`visible_clients`, `client_for`, `sees`), and the acts that need more than seeing
  the client (`may_see_full_hetu`, `may_make_portal_code`). A client outside the rule is
  "not found" (404), never "forbidden".
* **Which role may do what** — here: whether someone is a professional at all, a referring
  partner, on a receiving team, a service manager, a researcher; whether they may see the
  reports, make a research export, start a screening, take the coordinator role; which
  referrals a team or a partner sees. Policy's own "is this a professional" is
  `is_professional` below.

Views (`PermissionDenied` or `Http404` when the answer is no), services (a `ValidationError`
or `PermissionDenied`), navigation (`NavItem(visible=resolver.…)`) and DRF permissions
(`polku.api.permissions`) call these functions; nothing else reads `user.profession`,
`user.is_professional` or a team's members to decide what a user may do. A new role
question is a small function here, with a test in `tests/access/test_resolver.py`; a new
URL that takes an object's id must also appear in the authorization matrix
(`tests/access/test_authorization_matrix.py`), which finds such URLs from the URL
configuration and fails until the new one is covered.

Roles in short (the rules each function states in full):

=====================================  ==================================================
question                               who
=====================================  ==================================================
is_professional                        signed in, active, with a profession and organisation
is_partner / can_refer                 a professional of a non-authority organisation (NGO,
                                       shelter, home, unit)
teams_of, in_team                      members and the service manager of a receiving team
referrals_for_team                     every referral of the user's teams
referrals_for_partner                  the partner organisation's referrals while the
                                       client's consent to the referral is in force
can_see_referral_queue                 anyone on a receiving team
can_view_team_worklist                 a service manager (their organisation's team view)
can_view_dashboard                     service managers, researchers, or the
                                       research.view_dashboard permission
can_export                             researchers, or the research.export_cohort permission
can_start_screening                    service managers and coordinating professions of a
                                       public authority
can_coordinate                         the coordinating professions (not partner workers,
                                       experience experts, managers, researchers, admins,
                                       data-protection officers)
can_serve_data_requests                data-protection officers (right-of-access exports)
works_with_clients                     professionals other than researchers and
                                       data-protection officers (own clients, worklist,
                                       screening)
can_record_client                      those who can coordinate (the recorder becomes the
                                       client's personal coordinator)
is_researcher                          researchers
=====================================  ==================================================
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, TypeGuard

from django.db import connection
from django.db.models import BooleanField, ManyToManyField, Q, QuerySet
from django.db.models.expressions import RawSQL

from polku.accounts.models import Organisation, Profession, User

if TYPE_CHECKING:
    from polku.core.http import AnyUser
    from polku.referrals.models import ReceivingTeam, Referral


def is_professional(user: object) -> TypeGuard[User]:
    """A signed-in, active professional of an organisation (not a client, not anonymous);
    for mypy, a User with an organisation."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_professional", False)
    )


def _profession(user: AnyUser | None) -> str:
    return getattr(user, "profession", "") or ""


# --- research and reporting --------------------------------------------------------------------


def can_view_dashboard(user: AnyUser | None) -> bool:
    """The reports (aggregates only): service managers and researchers, or anyone given the
    research.view_dashboard permission."""
    return is_professional(user) and (
        _profession(user) in (Profession.SERVICE_MANAGER, Profession.RESEARCHER)
        or user.has_perm("research.view_dashboard")
    )


def can_export(user: AnyUser | None) -> bool:
    """Pseudonymised research exports: researchers, or the research.export_cohort permission."""
    return is_professional(user) and (
        _profession(user) == Profession.RESEARCHER or user.has_perm("research.export_cohort")
    )


def is_researcher(user: AnyUser | None) -> bool:
    return is_professional(user) and _profession(user) == Profession.RESEARCHER


# --- clients of one's own ----------------------------------------------------------------------

# Professions never in a client's network: researchers work on pseudonymised data (the reports
# and exports), data-protection officers serve the clients' right-of-access requests
# (polku.privacy). They have no clients of their own, so no client list, worklist or
# screening of them.
WITHOUT_CLIENTS = frozenset({Profession.RESEARCHER, Profession.DATA_PROTECTION_OFFICER})


def works_with_clients(user: AnyUser | None) -> bool:
    """Professionals who work with clients of their own (their list, worklist, screening)."""
    return is_professional(user) and _profession(user) not in WITHOUT_CLIENTS


def can_view_feedback_summary(user: AnyUser | None) -> bool:
    """The clients' feedback on one's own organisation (aggregates by month): those who work
    with clients. Researchers and data-protection officers have no clients and so no feedback
    of their own; researchers see the service's feedback on the reports (client_experience)."""
    return works_with_clients(user)


def can_record_client(user: AnyUser | None) -> bool:
    """Recording a new client: the recorder becomes the client's personal coordinator
    (polku.clients.services.record_client), so only those who can coordinate."""
    return can_coordinate(user)


# --- worklists ----------------------------------------------------------------------------------


def is_service_manager(user: AnyUser | None) -> bool:
    return is_professional(user) and _profession(user) == Profession.SERVICE_MANAGER


def can_view_team_worklist(user: AnyUser | None) -> bool:
    """The team view (every at-risk client of the organisation): service managers only."""
    return is_service_manager(user)


# --- screening (route plans) ---------------------------------------------------------------------

# Who may start a population screening (issue #18, finding 13): it reads every active client
# of every organisation and rewrites every coordinator's list, so it is a service's decision,
# not any user's. Service managers and the authorities' coordinating professionals (those
# who can be a personal coordinator, see can_coordinate) of a public authority may; NGO/shelter
# partner workers, experience experts, researchers and administrators may not.
SCREENING_PROFESSIONS = frozenset(
    {
        Profession.SERVICE_MANAGER,
        Profession.KELA_BENEFIT_EXPERT,
        Profession.WORK_ABILITY_COORDINATOR,
        Profession.NURSE,
        Profession.DOCTOR,
        Profession.SOCIAL_WORKER,
        Profession.EDUCATION_COUNSELLOR,
        Profession.EMPLOYMENT_COUNSELLOR,
        Profession.THERAPIST,
        Profession.LIFESTYLE_COACH,
    }
)


def can_start_screening(user: AnyUser | None) -> bool:
    if not is_professional(user) or _profession(user) not in SCREENING_PROFESSIONS:
        return False
    organisation = user.organisation
    return organisation is not None and organisation.is_public_authority


# --- the personal coordinator role (handover) ----------------------------------------------------

# Who can take the personal coordinator role (omaohjaaja): the authorities' client-facing
# professionals. Not NGO partner workers (not authorities: they refer and see a referral's
# status), experience experts (peer support beside a professional), service managers,
# researchers, IT administrators or data-protection officers.
NOT_COORDINATING = frozenset(
    {
        Profession.PARTNER_WORKER,
        Profession.EXPERIENCE_EXPERT,
        Profession.SERVICE_MANAGER,
        Profession.RESEARCHER,
        Profession.ADMINISTRATOR,
        Profession.DATA_PROTECTION_OFFICER,
    }
)
COORDINATING_PROFESSIONS = tuple(p for p in Profession.values if p not in NOT_COORDINATING)


def can_coordinate(user: AnyUser | None) -> bool:
    """Whether `user` can be a client's personal coordinator (asked of the receiver of a
    handover, not of the signed-in user)."""
    return is_professional(user) and _profession(user) in COORDINATING_PROFESSIONS


# --- referrals ------------------------------------------------------------------------------------


def is_partner(user: AnyUser | None) -> bool:
    """A professional of a non-authority organisation (NGO, shelter, home, unit)."""
    if not is_professional(user) or user.organisation_id is None:
        return False
    if User.organisation.is_cached(user):  # loaded with the user (with_roles)
        organisation = user.organisation
        return organisation is not None and not organisation.is_public_authority
    return Organisation.objects.filter(pk=user.organisation_id, is_public_authority=False).exists()


def can_refer(user: AnyUser | None) -> bool:
    """Making referrals and seeing their status: the referring partners."""
    return is_partner(user)


def teams_of(user: AnyUser | None) -> QuerySet[ReceivingTeam]:
    """The receiving teams `user` is a member or the service manager of."""
    from polku.referrals.models import ReceivingTeam

    if not is_professional(user):
        return ReceivingTeam.objects.none()
    return ReceivingTeam.objects.filter(Q(members=user) | Q(service_manager=user)).distinct()


def managed_teams(user: AnyUser | None) -> QuerySet[ReceivingTeam]:
    """The receiving teams `user` is the service manager of (overdue referrals escalate to)."""
    from polku.referrals.models import ReceivingTeam

    if not is_professional(user):
        return ReceivingTeam.objects.none()
    return ReceivingTeam.objects.filter(service_manager=user)


def in_team(user: AnyUser | None, team_id: int) -> bool:
    """A member or the service manager of the team `team_id`."""
    return teams_of(user).filter(pk=team_id).exists()


def can_see_referral_queue(user: AnyUser | None) -> bool:
    on_a_team = getattr(user, _ON_A_TEAM, None)  # loaded with the user (with_roles)
    if on_a_team is not None:
        return is_professional(user) and bool(on_a_team)
    return teams_of(user).exists()


def referral_consent_in_force() -> Q:
    """Referrals whose client has not withdrawn the consent to the referral."""
    return Q(consent_withdrawn_at__isnull=True) & (
        Q(consent__isnull=True) | Q(consent__withdrawn_at__isnull=True)
    )


def referrals_for_team(user: AnyUser | None) -> QuerySet[Referral]:
    """Every referral of the teams `user` belongs to (closed and withdrawn included: after a
    withdrawn consent the team still keeps the record that it was received and answered)."""
    from polku.referrals.models import Referral

    return Referral.objects.filter(team__in=teams_of(user).values("pk"))


def referrals_for_partner(user: AnyUser | None) -> QuerySet[Referral]:
    """Referrals made by `user`'s organisation whose consent is in force: the access rule for
    the referring partner. Everything the partner sees of a referral (its status, named
    worker, outcome and the referred client's name) comes through it, so once the client
    withdraws the consent the partner sees nothing of it."""
    from polku.referrals.models import Referral

    if not is_professional(user):
        return Referral.objects.none()
    return Referral.objects.filter(
        referral_consent_in_force(), partner_organisation_id=user.organisation_id
    )


# --- the signed-in user ---------------------------------------------------------------------------

_ON_A_TEAM = "on_a_receiving_team"


def with_roles(users: QuerySet[User]) -> QuerySet[User]:
    """`users` as the authentication backend loads the signed-in user for each request
    (polku.access.backends): with the organisation, and whether they are on a receiving team
    (a member or its service manager), in the one query that loads them. The menu's questions
    (is_partner, can_see_referral_queue) and the page header (the organisation's name) then
    ask the database nothing more. For a query of its own (not a subquery): the condition
    names the user table itself."""
    # Only the models' own table and column names, quoted; no parameters.
    on_a_team = RawSQL(_on_a_team_sql(), (), output_field=BooleanField())  # noqa: S611
    return users.select_related("organisation").annotate(**{_ON_A_TEAM: on_a_team})


@cache
def _on_a_team_sql() -> str:
    """EXISTS … OR EXISTS …, written out once: the ORM's Exists() cost every page more
    compiling than the database took answering (issue 20)."""
    from polku.referrals.models import ReceivingTeam

    quote = connection.ops.quote_name
    user = f"{quote(User._meta.db_table)}.{quote(str(User._meta.pk.column))}"
    members = ReceivingTeam._meta.get_field("members")
    assert isinstance(members, ManyToManyField)
    manager = ReceivingTeam._meta.get_field("service_manager").column
    return (
        f"EXISTS (SELECT 1 FROM {quote(members.m2m_db_table())}"  # noqa: S608
        f" WHERE {quote(members.m2m_reverse_name())} = {user})"
        f" OR EXISTS (SELECT 1 FROM {quote(ReceivingTeam._meta.db_table)}"
        f" WHERE {quote(manager)} = {user})"
    )


def can_serve_data_requests(user: AnyUser | None) -> bool:
    """A data-protection officer, who produces a client's right-of-access export
    (polku.privacy) for any client found by their identity code — a deliberate, audited
    exception to the network-and-consent rule; nobody else, administrators included."""
    return is_professional(user) and getattr(user, "profession", "") == "data_protection_officer"
