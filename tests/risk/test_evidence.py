"""A new assessment starts from what the records already show, with the source of each
answer, for the practitioner to confirm; risk never imports the apps that hold them."""

import datetime as dt
import pathlib

from django.utils import timezone

import triangulate
from tests.factories import AgencyFactory
from triangulate.core.models import AuditEntry
from triangulate.core.presenters import uk_date
from triangulate.missing.models import MissingEpisode
from triangulate.register.models import PersonFlag
from triangulate.risk import services


def episode(person, days_ago, by):
    return MissingEpisode.objects.create(
        owning_agency=person.owning_agency, person=person, category="M", created_by=by,
        started_at=timezone.now() - dt.timedelta(days=days_ago),
        ended_at=timezone.now() - dt.timedelta(days=days_ago - 1), reported_by="Carer",
    )  # fmt: skip


def test_recorded_missing_episodes_and_flags_answer_their_indicators(
    client_for, practitioner, twelve_year_old
):
    for days_ago in (40, 100, 400):
        episode(twelve_year_old, days_ago, practitioner)
    PersonFlag.objects.create(
        owning_agency=twelve_year_old.owning_agency, person=twelve_year_old, flag="looked_after",
        reason="Placed with foster carers", set_by=practitioner,
    )  # fmt: skip
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    assert assessment.answers["missing"] == "current"
    assert assessment.answers["looked_after"] == "current"
    sources = [s["text"] for s in assessment.evidence["missing"]["sources"]]
    assert len(sources) == 3
    # The day the newest episode began in London, which 40 days ago may be in summer time.
    newest = timezone.now() - dt.timedelta(days=40)
    assert sources[0].startswith(f"Missing from {uk_date(newest)}")
    assert assessment.score > 0
    page = client_for(practitioner).get(f"/risk/assessments/{assessment.pk}/edit").content.decode()
    assert "From the records, check and confirm: Missing from" in page
    assert "Looked after" in page
    assert AuditEntry.objects.filter(
        action="view", purpose="read what the records show for a risk assessment"
    ).exists()


def test_only_an_old_episode_is_seen_before_the_window(practitioner, twelve_year_old):
    episode(twelve_year_old, 400, practitioner)
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    assert assessment.answers["missing"] == "past"


def test_records_the_assessor_may_not_see_do_not_answer(practitioner, twelve_year_old):
    other = AgencyFactory(name="Elsewhere Police")
    MissingEpisode.objects.create(
        owning_agency=other, person=twelve_year_old, category="M", created_by=practitioner,
        started_at=timezone.now() - dt.timedelta(days=3), reported_by="Carer",
    )  # fmt: skip
    assessment = services.assessment_start(actor=practitioner, person=twelve_year_old)
    assert "missing" not in assessment.answers
    assert assessment.evidence == {}


def test_risk_does_not_import_the_apps_that_hold_the_records():
    root = pathlib.Path(triangulate.__file__).parent / "risk"
    for path in root.rglob("*.py"):
        text = path.read_text()
        for app in ("missing", "frontdoor", "register.models"):
            assert f"triangulate.{app}" not in text, (path, app)
