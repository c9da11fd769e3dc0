import pytest

from tests.factories import PersonFactory
from triangulate.linkage.models import (
    REGISTER_SOURCE,
    LinkageRun,
    MatchPair,
    RunStatus,
    SourceRecord,
)
from triangulate.linkage.services import runs


class BackgroundRuns:
    """Runs started "in the background", held until the test lets them go."""

    def __init__(self):
        self.started = []

    def thread(self, target, args, daemon):
        background = self

        class DeferredThread:
            def start(self):
                background.started.append((target, args))

        return DeferredThread()

    def finish(self):
        """Run every started run to its end, in this thread, as its thread would."""
        while self.started:
            target, args = self.started.pop(0)
            target(*args)


@pytest.fixture
def background_runs(monkeypatch):
    background = BackgroundRuns()
    monkeypatch.setattr(runs.threading, "Thread", background.thread)
    # The thread closes its own connection at the end; here that is the test's connection.
    monkeypatch.setattr(runs.connections, "close_all", lambda: None)
    return background


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
