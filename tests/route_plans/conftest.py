import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def engine():
    """The rules engine the tests use."""
    from tests.route_plans import fake_engine

    return fake_engine
