"""People trained without accounts (GP practice staff, parish councillors, hotel and taxi
staff) are imported from their organisation's roster and counted: year on year, and who is
still to train."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from triangulate.partnership.models import Learner, TrainingCompletion, TrainingCourse
from triangulate.partnership.services import reach

TODAY = dt.date(2026, 11, 20)
HEAD = "reference,name,organisation,audience,course,completed on\n"


@pytest.fixture
def course(db):
    return TrainingCourse.objects.create(
        title="Spotting exploitation in hotels", kind="session", audience="hotel_taxi_staff"
    )


def upload(client, text, name="roster.csv"):
    return client.post(
        "/partnership/training/learners/import",
        {"file": SimpleUploadedFile(name, text.encode())},
    )


def test_a_roster_with_one_bad_row_imports_nothing_and_names_the_row(
    client_for, partnership_manager, course
):
    text = (
        HEAD
        + "T-101,Sam Okafor,Kingsmere Cars,Hotel and taxi staff,Spotting exploitation in hotels,03/10/2026\n"
        + "T-102,,Kingsmere Cars,Taxi drivers,Spotting exploitation in hotels,31/02/2026\n"
    )
    response = upload(client_for(partnership_manager), text)
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Row 3: enter the name; no audience called Taxi drivers; "
        "completed on must be a real date like 31/03/2026" in page
    )
    assert not Learner.objects.exists() and not TrainingCompletion.objects.exists()


def test_learners_are_counted_once_a_year_and_still_to_train_is_listed(
    client_for, partnership_manager, course
):
    text = (
        HEAD
        + "T-101,Sam Okafor,Kingsmere Cars,Hotel and taxi staff,Spotting exploitation in hotels,03/10/2026\n"
        + "T-101,Sam Okafor,Kingsmere Cars,Hotel and taxi staff,Spotting exploitation in hotels,04/10/2026\n"
        + "T-102,Jo Reyes,Kingsmere Cars,hotel_taxi_staff,Spotting exploitation in hotels,10/05/2025\n"
        + "H-7,Lee Park,Riverside Hotel,Hotel and taxi staff,,\n"
        + "P-1,Ann Hale,Eastbrook Parish Council,Parish councillors,Spotting exploitation in hotels,01/02/2022\n"
    )
    counts = reach.learners_import(
        actor=partnership_manager, filename="roster.csv", content=text.encode(), today=TODAY
    )
    assert counts == {"added": 4, "updated": 0, "completions": 4}
    # The same roster again adds nobody and no completion twice.
    again = reach.learners_import(
        actor=partnership_manager, filename="roster.csv", content=text.encode(), today=TODAY
    )
    assert again == {"added": 0, "updated": 0, "completions": 0}

    years, rows = reach.reach(TODAY)
    assert years == [2024, 2025, 2026]
    hotel = next(r for r in rows if r.audience == "hotel_taxi_staff")
    # Sam twice in 2026-27 counts once; Jo in 2025-26.
    assert hotel.trained_by_year == {2024: 0, 2025: 1, 2026: 1}
    assert hotel.change(2026) == 0
    assert (hotel.on_roster, hotel.still_to_train) == (3, 1)
    # Ann's training in 2022 is out of date: she is due again.
    parish = next(r for r in rows if r.audience == "parish_councillors")
    assert (parish.on_roster, parish.still_to_train) == (1, 1)
    assert [learner.name for learner in reach.still_to_train(TODAY)] == ["Ann Hale", "Lee Park"]


def test_the_partnership_manager_sees_who_is_still_to_train_and_a_councillor_only_counts(
    client_for, partnership_manager, elected_member, course
):
    reach.learners_import(
        actor=partnership_manager,
        filename="roster.csv",
        content=(HEAD + "H-7,Lee Park,Riverside Hotel,Hotel and taxi staff,,\n").encode(),
        today=dt.date.today(),
    )
    manager = client_for(partnership_manager)
    training = manager.get("/partnership/training/").content.decode()
    assert "Reach: people trained each year" in training
    assert "?audience=hotel_taxi_staff" in training
    listed = manager.get("/partnership/training/still-to-train?audience=hotel_taxi_staff")
    assert "Lee Park" in listed.content.decode()

    councillor = client_for(elected_member)
    seen = councillor.get("/partnership/training/").content.decode()
    assert "Reach: people trained each year" in seen
    assert "Lee Park" not in seen and "still-to-train" not in seen
    assert councillor.get("/partnership/training/still-to-train").status_code == 403
