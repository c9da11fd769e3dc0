import pytest

from tests.factories import PersonFactory, queued_tasks, run_queued_tasks
from triangulate.linkage.models import (
    REGISTER_SOURCE,
    LinkageRun,
    MatchPair,
    RunStatus,
    SourceRecord,
)
from triangulate.linkage.services import runs


class BackgroundRuns:
    """Runs queued for the background worker, held until the test lets them go."""

    @property
    def started(self):
        return list(queued_tasks(runs.run_queued))

    def finish(self):
        """Run every queued run to its end, as the worker would."""
        run_queued_tasks()


@pytest.fixture
def background_runs(db):
    return BackgroundRuns()


@pytest.fixture
def police_csv():
    return (
        b"Nominal ID,Forename,Surname,DOB,Post Code,NHS No,Force Ref\n"
        b"N1,Rosie,Hargreaves,14/02/2012,KM4 7QT,9434765919,FR-1\n"
        b"N2,Tyler,Okafor,2011-06-30,KM4 9ZZ,,FR-2\n"
    )


@pytest.fixture
def twin_pair(police):
    """Two police register entries and a police record, with a pending pair for review."""
    rosie = PersonFactory(owning_agency=police, given_name="Rosie", family_name="Hargreaves")
    duplicate = PersonFactory(
        owning_agency=police,
        given_name="Rosy",
        family_name="Hargreaves",
        date_of_birth=rosie.date_of_birth,
    )
    left = SourceRecord.objects.create(
        owning_agency=police,
        source_name=REGISTER_SOURCE,
        record_id=str(rosie.pk),
        first_name="Rosie",
        last_name="Hargreaves",
        person=rosie,
        date_of_birth=rosie.date_of_birth,
    )
    right = SourceRecord.objects.create(
        owning_agency=police,
        source_name="nominals",
        record_id="N1",
        first_name="Rosy",
        last_name="Hargreaves",
        person=duplicate,
        date_of_birth=rosie.date_of_birth,
    )
    run = LinkageRun.objects.create(status=RunStatus.FINISHED)
    pair = MatchPair.objects.create(
        run=run,
        left=left,
        right=right,
        match_probability=0.8,
        match_weight=2.0,
        reason="uncertain match",
        prior_weight=-9.0,
        contributions=[
            {"comparison": "first_name", "level": "Jaro-Winkler similarity >= 0.92", "weight": 3.5},
            {"comparison": "last_name", "level": "Exact match", "weight": 7.5},
            {"comparison": "postcode", "level": "Missing on one side", "weight": 0.0},
        ],
    )
    return pair, rosie, duplicate
