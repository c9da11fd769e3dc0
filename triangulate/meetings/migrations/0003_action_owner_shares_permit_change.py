"""A meeting action was shared with its owner's agency for reading only, yet the owner marked
it done: a change made through a read share. The share that gives an action to its owner now
permits change (the action is theirs to do), and completing an action checks it. Widen the
shares already made for that purpose."""

from django.db import migrations

OWNER_PURPOSE = "meeting action for its owner"


def widen(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RecordShare = apps.get_model("core", "RecordShare")
    action_type = ContentType.objects.filter(app_label="meetings", model="meetingaction").first()
    if action_type is None:
        return
    RecordShare.objects.filter(
        content_type=action_type, purpose=OWNER_PURPOSE, revoked_at__isnull=True
    ).update(permits_change=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_shares_permit_change_audit_subjects"),
        ("meetings", "0002_withdraw_whole_agenda_shares"),
    ]

    operations = [migrations.RunPython(widen, migrations.RunPython.noop)]
