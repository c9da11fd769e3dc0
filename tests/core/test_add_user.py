"""An installation's first users are created from the command line."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from triangulate.core.models import Agency, AuditEntry, User


def test_a_new_user_is_created_in_a_new_agency_with_their_roles(db, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_NEW_PASSWORD", "a-long-and-unusual-passphrase-42")
    call_command(
        "add_user",
        "--username=ada.admin",
        "--agency=Riverford Children's Services",
        "--agency-type=childrens_social_care",
        "--role=system_administrator",
        "--role=team_manager",
    )
    user = User.objects.get(username="ada.admin")
    assert user.agency == Agency.objects.get(name="Riverford Children's Services")
    assert sorted(user.grants.values_list("role", flat=True)) == [
        "system_administrator",
        "team_manager",
    ]
    assert user.check_password("a-long-and-unusual-passphrase-42")
    assert AuditEntry.objects.filter(purpose="create user", object_id=str(user.pk)).exists()


def test_a_weak_password_is_refused_and_no_user_is_created(db, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_NEW_PASSWORD", "password")
    with pytest.raises(CommandError):
        call_command(
            "add_user",
            "--username=weak",
            "--agency=Riverford Police",
            "--agency-type=police",
            "--role=police_officer",
        )
    assert not User.objects.filter(username="weak").exists()


def test_an_unknown_agency_needs_its_type(db, monkeypatch):
    monkeypatch.setenv("TRIANGULATE_NEW_PASSWORD", "a-long-and-unusual-passphrase-42")
    with pytest.raises(CommandError, match="agency-type"):
        call_command("add_user", "--username=x", "--agency=Nowhere", "--role=police_officer")
    assert not User.objects.filter(username="x").exists()
