"""A linkage run through the web app: register plus an imported extract."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bench import synthetic
from triangulate.core.models import AuditEntry
from triangulate.linkage.models import LinkageRun, MatchPair, RunStage, RunStatus, SourceRecord
from triangulate.linkage.services import imports, runs
from triangulate.linkage.services.runs import linkage_run
from triangulate.register.models import Person, PersonAddress


def load_register(population, agency):
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
            person=person,
            owning_agency=agency,
            line_1=p.address.title(),
            postcode=p.postcode,
            from_date=dt.date(2020, 1, 1),
        )


def import_extract(actor, population, seed=5):
    frame, truth = synthetic.extract(
        population, "police", coverage=0.6, seed=seed, nhs_share=0.3, noise=0.2
    )
    content = frame.to_csv(index=False).encode()
    extract = imports.extract_upload(
        actor=actor, source_name="nominals", file_name="n.csv", content=content
    )
    imports.extract_map_columns(actor=actor, extract=extract, mapping={c: c for c in frame.columns})
    return truth


@pytest.fixture
def borough(police_analyst, council):
    """120 children on the register and a police extract of most of them, imported."""
    population = synthetic.people(120, seed=6)
    load_register(population, council)
    import_extract(police_analyst, population, seed=6)


@pytest.fixture
def analyst(client_for, police_analyst, background_runs, django_capture_on_commit_callbacks):
    """The analyst's client; ``analyst.start_run()`` presses "Run linkage now"."""
    client = client_for(police_analyst)

    def start_run():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("linkage:run_start"))

    client.start_run = start_run
    return client


def run_page(client, run) -> str:
    return client.get(reverse("linkage:run", args=[run.pk])).content.decode()


def test_a_run_links_extract_records_to_register_entries_and_fills_the_queue(
    analyst, police_analyst, council, background_runs
):
    population = synthetic.people(400, seed=5)
    load_register(population, council)
    truth = import_extract(police_analyst, population)

    response = analyst.start_run()
    run = LinkageRun.objects.get()
    assert response.url == reverse("linkage:run", args=[run.pk])
    # The request returns at once; the run waits for its thread.
    assert run.status == RunStatus.RUNNING and len(background_runs.started) == 1
    background_runs.finish()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.model["comparisons"]
    police = SourceRecord.objects.filter(source_name="nominals", is_current=True)
    linked = police.filter(person__isnull=False)
    # The run links most records and never adds people to the register by itself.
    assert linked.count() > 0.8 * police.count()
    assert Person.objects.count() == len(population)
    # Records of one true person end up on one entry; different people never share one.
    entry_truth = {}
    for record in linked.select_related("person"):
        entry_truth.setdefault(record.person_id, set()).add(truth[record.record_id])
    assert all(len(people) == 1 for people in entry_truth.values())
    page = run_page(analyst, run)
    assert "Pairs for review" in page and "per 1,000 records linked" in page
    # What the model learned: each comparison's outcomes and the weight each adds.
    assert "What the model learned" in page and "Match weight" in page
    assert "<caption" in page and "Date of birth" in page and "Day and month swapped" in page
    assert MatchPair.objects.filter(run=run).count() == run.stats["review_pairs"]


def test_the_run_page_shows_each_stage_while_running_then_the_result(
    borough, analyst, background_runs, monkeypatch
):
    analyst.start_run()
    run = LinkageRun.objects.get()

    page = run_page(analyst, run)
    assert "Stage 1 of 5: Preparing records" in page
    assert '<progress class="app-progress" max="5" value="0"' in page
    assert 'hx-trigger="every 2s"' in page and "Check progress" in page
    index = analyst.get(reverse("linkage:index")).content.decode()
    assert f"Linkage run {run.pk}</a> is running" in index
    assert "Run linkage now" not in index

    # The page as it is just after each of the engine's phases begins, then at the end.
    seen = {}
    from triangulate.linkage.engine import pipeline

    real_link, real_apply = pipeline.link, runs.apply_clusters

    def link_and_look(*args, on_phase, **kwargs):
        def phase_and_look(phase):
            on_phase(phase)
            seen[phase] = run_page(analyst, run)

        return real_link(*args, on_phase=phase_and_look, **kwargs)

    def apply_and_look(*args, **kwargs):
        seen["apply"] = run_page(analyst, run)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(pipeline, "link", link_and_look)
    monkeypatch.setattr(runs, "apply_clusters", apply_and_look)
    background_runs.finish()

    assert list(seen) == [*pipeline.PHASES, "apply"]
    for moment, stage, done in [
        ("standardise", "Stage 1 of 5: Preparing records", 0),
        ("train", "Stage 2 of 5: Training the model", 1),
        ("predict", "Stage 3 of 5: Scoring pairs", 2),
        ("cluster", "Stage 4 of 5: Grouping records into people", 3),
        ("apply", "Stage 5 of 5: Updating the register and review queue", 4),
    ]:
        assert stage in seen[moment], moment
        assert f'<progress class="app-progress" max="5" value="{done}"' in seen[moment], moment
    page = run_page(analyst, run)
    assert "The linkage run has finished." in page
    assert "Finished" in page and "Records linked" in page
    # Finished: nothing left to poll for.
    assert "hx-trigger" not in page and "<progress" not in page
    assert "Run linkage now" in analyst.get(reverse("linkage:index")).content.decode()


def test_every_phase_of_the_engine_moves_the_run_to_its_own_stage_in_order():
    from triangulate.linkage.engine.pipeline import PHASES

    assert list(runs.PHASE_STAGES) == list(PHASES)
    stages = [runs.PHASE_STAGES[phase] for phase in PHASES]
    assert stages == RunStage.values[: len(PHASES)]
    assert RunStage.values[len(PHASES) :] == [RunStage.UPDATING]


def test_a_stage_change_writes_the_stage_alone_and_never_revives_a_stopped_run(db):
    run = LinkageRun.objects.create(stage=RunStage.PREPARING)
    # The run's thread holds its own copy of the run; other columns change meanwhile.
    earlier = timezone.now() - dt.timedelta(minutes=5)
    LinkageRun.objects.filter(pk=run.pk).update(started_at=earlier)
    runs._stage(run, RunStage.TRAINING)
    run.refresh_from_db()
    assert (run.stage, run.started_at) == (RunStage.TRAINING, earlier)

    # Marked failed meanwhile, by a page that took the run for stopped: the thread stops.
    LinkageRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, failure="Stopped")
    with pytest.raises(runs.RunAbandoned):
        runs._stage(run, RunStage.SCORING)
    run.refresh_from_db()
    assert (run.status, run.stage, run.failure) == (
        RunStatus.FAILED,
        RunStage.TRAINING,
        "Stopped",
    )


def test_a_second_run_is_refused_while_one_is_running(analyst, background_runs):
    analyst.start_run()
    first = LinkageRun.objects.get()

    response = analyst.start_run()
    assert response.url == reverse("linkage:run", args=[first.pk])
    assert LinkageRun.objects.count() == 1 and len(background_runs.started) == 1
    page = analyst.get(response.url).content.decode()
    assert (
        f"Linkage run {first.pk} is already running. "
        "You can start another run when it has finished." in page
    )
    assert "govuk-notification-banner" in page


def test_the_database_holds_at_most_one_running_run(db):
    # Two requests at the same moment both get past any check in Python; the database's
    # partial unique index refuses the second.
    LinkageRun.objects.create(status=RunStatus.RUNNING)
    LinkageRun.objects.create(status=RunStatus.FINISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkageRun.objects.create(status=RunStatus.RUNNING)


def test_a_run_left_running_too_long_is_marked_failed_and_no_longer_blocks(analyst, settings):
    settings.LINKAGE_RUN_STALE_MINUTES = 60
    stopped = LinkageRun.objects.create(
        stage=RunStage.TRAINING, started_at=timezone.now() - dt.timedelta(minutes=61)
    )

    page = run_page(analyst, stopped)
    stopped.refresh_from_db()
    assert stopped.status == RunStatus.FAILED and stopped.finished_at
    assert "The linkage run failed. Nothing in the register or the review queue was changed." in (
        page
    )
    assert "had not finished after 60 minutes" in page
    assert "Stage 2 of 5: Training the model" in page
    assert "hx-trigger" not in page
    assert AuditEntry.objects.filter(
        object_id=str(stopped.pk), purpose="mark a stopped linkage run failed"
    ).exists()

    analyst.start_run()
    assert LinkageRun.objects.filter(status=RunStatus.RUNNING).count() == 1


def test_a_running_run_within_the_limit_is_left_alone(analyst, settings):
    settings.LINKAGE_RUN_STALE_MINUTES = 60
    running = LinkageRun.objects.create(
        stage=RunStage.TRAINING, started_at=timezone.now() - dt.timedelta(minutes=59)
    )
    analyst.start_run()
    running.refresh_from_db()
    assert running.status == RunStatus.RUNNING and LinkageRun.objects.count() == 1


def test_a_run_marked_failed_while_still_working_changes_nothing(
    borough, analyst, settings, background_runs
):
    analyst.start_run()
    run = LinkageRun.objects.get()
    # The thread is slower than the limit: the page marks the run failed before it ends.
    LinkageRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=settings.LINKAGE_RUN_STALE_MINUTES + 1)
    )
    run_page(analyst, run)
    background_runs.finish()

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "had not finished" in run.failure
    assert not SourceRecord.objects.filter(source_name="nominals", person__isnull=False).exists()
    assert not MatchPair.objects.exists()


def test_a_failed_run_changes_nothing_and_says_so(
    borough, analyst, background_runs, monkeypatch, caplog
):
    records = list(SourceRecord.objects.filter(source_name="nominals").order_by("id")[:2])
    earlier = LinkageRun.objects.create(status=RunStatus.FINISHED)
    waiting = MatchPair.objects.create(
        run=earlier,
        left=records[0],
        right=records[1],
        match_probability=0.7,
        match_weight=1.0,
        reason="uncertain match",
    )

    def broken(*args, **kwargs):
        raise ImportError("No module named 'numpy'")

    # Fails after the register and the queue have been written, inside the transaction.
    monkeypatch.setattr(runs, "evaluate", broken)
    analyst.start_run()
    background_runs.finish()

    run = LinkageRun.objects.exclude(pk=earlier.pk).get()
    assert run.status == RunStatus.FAILED
    assert run.stage == RunStage.UPDATING
    assert not SourceRecord.objects.filter(source_name="nominals", person__isnull=False).exists()
    assert list(MatchPair.objects.all()) == [waiting]
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    page = run_page(analyst, run)
    assert "The linkage run failed. Nothing in the register or the review queue was changed." in (
        page
    )
    assert "Stage 5 of 5" in page
    # A plain explanation and what to do; the exception goes to the log only.
    assert "Start a new run" in page and "tell your system administrator" in page
    assert "numpy" not in page and "No module" not in page and "ImportError" not in page
    assert "No module named 'numpy'" in caplog.text and f"Linkage run {run.pk}" in caplog.text
    assert "Run linkage now" in analyst.get(reverse("linkage:index")).content.decode()


def test_the_demo_generator_runs_linkage_synchronously(borough, police_analyst):
    run = linkage_run(actor=police_analyst, system=True)
    assert run.status == RunStatus.FINISHED, run.failure
    assert SourceRecord.objects.filter(source_name="nominals", person__isnull=False).exists()
