import pytest

from polku.catalogue import loader


@pytest.fixture
def catalogue(db):
    loader.load()
