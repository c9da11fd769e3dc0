"""An analyst joins the dots: upload extracts, map columns once, run linkage, review the
queue, see linked records on a child's page, merge two entries and undo it."""

import datetime as dt
import re

from playwright.sync_api import expect

from triangulate.linkage.engine import synthetic
from triangulate.linkage.models import LinkageRun, RunStage, RunStatus
from triangulate.register.models import Person, PersonAddress

HEADINGS = {
    "record_id": "Nominal ID",
    "first_name": "Forename",
    "last_name": "Surname",
    "date_of_birth": "DOB",
    "sex": "Sex",
    "address": "Address",
    "postcode": "Post Code",
    "nhs_number": "NHS No",
}


def register(population, agency):
    people = []
    for p in population:
        person = Person(
            owning_agency=agency,
            given_name=p.first_name.title(),
            family_name=p.last_name.title(),
            date_of_birth=p.date_of_birth,
            sex=p.sex,
            nhs_number=p.nhs_number,
        )
        person.refresh_search_keys()
        person.save()
        PersonAddress.objects.create(
            person=person, owning_agency=agency, line_1=p.address.title(), postcode=p.postcode
        )
        people.append(person)
    return people


def extract_file(tmp_path, population, name, seed):
    frame, _truth = synthetic.extract(
        population, "police", coverage=0.7, seed=seed, nhs_share=0.3, noise=0.2
    )
    frame = frame.rename(columns=HEADINGS)
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_upload_map_link_review_merge_and_unmerge(app, police_analyst, police, tmp_path):
    population = synthetic.people(80, seed=9)
    people = register(population, police)
    page = app.page
    page.set_default_timeout(180_000)
    app.sign_in("analyst")
    page.get_by_role("link", name="Joining the dots").first.click()
    app.check()

    # First extract: the analyst matches the columns by hand.
    page.get_by_role("button", name="Upload an extract").click()
    app.check()
    page.get_by_label("Source").fill("police-nominals")
    page.get_by_label("Upload a file").set_input_files(
        extract_file(tmp_path, population, "nominals-oct.csv", 1)
    )
    page.get_by_role("button", name="Continue").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the columns")
    for column, heading in [
        ("Record ID", "Nominal ID"),
        ("First name", "Forename"),
        ("Last name", "Surname"),
        ("Date of birth", "DOB"),
        ("Postcode", "Post Code"),
        ("NHS number", "NHS No"),
        ("Address", "Address"),
        ("Sex", "Sex"),
    ]:
        page.get_by_label(column, exact=True).select_option(heading)
    page.get_by_role("button", name="Check and import").click()
    app.check()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()

    # Second extract from the same source: the mapping is remembered.
    app.goto("/linkage/extracts/new")
    page.get_by_label("Source").fill("police-nominals")
    page.get_by_label("Upload a file").set_input_files(
        extract_file(tmp_path, population, "nominals-nov.csv", 2)
    )
    page.get_by_role("button", name="Continue").click()
    app.check()
    expect(page.get_by_label("First name", exact=True)).to_have_value("Forename")
    page.get_by_role("button", name="Check and import").click()
    app.check()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()

    # Run linkage: it goes on in the background and its page follows it to the end.
    app.goto("/linkage/")
    page.get_by_role("button", name="Run linkage now").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Linkage run \d+"))
    # expect() waits 5 seconds unless told otherwise; training alone can take longer here.
    expect(page.get_by_text("The linkage run has finished.")).to_be_visible(timeout=180_000)
    app.check()
    expect(page.get_by_text("Finished", exact=True)).to_be_visible()

    # Work through the queue.
    app.goto("/linkage/review")
    pairs = page.locator("main table a")
    assert pairs.count() > 0, "the run should leave pairs for review"
    pairs.first.click()
    app.check()
    expect(page.get_by_role("heading", name="How the match weight adds up")).to_be_visible()
    page.get_by_label("Not sure: keep in the queue for someone else").check()
    page.get_by_role("button", name="Save decision").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter a note saying what is unclear")
    page.get_by_label("Note").fill("Checked the school roll: different year groups")
    page.get_by_label("No, different people: never link them").check()
    page.get_by_role("button", name="Save decision").click()
    app.check()
    expect(page.get_by_text("Decision saved.")).to_be_visible()

    # A linked child's page shows the police record on the timeline.
    child = next(
        p for p in people if p.source_records.filter(source_name="police-nominals").exists()
    )
    app.goto(f"/register/people/{child.pk}")
    expect(page.get_by_role("heading", name="Records from other agencies")).to_be_visible()
    expect(page.get_by_text("Record linked from police-nominals").first).to_be_visible()

    # Merge a duplicate entry into this child's entry, then undo it.
    duplicate = next(p for p in people if p.pk != child.pk)
    page.get_by_role("link", name="Merge a duplicate entry into this one").click()
    app.check()
    page.get_by_label("Register entry number of the duplicate").fill(str(duplicate.pk))
    page.get_by_label("Reason").fill("Same child: the health visitor confirmed")
    page.get_by_role("button", name="Merge entries").click()
    app.check()
    expect(page.get_by_text(f"Entry {duplicate.pk} has been merged into this one.")).to_be_visible()
    expect(page.get_by_role("table", name="Merge history")).to_contain_text("Merged")
    page.get_by_role("link", name=re.compile("Undo the last merge")).click()
    app.check()
    page.get_by_label("Reason").fill("Merged in error: different children")
    page.get_by_role("button", name="Undo merge").click()
    app.check()
    expect(page.get_by_text("The merge has been undone")).to_be_visible()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None


def test_a_running_run_page_follows_the_run_without_reloading(app, police_analyst):
    run = LinkageRun.objects.create(started_by=police_analyst, stage=RunStage.PREPARING)
    page = app.page
    app.sign_in("analyst")
    app.goto("/linkage/")
    expect(page.get_by_role("button", name="Run linkage now")).to_have_count(0)
    page.get_by_role("link", name=f"Linkage run {run.pk}").click()
    app.check()
    expect(page.get_by_text("Stage 1 of 5: Preparing records")).to_be_visible()
    progress = page.get_by_role("progressbar", name="Linkage run progress")
    expect(progress).to_have_attribute("value", "0")
    # A marker on the page shows that what follows happens without a page load.
    page.evaluate("document.body.dataset.sameDocument = 'yes'")
    polls = []
    page.on("request", lambda request: polls.append(request.url))

    # The page asks every two seconds; allow for a slow machine.
    LinkageRun.objects.filter(pk=run.pk).update(stage=RunStage.TRAINING)
    expect(page.get_by_text("Stage 2 of 5: Training the model")).to_be_visible(timeout=15_000)
    expect(progress).to_have_attribute("value", "1")
    app.check()

    LinkageRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FINISHED,
        stage=RunStage.UPDATING,
        finished_at=dt.datetime.now(dt.UTC),
        stats={"records": 12, "persons": 10, "review_pairs": 0},
    )
    expect(page.get_by_text("The linkage run has finished.")).to_be_visible(timeout=15_000)
    expect(progress).to_have_count(0)
    app.check()
    assert page.evaluate("document.body.dataset.sameDocument") == "yes"
    # Polling has stopped: the run page is not asked for again.
    asked = len(polls)
    page.wait_for_timeout(5_000)
    assert len(polls) == asked
