"""A run's stages follow the engine's phases: training, scoring and grouping are now three.

Runs recorded at the old combined stage ("linking") could have been at any of the three,
so their stage is cleared rather than guessed: the run page then names no stage for them.
"""

from django.db import migrations, models

OLD_COMBINED_STAGE = "linking"


def clear_the_old_combined_stage(apps, schema_editor):
    LinkageRun = apps.get_model("linkage", "LinkageRun")
    LinkageRun.objects.filter(stage=OLD_COMBINED_STAGE).update(stage="")


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0002_run_stage_and_one_running"),
    ]

    operations = [
        migrations.RunPython(clear_the_old_combined_stage, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="linkagerun",
            name="stage",
            field=models.CharField(
                blank=True,
                choices=[
                    ("preparing", "Preparing records"),
                    ("training", "Training the model"),
                    ("scoring", "Scoring pairs"),
                    ("grouping", "Grouping records into people"),
                    ("updating", "Updating the register and review queue"),
                ],
                max_length=20,
            ),
        ),
    ]
