"""Roles, the tree each is held in, and what each may do there."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.trees import AREA, ORG


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform admin")
    SUBDISTRICT = "subdistrict", _("Subdistrict officer")
    COMMUNITY = "community", _("Community secretary / staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    BUILDING_LEADER = "building_leader", _("Building leader")
    ORG_SECRETARY = "org_secretary", _("Party organization secretary")
    PARTY_MEMBER = "party_member", _("Party member")
    UNIT_CONTACT = "unit_contact", _("Co-building unit contact")


class Perm:
    VIEW = "view"  # browse registries and trees in the subtree
    VIEW_UNITS = "view_units"  # browse resident units and their contacts
    EDIT_PEOPLE = "edit_people"  # create/update/delete households, residents, members, units
    EDIT_TREE = "edit_tree"  # create, rename and move nodes below the role's node
    REVEAL = "reveal"  # see a full ID or phone number on request (audited)
    AUDIT = "audit"  # read the audit trail
    EXPORT = "export"
    MANAGE_USERS = "manage_users"  # create accounts, grant and revoke roles
    VIEW_DUES = "view_dues"  # Party dues (党费) of the members in the subtree
    RECORD_DUES = "record_dues"  # record dues payments and set members' dues bases
    MEETINGS = "meetings"  # record organizational life: meetings, attendance, minutes
    # The branch's member work: development (发展党员), transfers, floating members, reporting
    # in (双报到), help for needy members, posts and points.
    PARTY_WORK = "party_work"
    # Service to residents: volunteer teams, activities and hours, programmes, pairing
    # assistance (结对帮扶), service requests.
    SERVICE = "service"
    # Record door-to-door visits (大走访) to the households in the subtree.
    VISIT = "visit"
    # Enter a year of the official calendar from the State Council's notice: one calendar for the whole site,
    # so only a role held over the whole site may change it.
    CALENDAR = "calendar"
    # Run the councils (协商议事): review topics, hold meetings and votes, publish, carry out.
    CONSULT = "consult"
    # Mediation (人民调解): the committee, its mediators, dispute sweeps, cases and agreements; the
    # parties' personal data is revealed only to the mediators of the case and to those who hold this.
    MEDIATE = "mediate"
    # Make good conduct visible: star ratings (评星定级), honours (评先评优), the good-deeds wall,
    # members' pledges and the community's public boards.
    RECOGNISE = "recognise"
    # Co-building (共驻共建): the big committee and its joint meetings, agreements with resident units,
    # the needs, resources and projects lists, and the approval of shared-resource bookings made by
    # the community. A unit contact answers for their own unit without it (registry.cobuild).
    COBUILD = "cobuild"
    # Campaigns (专项行动 / 排查) and notices to households (通知): set them up over a place, assign
    # their targets per grid, close them. Checking a target and delivering a notice door to door is
    # field work, done with VISIT in the grid worker's or building leader's place.
    CAMPAIGN = "campaign"
    # The front desk (一站式服务): duty rosters (值班) and the errands run for residents (全程代办).
    # Whoever is on a shift checks in to their own shift without it.
    FRONT_DESK = "front_desk"
    # Estates without a property company (三位一体): the owners' committee, red-property
    # cross-appointments, the estate's ledger and the owners' questions on it.
    ESTATE = "estate"


ROLE_TREE: dict[str, str | None] = {
    Role.ADMIN: None,
    Role.SUBDISTRICT: AREA,
    Role.COMMUNITY: AREA,
    Role.GRID_WORKER: AREA,
    Role.BUILDING_LEADER: AREA,
    Role.ORG_SECRETARY: ORG,
    Role.PARTY_MEMBER: ORG,
    Role.UNIT_CONTACT: ORG,
}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            Perm.VIEW,
            Perm.VIEW_UNITS,
            Perm.EDIT_PEOPLE,
            Perm.EDIT_TREE,
            Perm.REVEAL,
            Perm.AUDIT,
            Perm.EXPORT,
            Perm.MANAGE_USERS,
            Perm.MEETINGS,
            Perm.PARTY_WORK,
            Perm.VIEW_DUES,
            Perm.RECORD_DUES,
            Perm.SERVICE,
            Perm.VISIT,
            Perm.CALENDAR,
            Perm.CONSULT,
            Perm.MEDIATE,
            Perm.RECOGNISE,
            Perm.COBUILD,
            Perm.CAMPAIGN,
            Perm.FRONT_DESK,
            Perm.ESTATE,
        }
    ),
    # A subdistrict supervises: it sees everything below it and shapes the trees, but the
    # registries are kept by the communities.
    # Party dues (党费) are kept by the Party side (org secretaries, the community committee);
    # the subdistrict reads them; grid workers and building leaders do not see them.
    Role.SUBDISTRICT: frozenset({Perm.VIEW, Perm.VIEW_UNITS, Perm.EDIT_TREE, Perm.REVEAL, Perm.EXPORT, Perm.VIEW_DUES}),
    Role.COMMUNITY: frozenset(
        {
            Perm.VIEW,
            Perm.VIEW_UNITS,
            Perm.EDIT_PEOPLE,
            Perm.EDIT_TREE,
            Perm.REVEAL,
            Perm.EXPORT,
            Perm.MEETINGS,
            Perm.PARTY_WORK,
            Perm.VIEW_DUES,
            Perm.RECORD_DUES,
            Perm.SERVICE,
            Perm.VISIT,
            Perm.CONSULT,
            Perm.MEDIATE,
            Perm.RECOGNISE,
            Perm.COBUILD,
            Perm.CAMPAIGN,
            Perm.FRONT_DESK,
            Perm.ESTATE,
        }
    ),
    Role.GRID_WORKER: frozenset({Perm.VIEW, Perm.EDIT_PEOPLE, Perm.REVEAL, Perm.VISIT}),
    # Building leaders see their buildings' households, with personal numbers masked; they
    # visit them door to door (大走访).
    Role.BUILDING_LEADER: frozenset({Perm.VIEW, Perm.VISIT}),
    # A branch secretary runs the branch's organizational life (三会一课): meetings are theirs to record.
    Role.ORG_SECRETARY: frozenset(
        {Perm.VIEW, Perm.EDIT_PEOPLE, Perm.REVEAL, Perm.MEETINGS, Perm.PARTY_WORK, Perm.VIEW_DUES, Perm.RECORD_DUES}
    ),
    # A party member and a unit contact serve themselves: their own record, their own unit.
    Role.PARTY_MEMBER: frozenset(),
    Role.UNIT_CONTACT: frozenset({Perm.VIEW_UNITS}),
}
