"""Consultation and decisions (协商议事): councils, topics, procedures, meetings and votes,
publicity, objections, execution and the per-matter levy (一事一议).

A topic (议题) is raised by a resident, a case handed over, a member, a unit contact or staff;
once accepted it follows a procedure (城乡社区协商, 四议两公开, 一事一议) whose steps are
configuration. Each step is one `TopicStep` row, dated, with who took part and what was
decided; `Topic.next_position` is moved by a conditional UPDATE, so a step is never skipped,
taken out of order or taken twice by two people at once.

Votes are taken at a council's meetings, per agenda item, against the attendance kept as it was
on the day (`Attendance` rows are a snapshot: later membership changes do not touch them). The
rules (quorum and majority) are the council kind's, with defaults from the law
(docs/decisions/0020-council-voting-rules.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedPhone

CODE_LENGTH = 8


class Named(models.Model):
    """Configuration rows named in both languages."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class StepKind(models.TextChoices):
    # A dated record: who took part, what was decided.
    RECORD = "record", _("Record (dated, who took part, what was decided)")
    # Needs a vote on the topic, closed and passed at a meeting of a council of the step's kinds.
    VOTE = "vote", _("Vote at a council meeting")
    # Opens the publicity period (公示); the next step waits for its end and for every objection.
    PUBLISH = "publish", _("Publish (公示)")
    # The per-matter levy's plan (一事一议): money and labour per person within the yearly caps.
    LEVY = "levy", _("Levy plan (筹资筹劳方案)")
    # Carried out: recorded by the system when the topic's last task is done.
    EXECUTE = "execute", _("Carry out (tasks)")
    # The result evaluated (评议反馈): the raiser's rating, or the council's.
    EVALUATE = "evaluate", _("Evaluate")


class Procedure(Named):
    """A way of deciding, as configuration: its steps in order."""

    description = models.TextField(_("description"), blank=True, max_length=2000)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")


class ProcedureStep(Named):
    code = models.SlugField(_("code"), max_length=30)
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    # For a VOTE step: the council kinds whose vote counts (comma-separated codes); empty = the topic's council.
    council_kinds = models.CharField(_("council kinds"), max_length=200, blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "position"], name="consultation_step_position"),
            models.UniqueConstraint(fields=["procedure", "code"], name="consultation_step_code"),
        ]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")

    def council_kind_codes(self) -> list[str]:
        return [c.strip() for c in self.council_kinds.split(",") if c.strip()]


class QuorumBasis(models.TextChoices):
    MEMBERS = "members", _("The council's members on the day")
    # 村民会议: villagers aged 18 and over, or the households' representatives (组织法 art. 22).
    VILLAGERS = "villagers", _("Villagers aged 18 and over, or the households' representatives")
    # A branch general meeting: full members (正式党员) have the vote.
    PARTY = "party", _("Full party members of the organization")


class CouncilKind(Named):
    """A kind of council and the rule it votes by.

    Quorum: present / entitled must be more than (strict) or at least num/den. Majority: yes
    votes / present, the same way. 以上 in Chinese law includes the number itself (at least);
    过半数 is more than half (strict).
    """

    quorum_basis = models.CharField(_("who is entitled"), max_length=10, choices=QuorumBasis.choices)
    quorum_num = models.PositiveSmallIntegerField(_("quorum numerator"), default=1)
    quorum_den = models.PositiveSmallIntegerField(_("quorum denominator"), default=2)
    quorum_strict = models.BooleanField(_("quorum: more than (not at least)"), default=True)
    # The villagers' meeting may instead gather two thirds of the households' representatives (0 = no such rule).
    household_num = models.PositiveSmallIntegerField(_("household quorum numerator"), default=0)
    household_den = models.PositiveSmallIntegerField(_("household quorum denominator"), default=1)
    majority_num = models.PositiveSmallIntegerField(_("majority numerator"), default=1)
    majority_den = models.PositiveSmallIntegerField(_("majority denominator"), default=2)
    majority_strict = models.BooleanField(_("majority: more than (not at least)"), default=True)
    # A branch general meeting decides by more than half of those entitled, not of those present.
    majority_of_entitled = models.BooleanField(_("majority counted of those entitled"), default=False)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("usual procedure"), on_delete=models.PROTECT, related_name="council_kinds"
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("council kind")
        verbose_name_plural = _("council kinds")


class Council(TimeStamped):
    """A council of a community, village, estate (grid) or building."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey("areas.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="councils")
    kind = models.ForeignKey(CouncilKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="councils")
    name = models.CharField(_("name"), max_length=100)
    # The organization whose full members vote in a PARTY council (a branch general meeting).
    organization = models.ForeignKey(
        "party.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        ordering = ["area__path", "kind__sort_order", "name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name


class MemberKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    PARTY_MEMBER = "party_member", _("Party member")
    UNIT = "unit", _("Unit representative")
    STAFF = "staff", _("Community staff")
    OTHER = "other", pgettext_lazy("council member kind", "Other")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Convenor (召集人)")
    MEMBER = "member", _("Member")
    CLERK = "clerk", _("Clerk (记录员)")


class CouncilMember(NamedPerson):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.RESIDENT)
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    resident = models.ForeignKey(
        "people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="council_seats"
    )
    party_member = models.ForeignKey(
        "party.PartyMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="council_seats"
    )
    unit = models.ForeignKey(
        "cobuild.ResidentUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="council_seats"
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    # A household's representative (户代表) in a villagers' meeting.
    represents_household = models.BooleanField(_("household representative"), default=False)

    class Meta:
        ordering = ["council", "role", "name_pinyin", "id"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="consultation_member_term",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TopicSource(models.TextChoices):
    PUBLIC = "public", _("A resident, on the public page")
    CASE = "case", _("A case handed over")
    MEMBER = "member", _("A council member")
    UNIT = "unit", _("A co-building unit")
    STAFF = "staff", _("Community staff")


class TopicState(models.TextChoices):
    RAISED = "raised", _("Waiting for review")
    ACCEPTED = "accepted", _("Being consulted")
    DECIDED = "decided", _("Decided, being carried out")
    DONE = "done", _("Carried out")
    REJECTED = "rejected", _("Voted down")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another topic")


OPEN_STATES = (TopicState.RAISED, TopicState.ACCEPTED, TopicState.DECIDED)


class Topic(TimeStamped, ProtectedPhone):
    """A matter for consultation (议题), from its raising to its result."""

    SCOPE = {"area": "area__path"}

    area = models.ForeignKey("areas.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="topics")
    council = models.ForeignKey(
        Council, verbose_name=_("council"), null=True, blank=True, on_delete=models.PROTECT, related_name="topics"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), null=True, blank=True, on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(pgettext_lazy("topic", "title"), max_length=100)
    description = models.TextField(_("description"), max_length=4000)
    source = models.CharField(_("raised by"), max_length=10, choices=TopicSource.choices)
    raiser_name = models.CharField(_("raiser's name"), max_length=50, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics_raised"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="council_topics"
    )
    handover = models.ForeignKey(
        "cases.CaseHandover", null=True, blank=True, on_delete=models.SET_NULL, related_name="council_topics"
    )
    unit = models.ForeignKey(
        "cobuild.ResidentUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    # The code a resident follows the topic with on the public pages.
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    # A keyed hash of the address a public topic came from: for the hourly limit only.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    people_affected = models.PositiveIntegerField(_("people affected"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=TopicState.choices, default=TopicState.RAISED)
    # The position of the next step of the procedure; moved only by conditional UPDATEs.
    next_position = models.PositiveSmallIntegerField(default=1, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_topics"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    done_on = models.DateField(_("carried out on"), null=True, blank=True)
    # While a result is in publicity: when the period ends (null otherwise).
    publicity_ends = models.DateTimeField(_("publicity ends"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True, max_length=4000)
    outcome = models.TextField(_("outcome"), blank=True, max_length=4000)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["state", "created_at"], name="consultation_topic_state"),
            models.Index(fields=["council", "state"], name="consultation_topic_council"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="consultation_topic_rating"
            )
        ]

    def __str__(self) -> str:
        return self.title


class TopicStep(models.Model):
    """One step of a topic's procedure, as it was taken."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(ProcedureStep, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("who took part"), blank=True, max_length=2000)
    decision = models.TextField(_("what was decided"), blank=True, max_length=4000)
    meeting = models.ForeignKey(
        "CouncilMeeting", null=True, blank=True, on_delete=models.PROTECT, related_name="topic_steps"
    )
    vote = models.ForeignKey("Vote", null=True, blank=True, on_delete=models.PROTECT, related_name="topic_steps")
    # PUBLISH steps: the publicity period.
    publicity_starts = models.DateTimeField(null=True, blank=True)
    publicity_ends = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    # An upheld objection voids the publication and the vote before it: they are taken again.
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["topic", "position", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "position"], condition=Q(voided_at__isnull=True), name="consultation_one_live_step"
            )
        ]


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    DISMISSED = "dismissed", _("Answered; the decision stands")
    UPHELD = "upheld", _("Upheld; the matter is taken again")


class Objection(TimeStamped, ProtectedPhone):
    """An objection raised during publicity (异议): it stops the clock until it is answered."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="objections")
    step = models.ForeignKey(TopicStep, on_delete=models.CASCADE, related_name="objections")
    name = models.CharField(_("name"), max_length=50, blank=True)
    text = models.TextField(_("objection"), max_length=2000)
    # A keyed hash of the sender's address: for the hourly limit only.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["topic", "created_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class CouncilMeeting(TimeStamped):
    """A meeting of a council, with its agenda of topics, attendance and votes."""

    SCOPE = {"area": "council__area__path"}

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(pgettext_lazy("meeting", "title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    # Snapshot of who was entitled when attendance was opened (kept as it was on the day).
    entitled_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    households_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    attendance_taken_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A villagers' meeting signs in on paper: the clerk enters how many came and how many households.
    present_entered = models.PositiveIntegerField(_("villagers present"), null=True, blank=True)
    households_present_entered = models.PositiveIntegerField(_("households represented"), null=True, blank=True)
    chaired_by = models.CharField(_("chaired by"), max_length=50, blank=True)
    recorded_by_name = models.CharField(_("minutes taken by"), max_length=50, blank=True)
    # The minutes as edited by the secretary; empty until first saved (then generated text is the start).
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    minutes_edited_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="items")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    discussion = models.TextField(_("discussion"), blank=True, max_length=4000)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "topic"], name="consultation_item_once"),
        ]


class Attendance(NamedPerson):
    """One person entitled to attend (or, at a villagers' meeting, one who signed in)."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    party_member = models.ForeignKey(
        "party.PartyMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resident = models.ForeignKey("people.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    household_id_snapshot = models.PositiveIntegerField(null=True, blank=True)
    represents_household = models.BooleanField(default=False)
    present = models.BooleanField(_("present"), default=False)
    # Present on behalf of someone (委托): counted present, the note says by whom.
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["meeting", "name_pinyin", "id"]


class VoteMethod(models.TextChoices):
    NAMED = "named", _("By name (记名)")
    SECRET = "secret", _("Secret ballot (无记名)")
    HANDS = "hands", _("Show of hands (举手)")


class VoteResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
    NO_QUORUM = "no_quorum", _("No quorum: not valid")


class Vote(models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="vote")
    method = models.CharField(_("method"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.HANDS)
    question = models.CharField(_("question"), max_length=300)
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)
    # Filled when the vote is closed: the counts it was decided on.
    present_count = models.PositiveIntegerField(null=True, blank=True)
    entitled_count = models.PositiveIntegerField(null=True, blank=True)
    households_present = models.PositiveIntegerField(null=True, blank=True)
    quorum_met = models.BooleanField(null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=VoteResult.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Ballot(models.Model):
    """A named vote's ballot: who voted how."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "attendance"], name="consultation_one_ballot")]


class Task(TimeStamped):
    """Carrying out a decision: a task with an owner, a due date, progress and milestones."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(pgettext_lazy("task", "title"), max_length=100)
    owner_name = models.CharField(_("owner"), max_length=50)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    note = models.TextField(_("progress note"), blank=True, max_length=2000)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["topic", "due_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="consultation_task_progress")]


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(pgettext_lazy("milestone", "title"), max_length=100)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["task", "due_on", "id"]


class Levy(models.Model):
    """一事一议: money and labour raised for one public work, per person, within the yearly caps."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="levy")
    year = models.PositiveSmallIntegerField(_("year"))
    total_cost = models.DecimalField(_("total cost"), max_digits=12, decimal_places=2)
    money_per_person = models.DecimalField(_("money per person"), max_digits=8, decimal_places=2)
    labour_days_per_person = models.DecimalField(_("labour days per labourer"), max_digits=5, decimal_places=1)
    people = models.PositiveIntegerField(_("people who pay"))
    labourers = models.PositiveIntegerField(_("labourers"))
    subsidy = models.DecimalField(_("government subsidy (以奖代补)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("levy")
        verbose_name_plural = _("levies")


class Contribution(NamedPerson):
    """Who paid or worked for a levy."""

    levy = models.ForeignKey(Levy, on_delete=models.CASCADE, related_name="contributions")
    household = models.ForeignKey("areas.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    money = models.DecimalField(_("money paid"), max_digits=10, decimal_places=2, default=0)
    labour_days = models.DecimalField(_("days worked"), max_digits=5, decimal_places=1, default=0)
    on = models.DateField(_("date"))

    class Meta:
        ordering = ["levy", "on", "id"]
