"""The partnership keeps its continuum of need from a page: levels added and changed with
their fitting decisions, a level taken out of use rather than removed, every change audited,
stale edits and bad input refused, and only the partnership manager and the system
administrator may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role
from triangulate.frontdoor import services
from triangulate.frontdoor.models import NeedLevel, Outcome

pytestmark = pytest.mark.django_db


def test_the_partnership_manager_adds_a_level_and_bad_codes_are_refused(
    client_for, partnership_manager
):
    client = client_for(partnership_manager)
    url = reverse("frontdoor:need_level_new")
    before = NeedLevel.objects.count()
    taken = NeedLevel.objects.first().code
    for code, message in [
        (taken, "A level with this code already exists"),
        ("level 5!", "Enter a code of letters, digits, hyphens or underscores"),
    ]:
        refused = client.post(url, {"code": code, "label": "Specialist", "order": 50})
        assert message in refused.content.decode()
    assert NeedLevel.objects.count() == before
    added = client.post(url, {
        "code": "5", "label": "Specialist exploitation", "order": 50,
        "outcomes": [Outcome.EXPLOITATION_TEAM, Outcome.MACE],
    })  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:2000]
    level = NeedLevel.objects.get(code="5")
    assert level.outcomes == [Outcome.EXPLOITATION_TEAM, Outcome.MACE] and level.is_active
    page = client.get(reverse("frontdoor:need_levels")).content.decode()
    assert "Specialist exploitation" in page
    assert "Exploitation team; Referral to the MACE panel" in page
    assert level in services.need_levels()  # the front door decides at it now
    assert AuditEntry.objects.filter(
        actor=partnership_manager, action=AuditAction.CREATE, object_type="frontdoor.needlevel",
        object_id=str(level.pk),
    ).exists()  # fmt: skip


def test_a_level_changed_or_taken_out_of_use_with_stale_edits_refused(
    client_for, partnership_manager, make_user, council
):
    admin = make_user(council, Role.SYSTEM_ADMINISTRATOR, username="sysadmin")
    level = NeedLevel.objects.filter(is_active=True).order_by("order").first()
    url = reverse("frontdoor:need_level", args=[level.pk])
    data = {"label": "Universal", "order": level.order, "outcomes": [Outcome.NFA_ADVICE],
            "version": level.version}  # fmt: skip
    saved = client_for(admin).post(url, {**data, "is_active": ""})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    level.refresh_from_db()
    assert (level.label, level.is_active, level.outcomes) == ("Universal", False, ["nfa_advice"])
    assert level not in services.need_levels()
    entry = AuditEntry.objects.get(action=AuditAction.CHANGE, object_id=str(level.pk))
    assert (
        entry.detail["before"]["is_active"] is True and entry.detail["after"]["is_active"] is False
    )
    # The manager's page was opened before the administrator's change: refused, nothing saved.
    stale = client_for(partnership_manager).post(
        url, {**data, "label": "Level one", "is_active": "on"}
    )
    assert "Someone else saved this record" in stale.content.decode()
    level.refresh_from_db()
    assert level.label == "Universal"
    # The front door cannot be left with no level to decide at.
    NeedLevel.objects.exclude(pk=level.pk).update(is_active=False)
    NeedLevel.objects.filter(pk=level.pk).update(is_active=True)
    level.refresh_from_db()
    last = client_for(admin).post(url, {**data, "version": level.version, "is_active": ""})
    assert "Keep at least one level in use" in last.content.decode()
    assert NeedLevel.objects.filter(is_active=True).count() == 1


def test_no_one_else_keeps_the_levels(client_for, front_door_worker, team_manager):
    level = NeedLevel.objects.first()
    for user in (front_door_worker, team_manager):
        client = client_for(user)
        assert client.get(reverse("frontdoor:need_levels")).status_code == 403
        posted = client.post(
            reverse("frontdoor:need_level", args=[level.pk]),
            {"label": "Changed", "order": 1, "version": level.version, "is_active": "on"},
        )
        assert posted.status_code == 403
    level.refresh_from_db()
    assert level.label != "Changed"
