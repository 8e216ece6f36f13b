"""Settings: the database URL, and production refusing unsafe configurations."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from passend.settings.base import BASE_DIR, database_from_url

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"

# --- database URLs -----------------------------------------------------------------------------

# URL → the parts of the DATABASES entry it must give
DATABASE_URLS = [
    ("sqlite:////srv/passend/db.sqlite3", {"ENGINE": SQLITE, "NAME": "/srv/passend/db.sqlite3"}),
    (
        "postgres://passend:s3cret@db.example.nl:5433/passend",
        {
            "ENGINE": POSTGRES,
            "NAME": "passend",
            "USER": "passend",
            "PASSWORD": "s3cret",
            "HOST": "db.example.nl",
            "PORT": "5433",
        },
    ),
    # %-escapes in user and password are decoded: @ : / # in a password must be escaped.
    (
        "postgresql://app%40passend:p%40ss%3Aw%2Frd%23@10.0.0.5:5432/passend_prod",
        {
            "ENGINE": POSTGRES,
            "NAME": "passend_prod",
            "USER": "app@passend",
            "PASSWORD": "p@ss:w/rd#",
            "HOST": "10.0.0.5",
            "PORT": "5432",
        },
    ),
    # No port: the driver's default.
    (
        "postgres://passend@localhost/passend",
        {"ENGINE": POSTGRES, "USER": "passend", "PASSWORD": "", "HOST": "localhost", "PORT": ""},
    ),
]


@pytest.mark.parametrize(("url", "expected"), DATABASE_URLS)
def test_database_from_url(url, expected):
    """A DATABASES entry from sqlite:////absolute/path or postgres://user:pw@host:port/name."""
    database = database_from_url(url)
    assert {key: database[key] for key in expected} == expected


def test_a_relative_sqlite_url_is_under_passend_home():
    """sqlite:///var/passend.sqlite3 (three slashes) is relative to PASSEND_HOME."""
    database = database_from_url("sqlite:///var/passend.sqlite3")
    assert database["NAME"] == str(BASE_DIR / "var" / "passend.sqlite3")


def test_an_unsupported_scheme_is_refused():
    """A MySQL (or mistyped) URL raises a ValueError that names the scheme."""
    with pytest.raises(ValueError, match="'mysql'"):
        database_from_url("mysql://user:pw@host/db")


# --- production settings (in a fresh interpreter, as a server would start) ---------------------

SECRETS = {
    "PASSEND_SECRET_KEY": "".join(
        secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(60)
    ),
    "PASSEND_PSEUDONYM_KEY": secrets.token_urlsafe(32),
    "PASSEND_ALLOWED_HOSTS": "passend.example.nl",
    "PASSEND_DATABASE_URL": "sqlite:////tmp/passend-check-deploy.sqlite3",
}


def run_production(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    """Run ``python args`` with production settings and only the given PASSEND_ variables."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PASSEND_")}
    environment.update(DJANGO_SETTINGS_MODULE="passend.settings.production", **variables)
    return subprocess.run(
        [sys.executable, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent,
    )


@pytest.mark.parametrize(
    "missing", ["PASSEND_SECRET_KEY", "PASSEND_PSEUDONYM_KEY", "PASSEND_ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without_a_secret(missing):
    """Without one of its secrets production does not boot, and says which one is missing."""
    variables = {k: v for k, v in SECRETS.items() if k != missing}
    result = run_production(["-c", "import django; django.setup()"], **variables)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_to_start_without_any_secret():
    """With nothing set, the first missing secret is named."""
    result = run_production(["-c", "import django; django.setup()"])
    assert result.returncode != 0
    assert "PASSEND_SECRET_KEY" in result.stderr


def test_production_starts_with_its_secrets_and_safe_defaults():
    """Control: with its secrets production boots — without debug, with two factors for all."""
    show = (
        "import django; django.setup(); from django.conf import settings as s;"
        " print(s.DEBUG, s.TWO_FACTOR_REQUIRED_ROLES, s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS)"
    )
    result = run_production(["-c", show], **SECRETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False ['all'] True ['passend.example.nl']"


def test_an_empty_secret_counts_as_missing():
    """PASSEND_SECRET_KEY set to the empty string does not boot either."""
    result = run_production(
        ["-c", "import django; django.setup()"], **{**SECRETS, "PASSEND_SECRET_KEY": ""}
    )
    assert result.returncode != 0
    assert "PASSEND_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean():
    """Django's deployment checklist reports no warning for the production settings."""
    result = run_production(
        ["-m", "passend", "check", "--deploy", "--fail-level", "WARNING"], **SECRETS
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
