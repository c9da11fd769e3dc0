"""The register: one entry per child (and other persons), with identifiers and addresses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData
from triangulate.core.sensitivity import Sensitivity, label_field

from .names import name_key, normalise_name


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    NOT_KNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """DfE/CIN census main ethnicity codes."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Declined to say"
    NOBT = "NOBT", "Information not yet obtained"


class PersonKind(models.TextChoices):
    CHILD = "child", "Child or young person"
    ADULT = "adult", "Adult (parent, carer or other)"


class Person(PersonalData):
    """A register entry. Merged entries keep their row and point at the surviving entry."""

    # The audit log names a person as the subject of entries about them (core.audit).
    is_data_subject = True

    kind = models.CharField(max_length=10, choices=PersonKind.choices, default=PersonKind.CHILD)
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    known_as = models.CharField(
        max_length=300, blank=True, help_text="Other names the person uses, separated by commas"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField(max_length=13, blank=True, db_index=True)
    # Search keys kept in step with the names on every save (phonetic and plain lower case).
    given_name_key = models.CharField(max_length=40, blank=True, db_index=True)
    family_name_key = models.CharField(max_length=40, blank=True, db_index=True)
    family_name_lower = models.CharField(max_length=100, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["date_of_birth", "family_name_key"]),
            # Intake matching pairs two pieces of evidence per lookup; these let each pair
            # be answered from the index alone on a large register.
            models.Index(
                fields=["family_name_key", "given_name_key"], name="register_person_fam_given"
            ),
            models.Index(
                fields=["date_of_birth", "given_name_key"], name="register_person_dob_given"
            ),
            models.Index(
                fields=["family_name_key", "known_as"], name="register_person_fam_known_as"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="register_person_not_merged_into_self",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.family_name) if p)

    @property
    def is_child(self) -> bool:
        """A child or young person, not an adult (a survivor, a family member, a suspect)."""
        return self.kind == PersonKind.CHILD

    @property
    def known_as_names(self) -> list[str]:
        return [name.strip() for name in self.known_as.split(",") if name.strip()]

    def refresh_search_keys(self) -> None:
        self.given_name_key = name_key(self.given_name)
        self.family_name_key = name_key(self.family_name)
        self.family_name_lower = normalise_name(self.family_name)


class PersonAddress(PersonalData):
    """One address in a person's history; the current one has no end date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    # Address withheld for safety: only the owning agency's practitioners read it
    # (core.sensitivity); everyone else who may see the child reads that it is withheld.
    sensitivity = label_field()
    version = models.PositiveIntegerField(default=1)
    LABELS = (Sensitivity.ADDRESS_WITHHELD,)
    WITHHELD_FIELDS = ("line_1", "line_2", "town", "postcode")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_date__isnull=True)
                | models.Q(from_date__isnull=True)
                | models.Q(to_date__gte=models.F("from_date")),
                name="register_address_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class FlagType(models.TextChoices):
    """Flags a practitioner sets on a child's record, each with who, when and why."""

    RISK_CSE = "risk_cse", "At risk of sexual exploitation"
    RISK_CCE = "risk_cce", "At risk of criminal exploitation"
    LOOKED_AFTER = "looked_after", "Looked after"
    PLACED_OUT_OF_AREA = "placed_out_of_area", "Placed out of area"
    MISSING_EDUCATION = "missing_education", "Missing education"
    SEN = "sen", "Special educational needs"
    PREVIOUSLY_MISSING = "previously_missing", "Previously missing"


class PersonFlag(PersonalData):
    """One flag on a person. Removing a flag keeps the row with who removed it and why."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="flags")
    flag = models.CharField(max_length=30, choices=FlagType.choices)
    # For "placed out of area": the placing or host authority.
    detail = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "flag", "owning_agency"],
                condition=models.Q(removed_at__isnull=True),
                name="register_flag_one_live_per_agency",
            )
        ]


class CinFactor(models.TextChoices):
    """Children in need census assessment factor codes relevant to exploitation work."""

    F10A = "10A", "10A Child missing"
    F11A = "11A", "11A Child sexual exploitation"
    F12A = "12A", "12A Trafficking"
    F13A = "13A", "13A Gangs"
    F18B = "18B", "18B Domestic abuse: child subject"
    F19B = "19B", "19B Domestic abuse: parent or carer subject"
    F22A = "22A", "22A Female genital mutilation"
    F23A = "23A", "23A Abuse linked to faith or belief"
    F24A = "24A", "24A Child criminal exploitation"


class PersonCinFactor(PersonalData):
    """A CIN census factor identified at assessment."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cin_factors")
    code = models.CharField(max_length=3, choices=CinFactor.choices)
    identified_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)


class RelationshipType(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    SIBLING = "sibling", "Sibling"
    OTHER_FAMILY = "other_family", "Other family member"
    PEER = "peer", "Peer or friend"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


class Relationship(PersonalData):
    """How one person relates to another, as recorded by one agency."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(max_length=20, choices=RelationshipType.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")),
                name="register_relationship_not_to_self",
            )
        ]
