"""A write a service refuses, once for every app.

A service that will not make a change (input that breaks a rule, a record in the wrong state)
raises :class:`Refused`, or an app's subclass of it, before it writes anything. ``errors`` maps
each form field at fault to the GOV.UK message a person sees; a message for the request as a
whole is under ``""``. Views put it on the form with ``core.forms.attempt`` or
``core.forms.saved``, the same way the stale edit of ``core.concurrency`` is shown.
"""

from __future__ import annotations


class Refused(Exception):
    """A change a service refused; nothing was written."""

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        super().__init__("; ".join(errors.values()))
        self.errors = errors
