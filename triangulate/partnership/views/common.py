"""Helpers shared by the partnership views."""

from __future__ import annotations

from django.utils import timezone

from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit

from ..services import PartnershipError


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
