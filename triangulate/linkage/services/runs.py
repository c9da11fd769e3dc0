"""Linkage runs: the register and every current extract record, through the engine, into
register entries and a review queue."""

from __future__ import annotations

import datetime as dt
import logging
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.background import enqueue, on_interrupted
from triangulate.core.models import AuditAction, User
from triangulate.register.models import Person, PersonAddress

from ..engine.schema import PERSON_FIELDS
from ..engine.thresholds import Thresholds
from ..models import (
    REGISTER_SOURCE,
    LinkageRun,
    MatchPair,
    MergeAction,
    MergeEvent,
    PairStatus,
    RunStage,
    RunStatus,
    SourceRecord,
)
from .merges import merge_people, register_values

logger = logging.getLogger(__name__)
FIELDS = PERSON_FIELDS
# The stage each of the engine's phases (engine.pipeline.PHASES) begins, as link() reports
# them. Preparing starts before link() is called, with the register and earlier decisions.
PHASE_STAGES = {
    "standardise": RunStage.PREPARING,
    "train": RunStage.TRAINING,
    "predict": RunStage.SCORING,
    "cluster": RunStage.GROUPING,
}


def sync_register_records() -> None:
    """Mirror every live register entry as a current record of the source "register"."""
    people = Person.objects.filter(merged_into__isnull=True).select_related("owning_agency")
    addresses = {
        a.person_id: a for a in PersonAddress.objects.filter(to_date__isnull=True).order_by("id")
    }
    existing = {r.record_id: r for r in SourceRecord.objects.filter(source_name=REGISTER_SOURCE)}
    live_ids = set()
    to_create, to_update = [], []
    for person in people.iterator(chunk_size=2000):
        values = register_values(person, addresses.get(person.pk))
        record_id = str(person.pk)
        live_ids.add(record_id)
        record = existing.get(record_id)
        if record is None:
            to_create.append(
                SourceRecord(
                    owning_agency_id=person.owning_agency_id,
                    source_name=REGISTER_SOURCE,
                    record_id=record_id,
                    person=person,
                    **values,
                )
            )
        else:
            for key, value in values.items():
                setattr(record, key, value)
            record.is_current = True
            record.person = person
            record.owning_agency_id = person.owning_agency_id
            to_update.append(record)
    SourceRecord.objects.bulk_create(to_create, batch_size=1000)
    SourceRecord.objects.bulk_update(
        to_update, [*FIELDS[:10], "is_current", "person", "owning_agency"], batch_size=1000
    )
    retired = [r.pk for rid, r in existing.items() if rid not in live_ids and r.is_current]
    SourceRecord.objects.filter(pk__in=retired).update(is_current=False)


def _frames(records: list[SourceRecord]):
    import pandas as pd

    rows: dict[str, list[dict]] = {}
    for r in records:
        row = {f: getattr(r, f) or "" for f in FIELDS}
        row["date_of_birth"] = r.date_of_birth.isoformat() if r.date_of_birth else ""
        row["record_id"] = str(r.pk)
        rows.setdefault(r.source_name, []).append(row)
    return {source: pd.DataFrame(items) for source, items in rows.items()}


def _labels(records_by_pk: dict[int, SourceRecord]):
    """Reviewers' decisions and standing merges, as must-link and cannot-link pairs."""

    def uid(record_pk):
        r = records_by_pk.get(record_pk)
        return f"{r.source_name}|{r.pk}" if r else None

    must, cannot, labelled = [], [], []
    for pair in MatchPair.objects.filter(status__in=[PairStatus.ACCEPTED, PairStatus.REJECTED]):
        a, b = uid(pair.left_id), uid(pair.right_id)
        if a and b:
            (must if pair.status == PairStatus.ACCEPTED else cannot).append((a, b))
            labelled.append((a, b, pair.status == PairStatus.ACCEPTED))
    register_of = {
        int(r.record_id): f"{REGISTER_SOURCE}|{r.pk}"
        for r in records_by_pk.values()
        if r.source_name == REGISTER_SOURCE
    }
    for event in MergeEvent.objects.filter(action=MergeAction.MERGE, undone_by__isnull=True):
        survivor = register_of.get(event.surviving_id)
        for moved in event.moved_records:
            if survivor and uid(moved):
                must.append((survivor, uid(moved)))
    for event in MergeEvent.objects.filter(action=MergeAction.UNMERGE):
        survivor = register_of.get(event.surviving_id)
        for moved in event.moved_records:
            if survivor and uid(moved):
                cannot.append((survivor, uid(moved)))
    return must, cannot, labelled


def _evaluate(labelled, pairs, accept: float) -> dict:
    """How the model's scores agree with earlier clerical decisions."""
    scored = {}
    for a, b, p in zip(
        pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
    ):
        scored[(a, b)] = scored[(b, a)] = p
    agree = false_links = missed = 0
    for a, b, same in labelled:
        model_says_same = scored.get((a, b), 0.0) >= accept
        if model_says_same == same:
            agree += 1
        elif model_says_same:
            false_links += 1
        else:
            missed += 1
    return {
        "labelled_pairs": len(labelled),
        "model_agrees": agree,
        "model_would_link_wrongly": false_links,
        "model_would_miss": missed,
    }


def _level_labels(model: dict) -> dict[str, dict[int, str]]:
    labels = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        by_gamma = {-1: "Missing on one side"}
        for i, level in enumerate(non_null):
            by_gamma[len(non_null) - 1 - i] = level.get("label_for_charts") or level.get(
                "sql_condition", ""
            )
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def _contributions(row, names, labels) -> list[dict]:
    import pandas as pd

    items = []
    for name in names:
        gamma = row.get(f"gamma_{name}")
        gamma = int(gamma) if gamma is not None and not pd.isna(gamma) else -1
        weight = row.get(f"weight_{name}")
        items.append(
            {
                "comparison": name,
                "level": labels.get(name, {}).get(gamma, str(gamma)),
                "weight": round(float(weight), 2)
                if weight is not None and not pd.isna(weight)
                else 0.0,
            }
        )
    return items


RUN_FAILED = (
    "Something went wrong in the system, not in your records, and the run stopped. "
    "Start a new run. If it fails again, tell your system administrator that linkage run "
    "{run} failed: the details are in the system's log."
)


class RunRefused(Exception):
    """A run is already running; ``running`` is that run."""

    def __init__(self, running: LinkageRun):
        super().__init__(
            f"Linkage run {running.pk} is already running. "
            "You can start another run when it has finished."
        )
        self.running = running


class RunAbandoned(Exception):
    """The run was marked failed (it was taken for stopped) while it was still working."""


def linkage_run(
    *,
    actor: User | None,
    engine: str = "duckdb",
    thresholds: Thresholds | None = None,
    system: bool = False,
    background: bool = False,
) -> LinkageRun:
    """Link every current record with the register; update entries; fill the review queue.

    ``system`` runs without a permission check (the demo generator); otherwise the actor
    needs the ``linkage.run`` permission. With ``background`` the run is queued for the
    background worker (core.background) and returned while still running; otherwise it is
    returned finished or failed. Raises RunRefused if another run is running.
    """
    if not system:
        access.require(actor, "linkage.run")
    thresholds = thresholds or Thresholds()
    runs_fail_stale(actor=actor)
    run = _run_create(actor, engine, thresholds)
    if background:
        # The worker reads the run with its own connection: queued once it is committed.
        enqueue(
            run_queued, run.pk, actor.pk if actor else None, thresholds.accept, thresholds.review
        )
    else:
        _run(run, actor, thresholds)
    return run


def _run_create(actor, engine: str, thresholds: Thresholds) -> LinkageRun:
    try:
        with transaction.atomic():
            run = LinkageRun.objects.create(
                started_by=actor,
                engine=engine,
                accept_threshold=thresholds.accept,
                review_threshold=thresholds.review,
                stage=RunStage.PREPARING,
            )
            audit(
                actor,
                AuditAction.CREATE,
                run,
                "start record linkage",
                detail={"engine": engine, "accept": thresholds.accept, "review": thresholds.review},
            )
    except IntegrityError:
        running = LinkageRun.objects.filter(status=RunStatus.RUNNING).first()
        if running is None:
            raise
        raise RunRefused(running) from None
    return run


@task()
def run_queued(run_pk: int, actor_pk: int | None, accept: float, review: float) -> None:
    """A run started from the web, as the background worker runs it."""
    actor = User.objects.filter(pk=actor_pk).first() if actor_pk else None
    _run(LinkageRun.objects.get(pk=run_pk), actor, Thresholds(accept=accept, review=review))


RUN_INTERRUPTED = (
    "The run stopped before it finished because the background worker running it stopped "
    "(the service may have restarted). Nothing in the register or the review queue was "
    "changed. Start a new run."
)


@on_interrupted(run_queued)
def run_interrupted(run_pk: int, actor_pk: int | None, *args) -> None:
    """The worker running a run stopped: the run is failed with the reason, not left running."""
    run = LinkageRun.objects.filter(pk=run_pk).first()
    if run is None:
        return
    with transaction.atomic():
        if _run_end(run, RunStatus.FAILED, failure=RUN_INTERRUPTED):
            audit(None, AuditAction.CHANGE, run, "mark a stopped linkage run failed")


def _run(run: LinkageRun, actor, thresholds: Thresholds) -> None:
    """Do the run, then mark it finished or failed (one implementation for both modes)."""
    try:
        _link_and_apply(run, actor, thresholds)
    except RunAbandoned:
        logger.warning("Linkage run %s was marked failed while it was working; stopped", run.pk)
    except Exception:
        # The detail is for the system administrator, in the log; the page says what to do.
        logger.exception("Linkage run %s failed", run.pk)
        with transaction.atomic():
            if _run_end(run, RunStatus.FAILED, failure=RUN_FAILED.format(run=run.pk)):
                audit(actor, AuditAction.CHANGE, run, "record linkage failed")
    run.refresh_from_db()


def _run_end(run: LinkageRun, status: str, **fields) -> bool:
    """Mark a running run finished or failed; False if it was no longer running."""
    return bool(
        LinkageRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=status, finished_at=timezone.now(), **fields
        )
    )


def _stage(run: LinkageRun, stage: str) -> None:
    """Move a running run to ``stage``, writing that column alone; RunAbandoned if the run
    is no longer running (taken for stopped), so its thread stops."""
    if not LinkageRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(stage=stage):
        raise RunAbandoned
    run.stage = stage


def _link_and_apply(run: LinkageRun, actor, thresholds: Thresholds) -> None:
    sync_register_records()
    records = list(SourceRecord.objects.filter(is_current=True).order_by("id"))
    by_pk = {r.pk: r for r in records}
    must, cannot, labelled = _labels(by_pk)
    from ..engine.pipeline import link  # Splink loads only when a run starts

    def on_phase(phase: str) -> None:
        # link() calls this in the run's own thread, between its phases; only the stage
        # is written, and a run marked failed meanwhile stops here (RunAbandoned).
        stage = PHASE_STAGES.get(phase)
        if stage is not None:
            _stage(run, stage)

    result = link(
        _frames(records),
        engine=run.engine,
        thresholds=thresholds,
        must_link=must,
        cannot_link=cannot,
        on_phase=on_phase,
    )
    # Set before the transaction: a stage written inside it would not show until the end.
    _stage(run, RunStage.UPDATING)
    with transaction.atomic():
        stats = _apply_clusters(result, by_pk, actor, run)
        stats.update(_store_review_pairs(result, by_pk, run))
        stats["evaluation"] = _evaluate(labelled, result.pairs, thresholds.accept)
        stats["records"] = len(records)
        stats["scored_pairs"] = len(result.pairs)
        stats["seconds"] = round(result.timings["total"], 1)
        # Last, and only if the run is still running: a run already marked failed as
        # stopped leaves everything as it was.
        if not _run_end(run, RunStatus.FINISHED, model=result.model, stats=stats):
            raise RunAbandoned
        audit(actor, AuditAction.CHANGE, run, "finish record linkage", detail=stats)


def runs_fail_stale(*, actor: User | None) -> list[LinkageRun]:
    """Mark failed every run still running after LINKAGE_RUN_STALE_MINUTES.

    Such a run's thread has gone (the server restarted, say); left alone it would block
    every later run. Its changes were never committed, so nothing was changed.
    """
    minutes = settings.LINKAGE_RUN_STALE_MINUTES
    cutoff = timezone.now() - dt.timedelta(minutes=minutes)
    stale = list(
        LinkageRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=cutoff).order_by("id")
    )
    for run in stale:
        failure = (
            f"The run had not finished after {minutes} minutes and is taken to have stopped "
            "(the server may have restarted). Nothing in the register or the review queue "
            "was changed. Start a new run."
        )
        with transaction.atomic():
            if _run_end(run, RunStatus.FAILED, failure=failure):
                audit(actor, AuditAction.CHANGE, run, "mark a stopped linkage run failed")
    return stale


def _apply_clusters(result, by_pk, actor, run) -> dict:
    """Point each record at its cluster's register entry; merge entries the run joined.

    A cluster with no register entry stays unlinked: the run never adds people to the
    register on its own. Such records wait in the review queue or for someone to add them.
    """
    groups: dict[str, list[SourceRecord]] = {}
    for uid, person_id in zip(
        result.clusters["unique_id"], result.clusters["person_id"], strict=True
    ):
        groups.setdefault(person_id, []).append(by_pk[int(uid.split("|", 1)[1])])
    merged = unmatched = 0
    changed: list[SourceRecord] = []
    for members in groups.values():
        entries = sorted({r.person_id for r in members if r.source_name == REGISTER_SOURCE})
        person_id = entries[0] if entries else None
        for other in entries[1:]:
            merge_people(
                actor=actor,
                surviving_id=person_id,
                merged_id=other,
                reason=f"Automatic link in linkage run {run.pk}",
            )
            merged += 1
        for record in members:
            if record.source_name == REGISTER_SOURCE:
                continue
            unmatched += person_id is None
            if record.person_id != person_id:
                record.person_id = person_id
                changed.append(record)
    SourceRecord.objects.bulk_update(changed, ["person"], batch_size=1000)
    return {
        "persons": len(groups),
        "unmatched_records": unmatched,
        "automatic_merges": merged,
        "records_relinked": len(changed),
    }


def _store_review_pairs(result, by_pk, run) -> dict:
    decided = set(
        MatchPair.objects.exclude(status=PairStatus.PENDING).values_list("left_id", "right_id")
    )
    # Pending pairs from earlier runs are replaced by this run's view of them; the run
    # remembers which, so that a link to one of them can say what became of it.
    replaced = MatchPair.objects.filter(status=PairStatus.PENDING).exclude(run=run)
    replaced_ids = _id_ranges(replaced.values_list("pk", flat=True).order_by("pk"))
    replaced.delete()
    labels = _level_labels(result.model)
    prior = result.model.get("probability_two_random_records_match", 0.0001)
    prior_weight = math.log2(prior / (1 - prior))
    pairs = []
    for row in result.review.to_dict("records"):
        left = int(row["unique_id_l"].split("|", 1)[1])
        right = int(row["unique_id_r"].split("|", 1)[1])
        if (left, right) in decided or (right, left) in decided:
            continue
        pairs.append(
            MatchPair(
                run=run,
                left_id=left,
                right_id=right,
                match_probability=float(row["match_probability"]),
                match_weight=float(row["match_weight"]),
                reason=row["reason"],
                contributions=_contributions(row, result.comparisons, labels),
                prior_weight=round(prior_weight, 2),
            )
        )
    MatchPair.objects.bulk_create(pairs, batch_size=500)
    return {"review_pairs": len(pairs), "replaced_pairs": replaced_ids}


def _id_ranges(ids) -> list[list[int]]:
    """Ascending ids as [first, last] runs of consecutive ids: a run's pairs are mostly one."""
    ranges: list[list[int]] = []
    for pk in ids:
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def run_that_replaced_pair(pair_pk: int) -> LinkageRun | None:
    """The finished run that replaced this pending pair with its own view of the records."""
    finished = LinkageRun.objects.filter(status=RunStatus.FINISHED).defer("model")
    for run in finished.order_by("-id")[:500].iterator():
        for first, last in (run.stats or {}).get("replaced_pairs", []):
            if first <= pair_pk <= last:
                return run
    return None


def run_open(*, actor: User, pk: int) -> LinkageRun:
    access.require(actor, "linkage.run")
    runs_fail_stale(actor=actor)
    run = LinkageRun.objects.filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def runs_list(*, actor: User, limit: int = 20) -> list[LinkageRun]:
    access.require(actor, "linkage.run")
    runs_fail_stale(actor=actor)
    return list(LinkageRun.objects.defer("model").order_by("-started_at", "-id")[:limit])
