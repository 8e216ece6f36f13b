"""Embedded mode for ``make run``: SQLite under var/, served by runserver on localhost."""

from passend.settings.base import *  # noqa: F403
from passend.settings.base import STORAGES

WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps' static folders; collectstatic is for production
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
