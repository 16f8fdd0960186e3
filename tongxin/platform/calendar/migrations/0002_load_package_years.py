"""Store the years the packages carry, so that a site has its calendar as data from its first migrate.

Later package upgrades are stored by `manage.py load_official_calendar` (and read from the package until then).
Uses the historical models; no audit row (a migration is recorded in django_migrations).
"""

from django.db import migrations


def load(apps, schema_editor):
    from tongxin.platform.calendar import sources

    OfficialYear = apps.get_model("calendar", "OfficialYear")
    OfficialDay = apps.get_model("calendar", "OfficialDay")
    for year in sources.known_years():
        found = sources.from_packages(year)
        if found is None or OfficialYear.objects.filter(year=year).exists():
            continue
        official = OfficialYear.objects.create(
            year=year, source="package", package=found.package, package_version=found.package_version
        )
        OfficialDay.objects.bulk_create(
            [OfficialDay(calendar_year=official, date=d, kind="holiday", name=n) for d, n in found.holidays.items()]
            + [OfficialDay(calendar_year=official, date=d, kind="workday", name=n) for d, n in found.workdays.items()]
        )


def unload(apps, schema_editor):
    apps.get_model("calendar", "OfficialYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
