"""Forms for imports, column mapping, review decisions and merges (GOV.UK messages)."""

from __future__ import annotations

import re

from django import forms

from triangulate.core.forms import GovukForm

from .engine.schema import COLUMN_LABELS, STANDARD_COLUMNS
from .models import REGISTER_SOURCE, PairStatus

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(GovukForm):
    source_name = forms.CharField(
        label="Source",
        max_length=60,
        help_text="A short name for where this file comes from, like police-nominals or school-roll. "
        "Use the same name each time so the column mapping is remembered",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    extract = forms.FileField(
        label="Upload a file", help_text="A CSV (UTF-8) or Excel (.xlsx) file, up to 10 MB"
    )

    def clean_source_name(self):
        value = self.cleaned_data["source_name"].strip().lower()
        if not re.fullmatch(r"[a-z0-9][a-z0-9 _-]*", value):
            raise forms.ValidationError(
                "Source must use only letters, numbers, spaces, hyphens and underscores"
            )
        if value == REGISTER_SOURCE:
            raise forms.ValidationError("Source cannot be called register: choose another name")
        return value

    def clean_extract(self):
        upload = self.cleaned_data["extract"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or an Excel (.xlsx) file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload


class MappingForm(GovukForm):
    """One drop-down per standard column, listing the file's headings."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((h, h) for h in headers)]
        for column in STANDARD_COLUMNS:
            self.fields[column] = forms.ChoiceField(
                label=COLUMN_LABELS[column],
                choices=choices,
                required=column == "record_id",
                initial=initial_mapping.get(column, ""),
            )
        self.fields[
            "record_id"
        ].help_text = "Each record's own ID in the agency's system: required and unique"
        self.fields["record_id"].error_messages["required"] = (
            "Select the column that holds the record ID"
        )
        self.fields["record_id"].choices = [("", "Select a column"), *((h, h) for h in headers)]

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for column in STANDARD_COLUMNS:
            heading = cleaned.get(column)
            if heading:
                if heading in used:
                    self.add_error(
                        column,
                        f"{COLUMN_LABELS[column]} uses the same column as {COLUMN_LABELS[used[heading]]}",
                    )
                used[heading] = column
        return cleaned

    def mapping(self) -> dict:
        return {c: self.cleaned_data[c] for c in STANDARD_COLUMNS if self.cleaned_data.get(c)}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Are these records about the same person?",
        choices=[
            (PairStatus.ACCEPTED, "Yes, the same person"),
            (PairStatus.REJECTED, "No, different people: never link them"),
            (PairStatus.NOT_SURE, "Not sure: keep in the queue for someone else"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you checked and why you decided. Needed if you are not sure",
    )

    def __init__(self, *args, accept_label: str = "Yes, the same person", **kwargs):
        super().__init__(*args, **kwargs)
        # "Yes" says what it will do to the register for this pair (merge, add, or neither).
        choices = list(self.fields["decision"].choices)
        choices[0] = (PairStatus.ACCEPTED, accept_label)
        self.fields["decision"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == PairStatus.NOT_SURE and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter a note saying what is unclear")
        return cleaned


class AgencyViewForm(GovukForm):
    """Your agency's view on a pair whose other record another agency holds."""

    view = forms.ChoiceField(
        label="Is your agency's record about the same person as the other agency's?",
        choices=[
            (PairStatus.ACCEPTED, "Yes, the same person"),
            (PairStatus.REJECTED, "No, different people"),
            (PairStatus.NOT_SURE, "Not sure"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you checked in your agency's record. The other agency does not see "
        "this note. Needed if you are not sure",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("view") == PairStatus.NOT_SURE and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter a note saying what is unclear")
        return cleaned


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    required_message = "Enter a reason"


class MergeForm(GovukForm):
    """Step one of a merge: which entry is the duplicate."""

    other = forms.IntegerField(
        label="Register entry number of the duplicate",
        min_value=1,
        help_text="The number at the end of the duplicate entry's web address. You will see "
        "both entries side by side before anything is merged",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].error_messages.update(
            {
                "invalid": "Register entry number must be a number",
                "required": "Enter the register entry number",
                "min_value": "Register entry number must be 1 or more",
            }
        )


class MergeConfirmForm(GovukForm):
    """Step two: the reason, needed when the entries look like different children."""

    reason = forms.CharField(
        label="Why are these the same child?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, conflicts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        self.fields["reason"].help_text = (
            "Needed because the entries differ as shown above: say what you checked"
            if conflicts
            else "Optional: what you checked"
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.conflicts and not reason:
            raise forms.ValidationError(
                "Enter why these are the same child despite the differences"
            )
        return reason
