"""WSGI entry point (ponte.wsgi:application): `ponte serve` runs it on Granian."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
application = get_wsgi_application()
