"""The network: children, persons of concern, places, vehicles, phones, intelligence and peer
groups, and the links between them, built only from records the viewer may see.

A node is named ``kind:pk``. Edges come from the viewer's visible links, the sanitised
versions shared with them (to the child they name), their own submissions (to the child
they named) and the peer groups they may see (to their members and the places they use that
the viewer may see). Nothing the viewer may not see is ever a node, not even an unnamed one:
a partner's network holds only their own submissions and groups, what was shared with them
and the children those name. Shortest paths are computed here, on the server, by breadth-first
search.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass
from xml.etree import ElementTree

from django.db.models import Q

from triangulate.core import access
from triangulate.core.clocks import LONDON
from triangulate.core.spreadsheets import record_number
from triangulate.register import services as register_services
from triangulate.register.models import Person

from .identifiers import format_phone
from .models import (
    Group,
    GroupMember,
    GroupPlace,
    IntelligenceItem,
    Link,
    PersonOfConcern,
    Phone,
    Place,
    SanitisedIntelligence,
    Vehicle,
)

KINDS = {
    "person": "Child",
    "concern": "Person of concern",
    "place": "Place",
    "vehicle": "Vehicle",
    "phone": "Phone",
    "item": "Intelligence",
    "shared": "Shared intelligence",
    "group": "Peer group or context",
}
MODELS = {
    "person": Person,
    "concern": PersonOfConcern,
    "place": Place,
    "vehicle": Vehicle,
    "phone": Phone,
    "item": IntelligenceItem,
    "shared": SanitisedIntelligence,
    "group": Group,
}
MAX_NODES = 400


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    label: str
    href: str = ""
    grade: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[tuple[str, str]]
    truncated: bool = False


@dataclass(frozen=True)
class Filters:
    """Keep what was recorded in a period (either end open) and intelligence of these
    assessments (A to E; empty keeps all)."""

    since: dt.date | None = None
    until: dt.date | None = None
    assessments: tuple[str, ...] = ()

    def period(self, field: str) -> Q:
        """Records whose ``field`` (a time) falls in the period, by London dates."""
        q = Q()
        if self.since:
            q &= Q(**{f"{field}__gte": dt.datetime.combine(self.since, dt.time(), LONDON)})
        if self.until:
            end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time(), LONDON)
            q &= Q(**{f"{field}__lt": end})
        return q

    def keeps_grade(self, grade: str) -> bool:
        """Whether a 3x5x2 grade ("2/B/P") has one of the chosen assessments."""
        parts = grade.split("/")
        return not self.assessments or (len(parts) == 3 and parts[1] in self.assessments)


EVERYTHING = Filters()


def parse_node(value: str) -> str | None:
    kind, _, pk = (value or "").partition(":")
    number = record_number(pk)
    if kind in KINDS and number:
        return f"{kind}:{number}"
    return None


# Above this many nodes in a search's frontier, the whole network is read once instead. A hub
# (a hotel linked to thousands) makes a frontier of a few thousand: reading the links of those
# few thousand is still several times cheaper than reading every link (bench: --hubs).
FRONTIER_LIMIT = 5000
# A neighbourhood that has reached this many nodes before its last step stops growing: the
# page shows at most MAX_NODES of them (those with most links) and says it is cut.
NODE_BUDGET = 5 * MAX_NODES


def _by_kind(ids) -> dict[str, list[int]]:
    by_kind: dict[str, list[int]] = {}
    for node_id in ids:
        kind, _, pk = node_id.partition(":")
        by_kind.setdefault(kind, []).append(int(pk))
    return by_kind


def _near(rows, by_kind: dict[str, list[int]] | None, fields: dict[str, str]):
    """``rows`` limited to those whose ``fields`` (node kind to field name) hold one of the
    nodes in ``by_kind`` (all rows when it is None). One query a field, joined by UNION, so
    each is answered from that field's index: an OR across fields lets SQLite walk every
    row the viewer may see instead."""
    if by_kind is None:
        return rows
    parts = [
        rows.filter(**{f"{field}__in": by_kind[kind]})
        for kind, field in fields.items()
        if by_kind.get(kind)
    ]
    if not parts:
        return rows.none()
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


class _Reader:
    """The edges a user may see within ``filters``, read all at once or near some nodes.
    The access policy is applied once, whatever number of steps a search reads."""

    def __init__(self, user, filters: Filters = EVERYTHING):
        self.filters = filters
        links = access.visible(user, Link).filter(filters.period("created_at"))
        # What an item graded C is linked to (besides the child it is about) would tell what
        # it says: those links are no edges for someone the label withholds it from.
        links = links.exclude(
            Q(item__in=access.withheld_rows(user, IntelligenceItem)) & Q(person=None)
        )
        if filters.assessments:
            links = links.filter(Q(item=None) | Q(item__assessment__in=filters.assessments))
        self.links = links.values_list(*(f"{end}_id" for end in Link.ENDS))
        self.shared = (
            access.visible(user, SanitisedIntelligence)
            .exclude(person=None)
            .filter(filters.period("written_at"))
            .values_list("pk", "person_id", "grade")
        )
        items = (
            access.visible(user, IntelligenceItem)
            .exclude(person=None)
            .filter(filters.period("submitted_at"))
        )
        if filters.assessments:
            items = items.filter(assessment__in=filters.assessments)
        self.items = items.values_list("pk", "person_id")
        # A group's members and the places it uses, for a group the user may see (and a
        # place the user may see: a place is never a node for someone who may not open it).
        groups = access.visible(user, Group)
        self.members = (
            access.visible(user, GroupMember)
            .filter(group__in=groups, removed_at=None)
            .filter(filters.period("added_at"))
            .values_list("group_id", "person_id")
        )
        self.group_places = (
            access.visible(user, GroupPlace)
            .filter(group__in=groups, place__in=access.visible(user, Place))
            .filter(filters.period("added_at"))
            .values_list("group_id", "place_id")
        )

    def edges(self, touching: set[str] | None = None) -> set[tuple[str, str]]:
        """Every edge, as ordered pairs of node ids; only those with an end among
        ``touching`` when it is given (a search growing from them)."""
        by_kind = _by_kind(touching) if touching is not None else None
        edges: set[tuple[str, str]] = set()
        ends = Link.ENDS
        for row in _near(self.links, by_kind, {end: f"{end}_id" for end in ends}):
            named = [f"{end}:{pk}" for end, pk in zip(ends, row, strict=True) if pk is not None]
            if len(named) == 2:
                edges.add(tuple(sorted(named)))
        for pk, person_id, grade in _near(
            self.shared, by_kind, {"shared": "pk", "person": "person_id"}
        ):
            if self.filters.keeps_grade(grade):
                edges.add(tuple(sorted((f"shared:{pk}", f"person:{person_id}"))))
        for pk, person_id in _near(self.items, by_kind, {"item": "pk", "person": "person_id"}):
            edges.add(tuple(sorted((f"item:{pk}", f"person:{person_id}"))))
        for other, rows in (("person", self.members), ("place", self.group_places)):
            for group_id, pk in _near(rows, by_kind, {"group": "group_id", other: f"{other}_id"}):
                edges.add(tuple(sorted((f"group:{group_id}", f"{other}:{pk}"))))
        return edges


def _edges(
    user, filters: Filters = EVERYTHING, touching: set[str] | None = None
) -> set[tuple[str, str]]:
    """Every edge this user may see within ``filters`` (see ``_Reader.edges``)."""
    return _Reader(user, filters).edges(touching)


def _around(user, focus: str, depth: int, filters: Filters) -> set[tuple[str, str]]:
    """The edges among the nodes within ``depth`` links of ``focus``, read outwards from it
    a step at a time (the whole network at once only when a step grows too wide). The last
    read keeps the links between the outermost nodes and drops those leading further out.
    Once more than ``NODE_BUDGET`` nodes are reached the search stops with what it holds
    (every node still within ``depth``; the page is then cut to MAX_NODES and says so)."""
    reader = _Reader(user, filters)
    seen, frontier = {focus}, {focus}
    edges: set[tuple[str, str]] = set()
    for step in range(depth + 1):
        if len(frontier) > FRONTIER_LIMIT:
            every = reader.edges()
            ids = neighbourhood(_adjacency(every), focus, depth)
            return {e for e in every if e[0] in ids and e[1] in ids}
        found = reader.edges(touching=frontier)
        if step == depth:
            return edges | {e for e in found if e[0] in seen and e[1] in seen}
        reached = {node for edge in found for node in edge}
        edges |= found
        frontier = reached - seen
        seen |= reached
        if len(seen) > NODE_BUDGET:
            # Beside a hub (a hotel linked to thousands): more than the page can show is
            # already in hand, nearest first, so the search stops and the page says it is cut.
            return edges
        if not frontier:
            break
    return edges


def _adjacency(edges) -> dict[str, set[str]]:
    adjacent: dict[str, set[str]] = {}
    for a, b in edges:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)
    return adjacent


def neighbourhood(adjacent: dict[str, set[str]], focus: str, depth: int) -> set[str]:
    """Node ids within ``depth`` links of ``focus`` (breadth-first)."""
    if focus not in adjacent:
        return {focus}
    seen = {focus}
    frontier = [focus]
    for _ in range(depth):
        following = []
        for node in frontier:
            for other in adjacent.get(node, ()):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return seen


def shortest_path(adjacent: dict[str, set[str]], start: str, goal: str) -> list[str]:
    """The shortest chain of node ids from ``start`` to ``goal`` (empty if none)."""
    if start == goal:
        return [start] if start in adjacent else []
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for other in sorted(adjacent.get(node, ())):
            if other in previous:
                continue
            previous[other] = node
            if other == goal:
                path = [goal]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return list(reversed(path))
            queue.append(other)
    return []


def _path_between(user, start: str, goal: str, filters: Filters) -> list[str]:
    """The shortest chain of node ids from ``start`` to ``goal`` through what the user may
    see: searched from both ends at once, a step at a time from the narrower end, reading
    only the links that touch each step (the whole network only when a step grows too
    wide). Ties are broken by node id, so the same network always gives the same path."""
    reader = _Reader(user, filters)
    if start == goal:
        return [start] if reader.edges(touching={start}) else []
    parents: dict[str, dict[str, str | None]] = {start: {start: None}, goal: {goal: None}}
    depths: dict[str, dict[str, int]] = {start: {start: 0}, goal: {goal: 0}}
    frontiers = {start: [start], goal: [goal]}
    while frontiers[start] and frontiers[goal]:
        side = start if len(frontiers[start]) <= len(frontiers[goal]) else goal
        other = goal if side == start else start
        if len(frontiers[side]) > FRONTIER_LIMIT:
            return shortest_path(_adjacency(reader.edges()), start, goal)
        adjacent = _adjacency(reader.edges(touching=set(frontiers[side])))
        following, meetings = [], []
        for node in sorted(frontiers[side]):
            for neighbour in sorted(adjacent.get(node, ())):
                if neighbour in parents[side]:
                    continue
                parents[side][neighbour] = node
                depths[side][neighbour] = depths[side][node] + 1
                following.append(neighbour)
                if neighbour in parents[other]:
                    meetings.append(neighbour)
        if meetings:
            middle = min(meetings, key=lambda n: (depths[other][n], n))
            return _joined(parents[start], parents[goal], middle)
        frontiers[side] = following
    return []


def _joined(from_start: dict, from_goal: dict, middle: str) -> list[str]:
    chain = [middle]
    while from_start[chain[0]] is not None:
        chain.insert(0, from_start[chain[0]])
    while from_goal[chain[-1]] is not None:
        chain.append(from_goal[chain[-1]])
    return chain


def _labels(user, ids: set[str]) -> dict[str, Node]:
    """Nodes for ids, each read through the access policy (an id the user may not see is
    dropped, never shown as a blank)."""
    from django.urls import reverse

    nodes: dict[str, Node] = {}
    for kind, pks in _by_kind(ids).items():
        model = MODELS[kind]
        if kind == "person":
            # A child named by a record the user holds: named as ADR 0009 allows.
            rows = register_services.persons_named(pks)
        else:
            rows = access.visible(user, model).filter(pk__in=pks)
        if kind == "concern":
            rows = rows.select_related("person")
        rows = list(rows)
        if kind == "person":
            access.remember_visibility(user, rows)
        for row in rows:
            node_id = f"{kind}:{row.pk}"
            if kind == "person":
                child = access.child_reference(user, row)
                nodes[node_id] = Node(node_id, kind, child.label, child.href)
            elif kind == "concern":
                nodes[node_id] = Node(
                    node_id,
                    kind,
                    row.person.full_name,
                    reverse("intelligence:concern", args=[row.pk]),
                )
            elif kind == "place":
                nodes[node_id] = Node(
                    node_id, kind, row.name, reverse("intelligence:place", args=[row.pk])
                )
            elif kind == "group":
                nodes[node_id] = Node(
                    node_id, kind, row.name, reverse("intelligence:group", args=[row.pk])
                )
            elif kind == "vehicle":
                nodes[node_id] = Node(node_id, kind, row.registration)
            elif kind == "phone":
                nodes[node_id] = Node(node_id, kind, format_phone(row.number))
            elif kind == "item":
                held = access.withheld(user, row)
                nodes[node_id] = Node(
                    node_id,
                    kind,
                    f"{row.reference} ({row.grade})" + (", its words withheld" if held else ""),
                    reverse("intelligence:item", args=[row.pk]),
                    row.grade,
                )
            else:
                nodes[node_id] = Node(
                    node_id,
                    kind,
                    f"Shared by {row.owning_agency.name} ({row.grade})",
                    reverse("intelligence:shared", args=[row.pk]),
                    row.grade,
                )
    return nodes


def build(
    user,
    *,
    focus: str | None = None,
    depth: int = 2,
    kinds=None,
    filters: Filters = EVERYTHING,
) -> Graph:
    """The part of the network this user may see: around ``focus`` if given, else all of it
    (up to MAX_NODES), keeping only node kinds in ``kinds`` when given and what ``filters``
    keep."""
    edges = _around(user, focus, depth, filters) if focus else _edges(user, filters)
    adjacent = _adjacency(edges)
    ids = set(adjacent)
    # Only ids that are ends of an edge this user may see: a typed-in id is never looked up.
    ids = {i for i in ids if i in adjacent}
    if kinds:
        ids = {i for i in ids if i.split(":")[0] in kinds or i == focus}
    truncated = len(ids) > MAX_NODES
    if truncated:
        ids = set(sorted(ids, key=lambda i: (-len(adjacent.get(i, ())), i))[:MAX_NODES])
    nodes = _labels(user, ids)
    shown = sorted((a, b) for a, b in edges if a in nodes and b in nodes)
    return Graph(nodes=nodes, edges=shown, truncated=truncated)


def path(user, start: str, goal: str, filters: Filters = EVERYTHING) -> list[Node]:
    """How ``start`` is connected to ``goal``, through what this user may see (and what
    ``filters`` keep)."""
    ids = _path_between(user, start, goal, filters)
    nodes = _labels(user, set(ids))
    if len(nodes) != len(ids):
        return []
    return [nodes[i] for i in ids]


GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def graphml(graph: Graph) -> bytes:
    """The graph as GraphML (nodes with kind, label and grade; undirected edges), for an
    analyst's own tools. Written with the standard library: one document of a fixed shape."""
    ElementTree.register_namespace("", GRAPHML)
    root = ElementTree.Element(f"{{{GRAPHML}}}graphml")
    for key in ("kind", "label", "grade"):
        ElementTree.SubElement(
            root,
            f"{{{GRAPHML}}}key",
            {"id": key, "for": "node", "attr.name": key, "attr.type": "string"},
        )
    element = ElementTree.SubElement(
        root, f"{{{GRAPHML}}}graph", {"id": "network", "edgedefault": "undirected"}
    )
    for node in graph.nodes.values():
        xml_node = ElementTree.SubElement(element, f"{{{GRAPHML}}}node", {"id": node.id})
        for key, value in (("kind", node.kind_label), ("label", node.label), ("grade", node.grade)):
            ElementTree.SubElement(xml_node, f"{{{GRAPHML}}}data", {"key": key}).text = value
    for number, (a, b) in enumerate(graph.edges):
        ElementTree.SubElement(
            element, f"{{{GRAPHML}}}edge", {"id": f"e{number}", "source": a, "target": b}
        )
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
