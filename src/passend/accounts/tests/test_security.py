"""Sign-in security: password hashing, brute-force lockout, client address, two factors, API
tokens, security headers and session lifetime."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from passend.accounts.models import ApiToken
from passend.accounts.roles import Role
from passend.core.net import client_ip
from passend.settings import base
from tests.factories import UserFactory

PASSWORD = "test-password-123"  # tests.factories.UserFactory
ME = "/api/v1/accounts/me"


# --- password hashing --------------------------------------------------------------------------


def test_argon2_is_the_production_password_hasher():
    """New passwords are hashed with Argon2; PBKDF2 stays only to verify older hashes."""
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in base.PASSWORD_HASHERS


def test_passwords_need_twelve_characters():
    """The minimum length validator asks for at least 12 characters."""
    (length,) = [
        v for v in base.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert length["OPTIONS"]["min_length"] >= 12


# --- brute-force lockout (django-axes through the real login view) -----------------------------


def log_in(client: Client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_right_password_signs_in():
    """Control: the login view signs a user in with the right password."""
    user = UserFactory()
    client = Client()
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_after_five_failures_even_the_right_password_is_refused():
    """After AXES_FAILURE_LIMIT failed log-ins the account is locked for this address."""
    assert settings.AXES_FAILURE_LIMIT == 5
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, user.username, "wrong-password").status_code == 200
    # The failure that reaches the limit already answers with the lock-out page.
    assert log_in(client, user.username, "wrong-password").status_code == 429
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert not signed_in(client)


@pytest.mark.django_db
def test_one_failure_fewer_than_the_limit_does_not_lock():
    """Four failures, then the right password: signed in (and the failures are forgotten)."""
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, user.username, "wrong-password")
    assert log_in(client, user.username, PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_the_lock_is_per_user_and_address():
    """Another user at the same address, and the same user elsewhere, can still sign in."""
    user, colleague = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), user.username, "wrong-password")
    other_user = Client()
    assert log_in(other_user, colleague.username, PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    assert log_in(elsewhere, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_spoofed_forwarded_for_does_not_escape_the_lock():
    """Rotating made-up left-most X-Forwarded-For entries does not reset the count."""
    user = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(
            Client(),
            user.username,
            "wrong-password",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 203.0.113.5",
        )
    locked = log_in(Client(), user.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.5")
    assert locked.status_code == 429
    other_client = Client()
    response = log_in(other_client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 302
    assert signed_in(other_client)


# --- the client's address ----------------------------------------------------------------------

# trusted proxies, X-Forwarded-For, socket address → client address
CLIENT_ADDRESSES = [
    (0, "", "198.51.100.1", "198.51.100.1"),
    # No proxy trusted: the header is the client's own claim and is ignored.
    (0, "203.0.113.9", "198.51.100.1", "198.51.100.1"),
    (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),
    # One proxy: it appended the client's address; the left entry is the client's invention.
    (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),
    (1, " 6.6.6.6 ,203.0.113.9 ", "10.0.0.1", "203.0.113.9"),
    # Two proxies: the outer proxy's entry is second from the right.
    (2, "203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
    (2, "6.6.6.6, 7.7.7.7, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
    # Fewer entries than trusted proxies: fall back to the socket address.
    (2, "203.0.113.9", "10.0.0.1", "10.0.0.1"),
    (1, "", "10.0.0.1", "10.0.0.1"),
]


@pytest.mark.parametrize(("proxies", "forwarded", "remote", "expected"), CLIENT_ADDRESSES)
def test_client_address_looks_through_trusted_proxies_only(proxies, forwarded, remote, expected):
    """The client is the entry TRUSTED_PROXY_COUNT places from the right of X-Forwarded-For."""
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


# --- two-factor authentication -----------------------------------------------------------------


@pytest.fixture
def protector(db):
    return UserFactory(role=Role.PROTECTOR)


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
@pytest.mark.parametrize("path", ["/", "/youth/", "/registry/"])
def test_an_unverified_protector_is_sent_to_two_factor(client, protector, path):
    """Pages redirect to the two-factor screen until a second factor is verified."""
    client.force_login(protector)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor")


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
def test_an_unverified_protector_gets_403_json_from_the_api(client, protector):
    """The API does not redirect: 403 with a JSON reason."""
    client.force_login(protector)
    response = client.get(ME)
    assert response.status_code == 403
    assert response.json() == {"detail": "Two-factor verification required."}


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
def test_the_two_factor_screen_itself_is_reachable(client, protector):
    """Without this exemption the redirect would loop."""
    client.force_login(protector)
    assert client.get(reverse("accounts:two-factor")).status_code == 200


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
def test_a_verified_totp_code_opens_the_application(client, protector):
    """A correct code from the confirmed authenticator verifies the session."""
    device = TOTPDevice.objects.create(user=protector, name="phone", confirmed=True)
    client.force_login(protector)
    response = client.post(reverse("accounts:two-factor"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get("/").status_code == 200
    assert client.get(ME).status_code == 200


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
def test_a_wrong_totp_code_is_refused(client, protector):
    """A wrong code keeps the user on the two-factor screen with an error."""
    device = TOTPDevice.objects.create(user=protector, name="phone", confirmed=True)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    client.force_login(protector)
    response = client.post(reverse("accounts:two-factor"), {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert client.get("/").status_code == 302


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
def test_a_role_that_does_not_require_two_factors_is_not_affected(client):
    """A team lead reaches pages and the API without a second factor."""
    client.force_login(UserFactory(role=Role.TEAM_LEAD))
    assert client.get("/").status_code == 200
    assert client.get("/youth/").status_code == 200
    assert client.get(ME).status_code == 200


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["all"])
def test_all_requires_two_factors_of_every_role(client):
    """'all' makes every role verify a second factor."""
    client.force_login(UserFactory(role=Role.TEAM_LEAD))
    assert client.get("/").status_code == 302


# --- API tokens --------------------------------------------------------------------------------


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.django_db
def test_a_bearer_token_authenticates_as_its_user(client):
    """The token's user answers /me, and the use is recorded."""
    user = UserFactory()
    token, key = ApiToken.issue(user, "case system")
    response = client.get(ME, **bearer(key))
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_only_the_hash_of_a_token_is_stored():
    """The key itself is in no column; the stored hash is its SHA-256."""
    token, key = ApiToken.issue(UserFactory(), "case system")
    assert key.startswith("psd_")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in stored.values()}
    assert stored["key_hash"] == ApiToken.hash(key)
    assert stored["key_hash"] != key


@pytest.mark.django_db
def test_two_tokens_have_different_keys():
    """Keys are random: issuing twice gives two keys."""
    user = UserFactory()
    assert ApiToken.issue(user, "a")[1] != ApiToken.issue(user, "b")[1]


@pytest.mark.django_db
def test_a_revoked_token_is_refused(client):
    """401 once an administrator revoked the token."""
    token, key = ApiToken.issue(UserFactory(), "case system")
    token.revoked = True
    token.save()
    assert client.get(ME, **bearer(key)).status_code == 401


@pytest.mark.django_db
def test_a_token_of_an_inactive_user_is_refused(client):
    """401 when the token's user has been deactivated."""
    user = UserFactory()
    _token, key = ApiToken.issue(user, "case system")
    user.is_active = False
    user.save()
    assert client.get(ME, **bearer(key)).status_code == 401


@pytest.mark.django_db
def test_an_unknown_token_is_refused(client):
    """A made-up key, or the stored hash presented as key, does not authenticate."""
    token, _key = ApiToken.issue(UserFactory(), "case system")
    assert client.get(ME, **bearer("psd_made-up")).status_code == 401
    assert client.get(ME, **bearer(token.key_hash)).status_code == 401


@pytest.mark.django_db
def test_a_session_write_to_the_api_needs_the_csrf_token():
    """A browser session cannot be abused cross-site: an API write without CSRF token is 403."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(
        "/api/v1/youth",
        data={"given_name": "Nieuw", "family_name": "Kind"},
        content_type="application/json",
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_token_write_to_the_api_needs_no_csrf_token():
    """A machine with a bearer token has no cookie to abuse, so no CSRF token is asked."""
    _token, key = ApiToken.issue(UserFactory(), "case system")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/youth",
        data={"given_name": "Nieuw", "family_name": "Kind"},
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 201


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED_ROLES=["protector"])
def test_a_token_is_a_machine_credential_not_asked_for_two_factors(client):
    """A protector's API token works where the protector's browser would need a second factor."""
    _token, key = ApiToken.issue(UserFactory(role=Role.PROTECTOR), "case system")
    assert client.get(ME, **bearer(key)).status_code == 200


# --- response headers --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "signed_in_user"),
    [("/", True), ("/youth/", True), ("/login/", False), (ME, True), ("/healthz", False)],
)
def test_every_response_is_uncacheable_framed_by_nobody_and_has_a_csp(client, path, signed_in_user):
    """No browser or proxy keeps a page; no page can be framed; a CSP limits what loads."""
    if signed_in_user:
        client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_static_files_stay_cacheable(client):
    """Static files carry no personal data: they are not marked no-store."""
    response = client.get("/static/passend/passend.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- sessions ----------------------------------------------------------------------------------


def test_a_session_lasts_30_minutes_without_activity():
    """SESSION_COOKIE_AGE is 30 min and every request renews it."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.django_db
def test_each_request_renews_the_session(client):
    """A session close to its end is given a fresh 30 minutes by the next request."""
    client.force_login(UserFactory())
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    response = client.get("/")
    assert response.status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=25)
    assert settings.SESSION_COOKIE_NAME in response.cookies
