import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level tests read the English messages; outside a request the active language
    would be the default, Finnish. (Pages pick their language per request regardless.)"""
    with translation.override("en"):
        yield
