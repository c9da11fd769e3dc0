"""GOV.UK form rendering: one renderer turns any Django form field into the matching GOV.UK
Design System component, with an error summary at the top of the page.

Templates call ``govuk_field(form["name"])`` (see ``core/forms.html``); every form in
Triangulate goes through it, so errors, hints and labels look and behave the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from .clocks import LONDON
from .concurrency import STALE_MESSAGE, StaleEdit
from .refusals import Refused
from .sensitivity import choices_for

TIME_HINT = "Use the 24-hour clock, for example 23:30"
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class GovukDateWidget(forms.MultiWidget):
    """Three boxes (day, month, year) named ``<name>-day``, ``<name>-month``, ``<name>-year``."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        self.widgets_names = ["-day", "-month", "-year"]

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(self, *, past_only: bool = False, future_only: bool = False, **kwargs):
        self.past_only = past_only
        self.future_only = future_only
        fields = [forms.CharField(), forms.CharField(), forms.CharField()]
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        label = (self.label or "Date").capitalize()
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {label.lower()}", code="required")
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(
                f"{label} must include a {' and '.join(missing)}", code="incomplete"
            )
        try:
            # Digits only (not "1_0", "²" or "+5"), and no more than a date can have: an
            # enormous number is not a real date, never an overflow.
            if not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
                raise ValueError
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            value = dt.date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        today = timezone.localdate()
        if self.past_only and value > today:
            raise ValidationError(f"{label} must be today or in the past", code="future")
        if self.future_only and value < today:
            raise ValidationError(f"{label} must be today or in the future", code="past")
        return value

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list


def parse_time(value: str, label: str) -> dt.time:
    """A 24-hour time such as 23:30 (or 23.30), or a GOV.UK error naming ``label``."""
    match = _TIME.match(value or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(f"{label} must be a real time, like 23:30")
    return dt.time(int(match[1]), int(match[2]))


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    """A local date and time in the UK as an aware datetime (stored in UTC)."""
    return dt.datetime.combine(day, time, tzinfo=LONDON)


class DateTimeMixin:
    """For forms that take a moment as a pair of fields: ``<prefix>_on`` (a
    :class:`GovukDateField`) and ``<prefix>_time`` (24-hour text). ``moment()`` joins them.

    When the date field is ``past_only`` the moment must also be now or earlier: an event
    that has happened cannot be dated later today.
    """

    def moment(self, prefix: str, label: str, required: bool = True, now=None):
        day = self.cleaned_data.get(f"{prefix}_on")
        raw = self.cleaned_data.get(f"{prefix}_time") or ""
        if day is None:
            return None
        if not raw.strip():
            if required and f"{prefix}_time" not in self.errors:
                self.add_error(f"{prefix}_time", f"Enter the time {label.lower()}")
            return None
        try:
            value = combine(day, parse_time(raw, f"The time {label.lower()}"))
        except ValidationError as error:
            self.add_error(f"{prefix}_time", error)
            return None
        if self.fields[f"{prefix}_on"].past_only and value > (now or timezone.now()):
            self.add_error(f"{prefix}_time", f"The time {label.lower()} must be now or in the past")
            return None
        return value


def _label(bf, as_heading: bool = False) -> dict:
    label = {"text": str(bf.label)}
    if as_heading:
        label.update({"isPageHeading": True, "classes": "govuk-label--l"})
    return label


def _error(bf) -> dict | None:
    return {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None


def _hint(bf) -> dict | None:
    return {"text": str(bf.help_text)} if bf.help_text else None


def _value(bf):
    value = bf.value()
    return "" if value is None else value


def field_id(bf) -> str:
    if isinstance(bf.field.widget, GovukDateWidget):
        return f"{bf.html_name}-day"
    if isinstance(bf.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return bf.html_name
    return bf.auto_id or bf.html_name


def _items(bf, selected) -> list[dict]:
    selected = {str(s) for s in (selected if isinstance(selected, list | tuple) else [selected])}
    items = []
    for value, text in bf.field.choices:
        if value in ("", None) and isinstance(bf.field.widget, forms.RadioSelect):
            continue
        item = {"value": str(value), "text": str(text), "checked": str(value) in selected}
        items.append(item)
    return items


def govuk_field(bf, **overrides) -> dict:
    """Return ``{"component": ..., "params": ...}`` for a bound field.

    ``overrides`` merge into the component's parameters (for example ``classes`` or
    ``hint``); ``heading=True`` makes the label or legend the page heading.
    """
    widget = bf.field.widget
    heading = overrides.pop("heading", False)
    base = {"id": field_id(bf), "name": bf.html_name, "errorMessage": _error(bf), "hint": _hint(bf)}
    legend = {
        "text": str(bf.label),
        "classes": "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--s",
        "isPageHeading": heading,
    }
    attributes = {
        k: v for k, v in widget.attrs.items() if k in ("autocomplete", "spellcheck", "inputmode")
    }
    if isinstance(widget, GovukDateWidget):
        day, month, year = bf.data if bf.form.is_bound else widget.decompress(bf.initial)
        error_classes = " govuk-input--error" if bf.errors else ""
        params = {
            **base,
            "namePrefix": bf.html_name,
            "fieldset": {"legend": legend},
            "items": [
                {
                    "name": "day",
                    "label": "Day",
                    "classes": "govuk-input--width-2" + error_classes,
                    "value": day or "",
                },
                {
                    "name": "month",
                    "label": "Month",
                    "classes": "govuk-input--width-2" + error_classes,
                    "value": month or "",
                },
                {
                    "name": "year",
                    "label": "Year",
                    "classes": "govuk-input--width-4" + error_classes,
                    "value": year or "",
                },
            ],
        }
        component = "date"
        params.pop("name")
        # The macro names each box "<id>-day" etc.; the error summary links to the day box.
        params["id"] = bf.html_name
    # Before RadioSelect: Django's CheckboxSelectMultiple is a subclass of it.
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        component = "checkboxes"
        params = {**base, "fieldset": {"legend": legend}, "items": _items(bf, bf.value() or [])}
        params.pop("id")
        params["idPrefix"] = bf.html_name
    elif isinstance(widget, forms.RadioSelect):
        component = "radios"
        params = {**base, "fieldset": {"legend": legend}, "items": _items(bf, _value(bf))}
        params.pop("id")
        params["idPrefix"] = bf.html_name
    elif isinstance(widget, forms.CheckboxInput):
        component = "checkboxes"
        params = {
            **base,
            "items": [{"value": "on", "text": str(bf.label), "checked": bool(bf.value())}],
        }
        params.pop("id")
        params["idPrefix"] = bf.html_name
    elif isinstance(widget, forms.Select):
        component = "select"
        params = {
            **base,
            "label": _label(bf, heading),
            "items": [
                {"value": str(v), "text": str(t), "selected": str(v) == str(_value(bf))}
                for v, t in bf.field.choices
            ],
        }
    elif isinstance(widget, forms.Textarea):
        component = "textarea"
        params = {
            **base,
            "label": _label(bf, heading),
            "value": _value(bf),
            "rows": widget.attrs.get("rows", 5),
        }
    elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        component = "file"
        params = {**base, "label": _label(bf, heading)}
    elif isinstance(widget, forms.PasswordInput):
        component = "password"
        params = {
            **base,
            "label": _label(bf, heading),
            "autocomplete": widget.attrs.get("autocomplete", "current-password"),
        }
    else:
        component = "input"
        input_type = getattr(widget, "input_type", "text")
        params = {**base, "label": _label(bf, heading), "value": _value(bf), "type": input_type}
        if "autocomplete" in widget.attrs:
            params["autocomplete"] = widget.attrs["autocomplete"]
        if "class" in widget.attrs:
            params["classes"] = widget.attrs["class"]
    if attributes and component in ("input", "textarea"):
        params["attributes"] = attributes
    params.update(overrides)
    return {"component": component, "params": params}


def error_summary(*forms_: forms.BaseForm) -> list[dict]:
    """Items for govukErrorSummary, linking each message to its field."""
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": "#main-content"})
        for bf in form:
            for error in bf.errors:
                items.append({"text": str(error), "href": f"#{field_id(bf)}"})
    return items


def add_errors(form: forms.BaseForm, errors: dict[str, str]) -> None:
    """Put a service's refusal onto the form: each message on the field it names, or on the
    form (the top of the error summary) when it names no field of this form."""
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


@contextmanager
def refusal_shown(form: forms.BaseForm, field: str | None = None):
    """Run a service's write inside the block. A stale edit leads the form's error summary; a
    refusal's messages go on the fields they name (all on ``field`` when given). Either ends
    the block there, nothing having been written, and the page goes on to show the form again;
    the rest of the block (the success message and redirect) runs only when the write was
    made."""
    try:
        yield
    except StaleEdit:
        form.add_error(None, STALE_MESSAGE)
    except Refused as refused:
        add_errors(form, {field: str(refused)} if field else refused.errors)


def attempt(form: forms.BaseForm, call, field: str | None = None) -> bool:
    """Run a service's write ``call()``: True when it was made. A stale edit leads the form's
    error summary; a refusal's messages go on the fields they name (all on ``field`` when
    given), and nothing was written."""
    with refusal_shown(form, field):
        call()
        return True
    return False


def saved(request, form: forms.BaseForm, save, message: str) -> bool:
    """On the POST of a valid form, save its fields with ``save(**fields)``, the version the
    form was opened at as ``expected_version``: True when saved, with ``message`` shown on the
    next page; otherwise the stale edit or the refusal is shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    fields = dict(form.cleaned_data)
    fields["expected_version"] = fields.pop("version", None) or 0
    if attempt(form, lambda: save(**fields)):
        messages.success(request, message)
        return True
    return False


def offer(field: forms.ChoiceField, records, *, empty: str | None = None, label=None) -> dict:
    """Offer ``records`` as the choices of ``field``, keyed by primary key (``empty`` first, when
    given, for choosing none), labelled by ``label(record)`` (its name by default). Returns the
    records by key, so a form maps the key chosen back to its record."""
    records = list(records)
    label = label or (lambda record: record.name)
    field.choices = ([("", empty)] if empty is not None else []) + [
        (str(record.pk), label(record)) for record in records
    ]
    return {str(record.pk): record for record in records}


class BotTrap(forms.Form):
    """The hidden box of a public form, left empty by people and filled by bots that complete
    every box. Its value never reaches ``cleaned_data``: a view asks ``is_bot()``, thanks a bot
    and stores nothing. Templates draw the box hidden."""

    website = forms.CharField(label="Leave this empty", max_length=200, required=False)
    _bot = False

    def clean(self):
        cleaned = super().clean()
        self._bot = bool(self.cleaned_data.pop("website", ""))
        return cleaned

    def is_bot(self) -> bool:
        return self._bot


class GovukForm(forms.Form):
    """Base for plain forms: strips whitespace and carries an optional version for stale edits."""

    required_message = "Enter {label}"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bf in self:
            field = bf.field
            label = (field.label or bf.name.replace("_", " ")).lower()
            if isinstance(field, forms.ChoiceField):
                field.error_messages["required"] = f"Select {label}"
            elif not isinstance(field, GovukDateField):
                field.error_messages["required"] = self.required_message.format(label=label)


class SensitivityForm(GovukForm):
    """Set or clear a record's sensitivity label (core.sensitivity), at the version it was
    opened at."""

    sensitivity = forms.ChoiceField(
        label="Sensitivity label",
        required=False,
        widget=forms.RadioSelect,
        help_text="A label keeps the words of this record from everyone it does not name, even "
        "people who may see the rest of the child's record. They see that something is withheld "
        "and whom to ask.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sensitivity"].choices = choices_for(labels)
