"""Settings shared by every environment. Environment-specific modules override these."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])

# Demo mode: demo users may skip the second factor, and the login page says so.
POLKU_DEMO_MODE = env.bool("POLKU_DEMO_MODE", default=False)
# Secret from which the henkilötunnus encryption key and its keyed search hash are derived.
# Kept apart from SECRET_KEY so that rotating SECRET_KEY does not make data unreadable.
POLKU_DATA_KEY = env("POLKU_DATA_KEY", default="")
# Retired data keys, still accepted for reading while `manage.py rotate_keys` re-encrypts the
# rows under POLKU_DATA_KEY (comma-separated; docs/key-rotation.md). Remove them afterwards.
POLKU_DATA_OLD_KEYS = env.list("POLKU_DATA_OLD_KEYS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "simple_history",
    "polku.core",
    "polku.accounts",
    "polku.audit",
    "polku.clients",
    "polku.access",
    "polku.assessment",
    "polku.plans",
    "polku.meetings",
    "polku.handover",
    "polku.worklists",
    "polku.catalogue",
    "polku.route_plans",
    "polku.knots",
    "polku.referrals",
    "polku.portal",
    "polku.research",
    "polku.privacy",
    "polku.api",
]  # polku.demo (synthetic data, `load_demo`): development, demo and test only, never production

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "polku.accounts.middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "polku.accounts.middleware.RequireSecondFactorMiddleware",
    "polku.accounts.middleware.PrivateResponsesMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "polku.core.context_processors.polku",
            ],
        },
    },
]

# DATABASE_URL selects the database in any environment; unset or empty means SQLite.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A read replica of the primary for research reads (the dashboard's indicators, the pseudonymised
# exports): POLKU_REPLICA_DATABASE_URL. config.routers.ResearchReplicaRouter sends the reads made
# inside `research_reads()` to POLKU_RESEARCH_DATABASE, everything else (and every write) to
# the primary. Unset: no replica, research reads the primary too.
POLKU_REPLICA_DATABASE_URL = env.str("POLKU_REPLICA_DATABASE_URL", default="")
if POLKU_REPLICA_DATABASE_URL:
    DATABASES["replica"] = env.db_url_config(POLKU_REPLICA_DATABASE_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests: the same database
POLKU_RESEARCH_DATABASE = "replica" if POLKU_REPLICA_DATABASE_URL else "default"
DATABASE_ROUTERS = ["config.routers.ResearchReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the signed-in user with what every page asks of them.
    "polku.access.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "clients:my_clients"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login throttling (django-axes, in the database): 5 failures lock the username from
# that address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Its counters in the database (not a process's memory): every application server sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The client's address behind reverse proxies (polku.accounts.client_ip): the number of
# proxies in front of Polku that append to X-Forwarded-For; 0 = none, the header is ignored.
POLKU_TRUSTED_PROXIES = env.int("POLKU_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "polku.accounts.client_ip.client_ip"
# Polku's own limits on top of django-axes, shared by every process (the database): failed
# sign-ins per client address across user names, and per user name across addresses, within
# AXES_COOLOFF_TIME.
POLKU_FAILED_SIGN_INS_PER_ADDRESS = env.int("POLKU_FAILED_SIGN_INS_PER_ADDRESS", default=20)
POLKU_FAILED_SIGN_INS_PER_ACCOUNT = env.int("POLKU_FAILED_SIGN_INS_PER_ACCOUNT", default=20)
# How long an administrator's one-time link to enrol the first authenticator works (hours).
POLKU_ENROLMENT_LINK_HOURS = env.int("POLKU_ENROLMENT_LINK_HOURS", default=72)

# Sessions end after 30 minutes without activity. Not written on every request: a session
# nothing else changed is written again (its expiry moved 30 minutes ahead) only when it was
# last written POLKU_SESSION_REFRESH_SECONDS ago or more (polku.accounts.middleware.
# SlidingSessionMiddleware), so the idle limit is 29–30 minutes, never longer.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
POLKU_SESSION_REFRESH_SECONDS = env.int("POLKU_SESSION_REFRESH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy: no inline script or style; scripts need the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True
# Finnish date formats (d.m.yyyy) in every interface language.
FORMAT_MODULE_PATH = ["polku.core.formats"]
LANGUAGE_COOKIE_SECURE = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/hds", BASE_DIR / "node_modules" / "hds-core" / "lib"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Polku's own page for a form sent without a valid security token (polku/core/errors.py).
CSRF_FAILURE_VIEW = "polku.core.errors.csrf_failure"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task RUNNING longer than this was left by a worker that died: `requeue_stale_tasks` (cron,
# every few minutes) puts it back to READY, and marks it FAILED after this many claims
# (polku/core/stale_tasks.py, docs/deploy.md). Longer than the longest task (a screening).
POLKU_TASK_STALE_AFTER_MINUTES = env.int("POLKU_TASK_STALE_AFTER_MINUTES", default=120)
POLKU_TASK_MAX_ATTEMPTS = env.int("POLKU_TASK_MAX_ATTEMPTS", default=3)

# The public HSDS API's rate limit per client address (REST_FRAMEWORK's "hsds" scope).
POLKU_HSDS_RATE = env.str("POLKU_HSDS_RATE", default="120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["polku.api.permissions.IsVerifiedProfessional"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every list is paged the same way (polku.api.pagination): ?page=, ?page_size= (≤ 200).
    "DEFAULT_PAGINATION_CLASS": "polku.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    # A service's ValidationError answers 400 like the serializers' (polku.api.errors).
    "EXCEPTION_HANDLER": "polku.api.errors.exception_handler",
    # Rate limits by scope (polku.api.throttling), counted in the default cache: the Redis
    # shared by every process in production (POLKU_REDIS_URL). The public HSDS API, per
    # address: POLKU_HSDS_RATE requests, e.g. "120/min" (s, min, hour, day).
    "DEFAULT_THROTTLE_RATES": {"hsds": POLKU_HSDS_RATE},
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Polku API",
    "DESCRIPTION": (
        "Multi-agency work-ability and employment support. Every client endpoint applies the "
        "need-to-know access rule (404 outside it) and writes an audit event."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "polku.knots.models.ApplicationStatus",
        "BlockerKindEnum": "polku.knots.models.BlockerKind",
        "ClientStatusEnum": "polku.clients.models.ClientStatus",
        "MeetingStatusEnum": "polku.meetings.models.MeetingStatus",
        "MeetingKindEnum": "polku.meetings.models.MeetingKind",
        "MeetingModeEnum": "polku.meetings.models.MeetingMode",
        "AgreementStatusEnum": "polku.meetings.models.AgreementStatus",
        "GoalStatusEnum": "polku.plans.models.GoalStatus",
        "StepStatusEnum": "polku.plans.models.StepStatus",
        "HandoverStatusEnum": "polku.handover.models.HandoverStatus",
        "DomainStatusEnum": "polku.assessment.models.DomainStatus",
    },
}

# Lazy loading of related objects: FETCH_PEERS batches them in production; tests use
# FETCH_RAISE so an N+1 query fails the test (see polku.core.models.FetchModeManager).
POLKU_FETCH_MODE = "FETCH_PEERS"

# A 403 is logged as one line (path, user id) without a traceback; 5xx keep theirs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "polku.core.logging.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
POLKU_ALLOW_FLUSH = False

# The cache (the research dashboard's indicators and charts) and the sessions. With
# POLKU_REDIS_URL (redis://host:6379/0) one Redis is shared by every application server and
# worker: Django's Redis cache backend, and sessions in the database read through that cache
# (cached_db: a Redis restart signs nobody out). Production requires it
# (config/settings/production.py, docs/deploy.md). Without it (development, the demo, tests) the
# cache belongs to one process (CACHE_URL, default local memory) and sessions are in the database.
POLKU_REDIS_URL = env.str("POLKU_REDIS_URL", default="")
if POLKU_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": POLKU_REDIS_URL,
            "KEY_PREFIX": "polku",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# The address people reach Polku at (scheme and host, e.g. https://polku.example.fi): the
# worklist link in the daily e-mail digest and the digests' Message-ID domain
# (polku.worklists.digest). Required in production (config/settings/production.py); empty
# here, so a digest built without it links to a bare path instead of another host's address.
POLKU_BASE_URL = env("POLKU_BASE_URL", default="").rstrip("/")
# The domain of calendar invitations' UIDs (polku-meeting-<id>@<domain>, polku.meetings.ics).
# Keep it unchanged once invitations are out: a new UID makes calendars keep the old meeting
# beside the updated one.
POLKU_CALENDAR_DOMAIN = env("POLKU_CALENDAR_DOMAIN", default="polku.invalid")
# How many clients one professional may try to record in 24 hours (new or already recorded:
# recording by henkilötunnus must not reveal who is a client; polku.clients.services).
POLKU_CLIENT_RECORD_LIMIT = env.int("POLKU_CLIENT_RECORD_LIMIT", default=20)
# How many searches by identity code one data-protection officer may make in any hour (a
# rolling window) on the data-request page (polku.privacy.export_services; counted in the
# shared cache).
POLKU_DATA_REQUEST_SEARCH_LIMIT = env.int("POLKU_DATA_REQUEST_SEARCH_LIMIT", default=20)
# Agreements and next contacts due within this many days appear on the worklist and in the
# digest (polku.worklists.selectors).
POLKU_WORKLIST_HORIZON_DAYS = env.int("POLKU_WORKLIST_HORIZON_DAYS", default=7)
# Suomi.fi's service catalogue (PTV) for the map (polku.catalogue.ptv, docs/ptv.md): the open
# API v11's base address and the area synced (municipality codes or a county key).
POLKU_PTV_BASE_URL = env(
    "POLKU_PTV_BASE_URL", default="https://api.palvelutietovaranto.suomi.fi/api/v11"
)
POLKU_PTV_AREA = env.list("POLKU_PTV_AREA", default=["etela-pohjanmaa"])
# Also read the services PTV offers for the whole country (Kela's, national helplines,
# nationwide NGO services), once per sync run.
POLKU_PTV_NATIONWIDE = env.bool("POLKU_PTV_NATIONWIDE", default=True)
# Overrides of the alert rules' thresholds by rule code; a rule not named keeps its own
# default (polku.worklists.alerts.RULES). From the environment: no_contact=45;handover_pending=7
POLKU_ALERT_THRESHOLDS: dict[str, int] = env.dict(
    "POLKU_ALERT_THRESHOLDS", cast={"value": int}, default={}
)
# Overrides of a referral's first-contact deadline in Finnish working days by urgency; an
# urgency not named keeps its default (polku.referrals.services.DEFAULT_DEADLINES: urgent 1,
# soon 3, normal 7). From the environment: urgent=1;soon=3;normal=7
POLKU_REFERRAL_DEADLINES: dict[str, int] = env.dict(
    "POLKU_REFERRAL_DEADLINES", cast={"value": int}, default={}
)

# Research and management reporting (polku.research): the caseload a coordinator is sized
# for (the dashboard's capacity indicator), the secret of the export pseudonyms, the
# k-anonymity default and where export files are written.
POLKU_CASELOAD_TARGET = env.int("POLKU_CASELOAD_TARGET", default=40)
POLKU_RESEARCH_EXPORT_KEY = env("POLKU_RESEARCH_EXPORT_KEY", default="")
POLKU_RESEARCH_K = env.int("POLKU_RESEARCH_K", default=5)
POLKU_RESEARCH_EXPORT_DIR = Path(
    env("POLKU_RESEARCH_EXPORT_DIR", default=str(BASE_DIR / "var" / "exports"))
)

# The audit chain (polku.audit): the key its events are HMAC'd with (from the environment, never
# the database; a deploy check tests its strength), retired keys still needed to verify older
# events, and the directory of signed checkpoints of the chain's head — put it outside the
# database's host (another volume or an append-only store); see docs/security.md.
POLKU_AUDIT_KEY = env("POLKU_AUDIT_KEY", default="")
POLKU_AUDIT_OLD_KEYS = env.list("POLKU_AUDIT_OLD_KEYS", default=[])
POLKU_AUDIT_ANCHOR_DIR = Path(
    env("POLKU_AUDIT_ANCHOR_DIR", default=str(BASE_DIR / "var" / "audit-anchors"))
)

# Retention and erasure (polku.privacy.retention; `manage.py apply_retention`, nightly). One
# entry per kind of record: how many years it is kept (`years`), from what (`starts`), what
# happens then (`action`: anonymise or delete), and why (`basis`, `source`, and `set_by`: "law"
# when an act sets the period — then it may not be shortened — or "policy" when the
# controller decides it). A Django system check validates this block at start-up
# (polku.privacy.checks); the table with reasons is in docs/security.md, "Retention".
POLKU_RETENTION: dict[str, dict] = {
    # Polku's client records are documents of the multi-agency service for people of working
    # age (työikäisten palvelutehtävä): kept 10 years after the case is closed. Anonymised, not
    # deleted: the audit trail (kept longer) refers to the client row, and the research
    # figures keep municipality, language, birth year, dates, statuses and outcomes. A
    # referral that never became a case is the receiving team's record: anonymised the same
    # period after it was closed.
    "client_records": {
        "years": 10,
        "starts": "case_closed",
        "action": "anonymise",
        "set_by": "law",
        "basis": "Working-age service tasks: 10 years after the case is closed.",
        "source": "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023, "
        "23 § and liite, 'Sosiaalihuollon asiakasasiakirjat': 'Työikäisten palvelutehtävä — "
        "10 vuotta asian sulkemisesta' (in force 1.1.2024, 101 §; replaced Laki "
        "sosiaalihuollon asiakasasiakirjoista 254/2015 and its appendix)",
    },
    # Consents to disclose client data among the network (and a referral's consent): a
    # disclosure-management document. Anonymising a client waits until every consent of theirs
    # has been kept this long after it ended (withdrawn, expired, or the case closed).
    "consents": {
        "years": 12,
        "starts": "consent_ended",
        "action": "anonymise",
        "set_by": "law",
        "basis": "Consents to disclose client data: 12 years after a newer version; the "
        "latest version 12 years after the client's death, which Polku does not record — "
        "counted from the consent's end instead (docs/security.md, Retention).",
        "source": "703/2023, 23 § and liite, 'Luovutustenhallinnan asiakirjat': "
        "'Luovutusluvat, suostumukset, kieltoasiakirjat — uusin versio 12 vuotta kuolemasta, "
        "edeltävät 12 vuotta uuden version laatimisen jälkeen' (in force 1.1.2024)",
    },
    # Health-related notes in the assessment (health and functioning, work ability, sickness
    # absence days): Polku is not the patient record — a health-care unit keeps its patient
    # documents in its own system for the periods of the patient-document rules. Polku's
    # notes are working notes of the multi-agency plan and follow the client records' period.
    "health_notes": {
        "years": 10,
        "starts": "case_closed",
        "action": "delete",
        "set_by": "policy",
        "basis": "Working notes of the multi-agency plan, not patient documents: erased with "
        "the client records; the patient record stays in the health-care unit's own system.",
        "source": "Policy of the controller. Patient documents themselves: STM:n asetus "
        "potilasasiakirjoista 94/2022 and 703/2023, liite (12 years after death, or 120 years "
        "from birth when the date of death is unknown) — not applied to Polku's copies.",
    },
    # The audit trail is the log of use and disclosure of client data.
    "audit_events": {
        "years": 12,
        "starts": "event",
        "action": "delete",
        "set_by": "law",
        "basis": "Logs of use and disclosure of client data: 12 years from the logged event.",
        "source": "703/2023, 23 § and liite, 'Luovutustenhallinnan asiakirjat': 'Luovutus- ja "
        "käyttölokitiedot sekä luovutusilmoitukset — 12 vuotta lokitapahtumasta' (in force "
        "1.1.2024); the logs themselves: 10 §",
    },
    # Pseudonymised research extracts (research export files). The permit sets how long the
    # research may keep its data; Polku does not store the permit's end date, so this is the
    # longest a file stays on Polku's disk — set it to the permit's validity.
    "research_extracts": {
        "years": 2,
        "starts": "export_created",
        "action": "delete",
        "set_by": "policy",
        "basis": "Delete the extract files when the research permit's period ends; the record "
        "of the export (who, purpose, permit, what was written) is kept.",
        "source": "The research permit (toisiolaki 552/2019 for a permit from Findata) and "
        "GDPR art. 5(1)(e); the period is a policy decision",
    },
}

# The client portal: short sessions; strong identification through an OpenID Connect provider
# (off when no issuer is set; the demo uses one-time codes).
POLKU_PORTAL_IDLE_SECONDS = env.int("POLKU_PORTAL_IDLE_SECONDS", default=15 * 60)
POLKU_PORTAL_MAX_SECONDS = env.int("POLKU_PORTAL_MAX_SECONDS", default=2 * 60 * 60)
POLKU_PORTAL_OIDC_ISSUER = env("POLKU_PORTAL_OIDC_ISSUER", default="")
POLKU_PORTAL_OIDC_CLIENT_ID = env("POLKU_PORTAL_OIDC_CLIENT_ID", default="polku")
POLKU_PORTAL_OIDC_CLIENT_SECRET = env("POLKU_PORTAL_OIDC_CLIENT_SECRET", default="")
POLKU_PORTAL_OIDC_HETU_CLAIM = env("POLKU_PORTAL_OIDC_HETU_CLAIM", default="hetu")
