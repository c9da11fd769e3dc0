"""Spreadsheet downloads: a value that looks like a formula comes out as inert text, and a
control character in one row never stops the download."""

import csv
import datetime as dt
import io

from django.db import connection
from openpyxl import load_workbook

from triangulate.partnership.services import recommendations as services

FORMULA = '=HYPERLINK("http://example.invalid/","click")'


def _register_rows(client):
    response = client.get("/partnership/recommendations/register.xlsx")
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows())


def test_a_formula_in_a_recommendation_is_exported_as_text(
    client_for, elected_member, partnership_manager, source
):
    services.recommendation_create(
        actor=partnership_manager,
        source=source,
        number=1,
        text=FORMULA,
        addressee="+44 police",
        timescale="immediately",
    )
    row = _register_rows(client_for(elected_member))[1]
    text, addressee = row[4], row[5]
    assert text.data_type == "s" and text.value == "'" + FORMULA
    assert addressee.data_type == "s" and addressee.value == "'+44 police"
    assert row[3].value == "1"  # recommendation numbers are text, as reports write them


def test_a_control_character_in_one_row_does_not_break_the_register_export(
    client_for, elected_member, partnership_manager, source
):
    bad = ["\x0b", "\x1b"] + (["\x00"] if connection.vendor == "sqlite" else [])
    for number, character in enumerate(bad, start=1):
        services.recommendation_create(
            actor=partnership_manager,
            source=source,
            number=number,
            text=f"Review{character}every plan",
            addressee="All",
            timescale="immediately",
        )
    rows = _register_rows(client_for(elected_member))
    assert [r[4].value for r in rows[1:]] == ["Review\ufffdevery plan"] * len(bad)


def test_a_formula_in_a_date_move_reason_is_inert_in_the_slippage_csv(
    client_for, make_action, action_lead, partnership_manager, plan, move_date
):
    action = make_action()
    move_date(
        action,
        by=action_lead,
        new_date=action.target_date + dt.timedelta(days=30),
        reason=FORMULA,
        approver=partnership_manager,
    )
    response = client_for(partnership_manager).get(
        f"/partnership/slippage?plan={plan.pk}&format=csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][6] == "Reason"
    assert rows[1][6] == "'" + FORMULA
    assert rows[1][5] == "30"
