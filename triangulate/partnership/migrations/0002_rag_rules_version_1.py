"""The first version of the RAG rules. Later versions are added as new rows, never edits."""

import datetime as dt

from django.db import migrations

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
        "status": "amber",
        "when": {"slips_at_least": 1},
        "text": "Amber: the target date has been moved later once",
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
        version=1,
        defaults={
            "in_force_from": dt.date(2025, 1, 1),
            "rules": RULES,
            "note": "Agreed by the partnership board: colours follow evidence and dates, not opinion.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("partnership", "RagRuleSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("partnership", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
