"""Test settings: the database comes from PASSEND_DATABASE_URL (SQLite by default)."""

from passend.settings.base import *  # noqa: F403
from passend.settings.base import STORAGES

# Argon2 stays the production hasher (tested); tests use a fast one to keep the suite quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps' static folders; collectstatic is for production
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "nl"
