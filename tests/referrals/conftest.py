import pytest
from django.utils import translation

from polku.accounts.models import OrganisationKind, Profession
from polku.referrals import services
from tests.factories import (
    OrganisationFactory,
    ProfessionalFactory,
    ReceivingTeamFactory,
    synthetic_hetu,
)


@pytest.fixture(autouse=True)
def english():
    """Messages are checked by their English text (translations come later)."""
    with translation.override("en"):
        yield


@pytest.fixture
def kela_special():
    return OrganisationFactory(name="Kela, erityispalvelut", kind=OrganisationKind.KELA)


@pytest.fixture
def shelter():
    return OrganisationFactory(
        name="Seinäjoen turvakoti", kind=OrganisationKind.NGO, is_public_authority=False
    )


@pytest.fixture
def other_shelter():
    return OrganisationFactory(
        name="Ensikoti Lakeus", kind=OrganisationKind.NGO, is_public_authority=False
    )


@pytest.fixture
def partner(shelter):
    return ProfessionalFactory(
        username="turvakoti.ohjaaja", organisation=shelter, profession=Profession.PARTNER_WORKER
    )


@pytest.fixture
def other_partner(other_shelter):
    return ProfessionalFactory(
        username="ensikoti.ohjaaja",
        organisation=other_shelter,
        profession=Profession.PARTNER_WORKER,
    )


@pytest.fixture
def worker(kela_special):
    return ProfessionalFactory(
        username="kela.erityis",
        organisation=kela_special,
        first_name="Leena",
        last_name="Kivelä",
        phone="040 123 4567",
    )


@pytest.fixture
def colleague(kela_special):
    return ProfessionalFactory(username="kela.erityis2", organisation=kela_special)


@pytest.fixture
def manager(kela_special):
    return ProfessionalFactory(
        username="kela.esimies", organisation=kela_special, profession=Profession.SERVICE_MANAGER
    )


@pytest.fixture
def outsider(kela):
    """A Kela professional outside the receiving team."""
    return ProfessionalFactory(username="kela.muu", organisation=kela)


@pytest.fixture
def team(kela_special, worker, colleague, manager):
    return ReceivingTeamFactory(
        organisation=kela_special,
        name="Kela special services",
        phone="020 692 200",
        email="erityis@example.fi",
        service_manager=manager,
        members=[worker, colleague],
    )


def referral_data(**overrides):
    data = {
        "first_names": "Kerttuliina",
        "last_name": "Esimerkkiläinen",
        "hetu": synthetic_hetu(),
        "identity_confirmed": True,
        "situation": "I left home with the children and do not know how to pay the rent.",
        "urgency": "soon",
        "consent_in_person": True,
        "consent_scope": "The situation and contact details",
        "consent_covers_partner": False,
        "contact_channel": "phone",
        "contact_details": "040 000 0000",
        "language": "sv",
        "partner_present": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_referral(partner, team):
    def make(by=None, **overrides):
        return services.create_referral(
            by=by or partner, team=team, data=referral_data(**overrides)
        )

    return make


@pytest.fixture
def referral(make_referral):
    return make_referral()
