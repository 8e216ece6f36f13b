"""Two-factor authentication, enforced per role (PASSEND_2FA_REQUIRED_ROLES)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_URL_NAMES = {"accounts:two-factor", "logout", "login", "set_language", "healthz"}


def two_factor_required(user) -> bool:
    required = settings.TWO_FACTOR_REQUIRED_ROLES
    return "all" in required or user.role in required


class TwoFactorRequiredMiddleware:
    """A user whose role requires two factors reaches nothing before verifying a token.

    Requests authenticated with an API token are machine calls and are not affected: the token
    is issued by an administrator to a system, not to a person.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and two_factor_required(user)
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL)
            and not self._exempt(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor verification required."}, status=403)
            return redirect(reverse("accounts:two-factor"))
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.view_name in EXEMPT_URL_NAMES
