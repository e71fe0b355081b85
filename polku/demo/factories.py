"""factory_boy factories with Finnish fake data, shared by the demo (polku.demo.builders) and
the tests (tests/factories.py re-exports them). Clients are made through the services, so they
obey the same invariants as real ones (a coordinator, an audited creation, a consent); the
casework rows (meetings, agreements, plans, handovers) are written as rows, as a test that
needs a state without walking the whole service flow wants them.

factory_boy is a dependency of the demo (the `demo` extra in pyproject.toml), not of a
production installation, which does not install polku.demo."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone
from faker import Factory as FakerFactory

from polku.accounts.models import Organisation, OrganisationKind, Profession, User
from polku.catalogue.models import Provider, Service
from polku.clients import hetu, services
from polku.clients.models import Client
from polku.handover.models import Handover
from polku.meetings.models import Agreement, Meeting, MeetingStatus, NextContact
from polku.plans.models import Goal, Plan, Step
from polku.referrals.models import ReceivingTeam

_individual = itertools.count(900)
_birth = itertools.count(0)

# The default client's name (make_client). A professional never shares a part of it, so that a
# test can look for the client's name on a page that also names the professionals.
CLIENT_FIRST_NAMES, CLIENT_LAST_NAME = "Aino", "Virtanen"
_names = FakerFactory.create("fi_FI")


def _professional_name(kind: str) -> str:
    draw = getattr(_names, kind)
    name = draw()
    while name in (CLIENT_FIRST_NAMES, CLIENT_LAST_NAME):
        name = draw()
    return name


def synthetic_hetu(birth_date: dt.date | None = None) -> str:
    """A valid code with a test individual number (900–999) and a distinct birth date, or the
    given one. The dates fall in 1966–1998, so the default test client is of working age
    (28–60 in 2026) and older than any child a test records: a test that needs another age
    says so with `birth_date`."""
    n = next(_birth)
    birth = birth_date or dt.date(1966, 1, 1) + dt.timedelta(days=n * 37 % 12000)
    return hetu.build(birth, 900 + n % 100)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """`hour` o'clock on `day` in the local time zone (Europe/Helsinki)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisaatio {n}")
    kind = OrganisationKind.KELA
    is_public_authority = True
    municipality = "Seinäjoki"


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"ammattilainen{n}")
    first_name = factory.LazyFunction(lambda: _professional_name("first_name"))
    last_name = factory.LazyFunction(lambda: _professional_name("last_name"))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fi")
    organisation = factory.SubFactory(OrganisationFactory)
    profession = Profession.KELA_BENEFIT_EXPERT
    password = factory.PostGenerationMethodCall("set_password", "salasana-testi-123")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # type: ignore[misc]  # factory_boy passes the built object, not the factory
        if create:
            obj.save()


def make_client(
    *,
    coordinator: User,
    consent_organisations: list[Organisation] | None = None,
    with_consent: bool = True,
    **data,
) -> Client:
    """An active client coordinated by `coordinator`, with a consent covering the coordinator's
    organisation (and `consent_organisations`), unless with_consent=False (intake)."""
    fields = {"first_names": CLIENT_FIRST_NAMES, "last_name": CLIENT_LAST_NAME, **data}
    # The birth date comes from the henkilötunnus: a wanted birth date is built into the code.
    code = fields.pop("hetu", None) or synthetic_hetu(fields.pop("birth_date", None))
    consent = None
    if with_consent:
        orgs = {coordinator.organisation, *(consent_organisations or [])}
        consent = {
            "organisations": orgs,
            "purpose": "coordination",
            "given_how": "in_person",
            "valid_from": timezone.localdate() - dt.timedelta(days=30),
        }
    return services.record_client(by=coordinator, hetu=code, data=fields, consent=consent)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned follow-up by phone today at 10–11; `closed=True`: held and closed by the
    organiser. Pass `client`; without one a client coordinated by the organiser is recorded."""

    class Meta:
        model = Meeting

    class Params:
        day = factory.LazyFunction(timezone.localdate)
        closed = factory.Trait(
            status=MeetingStatus.CLOSED,
            closed_at=factory.SelfAttribute("ends_at"),
            closed_by=factory.SelfAttribute("organiser"),
        )

    organiser = factory.SubFactory(ProfessionalFactory)
    client = factory.LazyAttribute(lambda o: make_client(coordinator=o.organiser))
    kind = "follow_up"
    mode = "phone"
    starts_at = factory.LazyAttribute(lambda o: at(o.day))
    ends_at = factory.LazyAttribute(lambda o: at(o.day, 11))
    status = MeetingStatus.PLANNED


class AgreementFactory(factory.django.DjangoModelFactory):
    """An open agreement made in a closed meeting, owned by the meeting's organiser."""

    class Meta:
        model = Agreement

    meeting = factory.SubFactory(MeetingFactory, closed=True)
    client = factory.SelfAttribute("meeting.client")
    owner = factory.SelfAttribute("meeting.organiser")
    what = "Hakemus kuntoutusrahasta"
    due_on = factory.LazyAttribute(lambda o: o.meeting.starts_at.date() + dt.timedelta(days=7))
    status = "open"


class NextContactFactory(factory.django.DjangoModelFactory):
    """The next contact agreed in a closed meeting, by phone, made by the organiser."""

    class Meta:
        model = NextContact

    meeting = factory.SubFactory(MeetingFactory, closed=True)
    client = factory.SelfAttribute("meeting.client")
    contact_by = factory.SelfAttribute("meeting.organiser")
    due_on = factory.LazyAttribute(lambda o: o.meeting.starts_at.date() + dt.timedelta(days=14))
    channel = "phone"


class PlanFactory(factory.django.DjangoModelFactory):
    """The client's plan (one per client), made by whoever recorded the client."""

    class Meta:
        model = Plan
        django_get_or_create = ("client",)

    created_by = factory.SubFactory(ProfessionalFactory)
    client = factory.LazyAttribute(lambda o: make_client(coordinator=o.created_by))


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text = "Haluan töihin"
    status = "active"


class StepFactory(factory.django.DjangoModelFactory):
    """A planned step in two weeks; its organisation is the responsible professional's (None
    with nobody responsible yet: left for the coordinator to assign)."""

    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    what = "Ammatillisen kuntoutuksen selvitys"
    responsible = factory.SubFactory(ProfessionalFactory)
    organisation = factory.LazyAttribute(
        lambda o: o.responsible.organisation if o.responsible is not None else None
    )
    target_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    status = "planned"
    done_on = factory.LazyAttribute(lambda o: o.target_date if o.status == "done" else None)


class HandoverFactory(factory.django.DjangoModelFactory):
    """A proposed warm handover from the client's coordinator to another professional."""

    class Meta:
        model = Handover

    from_coordinator = factory.SubFactory(ProfessionalFactory)
    client = factory.LazyAttribute(lambda o: make_client(coordinator=o.from_coordinator))
    to_professional = factory.SubFactory(ProfessionalFactory)
    reason = "Kuntoutus ensisijainen"
    summary = "Yhteenveto"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("name",)

    name = "Kela (test)"
    kind = OrganisationKind.KELA


class ServiceFactory(factory.django.DjangoModelFactory):
    """A benefit on the map with the same text in every language and a processing time of
    `processing_time_days` (0: none known, then no source either)."""

    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"palvelu-{n}")
    kind = "benefit"
    provider = factory.SubFactory(ProviderFactory)
    name_fi = "Kuntoutusraha"
    name_sv = factory.SelfAttribute("name_fi")
    name_en = factory.SelfAttribute("name_fi")
    audience_fi = audience_sv = audience_en = "x"
    description_fi = description_sv = description_en = "x"
    source_url = "https://www.kela.fi/"
    last_checked = dt.date(2026, 11, 23)
    processing_time_days = 30
    processing_time_source = factory.LazyAttribute(
        lambda o: "Kela, tavoiteajat (test)" if o.processing_time_days else ""
    )


class ReceivingTeamFactory(factory.django.DjangoModelFactory):
    """A team that receives partner referrals; `members=[…]` adds its workers."""

    class Meta:
        model = ReceivingTeam
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vastaanottava tiimi {n}")
    service_manager = factory.SubFactory(
        ProfessionalFactory,
        organisation=factory.SelfAttribute("..organisation"),
        profession=Profession.SERVICE_MANAGER,
    )

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.add(*extracted)
