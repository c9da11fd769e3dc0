"""The linkage pipeline: standardise, train (or load) the model, predict, cluster, triage.

No Django here: the web app, the command line and the benchmarks all call :func:`link`.
"""

from __future__ import annotations

import copy
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from splink import Linker

from . import backends
from .clustering import cluster_positions, id_ranks, positions
from .guard import CLEARLY_DIFFERENT, CONFLICT_REASONS, pair_checks_at
from .model import (
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULES,
    FALLBACK_TRAINING_RULES,
    TRAINING_RULES,
    settings_for,
    settings_from_model,
    usable_rules,
)
from .standardise import standardise_all
from .thresholds import Thresholds

logger = logging.getLogger(__name__)
U_SAMPLE_PAIRS = 3e5
# Expectation maximisation learns how often each level agrees among true matches; this
# many blocked pairs hold enough of them, and a fixed number keeps training time flat as
# the register grows (Splink samples records by a hash so the pairs come near it).
EM_MAX_PAIRS = 5e5
# pairs.csv, as the README documents it.
PAIRS_CSV_COLUMNS = (
    "source_l",
    "record_id_l",
    "source_r",
    "record_id_r",
    "match_probability",
    "match_weight",
)
PAIR_COLUMNS = ("unique_id_l", "unique_id_r", *PAIRS_CSV_COLUMNS)
# The phases of a run, in order, as ``link(on_phase=...)`` reports them.
PHASES = ("standardise", "train", "predict", "cluster")


@dataclass
class LinkageResult:
    records: pd.DataFrame
    pairs: pd.DataFrame
    clusters: pd.DataFrame
    review: pd.DataFrame
    model: dict[str, Any]
    comparisons: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    def pairs_csv_frame(self) -> pd.DataFrame:
        return self.pairs[list(PAIRS_CSV_COLUMNS)]

    def clusters_csv_frame(self) -> pd.DataFrame:
        return self.clusters[["source", "record_id", "person_id"]]


def _step(name: str, since: float) -> float:
    now = time.perf_counter()
    logger.info("%s done in %.1f s", name, now - since)
    return now


def _train(linker: Linker, records: pd.DataFrame, *, seed: int) -> None:
    mark = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        usable_rules(DETERMINISTIC_RULES, records), recall=DETERMINISTIC_RECALL
    )
    mark = _step("prior", mark)
    # A few hundred thousand random pairs estimate u well; more only costs time.
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=seed)
    mark = _step("u by random sampling", mark)
    fallbacks = usable_rules(FALLBACK_TRAINING_RULES, records)
    for rule in usable_rules(TRAINING_RULES, records):
        # On small inputs EM can drive a level's m to exactly zero, which Splink refuses
        # part-way through: put the model back as it was and try a fallback blocking rule.
        for attempt in [rule, *fallbacks]:
            before = copy.deepcopy(linker._settings_obj)
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    attempt, max_pairs=EM_MAX_PAIRS
                )
            except ValueError as error:
                linker._settings_obj = before
                logger.warning("EM blocked on %s did not converge cleanly: %s", attempt, error)
                continue
            if attempt in fallbacks:
                fallbacks.remove(attempt)
            mark = _step(f"EM blocked on {attempt}", mark)
            break


def comparison_names(model: dict) -> list[str]:
    return [c["output_column_name"] for c in model["comparisons"]]


def _pairs_sql(columns: set[str], names: list[str]) -> str:
    """The scored pairs with only what is used downstream: ids, scores, each comparison's
    level and its match-weight contribution (term-frequency adjustment included)."""
    select = [*PAIR_COLUMNS]
    for name in names:
        select.append(f"gamma_{name}")
        weight = f"coalesce(mw_{name}, 0)" if f"mw_{name}" in columns else "0.0"
        if f"mw_tf_adj_{name}" in columns:
            weight += f" + coalesce(mw_tf_adj_{name}, 0)"
        select.append(f"cast({weight} as double) as weight_{name}")
    return f"select {', '.join(select)} from {{this}}"  # noqa: S608 - our own column names


def _score(db_api, engine, records, model, thresholds, *, seed, notify, timings):
    """Train (or load) the model and score the blocked pairs: (pairs, saved model, names)."""
    mark = time.perf_counter()
    notify("train")
    table = backends.register(db_api, engine, records, f"records_{uuid.uuid4().hex[:12]}")
    settings = settings_from_model(model) if model is not None else settings_for(records)
    linker = Linker(table, settings, log_level=logging.ERROR)
    if model is None:
        _train(linker, records, seed=seed)
    timings["train"] = time.perf_counter() - mark
    logger.info("%s done in %.1f s", "train", timings["train"])

    mark = time.perf_counter()
    notify("predict")
    predictions = linker.inference.predict(threshold_match_probability=thresholds.review)
    trained = linker.misc.save_model_to_json()
    names = comparison_names(trained)
    columns = {c.unquote().name for c in predictions.columns}
    pairs = predictions.query_sql(_pairs_sql(columns, names)).as_pandas_dataframe()
    timings["predict"] = time.perf_counter() - mark
    logger.info("%s done in %.1f s", "predict", timings["predict"])
    if engine == "spark":
        # Splink keeps its tables cached on the session; free them for the next run.
        linker.table_management.delete_tables_created_by_splink_from_db()
    return pairs, trained, names


def link(
    frames: dict[str, pd.DataFrame] | None = None,
    *,
    records: pd.DataFrame | None = None,
    engine: str = "duckdb",
    model: dict | None = None,
    thresholds: Thresholds | None = None,
    duplicate_free_sources: Iterable[str] = (),
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    guard: bool = True,
    seed: int = 42,
    spark=None,
    on_phase: Callable[[str], None] | None = None,
) -> LinkageResult:
    """Link and deduplicate every record in ``frames`` (source name -> standard-schema frame).

    With ``model`` (a saved model) nothing is trained and the run reproduces that model's
    scores exactly; otherwise the model is trained unsupervised on these records.
    ``on_phase`` is told as each of PHASES begins (for a progress display).
    """
    notify = on_phase or (lambda _phase: None)
    if engine not in backends.ENGINES:
        raise ValueError(f"Unknown engine {engine!r}: choose from {', '.join(backends.ENGINES)}")
    thresholds = thresholds or Thresholds()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    notify("standardise")
    if records is None:
        records = standardise_all(frames or {})
    timings["standardise"] = time.perf_counter() - started
    logger.info("%s done in %.1f s", "standardise", timings["standardise"])

    session = backends.spark_api(spark) if engine == "spark" else backends.duckdb_api()
    with session as db_api:
        pairs, trained, names = _score(
            db_api, engine, records, model, thresholds, seed=seed, notify=notify, timings=timings
        )

    mark = time.perf_counter()
    notify("cluster")
    pairs, clusters, review = cluster_and_triage(
        pairs,
        records,
        thresholds,
        must_link=must_link,
        cannot_link=cannot_link,
        duplicate_free_sources=duplicate_free_sources,
        guard=guard,
    )
    timings["cluster"] = time.perf_counter() - mark
    logger.info("%s done in %.1f s", "cluster", timings["cluster"])
    timings["total"] = time.perf_counter() - started
    return LinkageResult(
        records=records,
        pairs=pairs,
        clusters=clusters,
        review=review,
        model=json.loads(json.dumps(trained)),
        comparisons=names,
        timings=timings,
    )


def cluster_and_triage(
    pairs: pd.DataFrame,
    records: pd.DataFrame,
    thresholds: Thresholds,
    *,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    duplicate_free_sources: Iterable[str] = (),
    guard: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Scored pairs -> (pairs strongest first, clusters, pairs for review).

    Records are handled by position (their row) and the guard runs over all pairs at once:
    at a million records, per-record Python objects are what would cost the time.
    """
    ids = records["unique_id"].to_numpy(dtype=object)
    n = len(ids)
    index = pd.Index(ids)
    both = index.get_indexer(pd.concat([pairs["unique_id_l"], pairs["unique_id_r"]]))
    li, ri = both[: len(pairs)], both[len(pairs) :]
    rank = id_ranks(ids)
    # Strongest first; ties by the two IDs, so that every run orders them the same way.
    order = np.lexsort((rank[ri], rank[li], -pairs["match_probability"].to_numpy()))
    pairs, li, ri = pairs.iloc[order].reset_index(drop=True), li[order], ri[order]
    reasons, clearly = pair_checks_at(records, li, ri)
    accepted = (pairs["match_probability"] >= thresholds.accept).to_numpy()
    low, high = np.minimum(li, ri), np.maximum(li, ri)
    keys = low * n + high
    clustered = cluster_positions(
        records,
        li[accepted].tolist(),
        ri[accepted].tolist(),
        known=dict(zip(keys.tolist(), (CONFLICT_REASONS[r] for r in reasons), strict=True)),
        candidate_left=li,
        candidate_right=ri,
        must_link=positions(index, must_link),
        cannot_link=positions(index, cannot_link),
        duplicate_free_sources=duplicate_free_sources,
        guard=guard,
    )
    person = clustered.labels(ids, rank)
    clusters = records[["unique_id", "source", "record_id"]].copy()
    clusters["person_id"] = person

    # For review: the uncertain band, and strong links the guard held back; never a pair
    # already in one person or one the guard finds clearly different; one pair per two
    # persons (the strongest), since deciding it decides the persons.
    person_l, person_r = person[li], person[ri]
    open_pair = (person_l != person_r) & ~clearly
    # A link held back because the two persons carry evidence that settles it (different
    # valid identifiers, or different first names with different dates of birth or sex)
    # needs no reviewer either.
    held = {
        min(a, b) * n + max(a, b): reason
        for a, b, reason in clustered.held_back
        if not reason.startswith("both records come from") and reason not in CLEARLY_DIFFERENT
    }
    held_mask = np.isin(keys, np.fromiter(held, dtype=np.int64, count=len(held))) & open_pair
    band_mask = (~accepted) & open_pair & ~held_mask
    unique_sources = set(duplicate_free_sources)
    if unique_sources:
        # In one-to-one linkage a pair inside one duplicate-free source is never a match.
        same_source = (pairs["source_l"] == pairs["source_r"]).to_numpy()
        band_mask &= ~(same_source & pairs["source_l"].isin(unique_sources).to_numpy())
    chosen = np.flatnonzero(held_mask | band_mask)  # still strongest first
    review = pairs.iloc[chosen].copy()
    review["reason"] = [held.get(k, "uncertain match") for k in keys[chosen].tolist()]
    persons = pd.Series(
        [
            f"{min(x, y)}\n{max(x, y)}"
            for x, y in zip(person_l[chosen], person_r[chosen], strict=True)
        ]
    )
    review = review[~persons.duplicated().to_numpy()]
    return pairs, clusters, review.reset_index(drop=True)
