"""A linkage run through the web app: register plus an imported extract."""

import datetime as dt

from django.urls import reverse

from triangulate.linkage.engine import synthetic
from triangulate.linkage.models import LinkageRun, MatchPair, RunStatus, SourceRecord
from triangulate.linkage.services import imports
from triangulate.register.models import Person, PersonAddress


def load_register(population, agency):
    for p in population:
        person = Person(
            owning_agency=agency,
            given_name=p.first_name.title(),
            family_name=p.last_name.title(),
            date_of_birth=p.date_of_birth,
            sex=p.sex,
            nhs_number=p.nhs_number,
        )
        person.refresh_search_keys()
        person.save()
        PersonAddress.objects.create(
            person=person,
            owning_agency=agency,
            line_1=p.address.title(),
            postcode=p.postcode,
            from_date=dt.date(2020, 1, 1),
        )


def test_a_run_links_extract_records_to_register_entries_and_fills_the_queue(
    client_for, police_analyst, council
):
    population = synthetic.people(400, seed=5)
    load_register(population, council)
    frame, truth = synthetic.extract(
        population, "police", coverage=0.6, seed=5, nhs_share=0.3, noise=0.2
    )
    content = frame.to_csv(index=False).encode()
    extract = imports.extract_upload(
        actor=police_analyst, source_name="nominals", file_name="n.csv", content=content
    )
    imports.extract_map_columns(
        actor=police_analyst, extract=extract, mapping={c: c for c in frame.columns}
    )

    client = client_for(police_analyst)
    response = client.post(reverse("linkage:run_start"))
    run = LinkageRun.objects.get()
    assert response.url == reverse("linkage:run", args=[run.pk])
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.model["comparisons"]
    police = SourceRecord.objects.filter(source_name="nominals", is_current=True)
    linked = police.filter(person__isnull=False)
    # The run links most records and never adds people to the register by itself.
    assert linked.count() > 0.8 * police.count()
    assert Person.objects.count() == len(population)
    # Records of one true person end up on one entry; different people never share one.
    entry_truth = {}
    for record in linked.select_related("person"):
        entry_truth.setdefault(record.person_id, set()).add(truth[record.record_id])
    assert all(len(people) == 1 for people in entry_truth.values())
    page = client.get(reverse("linkage:run", args=[run.pk])).content.decode()
    assert "Pairs for review" in page
    assert MatchPair.objects.filter(run=run).count() == run.stats["review_pairs"]
