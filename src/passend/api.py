"""The HTTP API, version 1 (django-ninja; OpenAPI at /api/v1/docs).

Authentication: a browser session (with CSRF on writes) or an API token
(``Authorization: Bearer psd_…``) issued by a functional administrator. The same policy as the
screens applies: other organisations' objects answer 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from passend.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """Bearer token → its user; revoked tokens and inactive users are refused."""

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(key_hash=ApiToken.hash(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.api_channel = "api"
        return found.user


api = NinjaAPI(
    title="Passend API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_decorator=login_required,
)


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    """Service-level validation errors as 422 with one entry per field, like schema errors."""
    errors = (
        [
            {"loc": ["body", field], "msg": str(msg)}
            for field, msgs in error.message_dict.items()
            for msg in msgs
        ]
        if hasattr(error, "error_dict")
        else [{"loc": ["body"], "msg": str(msg)} for msg in error.messages]
    )
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error):
    return api.create_response(request, {"detail": "Your role may not do this."}, status=403)


def register_routers() -> None:
    from passend.accounts.api import router as accounts_router
    from passend.audit.api import router as audit_router
    from passend.protection.api import router as protection_router
    from passend.registry.api import router as registry_router
    from passend.supply.api import router as supply_router
    from passend.youth.api import router as youth_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/registry", registry_router)
    api.add_router("/youth", youth_router)
    api.add_router("/audit", audit_router)
    api.add_router("", protection_router)
    api.add_router("", supply_router)


register_routers()
