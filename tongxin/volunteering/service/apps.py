from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "tongxin.volunteering.service"
    label = "service"
    verbose_name = _("Volunteer service (志愿服务)")

    def ready(self) -> None:
        from django.db.models import Exists, F, OuterRef, Q

        from tongxin.grid.cases.handover import TargetKind
        from tongxin.grid.cases.handover import register as register_target
        from tongxin.grid.cases.models import CaseHandover
        from tongxin.registry.party.own_life import register_part
        from tongxin.registry.party.point_sources import SERVICE_HOUR, Source, register
        from tongxin.volunteering.service import handover
        from tongxin.volunteering.service.models import ServiceHours, Volunteer, VolunteerTeam
        from tongxin.volunteering.service.own_life import volunteer_part

        # Confirmed hours of volunteers who are party members earn points; the ranking reaches
        # the member through the volunteer record (an indexed column), in the same statement.
        register(
            Source(
                "volunteer_hours",
                _("Volunteer service hours (志愿服务)"),
                SERVICE_HOUR,
                lambda year: ServiceHours.objects.filter(
                    served_on__year=year, confirmed_at__isnull=False, volunteer__member__isnull=False
                ).values(
                    member_id=F("volunteer__member_id"),
                    on=F("served_on"),
                    quantity=F("hours"),
                    detail=F("description"),
                ),
                members_with=Q(Exists(Volunteer.objects.filter(member_id=OuterRef("pk")))),
                correlate=lambda: Q(volunteer__member_id=OuterRef("pk")),
            )
        )
        register_part("service/_own_part.html", volunteer_part)
        # Members who served this year (the member information board's participation figure).
        from tongxin.registry.party import participation

        participation.register(
            participation.Source(
                "volunteer_hours",
                _("Volunteer service hours (志愿服务)"),
                lambda year: ServiceHours.objects.filter(
                    served_on__year=year, confirmed_at__isnull=False, volunteer__member__isnull=False
                ).values("volunteer__member_id"),
            )
        )
        register_target(
            TargetKind(
                kind=CaseHandover.Kind.TEAM,
                model=VolunteerTeam,
                choices=handover.team_choices,
                answers_for=handover.team_answers_for,
                answered_by_q=handover.team_answered_by_q,
                recipients=handover.team_recipients,
            )
        )
        from tongxin.volunteering.service.workbench import register_sources

        register_sources()
