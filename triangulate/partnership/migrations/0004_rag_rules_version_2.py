"""Version 2 of the RAG rules: overdue milestones count, and evidence means a link or file with
a note that says what was done. In force from the day it is installed; version 1 stays to
explain earlier colours."""

from django.db import migrations, models
from django.utils import timezone

NOTE = (
    "Milestones count: an action with an overdue milestone is not green. A one-word note "
    "with a link is not evidence."
)
EVIDENCE = {"min_note_words": 8, "needs_link_or_file": True}
RULES = [
    {
        "status": "blue",
        "when": {"signed_off": True},
        "text": "Complete: evidence accepted and signed off by a chief officer",
    },
    {
        "status": "continuing",
        "when": {"continuing": True},
        "text": "Continuing: ongoing work with no end date, reported separately from green",
    },
    {
        "status": "red",
        "when": {"overdue": True},
        "text": "Red: the target date has passed and the action is not signed off",
    },
    {
        "status": "red",
        "when": {"slips_at_least": 2},
        "text": "Red: the target date has been moved later twice or more",
    },
    {
        "status": "red",
        "when": {"milestone_overdue_days": 31},
        "text": "Red: a milestone is more than a review cycle (31 days) past its date and not done",
    },
    {
        "status": "amber",
        "when": {"slips_at_least": 1},
        "text": "Amber: the target date has been moved later once",
    },
    {
        "status": "amber",
        "when": {"milestone_overdue_days": 0},
        "text": "Amber: a milestone's date has passed and it is not done",
    },
    {
        "status": "amber",
        "when": {"target_within_days": 30, "no_evidence_within_days": 31},
        "text": "Amber: target date within 30 days and no evidence in the last review cycle",
    },
    {
        "status": "green",
        "when": {"evidence_within_days": 31},
        "text": "Green: on track, with evidence of progress in the last review cycle",
    },
    {
        "status": "amber",
        "when": {},
        "text": "Amber: no evidence of progress in the last review cycle",
    },
]


def forwards(apps, schema_editor):
    RagRuleSet = apps.get_model("partnership", "RagRuleSet")
    RagRuleSet.objects.get_or_create(
        version=2,
        defaults={
            "in_force_from": timezone.localdate(),
            "rules": RULES,
            "evidence": EVIDENCE,
            "note": NOTE,
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("partnership", "RagRuleSet").objects.filter(version=2).delete()


class Migration(migrations.Migration):
    dependencies = [("partnership", "0003_date_move_requests")]
    operations = [
        migrations.AddField(
            model_name="ragruleset",
            name="evidence",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="What a progress update needs to count as evidence: "
                '{"min_note_words": 8, "needs_link_or_file": true}',
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
