"""Recording an agency's attendance used to share every agenda item of the meeting with it,
children it may not see included. An agency at the table now reads the items about children
it may see; other items only by a recorded decision. Withdraw the blanket item shares."""

from django.db import migrations
from django.utils import timezone

BLANKET_PURPOSE = "multi-agency meeting attended by this agency"


def withdraw(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RecordShare = apps.get_model("core", "RecordShare")
    item_type = ContentType.objects.filter(app_label="meetings", model="agendaitem").first()
    if item_type is None:
        return
    RecordShare.objects.filter(
        content_type=item_type, purpose=BLANKET_PURPOSE, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_roles_chief_and_scrutiny_officers"),
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(withdraw, migrations.RunPython.noop)]
