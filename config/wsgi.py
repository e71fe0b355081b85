import os

from django.core.wsgi import get_wsgi_application

from config import settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()  # DJANGO_ENV is required
application = get_wsgi_application()
