from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    from tongxin.council.consultation.defaults import ensure_defaults

    ensure_defaults(
        apps.get_model("consultation", "Procedure"),
        apps.get_model("consultation", "ProcedureStep"),
        apps.get_model("consultation", "CouncilKind"),
    )


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
