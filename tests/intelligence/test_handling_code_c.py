"""Intelligence graded with handling code C stays with the owning force's police officers and
analysts and with whoever submitted it: anyone else who may see the item reads that it is
withheld, on its page, in the network and through the API (core.sensitivity)."""

from __future__ import annotations

import pytest

from tests.api.test_api import client_with
from triangulate.core import access
from triangulate.core.roles import Role
from triangulate.intelligence import network, services

pytestmark = pytest.mark.django_db

WITHHELD = "Withheld: intelligence with handling code C"


@pytest.fixture
def graded_c(submitted, police_officer):
    """The school's report, graded C by police and linked to a phone."""
    item = submitted()
    services.item_grade(
        actor=police_officer, item=item, expected_version=1, source_evaluation="2",
        assessment="B", handling_code="C",
        handling_conditions="Source protection: share only with the DI in charge agreeing",
    )  # fmt: skip
    item.refresh_from_db()
    return item


@pytest.fixture
def colleague(make_user, school):
    """Someone else at the school that submitted it: the school holds a read share."""
    return make_user(school, Role.SCHOOL_SAFEGUARDING_LEAD, username="dsl-2")


def test_a_colleague_of_the_submitter_reads_that_it_is_withheld(
    graded_c, colleague, client_for, police_analyst, school_lead
):
    page = client_for(colleague).get(f"/intelligence/items/{graded_c.pk}").content.decode()
    assert WITHHELD in page
    for words in ("silver car", "Jay", "AB12", "07700", "Source protection"):
        assert words not in page
    assert "3x5x2" in page or graded_c.reference in page

    for entitled in (police_analyst, school_lead):
        theirs = client_for(entitled).get(f"/intelligence/items/{graded_c.pk}").content.decode()
        assert "silver car" in theirs and WITHHELD not in theirs
    assert (
        "Intelligence handling code C"
        in client_for(police_analyst).get(f"/intelligence/items/{graded_c.pk}").content.decode()
    )


def test_the_network_names_the_item_but_not_what_it_is_linked_to(graded_c, colleague, child):
    graph = network.build(colleague)
    node = graph.nodes[f"item:{graded_c.pk}"]
    assert "withheld" in node.label
    assert not any(n.kind in ("vehicle", "phone") for n in graph.nodes.values())


def test_the_api_gives_the_withheld_words_not_the_submission(graded_c, colleague, police_analyst):
    theirs = client_with(colleague)[0].get(f"/api/intelligence/items/{graded_c.pk}").json()
    assert theirs["withheld"] is True and theirs["what_seen"].startswith(WITHHELD)
    assert "silver" not in str(theirs) and "07700" not in str(theirs)
    assert "Source protection" not in theirs["grading"]["handling_conditions"]
    police = client_with(police_analyst)[0].get(f"/api/intelligence/items/{graded_c.pk}").json()
    assert police["withheld"] is False and "silver car" in police["what_seen"]
    assert police["sensitivity_label"] == "Intelligence handling code C"


def test_a_search_by_label_condition_leaves_out_what_is_withheld(
    graded_c, colleague, police_analyst, school_lead
):
    from triangulate.intelligence.models import IntelligenceItem

    assert not access.readable(colleague, IntelligenceItem).filter(pk=graded_c.pk).exists()
    for entitled in (police_analyst, school_lead):
        assert access.readable(entitled, IntelligenceItem).filter(pk=graded_c.pk).exists()
