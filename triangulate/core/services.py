"""Writes and shared reads for agencies and users."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .audit import audit
from .extensions import links_for
from .models import Agency, AuditAction, RoleGrant, User
from .roles import Role


@transaction.atomic
def user_create(
    *,
    username: str,
    agency: Agency | None,
    roles: Iterable[str],
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    is_demo_account: bool = False,
    actor: User | None = None,
) -> User:
    """Create a user in one agency with the given roles (password hashed with Argon2)."""
    user = User(
        username=username,
        agency=agency,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        is_demo_account=is_demo_account,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=Role(code)) for code in set(roles)])
    audit(actor, AuditAction.CREATE, user, "create user", detail={"roles": sorted(set(roles))})
    return user


def demo_sign_ins() -> list[User]:
    """Demo accounts, for the sign-in page and `make run` (only shown where DEMO_MODE is on)."""
    return list(
        User.objects.filter(is_demo_account=True, is_active=True)
        .select_related("agency")
        .prefetch_related("grants")
        .order_by("agency__name", "username", "id")
    )


def home_cards(user: User) -> list[dict]:
    """The cards on a user's home page: work each installed app offers to the user's roles."""
    return [
        {"title": title, "description": description, "href": href}
        for href, (title, description, _url_name, _roles) in links_for(user, "home_cards")
    ]
