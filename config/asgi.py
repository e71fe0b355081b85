import os

from django.core.asgi import get_asgi_application

from config import settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()  # DJANGO_ENV is required
application = get_asgi_application()
