"""The starter catalogue of disruption tactics and version 1 of the prioritisation criteria."""

from django.db import migrations

TACTICS = [
    # code, name, names_child, checks_notice_eligibility, is_order
    ("cawn", "Child abduction warning notice", True, True, False),
    ("sro", "Sexual risk order", False, False, True),
    ("shpo", "Sexual harm prevention order", False, False, True),
    ("stro", "Slavery and trafficking risk order", False, False, True),
    ("licensing_review", "Licensing review", False, False, False),
    ("housing", "Housing or tenancy action", False, False, False),
    ("immigration", "Immigration enforcement", False, False, False),
    ("financial", "Financial investigation", False, False, False),
    ("arrest", "Arrest or warrant", False, False, False),
    ("partnership_letter", "Partnership letter", False, False, False),
]

CRITERIA = (
    "Harm scores 10 points per level (low 1 to very high 4). Each piece of intelligence seen "
    "in the last 365 days scores 3. Intelligence in the last 90 days scores up to 10, less "
    "the older the latest piece is. Each child linked scores 5. More intelligence in the last "
    "90 days than in the 90 days before scores 8 for escalation."
)


def forwards(apps, schema_editor):
    TacticType = apps.get_model("intelligence", "TacticType")
    for order, (code, name, names_child, checks, is_order) in enumerate(TACTICS, start=1):
        TacticType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "names_child": names_child,
                "checks_notice_eligibility": checks,
                "is_order": is_order,
                "order": order * 10,
            },
        )
    PriorityCriteria = apps.get_model("intelligence", "PriorityCriteria")
    PriorityCriteria.objects.get_or_create(version=1, defaults={"description": CRITERIA})


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
