"""Runs get a stage, and at most one run may be running.

Runs used to run inside the request, so a run whose process was stopped stayed "running"
for ever. Before the one-running index can exist, every such run but the newest is marked
failed; the newest is left for the stale-run check to judge by its age.
"""

from django.db import migrations, models
from django.utils import timezone

STOPPED = (
    "The run stopped without finishing (found when runs moved to the background). "
    "Nothing in the register or the review queue was changed."
)


def fail_all_but_the_newest_running_run(apps, schema_editor):
    LinkageRun = apps.get_model("linkage", "LinkageRun")
    running = LinkageRun.objects.filter(status="running").order_by("-started_at", "-id")
    newest = running.first()
    if newest is not None:
        running.exclude(pk=newest.pk).update(
            status="failed", failure=STOPPED, finished_at=timezone.now()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="linkagerun",
            name="stage",
            field=models.CharField(
                blank=True,
                choices=[
                    ("preparing", "Preparing records"),
                    (
                        "linking",
                        "Training the model, scoring pairs and grouping records into people",
                    ),
                    ("updating", "Updating the register and review queue"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(fail_all_but_the_newest_running_run, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="linkagerun",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "running")),
                fields=("status",),
                name="linkage_run_one_running",
            ),
        ),
    ]
