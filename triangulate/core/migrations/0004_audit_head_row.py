"""Create the audit log's head row up front, so concurrent first writers lock one row."""

from django.db import migrations


def create_head(apps, schema_editor):
    apps.get_model("core", "AuditHead").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_roles_chief_and_scrutiny_officers")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
