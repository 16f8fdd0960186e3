"""Fill `Household.visit_interval` from the residents' categories and the cadence table, as
`visits.services.intervals_refresh` keeps it from now on (one grouped pass, set-wise)."""

from django.db import migrations
from django.db.models import Case, F, IntegerField, Min, Value, When

ORDINARY = "ordinary"


def fill(apps, schema_editor):
    Household = apps.get_model("areas", "Household")
    Resident = apps.get_model("people", "Resident")
    VisitCadence = apps.get_model("visits", "VisitCadence")
    Link = Resident.care_categories.through
    by_category = dict(VisitCadence.objects.exclude(category_code=ORDINARY).values_list("category_code", "months"))
    months = Case(
        *[When(carecategory__code=c, then=Value(m)) for c, m in by_category.items()], output_field=IntegerField()
    )
    shortest = (
        Link.objects.filter(carecategory__code__in=by_category)
        .order_by()
        .values(household_id=F("resident__household_id"))
        .annotate(months=Min(months))
    )
    Household.objects.exclude(visit_interval=None).update(visit_interval=None)
    for m in sorted(set(by_category.values())):
        Household.objects.filter(pk__in=shortest.filter(months=m).values("household_id")).update(visit_interval=m)


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_household_visit_interval"),
        ("people", "0001_initial"),
        ("visits", "0002_visit_idempotency_key"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
