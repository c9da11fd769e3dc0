"""An analyst joins the dots: upload extracts, map columns once, watch a large one import,
run linkage, review the queue, see linked records on a child's page, merge two entries and
undo it."""

import datetime as dt
import itertools
import re
import threading

import pytest
from playwright.sync_api import expect

from bench import synthetic
from triangulate.linkage.models import LinkageRun, RunStage, RunStatus
from triangulate.linkage.services import imports
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
    return path, len(frame)


class HeldImport:
    """Holds a background import once it has written ``rows`` rows, until let go, so that a
    journey sees it under way however fast the machine is."""

    def __init__(self, monkeypatch, rows: int):
        self.rows = rows
        self.go = threading.Event()
        # Rows are counted by thread: an import in a request or a thread of its own.
        seen = threading.local()
        real = imports.clean_row

        def clean_row(raw):
            seen.rows = getattr(seen, "rows", 0) + 1
            if seen.rows == self.rows + 1:
                self.go.wait(timeout=180)
            return real(raw)

        monkeypatch.setattr(imports, "clean_row", clean_row)


@pytest.fixture
def held_import(monkeypatch):
    held = HeldImport(monkeypatch, rows=2 * imports.BATCH_SIZE)
    yield held
    held.go.set()  # never leave the import's thread waiting


def test_upload_map_link_review_merge_and_unmerge(
    app, police_analyst, police, tmp_path, held_import, background_worker
):
    # The register holds 80 people; the second extract is of a wider population, large
    # enough that its import goes on in the background.
    population = synthetic.people(3200, seed=9)
    people = register(population[:80], police)
    page = app.page
    page.set_default_timeout(180_000)
    app.sign_in("analyst")
    page.get_by_role("link", name="Joining the dots").first.click()
    app.check()

    # First extract: the analyst matches the columns by hand.
    page.get_by_role("button", name="Upload an extract").click()
    app.check()
    page.get_by_label("Source").fill("police-nominals")
    first, first_rows = extract_file(tmp_path, population[:80], "nominals-oct.csv", 1)
    assert first_rows <= imports.BACKGROUND_ROWS
    page.get_by_label("Upload a file").set_input_files(first)
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

    # Second extract from the same source: the mapping is remembered. It is large, so it is
    # imported in the background and its page follows the import without reloading.
    second, second_rows = extract_file(tmp_path, population, "nominals-nov.csv", 2)
    assert second_rows > imports.BACKGROUND_ROWS
    app.goto("/linkage/extracts/new")
    page.get_by_label("Source").fill("police-nominals")
    page.get_by_label("Upload a file").set_input_files(second)
    page.get_by_role("button", name="Continue").click()
    app.check()
    expect(page.get_by_label("First name", exact=True)).to_have_value("Forename")
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Importing the records.")).to_be_visible()
    progress = page.get_by_role("progressbar", name="Import progress")
    expect(progress).to_have_attribute("max", str(second_rows))
    # The page asks every two seconds; allow for a slow machine.
    expect(progress).to_have_attribute("value", str(held_import.rows), timeout=15_000)
    expect(
        page.get_by_text(f"{held_import.rows:,} of {second_rows:,} rows imported.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Check progress")).to_be_visible()
    app.check()
    page.evaluate("document.body.dataset.sameDocument = 'yes'")
    held_import.go.set()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible(timeout=15_000)
    expect(page.get_by_text(f"{second_rows} records from police-nominals")).to_be_visible()
    expect(progress).to_have_count(0)
    expect(page.get_by_role("link", name="Check progress")).to_have_count(0)
    app.check()
    assert page.evaluate("document.body.dataset.sameDocument") == "yes"

    # Run linkage: it goes on in the background and its page follows it to the end.
    app.goto("/linkage/")
    page.get_by_role("button", name="Run linkage now").click()
    # The run's thread competes with the page for the server: wait for the page to load.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Linkage run \d+"))
    app.check()
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
    page.get_by_role("button", name="Continue").click()
    app.check()
    # Both entries side by side, with the family guard's warnings, before anything merges.
    expect(page.get_by_role("heading", name="Are these the same child?")).to_be_visible()
    expect(page.get_by_role("table", name="The two entries side by side")).to_be_visible()
    page.get_by_label("Why are these the same child?").fill(
        "Same child: the health visitor confirmed"
    )
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


def test_pages_for_a_wrong_file_a_replaced_pair_and_another_agencys_record(
    app, police_analyst, police, council, tmp_path
):
    from triangulate.linkage.models import REGISTER_SOURCE, MatchPair, SourceRecord

    page = app.page
    app.sign_in("analyst")

    # The wrong file: refused if it is not text; deleted if nothing was imported from it.
    picture = tmp_path / "nominals.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    app.goto("/linkage/extracts/new")
    page.get_by_label("Source").fill("police-nominals")
    page.get_by_label("Upload a file").set_input_files(picture)
    page.get_by_role("button", name="Continue").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("not a CSV text file")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Nominal ID,Forename\nN1,Rosie\n")
    page.get_by_label("Upload a file").set_input_files(wrong)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Delete this file").click()
    app.check()
    page.get_by_role("button", name="Delete the file").click()
    app.check()
    expect(page.get_by_text("wrong.csv has been deleted.")).to_be_visible()

    # A pair with a record of another agency: only which agency holds it.
    ours = register(synthetic.people(2, seed=3), police)[0]
    theirs = register(synthetic.people(2, seed=4), council)[0]
    records = [
        SourceRecord.objects.create(
            owning_agency=person.owning_agency,
            source_name=REGISTER_SOURCE,
            record_id=str(person.pk),
            first_name=person.given_name,
            last_name=person.family_name,
            person=person,
        )
        for person in (ours, theirs)
    ]
    earlier = LinkageRun.objects.create(status=RunStatus.FINISHED)
    pair = MatchPair.objects.create(
        run=earlier,
        left=records[0],
        right=records[1],
        match_probability=0.7,
        match_weight=1.0,
        reason="uncertain match",
    )
    app.goto(f"/linkage/review/{pair.pk}")
    app.check()
    expect(page.get_by_text("A record held by Kingsmere Children's Services")).to_be_visible()

    # A later run replaced it.
    replaced = pair.pk
    later = LinkageRun.objects.create(
        status=RunStatus.FINISHED, stats={"replaced_pairs": [[replaced, replaced]]}
    )
    pair.delete()
    app.goto(f"/linkage/review/{replaced}")
    app.check()
    expect(page.get_by_text(f"Linkage run {later.pk} replaced this pair")).to_be_visible()


def test_the_queue_shows_its_load_and_a_group_cleared_in_one_decision(app, police_analyst, police):
    from tests.linkage.test_review_access import pending_pair
    from triangulate.linkage.models import REGISTER_SOURCE, SourceRecord

    page = app.page
    app.sign_in("analyst")
    child = register(synthetic.people(1, seed=5), police)[0]
    records = [
        SourceRecord.objects.create(
            owning_agency=police,
            source_name=source,
            record_id=record_id,
            first_name=child.given_name,
            last_name=child.family_name,
            date_of_birth=child.date_of_birth,
            person=child if source == REGISTER_SOURCE else None,
        )
        for source, record_id in (
            (REGISTER_SOURCE, str(child.pk)),
            ("nominals", "N1"),
            ("custody", "C1"),
        )
    ]
    pairs = [pending_pair(left, right) for left, right in itertools.pairwise(records)]
    LinkageRun.objects.filter(pk=pairs[-1].run_id).update(stats={"records": 400, "review_pairs": 2})
    app.goto("/linkage/review")
    app.check()
    expect(page.get_by_text("2 (5.0 per 1,000 records linked)")).to_be_visible()
    page.get_by_role("button", name="Every record in group 1 is the same person").click()
    app.check()
    expect(page.get_by_text("2 pairs decided: the records are one person.")).to_be_visible()
    assert SourceRecord.objects.filter(person=child).count() == 3
