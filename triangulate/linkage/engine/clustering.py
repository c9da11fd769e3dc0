"""Clustering accepted links into persons, refusing any merge the guard forbids.

Links are taken strongest first. Two groups join only if no record in one conflicts with
any record in the other (so a chain A-B-C cannot merge twins A and C through B), and, for
sources declared duplicate-free, only if the joined group holds at most one record from
each such source (one-to-one linkage).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from .guard import conflict, record_dicts

AMBIGUOUS = "matches two people who cannot be the same (such as a parent and child with one name)"
MAX_NEIGHBOURS_CHECKED = 25


def _ambiguous_records(links, by_id) -> set[str]:
    """Records that strongly match two records the guard says are different people.

    A record with a name and an address but no date of birth can match both a parent and
    a child who share a name; joining it to either would be a guess. Only records missing a
    date of birth or a first name can fit two such people, so only they are checked.
    """
    neighbours: dict[str, list[str]] = {}
    for a, b, _p in links:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    ambiguous = set()
    for uid, others in neighbours.items():
        me = by_id[uid]
        if len(others) < 2 or (me.get("date_of_birth") and me.get("first_name")):
            continue
        # Only neighbours this record could itself be: it conflicts with none of them.
        others = [o for o in others[:MAX_NEIGHBOURS_CHECKED] if conflict(me, by_id[o]) is None]
        for i, x in enumerate(others):
            if any(conflict(by_id[x], by_id[y]) for y in others[i + 1 :]):
                ambiguous.add(uid)
                break
    return ambiguous


@dataclass
class ClusterResult:
    person_of: dict[str, str]
    # Links above the acceptance threshold that were not applied, with the reason.
    held_back: list[tuple[str, str, str]] = field(default_factory=list)


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
    threshold; ``must_link``/``cannot_link`` are reviewers' decisions, which win over the
    model and over the guard.
    """
    by_id = record_dicts(records)
    parent = {uid: uid for uid in by_id}
    members = {uid: [uid] for uid in by_id}
    unique_sources = set(duplicate_free_sources)
    sources = {uid: {row["source"]} & unique_sources for uid, row in by_id.items()}
    forbidden: set[frozenset[str]] = {frozenset(p) for p in cannot_link}
    held_back: list[tuple[str, str, str]] = []

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(ra: str, rb: str) -> None:
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
        sources[ra] |= sources.pop(rb)

    for a, b in must_link:
        if a in by_id and b in by_id and (ra := find(a)) != (rb := find(b)):
            union(ra, rb)

    ordered = sorted(links, key=lambda link: (-link[2], link[0], link[1]))
    # Ambiguity is judged on every plausible pair (``candidates``), not only accepted links.
    ambiguous = (
        _ambiguous_records(list(candidates) if candidates is not None else ordered, by_id)
        if guard
        else set()
    )
    for a, b, _probability in ordered:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        reason = None
        if a in ambiguous or b in ambiguous:
            reason = AMBIGUOUS
        elif sources[ra] & sources[rb]:
            reason = "both records come from a source with no duplicates"
        else:
            for x in members[ra]:
                for y in members[rb]:
                    if frozenset((x, y)) in forbidden:
                        reason = "a reviewer decided these are different people"
                    elif guard:
                        reason = conflict(by_id[x], by_id[y])
                    if reason:
                        break
                if reason:
                    break
        if reason:
            held_back.append((a, b, reason))
            continue
        union(ra, rb)

    person_of = {}
    for root, uids in members.items():
        person = min(uids)
        for uid in uids:
            person_of[uid] = person
        del root
    return ClusterResult(person_of=person_of, held_back=held_back)
