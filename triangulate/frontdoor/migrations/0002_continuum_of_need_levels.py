"""A starting continuum of need. Each partnership edits the levels to match its own document."""

from django.db import migrations

LEVELS = [
    ("1", "Level 1: universal", "Needs met by universal services", 1),
    ("2", "Level 2: early help", "Additional needs met by early help with consent", 2),
    ("3", "Level 3: targeted or child in need", "Complex needs; a social work assessment", 3),
    ("4", "Level 4: specialist or child protection", "Significant harm, or likely harm", 4),
]


def add_levels(apps, schema_editor):
    NeedLevel = apps.get_model("frontdoor", "NeedLevel")
    for code, label, description, order in LEVELS:
        NeedLevel.objects.get_or_create(
            code=code, defaults={"label": label, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
