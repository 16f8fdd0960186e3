"""A light consultation history for every community and village but the demo's own two, written
in bulk (`rows.Rows`): at district scale that is ~45 places and a few thousand topics, which
through the services (a dozen queries and an audit record per write) would cost minutes.

A community: a 居民议事会 of seven (two of them party members), and in every other community a
微议事 group of five on its most populous grid; topics through 城乡社区协商 at the council's
four-weekly meeting. A village: a 村民代表会议 of eleven households' representatives and the
branch's 党员大会 (its full members on the day), topics through 四议两公开 — proposed, discussed,
reviewed by the Party members, resolved by the representatives. Topics come in over two years,
about one a fortnight plus one for every 150 households, each as the services would have taken
it; whatever falls today or later is left for later, so the recent ones are waiting for review,
for their meeting, in publicity or being carried out. About one in eight is voted down, one in
twelve declined with a reason.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from tongxin.council.consultation.demo.rows import Held, Rows
from tongxin.council.consultation.demo.texts import (
    COMMENTS_FAIR,
    COMMENTS_GOOD,
    DECLINED,
    MICRO,
    URBAN,
    VILLAGE,
    Matter,
)
from tongxin.council.consultation.demo.timeline import moment
from tongxin.council.consultation.demo.urban import Sitting
from tongxin.council.consultation.models import (
    Council,
    CouncilKind,
    CouncilMember,
    MemberKind,
    MemberRole,
    Topic,
    TopicSource,
    TopicState,
)
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.party.models import Organization, OrgKind, PartyMember
from tongxin.registry.people.models import Resident

DAY = datetime.timedelta(days=1)
HISTORY_DAYS = 700
ADULT_BORN_BY_YEARS = 18
# Council members and raisers come from the first households of a place (~400 residents).
HOUSEHOLDS_READ = 150
DESCRIPTIONS = {
    "residents": "民事民议、民事民决，居民自己的事情自己商量着办。",
    "micro": "家门口的微议事：小区里的小事，住户当面商量。",
    "village_reps": "村民代表由村民按每五至十五户推选一人；讨论决定村民会议授权的事项。",
    "party_general": "村党支部全体党员参加，审议村党组织提议和两委商议的方案。",
}


class Light:
    """Plans one place after another into `rows`; `rows.write()` writes them all."""

    def __init__(self, rows: Rows) -> None:
        self.rows, self.rng, self.today = rows, rows.rng, rows.today
        self.kinds = {k.code: k for k in CouncilKind.objects.select_related("procedure")}

    # --- people -------------------------------------------------------------------------------

    def _adults(self, place: Area, grids: list[int]) -> list[tuple[int, str, int, int | None, str]]:
        """Adults of the place's first households (by id, so the same seed picks the same people):
        through the grids' index, not a scan of every resident by id for the place's path."""
        born_by = self.today.replace(year=self.today.year - ADULT_BORN_BY_YEARS, day=min(self.today.day, 28))
        first = (
            Household.objects.filter(grid_id__in=grids).order_by("id").values_list("pk", flat=True)[:HOUSEHOLDS_READ]
        )
        return list(
            Resident.objects.filter(household_id__in=list(first), birth_date__lte=born_by)
            .order_by("id")
            .values_list("pk", "name", "household_id", "household__grid_id", "relation")
        )

    def _council(self, place: Area, kind: str, name: str, founded: datetime.date, **values: Any) -> Council:
        at = moment(founded, 10)
        return self.rows.add(
            Council(
                area=place,
                kind=self.kinds[kind],
                name=name[:100],
                founded_on=founded,
                description=DESCRIPTIONS[kind],
                created_at=at,
                updated_at=at,
                **values,
            )
        )

    def _seat(self, council: Council, founded: datetime.date, people: list[Any], *, households: bool = False) -> None:
        roster = self.rows.rosters.setdefault(id(council), [])
        for n, (kind, resident_id, party_member_id, name, household) in enumerate(people):
            member = CouncilMember(
                council=council,
                kind=kind,
                role=MemberRole.CHAIR if n == 0 else MemberRole.CLERK if n == 1 else MemberRole.MEMBER,
                resident_id=resident_id,
                party_member_id=party_member_id,
                term_start=founded,
                represents_household=households and household is not None,
            )
            member.set_name(name)
            self.rows.add(member)
            roster.append((member, household))

    # --- places -------------------------------------------------------------------------------

    def place(self, place: Area, n: int) -> None:
        grids = list(Area.objects.filter(parent=place, level=Level.GRID).values_list("pk", flat=True))
        adults = self._adults(place, grids)
        if len(adults) < 12:
            return
        households = Household.objects.filter(grid_id__in=grids).count()
        topics = 26 + households // 150
        members = list(
            PartyMember.objects.current()
            .filter(resident__household__area__path__startswith=place.path, status=PartyMember.Status.FULL)
            .order_by("id")
            .values_list("pk", "name", "resident_id", "resident__household_id")[:12]
        )
        if place.level == Level.VILLAGE:
            self._village(place, adults, members, topics)
        else:
            self._community(place, adults, members, topics, micro=n % 2 == 0)

    def _people(self, adults: list[Any], members: list[Any], residents: int, party: int, *, heads: bool) -> list[Any]:
        chosen = self.rng.sample(members, min(party, len(members)))
        taken = {m[2] for m in chosen}
        pool = [a for a in adults if a[0] not in taken and (not heads or a[4] == "head")] or adults
        seats = [(MemberKind.PARTY_MEMBER, m[2], m[0], m[1], m[3]) for m in chosen]
        seats += [
            (MemberKind.RESIDENT, a[0], None, a[1], a[2]) for a in self.rng.sample(pool, min(residents, len(pool)))
        ]
        return seats

    def _community(self, place: Area, adults: list[Any], members: list[Any], topics: int, *, micro: bool) -> None:
        founded = self.today - (HISTORY_DAYS + 30) * DAY
        council = self._council(place, "residents", f"{place.name}居民议事会", founded)
        seats = self._people(adults, members, 5, 2, heads=False)
        self._seat(council, founded, seats)
        sitting = Sitting(council, founded + 21 * DAY, 19, "社区会议室", seats[0][3], seats[1][3])
        grid_topics: list[tuple[Sitting, Area]] = []
        if micro:
            grids = [a[3] for a in adults if a[3]]
            if grids:
                grid_id = max(grids, key=lambda g: (grids.count(g), -grids.index(g)))
                grid = Area.objects.get(pk=grid_id)
                group = self._council(grid, "micro", f"{grid.name}微议事会", founded)
                near = [a for a in adults if a[3] == grid_id]
                group_seats = self._people(near, [], 5, 0, heads=False)
                self._seat(group, founded, group_seats)
                first = founded + 26 * DAY
                grid_topics.append((Sitting(group, first, 10, f"{grid.name}议事亭", group_seats[0][3], ""), grid))
        days = self._days(topics)
        for n, day in enumerate(days):
            person = self.rng.choice(adults)
            if grid_topics and n % 4 == 3:
                sitting_here, area = grid_topics[0]
                matter = self.rng.choice(MICRO)
            else:
                sitting_here, area = sitting, place
                matter = self.rng.choice(URBAN)
            self._urban(sitting_here, area, matter, day, person[1], [s[3] for s in seats], n)

    def _village(self, place: Area, adults: list[Any], members: list[Any], topics: int) -> None:
        founded = self.today - (HISTORY_DAYS + 30) * DAY
        branch = (
            Organization.objects.filter(
                area=place, kind__in=(OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE)
            )
            .order_by("depth", "path")
            .first()
        )
        if branch is None:
            return
        reps = self._council(place, "village_reps", f"{place.name}村民代表会议", founded)
        seats = self._people(adults, members, 9, 2, heads=True)
        self._seat(reps, founded, seats, households=True)
        party = self._council(place, "party_general", f"{branch.name}党员大会", founded, organization=branch)
        chair, clerk = branch.secretary_name or seats[0][3], seats[1][3]
        sittings = (
            Sitting(party, founded + 14 * DAY, 9, "村党群服务中心", chair, clerk),
            Sitting(reps, founded + 21 * DAY, 14, "村委会议室", chair, clerk),
        )
        for n, day in enumerate(self._days(topics)):
            self._four_two(sittings, place, self.rng.choice(VILLAGE), day, self.rng.choice(adults)[1], n)

    def _days(self, n: int) -> list[datetime.date]:
        """`n` days over the two years up to yesterday, a little uneven, the last in the last week."""
        step = HISTORY_DAYS / n
        return sorted(
            self.today - datetime.timedelta(days=max(1, round(HISTORY_DAYS - i * step - self.rng.uniform(0, step))))
            for i in range(n)
        )

    # --- one topic ----------------------------------------------------------------------------

    def _raise(self, area: Area, matter: Matter, day: datetime.date, person: str, seated: list[str], n: int) -> Topic:
        rng = self.rng
        roll = rng.random()
        source, name = TopicSource.PUBLIC, person
        if roll < 0.2:
            source, name = TopicSource.MEMBER, rng.choice(seated)
        elif roll < 0.32:
            source, name = TopicSource.STAFF, rng.choice(("社区居委会", "网格员", "村委会"))
        at = moment(day, rng.randint(8, 20), rng.choice((0, 10, 25, 40)))
        title = matter.title
        description = matter.description
        if n % 12 == 7:
            title, description, _reason = DECLINED[n % len(DECLINED)]
        return self.rows.add(
            Topic(
                area=area,
                title=title,
                description=description,
                source=source,
                raiser_name=name,
                tracking_code=self.rows.code(),
                people_affected=matter.affected,
                created_at=at,
                updated_at=at,
            )
        )

    def _review(self, topic: Topic, council: Council, n: int) -> bool:
        """Reviewed a few days after: declined (one in twelve) or accepted. False: not (yet) accepted."""
        when = moment(topic.created_at.date() + self.rng.randint(1, 4) * DAY, 9, 30)
        if not self.rows.before_cutoff(when):
            return False
        topic.reviewed_at, topic.reviewed_by, topic.updated_at = when, self.rows.actor, when
        if n % 12 == 7:
            topic.state, topic.decline_reason = TopicState.DECLINED, DECLINED[n % len(DECLINED)][2]
            return False
        topic.state, topic.council, topic.procedure = TopicState.ACCEPTED, council, council.kind.procedure
        return True

    def _on_agenda(self, sitting: Sitting, topic: Topic, after: datetime.date) -> tuple[Held, Any, Any] | None:
        day = sitting.slot(after)
        title = f"{sitting.council.name}{day.year}年{day.month}月例会"
        held = self.rows.meeting(sitting, day, title)
        if held is None:
            return None
        item, when = self.rows.item(held, topic)
        return held, item, when

    def _urban(
        self, sitting: Sitting, area: Area, matter: Matter, day: datetime.date, person: str, seated: list[str], n: int
    ) -> None:
        rows, rng = self.rows, self.rng
        council = sitting.council
        topic = self._raise(area, matter, day, person, seated, n)
        if not self._review(topic, council, n):
            return
        accepted = topic.reviewed_at
        assert accepted is not None
        if not rows.step(
            topic, "set", accepted + datetime.timedelta(hours=1), f"经{council.name}召集人研究，确定为本期协商议题。"
        ):
            return
        planned = accepted.date() + rng.randint(2, 5) * DAY
        meeting_day = sitting.slot(planned + 4 * DAY)
        text = (
            f"公布协商方案：{meeting_day.month}月{meeting_day.day}日在{sitting.place}召开协商会议，"
            f"邀请{matter.stakeholders}参加。"
        )
        if not rows.step(topic, "plan", moment(planned, 10), text):
            return
        on = self._on_agenda(sitting, topic, planned + 4 * DAY)
        if on is None or on[0].count is None:
            return
        held, item, when = on
        if not rows.step(
            topic, "consult", when, matter.proposal, participants=f"{council.name}成员，{matter.stakeholders}"
        ):
            return
        fate = "fail" if n % 8 == 5 else "pass"
        if not rows.before_cutoff(when + datetime.timedelta(minutes=10)):
            return
        result = rows.vote(held, item, topic, fate, when)
        if not rows.voted(topic, "vote", held, result, last_vote=True):
            return
        self._publish_and_carry_out(topic, matter, held, evaluate=True)

    def _four_two(
        self, sittings: tuple[Sitting, Sitting], place: Area, matter: Matter, day: datetime.date, person: str, n: int
    ) -> None:
        rows, rng = self.rows, self.rng
        party, reps = sittings
        topic = self._raise(place, matter, day, person, [reps.chair], n)
        if not self._review(topic, reps.council, n):
            return
        accepted = topic.reviewed_at
        assert accepted is not None
        if not rows.step(topic, "propose", accepted + datetime.timedelta(hours=1), f"村党组织提议：{matter.proposal}"):
            return
        discussed = accepted.date() + rng.randint(2, 5) * DAY
        if not rows.step(topic, "discuss", moment(discussed, 15), "村两委联席会议商议，同意提交党员大会审议。"):
            return
        fate = "fail" if n % 8 == 5 else "pass"
        last = discussed
        for sitting, code, final in ((party, "review", False), (reps, "resolve", True)):
            on = self._on_agenda(sitting, topic, last + 3 * DAY)
            if on is None or on[0].count is None or not rows.before_cutoff(on[2] + datetime.timedelta(minutes=10)):
                return
            held, item, when = on
            # The representatives vote it down, not the branch.
            result = rows.vote(held, item, topic, fate if final else "pass", when)
            if not rows.voted(topic, code, held, result, last_vote=final):
                return
            last = when.date()
        self._publish_and_carry_out(topic, matter, held, evaluate=False)

    def _publish_and_carry_out(self, topic: Topic, matter: Matter, held: Held, *, evaluate: bool) -> None:
        rows, rng = self.rows, self.rng
        day = held.meeting.starts_at.date() + rng.randint(1, 3) * DAY
        ends = rows.publish(topic, "publish", moment(day, 10), f"结果公示{rows.publicity.days}天。")
        if ends is None:
            return
        done = rows.execute(topic, matter.tasks[: rng.choice((1, 2, 2))], ends.date() + DAY)
        if done is None or not evaluate:
            return
        rated = done + rng.randint(3, 20) * DAY
        if topic.source == TopicSource.PUBLIC:
            at = moment(rated, 20)
            if not rows.before_cutoff(at):
                return
            stars = rng.choice((5, 5, 5, 4, 4, 3))
            comment = rng.choice(COMMENTS_GOOD if stars >= 4 else COMMENTS_FAIR)
            topic.rating, topic.rating_comment, topic.rated_at = stars, comment, at
            text = _("The raiser rated the outcome %(n)d of 5.") % {"n": stars} + (f" {comment}" if comment else "")
            rows.step(topic, "evaluate", at, text, recorded_by=None)
        else:
            rows.step(topic, "evaluate", moment(rated, 15), f"议事会回访相关住户{rng.randint(8, 30)}户，表示满意。")
