"""Agency extracts, their records, linkage runs, pairs for review, and merge history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import Agency, PersonalData
from triangulate.register.models import Person


class ColumnMapping(models.Model):
    """How one agency's extract from one source maps onto the standard person schema."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    source_name = models.CharField(max_length=60)
    # {standard column: column heading in the agency's file}
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_name"], name="linkage_mapping_one_per_source"
            )
        ]


class ExtractStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for column mapping"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    REJECTED = "rejected", "Rejected"


class Extract(PersonalData):
    """One uploaded file from one agency. Rejected files import nothing."""

    source_name = models.CharField(max_length=60)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    headers = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=ExtractStatus.choices, default=ExtractStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # Structural faults (why the file was rejected) and per-row data-quality notes.
    errors = models.JSONField(default=list, blank=True)
    quality_issues = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def may_be_deleted(self) -> bool:
        """Nothing has been imported from it: it waits for its columns or was rejected."""
        return self.status in (ExtractStatus.UPLOADED, ExtractStatus.REJECTED)


REGISTER_SOURCE = "register"


class SourceRecord(PersonalData):
    """One person-record from an extract, in the standard schema, linked to a register entry.

    The register's own entries take part in linkage as records of the source "register"
    (record_id = the entry's id), with no extract.
    """

    extract = models.ForeignKey(
        Extract, null=True, blank=True, on_delete=models.CASCADE, related_name="records"
    )
    source_name = models.CharField(max_length=60)
    record_id = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    known_as = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=200, blank=True)
    # Source-specific columns kept as they came, for provenance.
    attributes = models.JSONField(default=dict, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_records"
    )
    is_current = models.BooleanField(default=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owning_agency", "source_name", "record_id"],
                condition=models.Q(is_current=True),
                name="linkage_record_one_current_per_source_id",
            )
        ]
        indexes = [models.Index(fields=["person", "is_current"])]

    @property
    def unique_id(self) -> str:
        return f"{self.source_name}|{self.record_id}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_names, self.last_name) if p)


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class RunStage(models.TextChoices):
    """The steps of a run, in order, as the run page names them."""

    PREPARING = "preparing", "Preparing records"
    TRAINING = "training", "Training the model"
    SCORING = "scoring", "Scoring pairs"
    GROUPING = "grouping", "Grouping records into people"
    UPDATING = "updating", "Updating the register and review queue"


class LinkageRun(models.Model):
    """One run of the linkage engine over every current record and the register.

    At most one run is running at a time (a partial unique index), so two people pressing
    "Run linkage now" together cannot start two.
    """

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    # The step the run is on, or was on when it stopped ("" for runs from before stages).
    stage = models.CharField(max_length=20, choices=RunStage.choices, blank=True)
    engine = models.CharField(max_length=10, default="duckdb")
    accept_threshold = models.FloatField(default=0.7)
    review_threshold = models.FloatField(default=0.05)
    model = models.JSONField(default=dict, blank=True)
    # Counts, timings and the evaluation against earlier clerical decisions.
    stats = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_threshold__gt=0)
                & models.Q(review_threshold__lte=models.F("accept_threshold"))
                & models.Q(accept_threshold__lt=1),
                name="linkage_run_thresholds_in_order",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="linkage_run_one_running",
            ),
        ]

    @property
    def stage_number(self) -> int:
        """1 for the first stage; 0 if the run has no stage."""
        return RunStage.values.index(self.stage) + 1 if self.stage else 0


class PairStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Same person"
    REJECTED = "rejected", "Different people"
    NOT_SURE = "not_sure", "Not sure"


class MatchPair(models.Model):
    """A pair of records the model could not decide (or the guard held back)."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    left = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    reason = models.CharField(max_length=200)
    # [{"comparison", "label", "level", "weight"}] in the model's order, for the waterfall.
    contributions = models.JSONField(default=list)
    prior_weight = models.FloatField(default=0)
    status = models.CharField(max_length=20, choices=PairStatus.choices, default=PairStatus.PENDING)
    # Records a "same person" decision attached to a register entry (undone on re-opening).
    linked_records = models.JSONField(default=list, blank=True)
    # Bumped by every agency's view (core.concurrency), so a view given on a page opened
    # before another was recorded is refused rather than deciding on stale information.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "left", "right"], name="linkage_pair_unique_in_run"
            ),
            models.CheckConstraint(
                condition=~models.Q(left=models.F("right")), name="linkage_pair_two_records"
            ),
        ]
        indexes = [models.Index(fields=["status", "match_probability"])]


class ReviewDecision(models.Model):
    """Every decision on a pair, in order; the newest is the pair's status."""

    pair = models.ForeignKey(MatchPair, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(
        max_length=20, choices=[*PairStatus.choices, ("reopened", "Re-opened")]
    )
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A joint decision: the reviewer of the other owning agency whose view agreed.
    agreed_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(default=timezone.now)


VIEW_CHOICES = [
    (PairStatus.ACCEPTED, "Same person"),
    (PairStatus.REJECTED, "Different people"),
    (PairStatus.NOT_SURE, "Not sure"),
]


class AgencyView(models.Model):
    """One owning agency's view on a pair whose two records are held by different agencies
    and that no reviewer may see both sides of. When both owners' views agree the pair is
    decided (``services.agency_views.pair_give_view``); the newest view of each agency counts."""

    pair = models.ForeignKey(MatchPair, on_delete=models.CASCADE, related_name="agency_views")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    view = models.CharField(max_length=20, choices=VIEW_CHOICES)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "agency"], name="linkage_one_view_per_agency")
        ]


class MergeAction(models.TextChoices):
    MERGE = "merge", "Merged"
    UNMERGE = "unmerge", "Unmerged"


class MergeEvent(models.Model):
    """A merge or unmerge of two register entries, with what moved so it can be undone."""

    action = models.CharField(max_length=10, choices=MergeAction.choices)
    surviving = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moved_records = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    pair = models.ForeignKey(
        MatchPair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="undone_by"
    )
