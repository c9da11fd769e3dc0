"""Helpers shared by the partnership views."""

from __future__ import annotations

from django.utils import timezone


def today():
    return timezone.localdate()
