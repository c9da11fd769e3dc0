"""The network: shortest paths, and a partner never sees police-only intelligence in it,
not as a named node, not as an unnamed one, not in the table and not in the export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from triangulate.core import records
from triangulate.core.models import AuditEntry
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import network, services

pytestmark = pytest.mark.django_db


def test_breadth_first_search_finds_the_shortest_path():
    adjacent = network._adjacency(
        [("a", "b"), ("b", "c"), ("c", "d"), ("a", "x"), ("x", "d"), ("d", "e")]
    )
    assert network.shortest_path(adjacent, "a", "e") == ["a", "x", "d", "e"]
    assert network.shortest_path(adjacent, "a", "zzz") == []
    assert network.neighbourhood(adjacent, "a", 1) == {"a", "b", "x"}


@pytest.fixture
def picture(submitted, police_officer, practitioner, council, police, child):
    """The school's report about a car, graded and linked by police to a person of concern
    through the car; a police-only report about someone else; a version shared with the
    council."""
    records.share(practitioner, child, police, basis=LawfulBasis.SAFEGUARDING, purpose="s47")
    item = submitted()
    services.item_grade(
        actor=police_officer, item=item, expected_version=1, source_evaluation="2",
        assessment="B", handling_code="P",
    )  # fmt: skip
    item.refresh_from_db()
    concern = services.concern_create(
        actor=police_officer, given_name="Jason", family_name="Marlow", harm=4
    )
    services.concern_link(actor=police_officer, concern=concern, kind="vehicle", value="AB12CDE")
    secret = services.item_submit(
        actor=police_officer, police=police, what_seen="Covert source: Marlow stores drugs at flat",
        seen_at=item.seen_at, vehicles="XY65 ZZT",
    )  # fmt: skip
    services.item_link(actor=police_officer, item=secret, kind="concern", value=str(concern.pk))
    version = services.sanitised_write(
        actor=police_officer, item=item, shared_with=council, person=child,
        text="A car has been seen collecting Rosie from school.", purpose="Safety planning",
        necessity="To plan her journey home", lawful_basis=LawfulBasis.SAFEGUARDING,
    )  # fmt: skip
    return {"item": item, "concern": concern, "secret": secret, "version": version}


def test_police_find_the_path_from_the_child_to_the_adult_through_the_car(
    picture, police_officer, child
):
    path = network.path(police_officer, f"person:{child.pk}", f"concern:{picture['concern'].pk}")
    assert [node.kind for node in path] == ["person", "item", "vehicle", "concern"]
    assert path[2].label == "AB12CDE"


def test_a_partner_never_sees_police_only_intelligence_in_the_network(
    picture, practitioner, school_lead, client_for, child
):
    for partner in (practitioner, school_lead):
        graph = network.build(partner)
        kinds = {node.kind for node in graph.nodes.values()}
        assert kinds <= {"person", "shared", "item"}
        assert f"item:{picture['secret'].pk}" not in graph.nodes
        assert f"concern:{picture['concern'].pk}" not in graph.nodes
        # Not even through a typed-in focus or path.
        focused = network.build(partner, focus=f"concern:{picture['concern'].pk}")
        assert not focused.nodes
        assert network.path(partner, f"person:{child.pk}", f"concern:{picture['concern'].pk}") == []
    council_graph = network.build(practitioner)
    assert set(council_graph.nodes) == {f"shared:{picture['version'].pk}", f"person:{child.pk}"}

    client = client_for(practitioner)
    secret_words = ("Covert source", "XY65ZZT", "AB12CDE", "Marlow", picture["item"].reference)
    for path in (
        reverse("intelligence:network"),
        reverse("intelligence:network") + f"?focus=concern:{picture['concern'].pk}",
        reverse("intelligence:network") + f"?focus=person:{child.pk}&from=person:{child.pk}"
        f"&to=concern:{picture['concern'].pk}",
        reverse("intelligence:network_nodes"),
        reverse("intelligence:network_edges"),
        reverse("intelligence:network_nodes") + f"?focus=concern:{picture['concern'].pk}",
        reverse("intelligence:network_graphml"),
        reverse("intelligence:network_graphml") + f"?focus=concern:{picture['concern'].pk}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        for word in secret_words:
            assert word not in body, (path, word)
        # Two nodes and one link at most: nothing more, not even an unnamed node.
        if path.endswith(".csv") and "focus" not in path:
            lines = [line for line in body.splitlines() if line]
            assert len(lines) <= 3


def test_the_export_is_audited_and_the_page_has_a_table(picture, police_officer, client_for, child):
    client = client_for(police_officer)
    page = client.get(
        reverse("intelligence:network") + f"?focus=person:{child.pk}"
    ).content.decode()
    assert "Every link in the network above" in page and "AB12CDE" in page
    csv = client.get(reverse("intelligence:network_edges") + f"?focus=person:{child.pk}")
    assert csv["Content-Type"].startswith("text/csv")
    assert AuditEntry.objects.filter(
        action="export", purpose="export the network's edges", subject_id=str(child.pk)
    ).exists()


def test_the_network_downloads_as_graphml_for_analysis_tools(
    picture, police_officer, client_for, child
):
    from xml.etree import ElementTree

    client = client_for(police_officer)
    response = client.get(reverse("intelligence:network_graphml") + f"?focus=person:{child.pk}")
    assert response["Content-Type"] == "application/graphml+xml"
    ns = {"g": network.GRAPHML}
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own server's answer)
    nodes = {n.get("id"): n for n in root.iterfind("g:graph/g:node", ns)}
    edges = {(e.get("source"), e.get("target")) for e in root.iterfind("g:graph/g:edge", ns)}
    graph = network.build(police_officer, focus=f"person:{child.pk}")
    assert set(nodes) == set(graph.nodes) and edges == set(graph.edges)
    vehicle = next(
        n for n in nodes.values() if n.findtext("g:data[@key='label']", "", ns) == "AB12CDE"
    )
    assert vehicle.findtext("g:data[@key='kind']", "", ns) == "Vehicle"
    assert AuditEntry.objects.filter(
        action="export", purpose="export the network's graphml", subject_id=str(child.pk)
    ).exists()


def test_the_network_filters_by_period_and_by_assessment(
    picture, police_officer, client_for, child
):
    import datetime as dt

    from django.utils import timezone

    from triangulate.intelligence.models import IntelligenceItem, Link

    item = f"item:{picture['item'].pk}"
    assert item in network.build(police_officer).nodes
    # Graded B: kept when B is chosen, gone when only A is.
    assert item in network.build(police_officer, filters=network.Filters(assessments=("B",))).nodes
    only_a = network.build(police_officer, filters=network.Filters(assessments=("A",)))
    assert item not in only_a.nodes
    assert f"shared:{picture['version'].pk}" not in only_a.nodes  # shared as 2/B/P
    # Recorded last year: outside a period that starts today.
    last_year = timezone.now() - dt.timedelta(days=400)
    IntelligenceItem.objects.filter(pk=picture["item"].pk).update(submitted_at=last_year)
    Link.objects.filter(item=picture["item"]).update(created_at=last_year)
    today = timezone.localdate()
    recent = network.build(police_officer, filters=network.Filters(since=today))
    assert item not in recent.nodes
    assert (
        item
        in network.build(
            police_officer, filters=network.Filters(until=today - dt.timedelta(days=300))
        ).nodes
    )

    client = client_for(police_officer)
    url = reverse("intelligence:network")
    page = client.get(url, {"assessment": "A"}).content.decode()
    assert picture["item"].reference not in page
    assert picture["item"].reference in client.get(url, {"assessment": "B"}).content.decode()
    # A period that ends before it starts is a GOV.UK error, and nothing is filtered.
    wrong = client.get(
        url,
        {"since-day": "2", "since-month": "1", "since-year": str(today.year),
         "until-day": "1", "until-month": "1", "until-year": str(today.year)},
    ).content.decode()  # fmt: skip
    assert "There is a problem" in wrong
    assert "The end of the period must be on or after its start" in wrong


@pytest.fixture
def random_network(police_officer, police):
    """A police force's network of 128 things and 260 links, joined at random, and 8 peer
    groups with members and places chosen at random."""
    import datetime as dt
    import random

    from triangulate.intelligence.models import (
        Group,
        GroupMember,
        GroupPlace,
        Link,
        Phone,
        Place,
        Vehicle,
    )
    from triangulate.register.models import Person, PersonKind

    rng = random.Random(7)
    made = {
        "person": [
            Person.objects.create(
                kind=PersonKind.CHILD, given_name=f"Child{n}", family_name="Network",
                owning_agency=police,
            )
            for n in range(40)
        ],
        "place": [
            Place.objects.create(name=f"Place {n}", kind="park", owning_agency=police)
            for n in range(30)
        ],
        "vehicle": [
            Vehicle.objects.create(registration=f"AB{n:02d}CDE", owning_agency=police)
            for n in range(25)
        ],
        "phone": [
            Phone.objects.create(number=f"+4477009001{n:02d}", owning_agency=police)
            for n in range(25)
        ],
    }  # fmt: skip
    for _ in range(260):
        first, second = rng.sample(list(made), 2)
        Link.objects.create(
            owning_agency=police, created_by=police_officer,
            **{first: rng.choice(made[first]), second: rng.choice(made[second])},
        )  # fmt: skip
    made["group"] = [
        Group.objects.create(name=f"Group {n}", kind="peer", owning_agency=police,
                             created_by=police_officer)
        for n in range(8)
    ]  # fmt: skip
    for group in made["group"]:
        for person in rng.sample(made["person"], rng.randint(2, 5)):
            GroupMember.objects.create(
                owning_agency=police, group=group, person=person,
                from_on=dt.date(2026, 1, 1), added_by=police_officer,
            )  # fmt: skip
        for place in rng.sample(made["place"], rng.randint(1, 3)):
            GroupPlace.objects.create(
                owning_agency=police, group=group, place=place, added_by=police_officer
            )
    return [f"{kind}:{row.pk}" for kind, rows in made.items() for row in rows], rng


@pytest.mark.parametrize("frontier_limit", [network.FRONTIER_LIMIT, 3])
def test_the_network_read_a_step_at_a_time_is_the_network_read_whole(
    random_network, police_officer, monkeypatch, frontier_limit
):
    """Opening the network from a node and searching for a path read only the links near
    the search; they must draw and find exactly what the whole network gives (also when a
    step grows too wide and the whole network is read)."""
    monkeypatch.setattr(network, "FRONTIER_LIMIT", frontier_limit)
    nodes, rng = random_network
    every = network._edges(police_officer)
    adjacent = network._adjacency(every)
    for focus in rng.sample(nodes, 15):
        for depth in (1, 2, 3):
            ids = network.neighbourhood(adjacent, focus, depth) if focus in adjacent else set()
            expected = sorted(e for e in every if e[0] in ids and e[1] in ids)
            graph = network.build(police_officer, focus=focus, depth=depth)
            assert graph.edges == expected, (focus, depth)
    for _ in range(25):
        start, goal = rng.sample(nodes, 2)
        found = [node.id for node in network.path(police_officer, start, goal)]
        whole = network.shortest_path(adjacent, start, goal)
        assert len(found) == len(whole), (start, goal)
        assert all(tuple(sorted(pair)) in every for pair in zip(found, found[1:], strict=False))


def test_beside_a_hub_the_search_stops_with_the_nearest_and_the_page_says_it_is_cut(
    random_network, police_officer, monkeypatch, client_for
):
    """A neighbourhood that outgrows what a page can show stops growing: what it draws is
    still within the depth asked and all of it real links, and it is marked as cut."""
    nodes, rng = random_network
    every = set(network._edges(police_officer))
    adjacent = network._adjacency(every)
    monkeypatch.setattr(network, "NODE_BUDGET", 12)
    monkeypatch.setattr(network, "MAX_NODES", 10)
    reads = []
    edges = network._Reader.edges
    monkeypatch.setattr(
        network._Reader,
        "edges",
        lambda self, touching=None: reads.append(1) or edges(self, touching),
    )
    cut = 0
    for focus in rng.sample([n for n in nodes if n in adjacent], 10):
        within = network.neighbourhood(adjacent, focus, 3)
        reads.clear()
        graph = network.build(police_officer, focus=focus, depth=3)
        assert set(graph.edges) <= every
        assert set(graph.nodes) <= within
        if len(network.neighbourhood(adjacent, focus, 2)) > 12:
            # It stopped before reading the links of the third step's nodes.
            assert len(reads) < 4 and graph.truncated and len(graph.nodes) <= 10
            cut += 1
            page = client_for(police_officer).get(
                "/intelligence/network/", {"focus": focus, "depth": 3}
            )
            assert "than one page can show" in page.content.decode()
    assert cut, "the random network should hold neighbourhoods wider than the budget"
