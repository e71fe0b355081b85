from django.conf import settings

from . import navigation


def polku(request):
    return {"demo_mode": settings.POLKU_DEMO_MODE, "app_navigation": navigation.items_for(request)}
