"""Survivor voice: the anonymous public form (with the public concern form's protections),
feedback practitioners collect, themes, and "you said, we did" tied to plan actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.factories import AgencyFactory
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.roles import AgencyType, Role
from triangulate.partnership.models import Objective, Plan, Priority
from triangulate.partnership.services import plans as plan_services
from triangulate.support.models import Feedback, YouSaidWeDid
from triangulate.support.services import voice

pytestmark = pytest.mark.django_db

WORDS = "Waiting eleven weeks to see someone felt like nobody cared. When I did, she was great."


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def action(partnership_manager, make_user, police):
    agency = AgencyFactory(name="Kingsmere Safeguarding Partnership", agency_type=AgencyType.OTHER)
    plan = Plan.objects.create(
        title="Child Exploitation Delivery Plan",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2028, 3, 31),
        owning_agency=agency,
    )
    priority = Priority.objects.create(plan=plan, number=4, title="Support")
    objective = Objective.objects.create(priority=priority, number="4.1", title="Support")
    return plan_services.action_create(
        actor=partnership_manager,
        objective=objective,
        number="4.1.3",
        title="Commission extra counselling so no child waits more than four weeks",
        success_measure="Average wait to start under 28 days",
        lead_officer=make_user(police, Role.POLICE_OFFICER, username="lead"),
        target_date=timezone.localdate() + dt.timedelta(days=200),
    )


def _public(**changes):
    data = {
        "from_whom": "child",
        "service": "",
        "helped": "a_little",
        "listened": "yes",
        "words": WORDS,
        "website": "",
    }
    data.update(changes)
    return data


def test_a_survivors_public_feedback_becomes_a_plan_action_shown_as_coming_from_them(
    client_for, partnership_manager, action
):
    public = Client()
    assert public.get("/public/support/feedback").status_code == 200
    sent = public.post("/public/support/feedback", _public())
    assert sent.status_code == 302 and sent["Location"] == "/public/support/feedback/thanks"
    item = Feedback.objects.get()
    assert item.route == "public_form" and item.entered_by is None and item.words == WORDS

    manager = client_for(partnership_manager)
    listing = manager.get("/support/feedback/").content.decode()
    assert "Waiting eleven weeks" in listing and "Not tagged yet" in listing
    tagged = manager.post(
        f"/support/feedback/{item.pk}", {"version": "1", "themes": ["waiting", "praise"]}
    )
    assert tagged.status_code == 302
    item.refresh_from_db()
    assert item.themes == ["waiting", "praise"]
    waiting = manager.get("/support/feedback/?theme=waiting").content.decode()
    assert "Waiting for help (1)" in waiting

    made = manager.post(
        "/support/you-said-we-did/new",
        {
            "you_said": "Waiting weeks for counselling felt like nobody cared.",
            "we_did": "We are paying for more counsellors so no child waits more than 4 weeks.",
            "action": str(action.pk),
            "feedback": [str(item.pk)],
            "is_published": "on",
        },
    )
    assert made.status_code == 302
    response = YouSaidWeDid.objects.get()
    assert response.action == action and list(response.feedback.all()) == [item]

    page = Client().get("/public/support/you-said-we-did").content.decode()
    assert "Waiting weeks for counselling felt like nobody cared." in page
    assert "4.1.3 Commission extra counselling" in page
    assert "1 action in the partnership&#39;s plan came from what you told us" in page or (
        "1 action in the partnership's plan came from what you told us" in page
    )


def test_the_honeypot_thanks_a_bot_and_stores_nothing():
    sent = Client().post("/public/support/feedback", _public(website="http://spam.example"))
    assert sent.status_code == 302
    assert not Feedback.objects.exists()


def test_too_much_feedback_from_one_connection_is_refused():
    client = Client()
    for _ in range(5):
        assert client.post("/public/support/feedback", _public()).status_code == 302
    refused = client.post("/public/support/feedback", _public())
    assert refused.status_code == 429
    assert Feedback.objects.count() == 5


def test_an_oversized_body_is_refused_before_it_is_read():
    refused = Client().post("/public/support/feedback", _public(words="x" * 40_000))
    assert refused.status_code == 413
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"words": ""}, "Enter your feedback"),
        ({"words": "x" * 3001}, "Feedback must be 3000 characters or fewer"),
        ({"from_whom": ""}, "Select who the feedback is from"),
    ],
)
def test_bad_feedback_is_shown_in_the_error_summary_and_nothing_saved(changes, message):
    response = Client().post("/public/support/feedback", _public(**changes))
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and message in body
    assert not Feedback.objects.exists()


def test_a_practitioner_records_feedback_but_does_not_read_everyone_elses(
    client_for, practitioner, partnership_manager
):
    client = client_for(practitioner)
    sent = client.post("/support/feedback/new", _public(from_whom="family"))
    assert sent.status_code == 302
    item = Feedback.objects.get()
    assert item.route == "practitioner" and item.entered_by == practitioner
    assert client.get("/support/feedback/").status_code == 403
    assert client.get(f"/support/feedback/{item.pk}").status_code == 403
    assert client_for(partnership_manager).get(f"/support/feedback/{item.pk}").status_code == 200


def test_stale_theme_tags_are_refused(client_for, partnership_manager):
    item = voice.feedback_public(from_whom="child", words=WORDS)
    voice.feedback_tag(actor=partnership_manager, feedback=item, expected_version=1,
                       themes=["waiting"])  # fmt: skip
    response = client_for(partnership_manager).post(
        f"/support/feedback/{item.pk}", {"version": "1", "themes": ["police"]}
    )
    assert STALE_MESSAGE.split(":")[0] in response.content.decode()
    item.refresh_from_db()
    assert item.themes == ["waiting"]


def test_an_action_kept_out_of_the_public_plan_is_not_named_publicly(partnership_manager, action):
    action.is_public = False
    action.save()
    voice.response_create(
        actor=partnership_manager, you_said="More help for brothers and sisters.",
        we_did="A siblings' group.", feedback=[], action=action, is_published=True,
    )  # fmt: skip
    page = Client().get("/public/support/you-said-we-did").content.decode()
    assert "A siblings&#39; group." in page or "A siblings' group." in page
    assert "Commission extra counselling" not in page
    assert "An action in the partnership" in page
