"""Property-based tests over every importer and identifier validator.

Whatever bytes a partner uploads, an importer either imports every row of the file or
refuses the file with messages a person can act on, and a refused file leaves no row
behind. Whatever text is typed as an identifier, a validator answers or refuses it with an
IdentifierError, and what it keeps is already in its normal form.
"""

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from triangulate.core import identifiers
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role
from triangulate.core.spreadsheets import SpreadsheetRefused
from triangulate.intelligence import identifiers as pursue_identifiers
from triangulate.linkage.models import ExtractStatus, SourceRecord
from triangulate.linkage.services import extract_files
from triangulate.linkage.services import imports as linkage_imports
from triangulate.partnership.models import Learner, Recommendation, Source, TrainingCompletion
from triangulate.partnership.services import imports as recommendation_imports
from triangulate.partnership.services import learning, reach

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Cells that have broken importers elsewhere: formulas, digits that are not ASCII, numbers
# too big for a machine integer, impossible dates, control characters, odd spaces.
AWKWARD = [
    "",
    " ",
    '=HYPERLINK("http://example.invalid","click")',
    "+1",
    "@SUM(A1)",
    "²",
    "١٢٣",
    "99999999999999999999999",
    "-1",
    "4.7",
    "31/02/2026",
    "29/02/2025",
    "01/01/0001",
    "9999-12-31",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "date",
    "3 months",
    "immediately",
    "school",
    "taxi and private hire",
    "alex.practitioner",
    "Safeguarding children: level 1",
]
cells = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=40))


def _csv(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def files(columns: list[str]):
    """An upload: sometimes arbitrary bytes, mostly a CSV with the right or nearly right
    headings and rows of awkward cells, now and then named as a workbook."""
    rows = st.lists(st.lists(cells, min_size=0, max_size=len(columns) + 2), max_size=6)
    header = st.one_of(
        st.just(columns),
        st.just([c.upper() for c in columns]),
        st.lists(cells, max_size=len(columns) + 1),
    )
    structured = st.builds(
        _csv, header, rows, st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"])
    )
    content = st.one_of(structured, st.binary(max_size=600))
    name = st.sampled_from(["upload.csv", "upload.CSV", "upload.xlsx", "upload.txt"])
    return st.tuples(name, content)


def _refusal_is_clear(refused: SpreadsheetRefused) -> None:
    assert refused.problems, "a refusal names at least one problem"
    for problem in refused.problems:
        assert isinstance(problem, str) and problem.strip()
        assert "Traceback" not in problem and "Error(" not in problem


def _all_or_nothing(do_import, count, upload) -> None:
    before, audit_before = count(), AuditEntry.objects.count()
    try:
        imported = do_import(*upload)
    except SpreadsheetRefused as refused:
        _refusal_is_clear(refused)
        assert count() == before, "a refused file leaves no row behind"
        assert AuditEntry.objects.count() == audit_before
        return
    assert count() == before + imported, "an accepted file imports every row"


@pytest.fixture
def manager(db):
    return UserFactory(roles=[Role.PARTNERSHIP_MANAGER])


@pytest.mark.django_db
@FUZZ
@given(upload=files(recommendation_imports.IMPORT_COLUMNS))
def test_recommendations_import_takes_a_whole_file_or_nothing(manager, upload):
    source, _ = Source.objects.get_or_create(
        title="Fuzzed review",
        defaults={
            "kind": "review",
            "author": "An independent reviewer",
            "body": "Kingsmere Safeguarding Children Partnership",
            "published_on": dt.date(2025, 4, 1),
        },
    )

    def do_import(name, content):
        return recommendation_imports.recommendations_import(
            actor=manager, source=source, filename=name, content=content
        )

    _all_or_nothing(do_import, Recommendation.objects.count, upload)


@pytest.mark.django_db
@FUZZ
@given(upload=files(learning.COMPLETION_COLUMNS))
def test_training_completions_import_takes_a_whole_file_or_nothing(manager, upload):
    def do_import(name, content):
        return learning.completions_import(actor=manager, filename=name, content=content)

    _all_or_nothing(do_import, TrainingCompletion.objects.count, upload)


@pytest.mark.django_db
@FUZZ
@given(upload=files(reach.LEARNER_COLUMNS))
def test_learners_import_takes_a_whole_file_or_nothing(manager, upload):
    def do_import(name, content):
        result = reach.learners_import(
            actor=manager, filename=name, content=content, today=dt.date(2026, 3, 31)
        )
        return result["added"] + result["completions"]

    def count():
        return Learner.objects.count() + TrainingCompletion.objects.count()

    _all_or_nothing(do_import, count, upload)


@pytest.fixture
def practitioner(db):
    return UserFactory(roles=[Role.EXPLOITATION_PRACTITIONER])


@pytest.mark.django_db
@FUZZ
@given(upload=files(["record id", "given name", "family name", "date of birth", "postcode"]))
def test_an_extract_imports_every_record_or_none(practitioner, upload):
    """Upload, map the columns the headings suggest, import: the extract's records are all
    there and current, or the file is refused or rejected with its faults and holds none."""
    name, content = upload
    try:
        extract = linkage_imports.extract_upload(
            actor=practitioner, source_name="Fuzzed source", file_name=name, content=content
        )
    except SpreadsheetRefused as refused:
        _refusal_is_clear(refused)
        return
    mapping = extract_files.suggested_mapping(extract.headers)
    extract = linkage_imports.extract_map_columns(
        actor=practitioner, extract=extract, mapping=mapping
    )
    records = SourceRecord.objects.filter(extract=extract)
    if extract.status == ExtractStatus.REJECTED:
        assert extract.errors and all(isinstance(e, str) and e for e in extract.errors)
        assert not records.exists()
    else:
        assert extract.status == ExtractStatus.IMPORTED
        assert records.filter(is_current=True).count() == extract.total_rows


@FUZZ
@given(raw=st.dictionaries(st.sampled_from(extract_files.STANDARD_COLUMNS), cells))
def test_a_mapped_row_is_cleaned_or_its_faults_named_never_an_error(raw):
    row = extract_files.clean_row(raw)
    assert set(row.values) == set(extract_files.STANDARD_COLUMNS)
    for issue in row.issues:
        assert "treated as missing" in issue
    if row.values["nhs_number"]:
        assert identifiers.is_valid_nhs_number(row.values["nhs_number"])
    if row.values["postcode"]:
        assert identifiers.is_valid_postcode(row.values["postcode"])
    born = row.values["date_of_birth"]
    assert born is None or born >= identifiers.EARLIEST_BIRTH


VALIDATORS = [
    identifiers.normalise_nhs_number,
    identifiers.normalise_upn,
    identifiers.normalise_postcode,
    pursue_identifiers.normalise_registration,
    pursue_identifiers.normalise_phone,
]


@FUZZ
@given(
    validator=st.sampled_from(VALIDATORS),
    value=st.one_of(st.sampled_from(AWKWARD), st.text(max_size=30)),
)
def test_identifier_validators_answer_or_refuse_and_keep_only_normal_forms(validator, value):
    try:
        kept = validator(value)
    except identifiers.IdentifierError:
        return
    assert kept == kept.strip() and kept
    assert validator(kept) == kept, "what is kept is already in its normal form"


@FUZZ
@given(first_nine=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nhs_number_with_its_check_digit_is_accepted_in_any_spacing(first_nine):
    check = identifiers.nhs_check_digit(first_nine)
    assume(check is not None)
    number = first_nine + str(check)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert identifiers.normalise_nhs_number(spaced) == number
    wrong = first_nine + str((check + 1) % 10)
    assert not identifiers.is_valid_nhs_number(wrong)


@FUZZ
@given(value=st.one_of(st.sampled_from(AWKWARD), st.text(max_size=20)))
def test_a_date_of_birth_is_read_or_left_empty_never_an_error(value):
    born = identifiers.parse_date_of_birth(value, today=dt.date(2026, 11, 1))
    assert born is None or identifiers.EARLIEST_BIRTH <= born <= dt.date(2026, 11, 1)
