"""Helpers shared by the partnership views."""

from __future__ import annotations

from django.utils import timezone

from ..services import PartnershipError, StaleEdit

STALE_MESSAGE = (
    "Someone else changed this record after you opened it. Your change has not been saved: "
    "check the latest version below and try again."
)


def attempt(form, call, field=None) -> bool:
    """Run a service call; turn a refusal into an error on the form instead of a traceback."""
    try:
        call()
    except StaleEdit:
        form.add_error(None, STALE_MESSAGE)
        return False
    except PartnershipError as error:
        form.add_error(field, str(error))
        return False
    return True


def today():
    return timezone.localdate()
