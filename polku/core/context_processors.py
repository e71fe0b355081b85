from django.conf import settings


def polku(request):
    return {"demo_mode": settings.POLKU_DEMO_MODE}
