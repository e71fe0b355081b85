import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are checked by their English text (translations come later)."""
    with translation.override("en"):
        yield
