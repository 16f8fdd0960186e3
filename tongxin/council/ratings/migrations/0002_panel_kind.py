from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from tongxin.council.ratings.defaults import ensure_panel_kind

    ensure_panel_kind(apps.get_model("consultation", "CouncilKind"), apps.get_model("consultation", "Procedure"))


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("consultation", "0002_defaults")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
