from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import navigation


def polku(request: HttpRequest) -> dict[str, Any]:
    return {"demo_mode": settings.POLKU_DEMO_MODE, "app_navigation": navigation.items_for(request)}
