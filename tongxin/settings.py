"""Tongxin settings: one module, every deployment knob from the environment.

Values are parsed strictly: a malformed value raises ImproperlyConfigured at start-up instead
of being silently replaced by a default (the habit of healthchecks' envbool/envint).
A `.env` file beside manage.py is read if present; real environment variables win.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

# Django's generic classes take their type arguments at run time too (`forms.ModelForm[Area]`).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# ENV_FILE names another file instead (tests give theirs, or os.devnull to read none).
load_dotenv(os.environ.get("ENV_FILE") or BASE_DIR / ".env", override=False)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envtileurl(name: str) -> str:
    """A map tile URL template ({z}/{x}/{y}) on a server of our own, or "" for none."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return ""
    if not value.startswith(("https://", "http://", "/")) or not all(p in value for p in ("{z}", "{x}", "{y}")):
        raise ImproperlyConfigured(f"{name} must be an http(s) URL or path with {{z}}, {{x}} and {{y}}, got {value!r}")
    return value


def envhhmm(name: str, default: str) -> str:
    """A wall-clock time written HH:MM, 24-hour (e.g. 08:30)."""
    value = (os.environ.get(name) or "").strip() or default
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ImproperlyConfigured(f'{name} must be a time written "HH:MM" (e.g. "08:30"), got {value!r}')
    return value


def envredisurl(name: str) -> str:
    """A redis://, rediss:// or unix:// URL, or "" for none."""
    value = (os.environ.get(name) or "").strip()
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must be a redis://, rediss:// or unix:// URL, got {value!r}")
    return value


# DEMO_MODE allows the well-known demo keys below. Never set it in production: the system
# check `tongxin.W001` reports it under `manage.py check --deploy`.
DEMO_MODE = envbool("DEMO_MODE", False)
DEBUG = envbool("DEBUG", False)

_DEMO_SECRET_KEY = "demo-only-insecure-secret-key-do-not-use-in-production-0123456789"
# A Fernet key (urlsafe base64 of 32 bytes). Demo only: production sets its own.
_DEMO_FIELD_KEY = "ZGVtby1vbmx5LWZpZWxkLWtleS0xMjM0NTY3ODkwYWI="

SECRET_KEY = os.environ.get("SECRET_KEY") or (_DEMO_SECRET_KEY if DEMO_MODE else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is required (or DEMO_MODE=true for the demo)")

# Comma-separated Fernet keys; the first encrypts, all decrypt (rotation: put the new key
# first, run `manage.py rotate_field_key`, then drop the old one).
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEY", [_DEMO_FIELD_KEY] if DEMO_MODE else [])
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is required (or DEMO_MODE=true)")
# The keyed hash used for exact lookup and uniqueness must not change when the encryption
# key rotates, so it has its own key.
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY") or SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "tongxin.platform.core",
    "tongxin.platform.access",
    "tongxin.platform.calendar",
    "tongxin.registry.areas",
    "tongxin.registry.people",
    "tongxin.registry.party",
    "tongxin.partylife.dues",
    "tongxin.registry.cobuild",
    "tongxin.registry.places",
    "tongxin.grid.cases",
    "tongxin.partylife.meetings",
    "tongxin.partylife.development",
    "tongxin.partylife.transfers",
    "tongxin.partylife.inservice",
    "tongxin.partylife.points",
    "tongxin.volunteering.service",
    "tongxin.volunteering.activities",
    "tongxin.volunteering.programmes",
    "tongxin.fieldwork.visits",
    "tongxin.council.boards",
    "tongxin.council.consultation",
    "tongxin.council.mediation",
    "tongxin.council.ratings",
    "tongxin.council.honours",
    "tongxin.council.commitments",
    "tongxin.cobuilding.agreements",
    "tongxin.cobuilding.resources",
    "tongxin.cobuilding.projects",
    "tongxin.cobuilding.committee",
    "tongxin.cobuilding.overview",
    "tongxin.volunteering.pairing",
    "tongxin.fieldwork.campaigns",
    "tongxin.fieldwork.notices",
    "tongxin.frontdesk.rosters",
    "tongxin.frontdesk.errands",
    "tongxin.estates.owners",
    "tongxin.estates.ledger",
    "tongxin.interfaces.reports",
    "tongxin.platform.inbox",
    "tongxin.grid.open311",
    "tongxin.interfaces.public",
    "tongxin.interfaces.demo",
    "tongxin.interfaces.home",
    "tongxin.interfaces.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's SessionMiddleware, saving the session once a minute rather than on every request.
    "tongxin.platform.access.middleware.IdleTimeoutSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tongxin.platform.core.middleware.RequestContextMiddleware",
    "tongxin.platform.web.perms.ForbiddenMiddleware",
]

ROOT_URLCONF = "tongxin.urls"
WSGI_APPLICATION = "tongxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tongxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongxin.platform.access.context_processors.access",
                "tongxin.platform.inbox.context_processors.inbox",
                "tongxin.interfaces.home.context_processors.menu",
            ],
            # platform/web is not an app; its tags are named here.
            "libraries": {"follow_ups": "tongxin.platform.web.templatetags.follow_ups"},
        },
    },
]

VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tongxin.sqlite3'}"
# A worker keeps its connection across requests on SQLite as on PostgreSQL: opening one and
# running the PRAGMAs below for every request cut SQLite's /healthz from ~2,500 to ~300 req/s
# (bench/README.md, "Throughput"). The health check replaces a connection that went away.
DATABASE_CONN_MAX_AGE = envint("DATABASE_CONN_MAX_AGE", 60)
try:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True)
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the busy timeout makes a second writer
    # wait instead of failing with "database is locked". case_sensitive_like lets SQLite use
    # the path index for the scoping gate's `path LIKE 'prefix%'` (paths are digits and "/",
    # so case never matters there); without it every scoped list scans the whole table.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA case_sensitive_like=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not SQLite's shared in-memory database: that one locks whole tables
    # and fails at once where a real deployment waits, so concurrency tests would lie.
    # One file per process, so two test runs side by side never share a database.
    _test_db = f"tongxin-test-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]}-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / _test_db)}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the figures' year-long aggregates for seconds of CPU and wins
    # nothing back at these sizes (bench/README.md: 2.8 s → 1.3 s for the district's figures).
    # random_page_cost at its SSD value (the default 4 prices spinning disks): with it the
    # planner walks a subdistrict's cases by area through the index instead of reading all of
    # a district's (the case queue's counts 19 → 7 ms, bench/README.md "Throughput").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps the rate limits' counters (public tracking and lookup failures), so it must be
# shared by every gunicorn worker: Redis when REDIS_URL is set, else a table in the database
# (`manage.py createcachetable` creates it; run it wherever `migrate` runs). Never the per-process
# memory cache: each worker would count on its own. docs/decisions/0012-caches.md says why.
REDIS_URL = envredisurl("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            # Django's database cache with an increment that holds across processes.
            "BACKEND": "tongxin.platform.core.cache.DatabaseCache",
            "LOCATION": "tongxin_cache",
            # Culling (a third of the rows once there are more) would drop live counters.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

# Background work (deadlines, reminders, imports) runs as django-tasks tasks; the database
# backend needs no broker: `manage.py db_worker` runs them beside gunicorn.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend"}}
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = ["tongxin.platform.access.backends.LockoutModelBackend"]
PASSWORD_MIN_LENGTH = envint("PASSWORD_MIN_LENGTH", 10, minimum=8)
PASSWORD_MIN_CHAR_CLASSES = envint("PASSWORD_MIN_CHAR_CLASSES", 3, minimum=1)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "tongxin.platform.access.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHAR_CLASSES},
    },
]
# Lockout: after this many failed sign-ins in a row the account is locked for a while.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Idle timeout: the session ends after this many minutes without a request.
SESSION_TIMEOUT_MINUTES = envint("SESSION_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_TIMEOUT_MINUTES * 60
# The session's expiry moves on at most this often (IdleTimeoutSessionMiddleware): a write per
# request would cost every page view a transaction.
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 60, minimum=1)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE_SSL = envbool("SECURE_SSL", not DEBUG and not DEMO_MODE)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if envbool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only trust X-Forwarded-For for the audit trail's address when a proxy we run sets it.
AUDIT_TRUST_X_FORWARDED_FOR = envbool("AUDIT_TRUST_X_FORWARDED_FOR", False)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["tongxin.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry (package-lock.json) and are served by the
# app itself: community offices run on intranets, so there is never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "tongxin" / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/alpinejs", NODE_MODULES / "alpinejs" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
# Hashed, compressed file names need `collectstatic` first (make demo and deployment run it).
STATIC_MANIFEST = envbool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

PAGE_SIZE = envint("PAGE_SIZE", 30, minimum=5)
# The public report page: reports accepted per address per hour, failed tracking look-ups.
PUBLIC_REPORTS_PER_HOUR = envint("PUBLIC_REPORTS_PER_HOUR", 5, minimum=1)
PUBLIC_TRACK_FAILURES_PER_HOUR = envint("PUBLIC_TRACK_FAILURES_PER_HOUR", 20, minimum=1)
# Public programme enrolments accepted per address per hour (failed enrolment look-ups share
# PUBLIC_TRACK_FAILURES_PER_HOUR).
PUBLIC_ENROLMENTS_PER_HOUR = envint("PUBLIC_ENROLMENTS_PER_HOUR", 10, minimum=1)
# Case photos: how many per report or step, the largest file accepted (MB), the longest edge
# they are stored at (pixels), and the largest picture decoded at all (megapixels: a
# "decompression bomb" declares a huge size in a small file).
CASE_PHOTO_MAX_COUNT = envint("CASE_PHOTO_MAX_COUNT", 9, minimum=1)
CASE_PHOTO_MAX_MB = envint("CASE_PHOTO_MAX_MB", 10, minimum=1)
CASE_PHOTO_MAX_EDGE = envint("CASE_PHOTO_MAX_EDGE", 1600, minimum=400)
CASE_PHOTO_MAX_MEGAPIXELS = envint("CASE_PHOTO_MAX_MEGAPIXELS", 50, minimum=1)
# Cases: possible duplicates are cases of the same category at the same place or within this
# many metres, reported within this many days; a receiver may send a wrongly sent case back
# within this many working days (首接负责: after that it is theirs).
CASE_DUPLICATE_DAYS = envint("CASE_DUPLICATE_DAYS", 7, minimum=1)
CASE_DUPLICATE_METRES = envint("CASE_DUPLICATE_METRES", 150, minimum=1)
CASE_SEND_BACK_DAYS = envint("CASE_SEND_BACK_DAYS", 2, minimum=1)
# Consultation (协商议事): how long a decision is published before it is carried out (公示, days);
# objections accepted per address per hour on the public page; the per-matter levy's yearly caps
# per person (一事一议: money in yuan, labour in days per labourer; set by each province —
# docs/decisions/0020-council-voting-rules.md).
CONSULTATION_PUBLICITY_DAYS = envint("CONSULTATION_PUBLICITY_DAYS", 7, minimum=1)
CONSULTATION_OBJECTIONS_PER_HOUR = envint("CONSULTATION_OBJECTIONS_PER_HOUR", 5, minimum=1)
CONSULTATION_TOPICS_PER_HOUR = envint("CONSULTATION_TOPICS_PER_HOUR", 5, minimum=1)
CONSULTATION_LEVY_MONEY_CAP = envint("CONSULTATION_LEVY_MONEY_CAP", 20, minimum=1)
CONSULTATION_LEVY_LABOUR_CAP = envint("CONSULTATION_LEVY_LABOUR_CAP", 10, minimum=1)
# Office hours of a working day (Asia/Shanghai): deadlines in working hours run only between them.
CASE_WORKDAY_START = envhhmm("CASE_WORKDAY_START", "08:30")
CASE_WORKDAY_END = envhhmm("CASE_WORKDAY_END", "17:30")
if CASE_WORKDAY_START >= CASE_WORKDAY_END:
    raise ImproperlyConfigured(f"CASE_WORKDAY_START ({CASE_WORKDAY_START}) must be before CASE_WORKDAY_END")
# Meeting photos and documents: the largest file accepted (MB) and how many per meeting; a
# membership candidate's documents (发展党员) likewise, per candidate. Secretaries are reminded
# of a required meeting not yet held this many days before its period ends.
MEETING_FILE_MAX_MB = envint("MEETING_FILE_MAX_MB", 10, minimum=1)
MEETING_FILE_MAX_COUNT = envint("MEETING_FILE_MAX_COUNT", 20, minimum=1)
DEVELOPMENT_FILE_MAX_MB = envint("DEVELOPMENT_FILE_MAX_MB", 10, minimum=1)
DEVELOPMENT_FILE_MAX_COUNT = envint("DEVELOPMENT_FILE_MAX_COUNT", 40, minimum=1)
MEETING_REMINDER_DAYS = envint("MEETING_REMINDER_DAYS", 10, minimum=1)
# The case map draws grid outlines on a plain background. An intranet tile server may be
# added under them; there is deliberately no default (no internet at run time, no CDN).
MAP_TILE_URL = envtileurl("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()

# Where outbound messages (SMS, WeCom) go: the dotted path of a tongxin.platform.inbox.backends.BaseBackend
# subclass. The console backend only logs the masked number; `check --deploy` warns about it.
OUTBOUND_MESSAGE_BACKEND = (
    os.environ.get("OUTBOUND_MESSAGE_BACKEND") or "tongxin.platform.inbox.backends.ConsoleBackend"
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and the font subsetter narrate every PDF step by step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
