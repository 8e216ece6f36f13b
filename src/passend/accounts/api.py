from __future__ import annotations

from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    organisation: str | None
    capabilities: list[str]


@router.get("/me", response=MeOut, url_name="me")
def me(request):
    """The signed-in user, their organisation and what their role may do."""
    from passend.accounts.roles import CAPABILITIES

    user = request.user
    return {
        "username": user.username,
        "role": user.role,
        "organisation": user.organisation.reference if user.organisation else None,
        "capabilities": sorted(CAPABILITIES.get(user.role, ())),
    }
