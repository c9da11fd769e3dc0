"""Clustering accepted links into persons, refusing any merge the guard forbids.

Links are taken strongest first. Two groups join only if no record in one conflicts with
any record in the other (so a chain A-B-C cannot merge twins A and C through B), and, for
sources declared duplicate-free, only if the joined group holds at most one record from
each such source (one-to-one linkage).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .guard import GUARD_COLUMNS, PARENT_AND_CHILD, TWINS, UNDATED, conflict

AMBIGUOUS = "matches two people who cannot be the same (such as a parent and child with one name)"
# How often a link held back for each reason was one person, over the tuning sets with the
# default thresholds (`python -m bench heldout reasons`): a reviewer's decision on such a pair
# is that likely to join a person, which orders the review queue. An uncertain pair's own
# match probability plays the same part.
ONE_PERSON_SHARE = {
    TWINS: 0.80,
    PARENT_AND_CHILD: 0.34,
    UNDATED: 0.08,
    AMBIGUOUS: 0.32,
}
MAX_NEIGHBOURS_CHECKED = 25


class _Guarded:
    """The guard's fields by record position, as a dict built only when one is asked for.

    A million records would be a million dicts' worth of memory and seconds of building;
    clustering needs them only where it compares groups rather than single pairs.
    """

    def __init__(self, records: pd.DataFrame):
        self.columns = [c for c in GUARD_COLUMNS if c in records.columns]
        self._values = records[self.columns].to_numpy(dtype=object)
        self._cache: dict[int, dict] = {}

    def __getitem__(self, i: int) -> dict:
        found = self._cache.get(i)
        if found is None:
            found = dict(zip(self.columns, self._values[i], strict=True))
            self._cache[i] = found
        return found


def _ambiguous(left, right, guarded: _Guarded, incomplete: np.ndarray) -> set[int]:
    """Records that strongly match two records the guard says are different people.

    A record with a name and an address but no date of birth can match both a parent and
    a child who share a name; joining it to either would be a guess. Only records missing a
    date of birth or a first name (``incomplete``) can fit two such people, so only they
    are checked.
    """
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    neighbours: dict[int, list[int]] = {}
    for me, other in ((left, right), (right, left)):
        mask = incomplete[me]
        for a, b in zip(me[mask].tolist(), other[mask].tolist(), strict=True):
            neighbours.setdefault(a, []).append(b)
    ambiguous = set()
    for i, others in neighbours.items():
        if len(others) < 2:
            continue
        me = guarded[i]
        # Only neighbours this record could itself be: it conflicts with none of them.
        others = [o for o in others[:MAX_NEIGHBOURS_CHECKED] if conflict(me, guarded[o]) is None]
        for k, x in enumerate(others):
            if any(conflict(guarded[x], guarded[y]) for y in others[k + 1 :]):
                ambiguous.add(i)
                break
    return ambiguous


@dataclass
class ClusterResult:
    person_of: dict[str, str]
    # Links above the acceptance threshold that were not applied, with the reason.
    held_back: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class PositionClusters:
    """Clustering by record position (row of ``records``): each record's group root."""

    root: np.ndarray
    held_back: list[tuple[int, int, str]]

    def labels(self, unique_ids: np.ndarray, rank: np.ndarray | None = None) -> np.ndarray:
        """Each record's person ID: the smallest unique ID in its group. ``rank`` is each
        ID's place in sorted order (id_ranks), if the caller already has it."""
        rank = id_ranks(unique_ids) if rank is None else rank
        order = np.empty(len(rank), dtype=np.int64)
        order[rank] = np.arange(len(rank))
        smallest = np.full(len(rank), len(rank), dtype=np.int64)
        np.minimum.at(smallest, self.root, rank)
        return unique_ids[order[smallest[self.root]]]


def id_ranks(unique_ids: np.ndarray) -> np.ndarray:
    """Each ID's place when the IDs are sorted."""
    rank = np.empty(len(unique_ids), dtype=np.int64)
    rank[np.argsort(unique_ids)] = np.arange(len(unique_ids))
    return rank


def cluster_positions(
    records: pd.DataFrame,
    link_left: Sequence[int],
    link_right: Sequence[int],
    *,
    known: dict[int, str | None] | None = None,
    candidate_left: Sequence[int] | None = None,
    candidate_right: Sequence[int] | None = None,
    must_link: Iterable[tuple[int, int]] = (),
    cannot_link: Iterable[tuple[int, int]] = (),
    duplicate_free_sources: Iterable[str] = (),
    guard: bool = True,
) -> PositionClusters:
    """Union the links in the order given (strongest first), refusing what the guard forbids.

    ``known`` holds the guard's answers worked out in bulk beforehand (key ``i * n + j``
    with ``i < j``); pairs not known are checked one by one.
    """
    n = len(records)
    guarded = _Guarded(records)
    parent = list(range(n))
    members: dict[int, list[int]] = {}
    unique_sources = set(duplicate_free_sources)
    if unique_sources:
        source = records["source"].to_numpy(dtype=object)
        sources = {i: {source[i]} & unique_sources for i in range(n)}
    forbidden = {frozenset(p) for p in cannot_link}
    known = known or {}
    held_back: list[tuple[int, int, str]] = []

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(ra: int, rb: int) -> None:
        group_a, group_b = members.get(ra, [ra]), members.get(rb, [rb])
        if len(group_a) < len(group_b):
            ra, rb, group_a, group_b = rb, ra, group_b, group_a
        parent[rb] = ra
        members[ra] = group_a + group_b
        members.pop(rb, None)
        if unique_sources:
            sources[ra] |= sources.pop(rb)

    def pair_conflict(x: int, y: int) -> str | None:
        key = x * n + y if x < y else y * n + x
        if key in known:
            return known[key]
        return conflict(guarded[x], guarded[y])

    def groups_conflict(ra: int, rb: int) -> str | None:
        for x in members.get(ra, [ra]):
            for y in members.get(rb, [rb]):
                if forbidden and frozenset((x, y)) in forbidden:
                    return "a reviewer decided these are different people"
                if guard and (reason := pair_conflict(x, y)):
                    return reason
        return None

    for a, b in must_link:
        if (ra := find(a)) != (rb := find(b)):
            union(ra, rb)

    if guard:
        incomplete = (records["date_of_birth"].isna() | records["first_name"].isna()).to_numpy()
        ambiguous = _ambiguous(
            link_left if candidate_left is None else candidate_left,
            link_right if candidate_right is None else candidate_right,
            guarded,
            incomplete,
        )
    else:
        ambiguous = set()
    for a, b in zip(link_left, link_right, strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if a in ambiguous or b in ambiguous:
            reason = AMBIGUOUS
        elif unique_sources and sources[ra] & sources[rb]:
            reason = "both records come from a source with no duplicates"
        else:
            reason = groups_conflict(ra, rb)
        if reason:
            held_back.append((a, b, reason))
            continue
        union(ra, rb)
    root = np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)
    return PositionClusters(root=root, held_back=held_back)


def positions(index: pd.Index, pairs: Iterable[tuple[str, str]]) -> list[tuple[int, int]]:
    """Pairs of unique IDs as pairs of record positions; pairs naming an unknown ID dropped."""
    pairs = list(pairs)
    found = index.get_indexer([uid for pair in pairs for uid in pair]).reshape(-1, 2)
    return [(int(a), int(b)) for a, b in found if a >= 0 and b >= 0]


def cluster_records(
    records: pd.DataFrame,
    links: Iterable[tuple[str, str, float]],
    *,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    duplicate_free_sources: Iterable[str] = (),
    guard: bool = True,
    candidates: Iterable[tuple[str, str, float]] | None = None,
) -> ClusterResult:
    """Group record IDs into persons.

    ``links`` are (unique_id_l, unique_id_r, match_probability) above the acceptance
    threshold, taken strongest first; ``must_link``/``cannot_link`` are reviewers'
    decisions, which win over the model and over the guard.
    """
    ids = records["unique_id"].to_numpy(dtype=object)
    index = pd.Index(ids)
    ordered = sorted(links, key=lambda link: (-link[2], link[0], link[1]))
    candidates = list(candidates) if candidates is not None else ordered

    def pairs(items):
        return positions(index, [(a, b) for a, b, *_ in items])

    links_at, candidates_at = pairs(ordered), pairs(candidates)
    result = cluster_positions(
        records,
        [a for a, _ in links_at],
        [b for _, b in links_at],
        candidate_left=[a for a, _ in candidates_at],
        candidate_right=[b for _, b in candidates_at],
        must_link=pairs(must_link),
        cannot_link=pairs(cannot_link),
        duplicate_free_sources=duplicate_free_sources,
        guard=guard,
    )
    person = result.labels(ids)
    return ClusterResult(
        person_of=dict(zip(ids, person, strict=True)),
        held_back=[(ids[a], ids[b], reason) for a, b, reason in result.held_back],
    )
