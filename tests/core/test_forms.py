"""The one GOV.UK date input: impossible or enormous values are a GOV.UK error, never a 500."""

import pytest
from django.core.exceptions import ValidationError

from triangulate.core.forms import GovukDateField


@pytest.mark.parametrize(
    "parts",
    [
        ["999999999999999999999", "1", "2010"],
        ["1", "99999999999999999999", "2010"],
        ["1", "1", "999999999999999999999"],
        ["1", "1", "9" * 5000],
        ["²", "1", "2010"],
        ["1_0", "1", "2010"],
        ["31", "2", "2010"],
    ],
)
def test_an_impossible_date_is_a_govuk_error(parts):
    field = GovukDateField(label="Date of birth")
    with pytest.raises(ValidationError) as error:
        field.clean(parts)
    assert error.value.messages == ["Date of birth must be a real date"]


def test_a_real_date_is_accepted():
    assert str(GovukDateField(label="Date of birth").clean(["04", "11", "2010"])) == "2010-11-04"


def test_an_enormous_day_in_the_register_search_is_an_error_message(client_for, practitioner):
    response = client_for(practitioner).get(
        "/register/?date_of_birth-day=999999999999999999999&date_of_birth-month=1"
        "&date_of_birth-year=2010"
    )
    assert response.status_code in (200, 400)
    assert "Date of birth must be a real date" in response.content.decode()


def test_a_services_refusal_lands_on_its_field_or_at_the_top_of_the_summary():
    from django import forms as django_forms

    from triangulate.core.forms import GovukForm, add_errors, error_summary

    class NameForm(GovukForm):
        name = django_forms.CharField(label="Name")

    form = NameForm({"name": "Ann"})
    assert form.is_valid()
    add_errors(form, {"name": "Enter a shorter name", "agency": "That agency has closed"})
    assert error_summary(form) == [
        {"text": "That agency has closed", "href": "#main-content"},
        {"text": "Enter a shorter name", "href": "#id_name"},
    ]


def _name_form(data):
    from django import forms as django_forms

    from triangulate.core.forms import GovukForm

    class NameForm(GovukForm):
        name = django_forms.CharField(label="Name")
        version = django_forms.IntegerField(required=False)

    form = NameForm(data)
    assert form.is_valid()
    return form


def test_a_write_refused_or_stale_is_shown_on_the_form_and_the_rest_of_the_block_skipped():
    from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
    from triangulate.core.forms import attempt, refusal_shown
    from triangulate.core.refusals import Refused

    done = []

    def refuse():
        raise Refused({"name": "Enter a shorter name"})

    form = _name_form({"name": "Ann"})
    with refusal_shown(form):
        refuse()
        done.append("redirect")
    assert done == [] and form.errors == {"name": ["Enter a shorter name"]}

    form = _name_form({"name": "Ann"})
    assert attempt(form, lambda: (_ for _ in ()).throw(StaleEdit())) is False
    assert form.non_field_errors() == [STALE_MESSAGE]

    # A refusal with one message, put on the field the view names.
    form = _name_form({"name": "Ann"})
    assert attempt(form, lambda: (_ for _ in ()).throw(Refused("Choose a plan")), "name") is False
    assert form.errors == {"name": ["Choose a plan"]}

    form = _name_form({"name": "Ann"})
    assert attempt(form, lambda: done.append("saved")) is True
    assert done == ["saved"] and not form.errors

    # Anything else is not a refusal: it is raised, not hidden on the form.
    with pytest.raises(KeyError), refusal_shown(_name_form({"name": "Ann"})):
        raise KeyError("not a refusal")


def test_a_saved_form_passes_the_version_it_was_opened_at(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from triangulate.core.concurrency import StaleEdit
    from triangulate.core.forms import saved

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    calls = []

    def save(*, name, expected_version):
        calls.append((name, expected_version))
        if expected_version != 4:
            raise StaleEdit

    assert saved(request, _name_form({"name": "Ann", "version": "4"}), save, "Saved") is True
    stale = _name_form({"name": "Ann", "version": "3"})
    assert saved(request, stale, save, "Saved") is False
    assert calls == [("Ann", 4), ("Ann", 3)] and stale.non_field_errors()
    assert [str(m) for m in request._messages] == ["Saved"]
