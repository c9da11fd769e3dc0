"""Optimistic locking, once for every app.

A form carries the version of the record it was opened at; a save is one conditional update
that matches that version and bumps it. If someone saved in between, nothing is written and
:class:`StaleEdit` is raised; views show :data:`STALE_MESSAGE` and reload the record.
"""

from __future__ import annotations

from django.db import models

STALE_MESSAGE = (
    "Someone else saved this record after you opened it. Nothing you entered was saved: "
    "the page now shows their changes. Make your changes again."
)


class StaleEdit(Exception):
    """Someone saved this record after it was opened; nothing was overwritten."""

    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message)


def bump(
    obj: models.Model,
    expected_version: int,
    *,
    field: str = "version",
    where: dict | None = None,
    **changes,
) -> int:
    """Save ``changes`` to ``obj`` only if it is still at ``expected_version``; return the new
    version. ``where`` adds conditions the row must still meet (a status, say).

    One conditional UPDATE, so two people saving at once cannot both win. ``obj`` is updated
    in memory to match what was written.
    """
    new_version = int(expected_version) + 1
    rows = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, **{field: expected_version}, **(where or {}))
        .update(**{field: new_version}, **changes)
    )
    if rows != 1:
        raise StaleEdit
    setattr(obj, field, new_version)
    for name, value in changes.items():
        if not isinstance(value, models.expressions.Combinable):
            setattr(obj, name, value)
    return new_version
