"""View decorators applying the role table; object scope is applied inside views (policy)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from passend.accounts.roles import Capability


def capability_required(capability: Capability):
    """Signed in, and the role has ``capability``; otherwise 403 (no object is involved)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_capability(capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
