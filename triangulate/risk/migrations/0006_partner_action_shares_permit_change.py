"""A safety plan action was shared with the agency responsible for reading only, yet its
owner recorded progress through that share: a change made through a read share. The share
that gives an action to the agency responsible now permits change (the action is theirs to
carry out), and updating an action checks it. Widen the shares already made for that
purpose."""

from django.db import migrations

PARTNER_PURPOSE = "safety plan action for a partner agency"


def widen(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RecordShare = apps.get_model("core", "RecordShare")
    action_type = ContentType.objects.filter(app_label="risk", model="planaction").first()
    if action_type is None:
        return
    RecordShare.objects.filter(
        content_type=action_type, purpose=PARTNER_PURPOSE, revoked_at__isnull=True
    ).update(permits_change=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_shares_permit_change_audit_subjects"),
        ("risk", "0005_list_date_indexes"),
    ]

    operations = [migrations.RunPython(widen, migrations.RunPython.noop)]
