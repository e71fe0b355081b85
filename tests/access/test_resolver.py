"""The resolver (polku.access.resolver) answers every role question, and nothing else does:
a table of professions per question, "no" for anyone who is not an active professional, the
navigation's predicates taken from it, and no role read elsewhere in the code."""

import inspect
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from polku.access import resolver
from polku.accounts.models import OrganisationKind, Profession, User
from tests.factories import OrganisationFactory, ProfessionalFactory, ReceivingTeamFactory

pytestmark = pytest.mark.django_db

AUTHORITY_CLIENT_WORK = {
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
# question → the professions (of a public authority) to whom the answer is yes.
YES = {
    "can_view_dashboard": {Profession.SERVICE_MANAGER, Profession.RESEARCHER},
    "can_export": {Profession.RESEARCHER},
    "can_view_team_worklist": {Profession.SERVICE_MANAGER},
    "is_service_manager": {Profession.SERVICE_MANAGER},
    "can_start_screening": AUTHORITY_CLIENT_WORK | {Profession.SERVICE_MANAGER},
    "can_coordinate": AUTHORITY_CLIENT_WORK,
    "is_professional": set(Profession.values),
    "is_partner": set(),
    "can_refer": set(),
    "can_see_referral_queue": set(),
    "can_serve_data_requests": {Profession.DATA_PROTECTION_OFFICER},
    "is_researcher": {Profession.RESEARCHER},
    "works_with_clients": set(Profession.values)
    - {Profession.RESEARCHER, Profession.DATA_PROTECTION_OFFICER},
    "can_record_client": AUTHORITY_CLIENT_WORK,
    "can_view_feedback_summary": set(Profession.values)
    - {Profession.RESEARCHER, Profession.DATA_PROTECTION_OFFICER},
}
# The questions about a user alone: every public function of the resolver with one argument
# answering yes or no (is_professional's answer is also a TypeGuard for mypy).
USER_QUESTIONS = sorted(
    name
    for name, function in inspect.getmembers(resolver, inspect.isfunction)
    if function.__module__ == resolver.__name__
    and not name.startswith("_")
    and list(inspect.signature(function).parameters) == ["user"]
    and inspect.signature(function).return_annotation in (bool, "bool", "TypeGuard[User]")
)


def test_every_yes_or_no_question_is_in_the_table():
    assert set(USER_QUESTIONS) == set(YES)


@pytest.mark.parametrize("question", USER_QUESTIONS)
@pytest.mark.parametrize("profession", Profession.values)
def test_who_gets_a_yes_at_a_public_authority(question, profession):
    authority = OrganisationFactory(name="Viranomainen", is_public_authority=True)
    user = ProfessionalFactory(organisation=authority, profession=profession)
    assert getattr(resolver, question)(user) is (profession in YES[question])


@pytest.mark.parametrize("profession", Profession.values)
def test_at_an_ngo_only_the_referral_questions_change(profession):
    ngo = OrganisationFactory(name="Ensikoti", kind=OrganisationKind.NGO, is_public_authority=False)
    user = ProfessionalFactory(organisation=ngo, profession=profession)
    assert resolver.is_partner(user) and resolver.can_refer(user)
    assert not resolver.can_start_screening(user)  # a public authority's decision only
    assert resolver.can_coordinate(user) is (profession in YES["can_coordinate"])
    assert resolver.can_view_dashboard(user) is (profession in YES["can_view_dashboard"])


def _not_professionals():
    inactive = ProfessionalFactory(is_active=False, profession=Profession.SERVICE_MANAGER)
    superuser = User.objects.create_superuser("ylläpito", "y@example.fi", "salasana-testi-123")
    return {"anonymous": AnonymousUser(), "none": None, "inactive": inactive, "admin": superuser}


@pytest.mark.parametrize("question", USER_QUESTIONS)
def test_no_one_but_an_active_professional_gets_a_yes(question):
    for who, user in _not_professionals().items():
        assert getattr(resolver, question)(user) is False, who


def test_the_permissions_open_the_reports_and_exports_to_other_professions():
    nurse = ProfessionalFactory(profession=Profession.NURSE)
    assert not resolver.can_view_dashboard(nurse) and not resolver.can_export(nurse)
    nurse.user_permissions.add(
        Permission.objects.get(codename="view_dashboard", content_type__app_label="research"),
        Permission.objects.get(codename="export_cohort", content_type__app_label="research"),
    )
    nurse = User.objects.get(pk=nurse.pk)  # the permission cache is per instance
    assert resolver.can_view_dashboard(nurse) and resolver.can_export(nurse)


def test_teams_are_their_members_and_their_service_manager():
    member = ProfessionalFactory()
    team = ReceivingTeamFactory(organisation=member.organisation, members=[member])
    outsider = ProfessionalFactory(organisation=member.organisation)
    for user in (member, team.service_manager):
        assert list(resolver.teams_of(user)) == [team]
        assert resolver.in_team(user, team.pk) and resolver.can_see_referral_queue(user)
    assert list(resolver.managed_teams(team.service_manager)) == [team]
    assert not resolver.managed_teams(member).exists()
    assert not resolver.in_team(outsider, team.pk)
    assert not resolver.can_see_referral_queue(outsider)
    assert not resolver.referrals_for_team(outsider).exists()
    assert not resolver.referrals_for_partner(AnonymousUser()).exists()


def test_the_navigation_asks_the_resolver():
    from polku.core import hooks

    items = hooks.navigation.items()
    assert items, "the navigation hook is empty"
    guarded = {item.url_name: item.visible for item in items if item.visible.__name__ != "_always"}
    assert {
        "worklists:team",
        "research:dashboard",
        "referrals:queue",
        "clients:my_clients",
        "clients:new",
        "route_plans:screening",
    } <= set(guarded)
    for url_name, visible in guarded.items():
        assert visible.__module__ == resolver.__name__, f"{url_name} decides a role itself"
    for item in items:
        if item.landing is not None:
            assert item.landing.__module__ == resolver.__name__, item.url_name


# A role read outside polku.access: the professional flag, or a profession compared.
ROLE_READ = re.compile(
    r"""getattr\([^)]*["']is_professional["']"""
    r"""|(?<!resolver)\.is_professional\b"""
    r"""|\.profession\s*(==|!=|\bin\b|\bnot in\b)"""
    r"""|profession\b["']?\)?\s*(==|!=)\s*["'A-Z]"""
    r"""|getattr\([^)]*["']profession["'][^)]*\)\s*(==|!=|\bin\b)"""
)
ALLOWED_FILES = {"access/resolver.py", "access/policy.py", "accounts/models.py"}
# Demo data chooses what a made-up person does by their profession: no one's access.
NOT_ACCESS = ("demo/", "migrations/")


def test_no_role_is_decided_outside_the_resolver():
    root = Path(resolver.__file__).resolve().parents[1]
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in ALLOWED_FILES or any(part in relative for part in NOT_ACCESS):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_READ.search(line):
                found.append(f"polku/{relative}:{number}: {line.strip()}")
    assert not found, "ask polku.access.resolver instead:\n" + "\n".join(found)
