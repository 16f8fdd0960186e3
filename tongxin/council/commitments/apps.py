from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "tongxin.council.commitments"
    label = "commitments"
    verbose_name = _("Commitments (承诺践诺)")

    def ready(self) -> None:
        from tongxin.council.boards.sections import Section
        from tongxin.council.boards.sections import register as register_section
        from tongxin.council.commitments import board
        from tongxin.council.commitments.models import Fulfilment
        from tongxin.registry.party import participation
        from tongxin.registry.party.own_life import register_part

        register_section(
            Section(
                "members",
                _("Party members (党员信息公开)"),
                "commitments/board_members.html",
                build=lambda community, year: board.members_section(community, year, {}),
                order=20,
                build_for=board.members_section,
            )
        )
        register_section(
            Section(
                "convention", _("Our convention"), "commitments/board_convention.html", board.convention_section, 30
            )
        )
        register_part("commitments/_own_part.html", board.own_pledge_part)
        # Keeping one's pledge is serving: a dated fulfilment entry counts for the year.
        participation.register(
            participation.Source(
                "pledge_fulfilment",
                _("Pledges kept (践诺)"),
                lambda year: Fulfilment.objects.filter(done_on__year=year).values("pledge__member_id"),
            )
        )
