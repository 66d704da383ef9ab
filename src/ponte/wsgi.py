"""WSGI entry point (ponte.wsgi:application): `ponte serve` runs it on Granian."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
application = get_wsgi_application()

# Every server process imports this module once, before it accepts connections: load the
# embedding model and the vector index now rather than in the first user's search.
from ponte.search.warmup import warm_up  # noqa: E402  (needs the apps loaded above)

warm_up()
# The warm-up's database connection must not outlive it: a pre-forking server (gunicorn
# --preload) would otherwise hand the same connection to every worker.
connections.close_all()
