"""Settings for the test suite: Ponte's own, with a throwaway secret and fast hashing."""

import os

os.environ.setdefault("PONTE_SECRET_KEY", "test-only-secret-not-for-production")
os.environ.setdefault("PONTE_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from ponte.settings import *  # noqa: E402,F403

# Hashing strength is not what the tests check; argon2 is covered in tests/accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405

# Parallel workers (pytest-xdist) each get their own Redis database, so one worker clearing
# its cache never wipes another's sign-in counters.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _base = CACHES["default"]["LOCATION"].rsplit("/", 1)[0]  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_base}/{1 + int(_worker or 0)}"  # noqa: F405

# SQLite test databases live in files, not in memory. Django shares one in-memory connection
# between the live server's request threads, and two requests at once (a page and its htmx
# call) then wait on each other for ever; with a file each thread has its own connection,
# and WAL lets them read while one writes. pytest-xdist adds a suffix per worker.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    _test_database = VAR_DIR / "test-database.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_test_database)}  # noqa: F405
    # A run that ended with live-server threads still connected leaves its WAL behind; it
    # must not meet the next run's new database of the same name.
    _xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
    _stem = f"{_test_database}_{_xdist_worker}" if _xdist_worker else str(_test_database)
    for _leftover in (_stem, f"{_stem}-wal", f"{_stem}-shm", f"{_stem}-journal"):
        if os.path.exists(_leftover):
            os.remove(_leftover)
PONTE_PERIODIC_WORK = False  # tests queue periodic work themselves (tests/core/test_schedule.py)
