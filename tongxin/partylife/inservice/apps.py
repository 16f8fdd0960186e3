from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def reported_in_paths(member: Any) -> list[str]:
    from tongxin.partylife.inservice.models import ReportIn

    return list(
        ReportIn.objects.filter(member=member, active=True, confirmed_at__isnull=False).values_list(
            "community__path", flat=True
        )
    )


class InserviceConfig(AppConfig):
    name = "tongxin.partylife.inservice"
    label = "inservice"
    verbose_name = _("Reporting in and needy members (双报到·困难党员)")

    def ready(self) -> None:
        from django.db.models import F

        from tongxin.partylife.inservice.models import ServiceLog
        from tongxin.partylife.inservice.own_life import reporting_in_part
        from tongxin.partylife.points.rules import SERVICE_HOUR
        from tongxin.registry.party.own_life import register_part
        from tongxin.registry.party.point_sources import Source, register

        # Service hours earn points once staff confirm them; a member's own entry waits till then.
        register(
            Source(
                "inservice_hours",
                _("Service hours (在职党员)"),
                SERVICE_HOUR,
                lambda year: ServiceLog.objects.filter(served_on__year=year, confirmed_at__isnull=False).values(
                    "member_id", on=F("served_on"), quantity=F("hours"), detail=F("description")
                ),
            )
        )
        register_part("inservice/_own_part.html", reporting_in_part)
        # The community of the member's active, confirmed report-in is one of theirs (co-building
        # offers them its needs there).
        from tongxin.partylife.inservice.portal import register_portal
        from tongxin.partylife.inservice.workbench import register_sources
        from tongxin.registry.party.member_places import register_member_places

        register_member_places("inservice", reported_in_paths)
        register_portal()
        register_sources()
        # Members who served this year (the member information board's participation figure).
        from tongxin.registry.party import participation

        participation.register(
            participation.Source(
                "inservice_hours",
                _("Service hours (在职党员)"),
                lambda year: ServiceLog.objects.filter(served_on__year=year, confirmed_at__isnull=False).values(
                    "member_id"
                ),
            )
        )
