"""Membership transfers (组织关系接转), where each member was when, and floating members (流动党员)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedIdentity, ProtectedPhone
from tongxin.registry.party.models import MemberKind, Organization, PartyMember

# How long an introduction letter (介绍信) stays valid after it is issued, by where it goes:
# 10 days within the city, 30 days elsewhere (the rule allows up to 3 months; local practice
# sets these defaults).
LETTER_VALID_DAYS = {"city": 10, "elsewhere": 30}


class Direction(models.TextChoices):
    IN = "in", _("Transfer in (转入)")
    OUT = "out", _("Transfer out (转出)")
    INTERNAL = "internal", _("Between two organizations here (系统内转接)")


class LetterScope(models.TextChoices):
    CITY = "city", _("Within the city (市内)")
    ELSEWHERE = "elsewhere", _("Elsewhere (跨市)")


class TransferState(models.TextChoices):
    INITIATED = "initiated", _("Initiated (已发起)")
    SENT = "sent", _("Letter sent (已开具介绍信)")
    RECEIVED = "received", _("Received (已接收)")
    COMPLETED = "completed", _("Completed (已办结)")
    RETURNED = "returned", _("Returned (退回)")


# The state machine: from each state, where a transfer may go next.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    TransferState.INITIATED: (TransferState.SENT,),
    TransferState.SENT: (TransferState.RECEIVED, TransferState.RETURNED),
    TransferState.RECEIVED: (TransferState.COMPLETED, TransferState.RETURNED),
    TransferState.COMPLETED: (),
    TransferState.RETURNED: (),
}
OPEN_STATES = (TransferState.INITIATED, TransferState.SENT, TransferState.RECEIVED)
# The date field each state records when it is reached.
STATE_DATE = {
    TransferState.INITIATED: "initiated_on",
    TransferState.SENT: "sent_on",
    TransferState.RECEIVED: "received_on",
    TransferState.COMPLETED: "completed_on",
    TransferState.RETURNED: "returned_on",
}
# Badges of the shared stylesheet: started in grey, under way in blue, done in green, returned in yellow.
STATE_BADGE = {
    TransferState.INITIATED: "initiated",  # neutral grey
    TransferState.SENT: "assigned",
    TransferState.RECEIVED: "in_progress",
    TransferState.COMPLETED: "closed",
    TransferState.RETURNED: "returned",
}
# A transfer carries a member of one of these kinds: a retired member (离退休) is placed in a
# branch chosen by the receiving committee.
TRANSFER_KINDS = (MemberKind.DIRECT, MemberKind.RETIRED)


class Transfer(NamedPerson, ProtectedIdentity, TimeStamped):
    """One organization-relationship transfer, with its introduction letter and dates.

    A side outside the system is a free-text name (`from_name`, `to_name`); a side inside it
    is an Organization. A transfer in from outside carries the person's name and numbers; the
    member record is created when it completes.
    """

    # Scoped reads go through queries.transfers_visible_to (either side counts); this names the
    # receiving side for the generic gate.
    SCOPE = {"org": "to_org__path"}

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, db_index=True)
    member_kind = models.CharField(
        _("kind of member"), max_length=20, choices=[c for c in MemberKind.choices if c[0] in TRANSFER_KINDS]
    )
    member_status = models.CharField(
        _("status"), max_length=20, choices=PartyMember.Status.choices, default=PartyMember.Status.FULL
    )
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    from_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers_out"
    )
    from_name = models.CharField(_("from"), max_length=100, blank=True)
    to_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers_in"
    )
    to_name = models.CharField(_("to"), max_length=100, blank=True)
    # The branch a member transferred in is placed in (a retired member: the branch the
    # receiving committee chooses); empty means the receiving organization itself.
    place_in = models.ForeignKey(
        Organization,
        verbose_name=_("placed in branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_number = models.CharField(_("letter number (介绍信编号)"), max_length=40, blank=True)
    letter_scope = models.CharField(_("letter goes"), max_length=10, choices=LetterScope.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=TransferState.choices, default=TransferState.INITIATED, db_index=True
    )
    initiated_on = models.DateField(_("initiated on"))
    sent_on = models.DateField(_("letter sent on"), null=True, blank=True)
    due_on = models.DateField(_("letter valid until"), null=True, blank=True, db_index=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.CharField(_("reason for return"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-initiated_on", "-id"]
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(direction="out") | (Q(from_org__isnull=False) & Q(member__isnull=False)),
                name="transfer_out_has_member_and_sender",
            ),
            models.CheckConstraint(
                condition=~Q(direction="in") | Q(to_org__isnull=False), name="transfer_in_has_receiver"
            ),
            models.CheckConstraint(
                condition=~Q(direction="internal")
                | (Q(from_org__isnull=False) & Q(to_org__isnull=False) & Q(member__isnull=False)),
                name="transfer_internal_has_both_sides",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""), name="transfer_return_reason"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="transfer_state_due_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.get_direction_display()}"

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(member__user_id=user.pk)

    @property
    def from_label(self) -> str:
        return self.from_org.name if self.from_org_id else self.from_name

    @property
    def to_label(self) -> str:
        return self.to_org.name if self.to_org_id else self.to_name

    def next_states(self) -> tuple[str, ...]:
        return TRANSITIONS[self.state]

    @property
    def status_class(self) -> str:
        """The shared stylesheet's badge for the state (app.css has no transfer-specific ones)."""
        return STATE_BADGE.get(self.state, "")


class TransferEvent(models.Model):
    """One step of a transfer's timeline: who moved it from which state to which, and when."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=TransferState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=TransferState.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        ordering = ["transfer", "on", "id"]
        verbose_name = _("transfer step")
        verbose_name_plural = _("transfer steps")

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.from_state} → {self.to_state}"


class MembershipHistory(models.Model):
    """Where a member's organizational relationship was, from one date up to (not including) another.

    A member with no rows has never moved: their organization is PartyMember.org for every
    date. The first move writes an opening row (started_on empty: since before the records)
    and a row for the new organization; a transfer out ends the last row, so the member is no
    longer present from that date.
    """

    SCOPE = {"org": "org__path"}

    class Reason(models.TextChoices):
        BEFORE = "before", _("On the register before transfers were recorded")
        TRANSFER = "transfer", _("Transfer (组织关系转接)")
        PLACEMENT = "placement", _("Placed in a branch (安置)")

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="org_history")
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"), null=True, blank=True)
    # Exclusive: the day the member left (the transfer's completion day belongs to the next row).
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    transfer = models.ForeignKey(Transfer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Set when the row ended because the member left the system (a transfer out).
    left_system = models.BooleanField(default=False)

    class Meta:
        ordering = ["member", "started_on", "id"]
        verbose_name = _("membership history")
        verbose_name_plural = _("membership history")
        indexes = [models.Index(fields=["member", "started_on", "ended_on"], name="history_member_dates_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gt=models.F("started_on")),
                name="history_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.org_id} {self.started_on}–{self.ended_on}"


class FloatingOut(ProtectedPhone, TimeStamped):
    """A member of ours away from home (流出党员) with a 流动党员活动证, kept in touch with."""

    SCOPE = {"org": "member__org__path"}

    member = models.ForeignKey(
        PartyMember, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="floating_out"
    )
    certificate_number = models.CharField(_("certificate no. (流动党员活动证)"), max_length=40)
    destination = models.CharField(_("gone to"), max_length=100)
    # Away at one fixed place (a job, a study): past 6 months that needs a formal transfer.
    fixed_place = models.BooleanField(_("at a fixed place"), default=False)
    station = models.ForeignKey(
        Organization,
        verbose_name=_("liaison station (流动党员联络站)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="floating_out",
    )
    left_on = models.DateField(_("away from"))
    back_on = models.DateField(_("back on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-left_on", "-id"]
        verbose_name = _("floating member (out)")
        verbose_name_plural = _("floating members (out)")
        constraints = [
            models.CheckConstraint(
                condition=Q(back_on__isnull=True) | Q(back_on__gte=models.F("left_on")), name="floating_back_after_left"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.destination}"

    @staticmethod
    def scope_self_q(user: Actor) -> Q:
        return Q(member__user_id=user.pk)


class ContactLog(models.Model):
    """One contact with a floating member: a call, a message, a visit, their own report."""

    class How(models.TextChoices):
        PHONE = "phone", _("Phone call")
        MESSAGE = "message", _("Message (WeChat, SMS)")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")
        REPORT = "report", _("The member reported in (思想汇报)")

    floating = models.ForeignKey(FloatingOut, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("date"))
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(_("by"), max_length=50, blank=True)

    class Meta:
        ordering = ["floating", "-on", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["floating", "on"], name="contact_floating_on_idx")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_how_display()}"


class FloatingIn(NamedPerson, ProtectedPhone, TimeStamped):
    """A member from elsewhere registered at one of our liaison stations (流入党员)."""

    SCOPE = {"org": "station__path"}

    station = models.ForeignKey(
        Organization,
        verbose_name=_("liaison station (流动党员联络站)"),
        on_delete=models.PROTECT,
        related_name="floating_in",
    )
    home_org = models.CharField(_("home organization"), max_length=100)
    certificate_number = models.CharField(_("certificate no. (流动党员活动证)"), max_length=40)
    arrived_on = models.DateField(_("arrived on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-arrived_on", "-id"]
        verbose_name = _("floating member (in)")
        verbose_name_plural = _("floating members (in)")

    def __str__(self) -> str:
        return self.name
