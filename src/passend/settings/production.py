"""Production: PostgreSQL, HTTPS behind a proxy, secrets required, two-factor for every role.

``passend check --deploy`` is clean with these settings (tested).
"""

from passend.settings.base import *  # noqa: F403
from passend.settings.base import database_from_url
from passend.settings.env import env, required, to_bool, to_list

SECRET_KEY = required("PASSEND_SECRET_KEY", "Django secret key, at least 50 random characters.")
PSEUDONYM_KEY = required("PASSEND_PSEUDONYM_KEY", "HMAC key linking youth records by BSN.")
DEBUG = False
DATABASES = {
    "default": database_from_url(
        required("PASSEND_DATABASE_URL", "postgres://user:password@host:5432/name", secret=True)
    )
}
ALLOWED_HOSTS = to_list(
    required("PASSEND_ALLOWED_HOSTS", "Comma-separated host names (required).", secret=False)
)

SECURE_SSL_REDIRECT = env(
    "PASSEND_SSL_REDIRECT", True, "Redirect HTTP to HTTPS (off only if the proxy does it).", to_bool
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

TWO_FACTOR_REQUIRED_ROLES = env(
    "PASSEND_2FA_REQUIRED_ROLES",
    ["all"],
    "Comma-separated roles that must use two-factor authentication; 'all' for every role.",
    to_list,
)
