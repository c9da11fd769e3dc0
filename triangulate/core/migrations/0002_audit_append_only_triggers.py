from django.conf import settings
from django.db import migrations

from triangulate.core import db_triggers


def forwards(apps, schema_editor):
    if getattr(settings, "AUDIT_APPEND_ONLY_TRIGGERS", True):
        db_triggers.install(schema_editor.connection, schema_editor)


def backwards(apps, schema_editor):
    db_triggers.uninstall(schema_editor.connection, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
