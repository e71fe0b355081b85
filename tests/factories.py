"""Typed factories with Finnish fake data. Clients are made through the services, so they
obey the same invariants as real ones (a coordinator, an audited creation, a consent)."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from polku.accounts.models import Organisation, OrganisationKind, Profession, User
from polku.clients import hetu, services
from polku.clients.models import Client

_individual = itertools.count(900)
_birth = itertools.count(0)


def synthetic_hetu(birth_date: dt.date | None = None) -> str:
    """A valid code with a test individual number (900–999) and a distinct birth date, or the
    given one. The dates fall in 1966–1998, so the default test client is of working age
    (28–60 in 2026) and older than any child a test records: a test that needs another age
    says so with `birth_date`."""
    n = next(_birth)
    birth = birth_date or dt.date(1966, 1, 1) + dt.timedelta(days=n * 37 % 12000)
    return hetu.build(birth, 900 + n % 100)


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
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fi")
    organisation = factory.SubFactory(OrganisationFactory)
    profession = Profession.KELA_BENEFIT_EXPERT
    password = factory.PostGenerationMethodCall("set_password", "salasana-testi-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
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
    fields = {"first_names": "Aino", "last_name": "Virtanen", **data}
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
