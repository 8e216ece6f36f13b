"""Settings shared by every mode. Every environment variable is read through :func:`env`.

Defaults are the safe embedded mode: SQLite under ``var/``, debug off, localhost only.
``production.py`` tightens transport security and refuses to start without its secrets.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

from passend.settings.env import env, to_bool, to_list
from passend.vocabulary import CARE_FORMS

SRC_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = Path(env("PASSEND_HOME", str(SRC_DIR.parents[1]), "Directory holding var/ (data)."))
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env(
    "PASSEND_SECRET_KEY",
    "embedded-mode-only-not-secret-" + "x" * 32,
    "Django secret key (sessions, CSRF). Required in production.",
    secret=True,
)
PSEUDONYM_KEY = env(
    "PASSEND_PSEUDONYM_KEY",
    "embedded-mode-only-link-key",
    "Key of the HMAC that links a youth's records across imports by BSN. Required in production;"
    " changing it breaks the links.",
    secret=True,
)
DEBUG = env("PASSEND_DEBUG", False, "Django debug mode. Never in production.", to_bool)
ALLOWED_HOSTS = env(
    "PASSEND_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"],
    "Comma-separated host names the server answers to.",
    to_list,
)
CSRF_TRUSTED_ORIGINS = env(
    "PASSEND_CSRF_TRUSTED_ORIGINS",
    [],
    "Comma-separated origins (https://host) trusted for CSRF behind a proxy.",
    to_list,
)


def database_from_url(url: str) -> dict:
    """A Django DATABASES entry from ``sqlite:///path`` or ``postgres://user:pw@host:port/name``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///var/x.sqlite3 is relative to PASSEND_HOME; sqlite:////tmp/x.sqlite3 absolute.
        path = unquote(parsed.path[1:])
        name = Path(path) if Path(path).is_absolute() else BASE_DIR / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(name),
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"unsupported database URL scheme {parsed.scheme!r} (sqlite or postgres)")


DATABASES = {
    "default": database_from_url(
        env(
            "PASSEND_DATABASE_URL",
            "sqlite:///var/passend.sqlite3",
            "Database: sqlite:///var/passend.sqlite3 (embedded) or"
            " postgres://user:password@host:5432/name (production).",
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "passend.accounts.admin_apps.PassendAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "passend.core",
    "passend.registry",
    "passend.accounts",
    "passend.audit",
    "passend.youth",
    "passend.supervision",
    "passend.protection",
    "passend.supply",
    "passend.referrals",
    "passend.restrictive_measures",
    "passend.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "passend.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "passend.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "passend.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "passend.urls"
WSGI_APPLICATION = "passend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passend.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a period without activity; every request renews the period.
SESSION_COOKIE_AGE = (
    env("PASSEND_SESSION_IDLE_MINUTES", 30, "Minutes without activity before a session ends.", int)
    * 60
)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Brute-force protection (django-axes): lock a username + address after repeated failures.
TRUSTED_PROXY_COUNT = env(
    "PASSEND_TRUSTED_PROXY_COUNT",
    0,
    "Number of reverse proxies in front of the app; the client address is taken that many"
    " places from the right of X-Forwarded-For. 0 = use the socket address.",
    int,
)
AXES_FAILURE_LIMIT = env(
    "PASSEND_LOGIN_FAILURE_LIMIT", 5, "Failed log-ins before an account is locked.", int
)
AXES_COOLOFF_TIME = (
    env("PASSEND_LOGIN_COOLOFF_MINUTES", 30, "Minutes a locked log-in stays locked.", int) / 60
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "passend.core.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP) is available to everyone and required for these roles.
TWO_FACTOR_REQUIRED_ROLES = env(
    "PASSEND_2FA_REQUIRED_ROLES",
    [],
    "Comma-separated roles that must use two-factor authentication (e.g."
    " protector,team_lead,inspector); 'all' for every role.",
    to_list,
)
OTP_TOTP_ISSUER = "Passend"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

ANNUAL_INFLOW = env(
    "PASSEND_ANNUAL_INFLOW",
    15_325,
    "Children entering a measure per year, for extrapolating report shares (2020: 10,310 OTS and"
    " guardianship + 5,015 juvenile probation; DOMAIN §2).",
    int,
)

REGION_VERDICT_THRESHOLDS = {
    "succeeded_pct": env(
        "PASSEND_VERDICT_SUCCEEDED_PCT",
        85.0,
        "Proposed region verdict: % met every judged indicator must reach to propose 'largely"
        " succeeded' (DOMAIN §2).",
        float,
    ),
    "floor_pct": env(
        "PASSEND_VERDICT_FLOOR_PCT",
        75.0,
        "Proposed region verdict: the % met a tolerated shortfall must still reach.",
        float,
    ),
    "tolerated_shortfalls": env(
        "PASSEND_VERDICT_TOLERATED_SHORTFALLS",
        1,
        "Proposed region verdict: indicators allowed below the succeeded % (but at the floor).",
        int,
    ),
    "improvement_points": env(
        "PASSEND_VERDICT_IMPROVEMENT_POINTS",
        5.0,
        "Proposed region verdict: percentage points each shortfall must have risen against the"
        " previous period of the same length to propose 'improving'.",
        float,
    ),
    "min_assessed": env(
        "PASSEND_VERDICT_MIN_ASSESSED",
        10,
        "Proposed region verdict: indicators with fewer assessed cases are not judged.",
        int,
    ),
}

SUPPLY_STALE_AFTER_DAYS = env(
    "PASSEND_SUPPLY_STALE_AFTER_DAYS",
    7,
    "Capacity figures (places, occupied, expected wait) last updated longer ago than this many"
    " days are shown as stale, and the provider is reminded (DOMAIN §3).",
    int,
)


def wait_norms_from_json(raw: str) -> dict[str, tuple[int, int]]:
    """``PASSEND_WAIT_NORMS`` as care form → (days to intake, days to start).

    Refused when the settings load, like every other unreadable variable: a misspelt care form
    would otherwise keep the default norm without anyone noticing, and a badly shaped value
    would only fail later, on the first overview.
    """
    try:
        norms = json.loads(raw)
    except ValueError as error:
        raise ValueError(f"not valid JSON ({error})") from error
    if not isinstance(norms, dict):
        raise ValueError(
            "expected a JSON object of care form to [days to intake, days to start], e.g."
            f' {{"crisis": [1, 7]}}; got {raw!r}'
        )
    errors = []
    for care_form, pair in norms.items():
        if care_form not in CARE_FORMS:
            errors.append(f"unknown care form {care_form!r} (known: {', '.join(CARE_FORMS)})")
        elif not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(type(days) is int and days >= 0 for days in pair)
        ):
            errors.append(
                f"{care_form}: expected [days to intake, days to start] as two whole numbers of"
                f" at least 0, got {json.dumps(pair)}"
            )
    if errors:
        raise ValueError("; ".join(errors))
    return {care_form: (intake, start) for care_form, (intake, start) in norms.items()}


WAIT_NORMS = env(
    "PASSEND_WAIT_NORMS",
    {},
    "Waiting-time norms per care form overriding 28 days to intake and 70 to start, as JSON:"
    ' {"crisis": [1, 7]}; unknown care forms or values that are not two whole numbers of at least'
    " 0 stop the settings from loading (DOMAIN §3).",
    wait_norms_from_json,
)
CRISIS_STAY_MAX_DAYS = env(
    "PASSEND_CRISIS_STAY_MAX_DAYS",
    28,
    "Youth on a crisis place longer than this are listed as their own queue.",
    int,
)

DEMO_END_DATE = env(
    "PASSEND_DEMO_END_DATE",
    None,
    "Last day of the demo's generated child-protection cases (YYYY-MM-DD; default: today). The"
    " same seed and end date give the same cases, so a demo can be loaded again as it was.",
    date.fromisoformat,
)

# Application logs carry no personal data: no request bodies, no query strings, no names.
LOG_LEVEL = env("PASSEND_LOG_LEVEL", "INFO", "Level of the application log.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "passend.core.logging.StripQueryStrings"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_query_strings"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # 404/403 warnings would log request paths, which hold pseudonyms.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        # runserver's request lines go through the same filter (no query strings).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
