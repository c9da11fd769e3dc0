"""Decisions not to share: records with reasons, seen by the deciding agency's managers."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core.models import AuditEntry
from triangulate.governance.models import DecisionNotToShare


def test_a_decision_not_to_share_is_recorded_counted_and_seen_by_managers(
    client_for, practitioner, team_manager, police_officer, child, police
):
    client = client_for(practitioner)
    url = reverse("governance:decision_new", args=[child.pk])
    empty = client.post(url, {"requesting_agency": police.pk, "reasons": " "})
    assert empty.status_code == 400 and "Enter reasons" in empty.content.decode()
    assert not DecisionNotToShare.objects.exists()

    done = client.post(
        url,
        {
            "requesting_agency": police.pk,
            "reasons": "Disclosure was about a sibling; not necessary for the police enquiry",
            "consent_refused": "on",
        },
    )
    assert done.status_code == 302
    decision = DecisionNotToShare.objects.get()
    assert decision.consent_refused and decision.deciding_agency == practitioner.agency
    assert AuditEntry.objects.filter(purpose="decide not to share").exists()

    page = client_for(team_manager).get(reverse("governance:decisions")).content.decode()
    assert "Disclosure was about a sibling" in page and "Mereshire Police" in page

    # Another agency can neither record one about this child nor see the decision.
    assert client_for(police_officer).get(url).status_code == 403
    assert client_for(police_officer).get(reverse("governance:decisions")).status_code == 403
