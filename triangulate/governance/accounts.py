"""Accounts and agencies, kept by the system administrator: making an account, changing its
agency, roles and expiry, switching it off, and the yearly review that each person still
needs what they hold; adding, renaming and closing agencies.

A new account has no password: the administrator passes on a link, shown once, with which
the person chooses one (checked by the password rules); they then set up two-factor sign-in
at their first sign-in. Every change is audited with what it was before and after, and an
edit made to an account someone changed in the meantime is refused.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, RoleGrant, User
from triangulate.core.refusals import Refused
from triangulate.core.roles import Role
from triangulate.support.models import Ward, WardMember
from triangulate.support.services.wards import member_ward

# Access is reviewed once a year; an account expiring within this many days is shown too.
REVIEW_AFTER_DAYS = 365
EXPIRY_NOTICE_DAYS = 30


class AccountInvalid(Refused):
    """A change that breaks a rule; nothing was written."""


def _snapshot(user: User) -> dict:
    return {
        "name": user.get_full_name(),
        "email": user.email,
        "agency": user.agency.name if user.agency else "",
        "job_title": user.job_title,
        "roles": sorted(user.grants.values_list("role", flat=True)),
        "active": user.is_active,
        "expires_on": user.account_expires_on.isoformat() if user.account_expires_on else "",
    }


def _check(*, username: str | None, roles, agency, expires_on, today: dt.date) -> None:
    errors = {}
    if username is not None and User.objects.filter(username__iexact=username).exists():
        errors["username"] = "Choose another username: this one is already used"
    if not roles:
        errors["roles"] = "Select at least one role"
    if agency is None and set(roles) & access.CASEWORK_ROLES:
        errors["agency"] = "Select the agency: a role that works with children needs one"
    if expires_on is not None and expires_on < today:
        errors["account_expires_on"] = "The date the account expires must be today or later"
    if errors:
        raise AccountInvalid(errors)


def _set_roles(user: User, roles) -> None:
    RoleGrant.objects.filter(user=user).exclude(role__in=list(roles)).delete()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._role_codes = None


@transaction.atomic
def account_create(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    agency,
    job_title: str,
    roles,
    expires_on: dt.date | None,
    today: dt.date,
) -> User:
    access.require(actor, "admin.users")
    _check(username=username, roles=roles, agency=agency, expires_on=expires_on, today=today)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        agency=agency,
        job_title=job_title,
        account_expires_on=expires_on,
        access_reviewed_on=today,
    )
    user.set_unusable_password()
    user.save()
    _set_roles(user, roles)
    audit(actor, AuditAction.CREATE, user, "make an account", detail={"after": _snapshot(user)})
    return user


@transaction.atomic
def account_update(
    *,
    actor: User,
    user: User,
    expected_version: int,
    first_name: str,
    last_name: str,
    email: str,
    agency,
    job_title: str,
    roles,
    is_active: bool,
    expires_on: dt.date | None,
    today: dt.date,
) -> User:
    access.require(actor, "admin.users", record=("core.user", user.pk))
    if user.pk == actor.pk and not is_active:
        raise AccountInvalid({"is_active": "You cannot switch off your own account"})
    if user.pk == actor.pk and "system_administrator" not in roles:
        raise AccountInvalid({"roles": "You cannot take away your own administrator role"})
    _check(username=None, roles=roles, agency=agency, expires_on=expires_on, today=today)
    before = _snapshot(user)
    bump(
        user,
        expected_version,
        first_name=first_name,
        last_name=last_name,
        email=email,
        agency=agency,
        job_title=job_title,
        is_active=is_active,
        account_expires_on=expires_on,
    )
    _set_roles(user, roles)
    audit(
        actor,
        AuditAction.CHANGE,
        user,
        "change an account",
        detail={"before": before, "after": _snapshot(user)},
    )
    return user


@transaction.atomic
def access_review(*, actor: User, user: User, expected_version: int, today: dt.date) -> None:
    """The administrator confirms this person still needs their account and roles."""
    access.require(actor, "admin.users", record=("core.user", user.pk))
    bump(user, expected_version, access_reviewed_on=today)
    audit(
        actor,
        AuditAction.CHANGE,
        user,
        "review an account's access",
        detail={"roles": sorted(user.role_codes), "reviewed_on": today.isoformat()},
    )


def review_due_on(user: User) -> dt.date:
    """The day the account's yearly review falls due (from its last review, or from when
    it was made)."""
    since = user.access_reviewed_on or user.date_joined.date()
    return since + dt.timedelta(days=REVIEW_AFTER_DAYS)


def accounts_needing_attention(today: dt.date):
    """Active accounts due for their yearly review, or expiring soon."""
    review_before = today - dt.timedelta(days=REVIEW_AFTER_DAYS)
    return (
        User.objects.filter(is_active=True, is_demo_account=False)
        .filter(
            Q(access_reviewed_on__lte=review_before)
            | Q(access_reviewed_on__isnull=True, date_joined__date__lte=review_before)
            | Q(
                account_expires_on__gte=today,
                account_expires_on__lte=today + dt.timedelta(days=EXPIRY_NOTICE_DAYS),
            )
        )
        .select_related("agency")
        .order_by("username")
    )


# --- Elected members' wards -----------------------------------------------------------------


def elected_members() -> list[tuple[User, Ward | None]]:
    """Active elected members, by name, each with the ward they represent (or None)."""
    members = (
        User.objects.filter(is_active=True, grants__role=Role.ELECTED_MEMBER)
        .select_related("ward_seat__ward")
        .order_by("last_name", "first_name", "id")
        .distinct()
    )
    return [(m, m.ward_seat.ward if hasattr(m, "ward_seat") else None) for m in members]


@transaction.atomic
def member_ward_set(*, actor: User, user: User, expected_version: int, ward_name: str) -> None:
    """Set (or, with no name, clear) the ward an elected member represents; their ward figures
    open on it. Refused for a ward the borough does not have, and for an account that is not
    an elected member's."""
    access.require(actor, "governance.member_wards", record=("core.user", user.pk))
    if not user.has_role(Role.ELECTED_MEMBER):
        raise AccountInvalid({"ward": "Only an elected member has a ward"})
    ward = Ward.objects.filter(name=ward_name).first() if ward_name else None
    if ward_name and ward is None:
        raise AccountInvalid({"ward": "Select a ward from the list"})
    before = member_ward(user)
    bump(user, expected_version)
    if ward is None:
        WardMember.objects.filter(member=user).delete()
    else:
        WardMember.objects.update_or_create(member=user, defaults={"ward": ward})
    audit(
        actor,
        AuditAction.CHANGE,
        user,
        "set an elected member's ward",
        detail={
            "before": before.name if before else "",
            "after": ward.name if ward else "",
        },
    )


# --- Choosing a password from a link --------------------------------------------------------


def password_link(*, actor: User, user: User) -> str:
    """The path of a link with which ``user`` chooses a password (shown once, never kept; it
    stops working once a password is set or the account changes)."""
    access.require(actor, "admin.users", record=("core.user", user.pk))
    audit(actor, AuditAction.CHANGE, user, "give a link to choose a password")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("governance:set_password", args=[uid, default_token_generator.make_token(user)])


def user_for_link(uidb64: str, token: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def password_set(*, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(user, AuditAction.CHANGE, user, "choose a password from a link")


# --- Agencies --------------------------------------------------------------------------------


def _agency_snapshot(agency: Agency) -> dict:
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "agency_type": agency.agency_type,
        "active": agency.is_active,
    }


def _agency_check(name: str, *, other_than: int | None = None) -> None:
    clash = Agency.objects.filter(name__iexact=name).exclude(pk=other_than)
    if clash.exists():
        raise AccountInvalid({"name": "Choose another name: an agency already has this one"})


@transaction.atomic
def agency_create(*, actor: User, name: str, short_name: str, agency_type: str) -> Agency:
    access.require(actor, "admin.users")
    _agency_check(name)
    agency = Agency.objects.create(name=name, short_name=short_name, agency_type=agency_type)
    audit(
        actor,
        AuditAction.CREATE,
        agency,
        "add an agency",
        detail={"after": _agency_snapshot(agency)},
    )
    return agency


@transaction.atomic
def agency_update(
    *,
    actor: User,
    agency: Agency,
    expected_version: int,
    name: str,
    short_name: str,
    agency_type: str,
    is_active: bool,
) -> Agency:
    access.require(actor, "admin.users", record=("core.agency", agency.pk))
    _agency_check(name, other_than=agency.pk)
    if not is_active and agency.users.filter(is_active=True).exists():
        raise AccountInvalid(
            {"is_active": "Switch off or move the agency's accounts before you close the agency"}
        )
    before = _agency_snapshot(agency)
    bump(
        agency,
        expected_version,
        name=name,
        short_name=short_name,
        agency_type=agency_type,
        is_active=is_active,
    )
    audit(
        actor,
        AuditAction.CHANGE,
        agency,
        "change an agency",
        detail={"before": before, "after": _agency_snapshot(agency)},
    )
    return agency


def agencies_for_administration():
    return Agency.objects.annotate(
        accounts=Count("users", filter=Q(users__is_active=True))
    ).order_by("-is_active", "name")
