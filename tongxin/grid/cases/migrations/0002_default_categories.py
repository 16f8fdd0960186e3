"""Default case categories (the list lives in tongxin/grid/cases/defaults.py)."""

from django.db import migrations

from tongxin.grid.cases.defaults import ensure_default_categories


def add(apps, schema_editor):
    ensure_default_categories(apps.get_model("cases", "CaseCategory"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
