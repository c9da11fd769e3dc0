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
