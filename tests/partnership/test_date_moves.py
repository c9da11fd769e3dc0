"""Moving a target date: the approver is a second person, asked in the product, who approves there."""

import datetime as dt
import re

from django.utils import timezone

from triangulate.partnership.models import Action

TODAY = timezone.localdate()


def _move(client, action, new_date, approver, reason="Provider changed"):
    return client.post(
        f"/partnership/actions/{action.pk}/target-date",
        {
            "new_date-day": new_date.day,
            "new_date-month": new_date.month,
            "new_date-year": new_date.year,
            "reason": reason,
            # The person asked to approve (named "approved_by" on the form before approval
            # happened in the product).
            "approver": approver.pk,
            "approved_by": approver.pk,
            "version": action.version,
        },
    )


def _approve(client, action):
    page = client.get(f"/partnership/actions/{action.pk}").content.decode()
    found = re.search(r'action="(/partnership/date-moves/\d+/decide)"', page)
    assert found, "the approver sees the move waiting for them on the action's page"
    return client.post(
        found.group(1), {"decision": "approve", "version": Action.objects.get(pk=action.pk).version}
    )


def test_a_manager_cannot_approve_her_own_date_move(client_for, make_action, partnership_manager):
    action = make_action(lead=partnership_manager)
    new_date = action.target_date + dt.timedelta(days=60)
    response = _move(client_for(partnership_manager), action, new_date, partnership_manager)
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.target_date != new_date
    assert not action.date_changes.exists()


def test_naming_an_approver_asks_them_and_only_their_approval_moves_the_date(
    client_for, make_action, action_lead, chief_officer, partnership_manager
):
    action = make_action()
    old_date = action.target_date
    new_date = old_date + dt.timedelta(days=45)
    lead = client_for(action_lead)
    assert _move(lead, action, new_date, chief_officer).status_code == 302
    action.refresh_from_db()
    assert action.target_date == old_date, "naming an approver is not approval"
    assert not action.date_changes.exists()
    slippage = client_for(partnership_manager).get("/partnership/slippage").content.decode()
    assert "0 moved dates" in slippage

    # The request reaches the chief officer in My work (and nobody else's approval list).
    chief = client_for(chief_officer)
    work = chief.get("/my-work").content.decode()
    assert "Target date moves waiting for your approval" in work
    assert f"/partnership/actions/{action.pk}" in work
    other = client_for(partnership_manager).get("/my-work").content.decode()
    assert f"{action.number}: move the target date" not in other
    # Someone else cannot approve it on the chief officer's behalf, nor can the lead.
    page = client_for(action_lead).get(f"/partnership/actions/{action.pk}").content.decode()
    assert "Approve the move" not in page
    assert f"waiting for {chief_officer.display_name} to approve" in page

    assert _approve(chief, action).status_code == 302
    action.refresh_from_db()
    assert action.target_date == new_date
    change = action.date_changes.get()
    assert (change.changed_by, change.approved_by) == (action_lead, chief_officer)


def test_slippage_report_moved_by_column_names_the_person(
    client_for, make_action, action_lead, chief_officer, partnership_manager
):
    action = make_action()
    _move(
        client_for(action_lead), action, action.target_date + dt.timedelta(days=30), chief_officer
    )
    if not action.date_changes.exists():
        _approve(client_for(chief_officer), action)
    page = client_for(partnership_manager).get("/partnership/slippage").content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    heads = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
    ]
    body = table[table.index("<tbody") :]
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
    ]
    # The first column of the body row is a header cell in some tables; align from the end.
    row = dict(zip(heads[-len(cells) :], cells, strict=True))
    assert row["Moved by"] == action_lead.display_name
    assert row["Approved by"] == chief_officer.display_name
