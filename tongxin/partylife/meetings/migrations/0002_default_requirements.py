from django.db import migrations


def seed_defaults(apps, schema_editor):
    from tongxin.partylife.meetings.requirements import ensure_defaults

    ensure_defaults(apps.get_model("meetings", "MeetingRequirement"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(seed_defaults, migrations.RunPython.noop)]
