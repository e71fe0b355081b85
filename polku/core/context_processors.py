from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import navigation


def polku(request: HttpRequest) -> dict[str, Any]:
    """The menu is worked out only when a template shows it (not for a page's fragment)."""
    return {
        "demo_mode": settings.POLKU_DEMO_MODE,
        "app_navigation": SimpleLazyObject(lambda: navigation.items_for(request)),
    }
