"""Demo volunteer activities: a year of activity days and team activities with sign-ups,
check-ins and confirmed hours.

Call it after `seed_service` (it uses the teams and volunteers that wrote):

    from tongxin.volunteering.activities.demo import seed_activities
    seed_activities(area_roots, today=today, seed=seed)

Every community under `area_root_paths` that has volunteer teams gets:

- the Friday activity day (seed 000, "every Friday afternoon is party-member activity day"):
  ``FREQ=WEEKLY;BYDAY=FR`` 14:30–17:00, public holidays skipped, from a year back to 8 weeks
  ahead, 40 seats, run by all the community's teams;
- one monthly activity for each of up to three teams (on the team's own day of the month);
- two one-off activities (a Double Ninth visit to the elderly last autumn, a fire drill ahead).

Past dates have sign-ups (seated), check-ins and check-outs; most hours are confirmed in the
service ledger (source "activity", one row per sign-up), the last two weeks' wait for the
leader, and about one in twenty who came forgot to check out (no hours until the leader enters
an end time). Future dates have some sign-ups already.

At district scale the rows are thinned: outside the first subdistrict (by path), past sign-ups
are written for the last three months only; the dates themselves are all there. Rows go in with
bulk_create (no audit records: nobody recorded them). A community that already has an activity
is left alone, so a second call adds nothing. Returns the number of rows written per model.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.recurrence import activity_dates
from tongxin.volunteering.activities.services import hours_of, new_token
from tongxin.volunteering.service.models import HoursSource, ServiceHours, TeamMembership, Volunteer, VolunteerTeam

BATCH = 2000
AHEAD = datetime.timedelta(weeks=8)
THIN_AFTER = datetime.timedelta(days=90)
PENDING = datetime.timedelta(days=14)
MONTHLY = (
    ("义诊进社区", "社区卫生服务站", datetime.time(9, 0), 120),
    ("便民维修日", "社区广场", datetime.time(9, 0), 150),
    ("法律咨询进楼栋", "党群服务中心", datetime.time(14, 0), 120),
)


def _under(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _moment(day: datetime.date, start: datetime.time, minutes: int) -> tuple[datetime.datetime, datetime.datetime]:
    begin = timezone.make_aware(datetime.datetime.combine(day, start))
    return begin, begin + datetime.timedelta(minutes=minutes)


def seed_activities(area_root_paths: list[str], *, today: datetime.date, seed: int = 0) -> dict[str, int]:
    counts: Counter[str] = Counter()
    communities = list(
        Area.objects.filter(_under(area_root_paths), level__in=COMMUNITY_LEVELS)
        .exclude(pk__in=Activity.objects.values("community_id"))
        .filter(pk__in=VolunteerTeam.objects.values("area_id"))
        .order_by("path")
        .values_list("pk", "path")
    )
    if not communities:
        return dict(counts)
    first_sub = Area.objects.filter(_under(area_root_paths), level="subdistrict").order_by("path").first()
    first_path = first_sub.path if first_sub is not None else ""
    now = timezone.now()
    for pk, path in communities:
        rng = random.Random(f"{seed}:activities:{pk}")
        thin = bool(first_path) and not path.startswith(first_path)
        _community(pk, rng, today=today, now=now, thin=thin, counts=counts)
    return dict(counts)


def _community(
    pk: int, rng: random.Random, *, today: datetime.date, now: datetime.datetime, thin: bool, counts: Counter[str]
) -> None:
    community = Area.objects.get(pk=pk)
    teams = list(VolunteerTeam.objects.filter(area_id=pk, is_active=True).order_by("name", "id"))
    volunteers = list(Volunteer.objects.filter(area_id=pk, is_active=True).order_by("id").values_list("pk", flat=True))
    if not teams or not volunteers:
        return
    members: dict[int, set[int]] = {}
    for team_id, volunteer_id in TeamMembership.objects.filter(team__in=teams).values_list("team_id", "volunteer_id"):
        members.setdefault(team_id, set()).add(volunteer_id)
    year_ago = today - datetime.timedelta(days=364)
    plans: list[tuple[Activity, list[VolunteerTeam]]] = []
    friday = Activity(
        area=community, community=community, title="主题党日活动", place="党群服务中心",
        description="每周五下午是党员活动日：学习、志愿服务、走访群众。", start_time=datetime.time(14, 30),
        duration_minutes=150, capacity=40, first_date=year_ago, rrule="FREQ=WEEKLY;BYDAY=FR",
    )  # fmt: skip
    plans.append((friday, teams))
    for i, team in enumerate(teams[:3]):
        title, place, start, minutes = MONTHLY[i]
        day = 5 + 7 * i
        plans.append(
            (
                Activity(
                    area=community,
                    community=community,
                    title=f"{team.name}·{title}",
                    place=place,
                    start_time=start,
                    duration_minutes=minutes,
                    capacity=20,
                    first_date=year_ago,
                    rrule=f"FREQ=MONTHLY;BYMONTHDAY={day}",
                ),  # fmt: skip
                [team],
            )
        )
    autumn = datetime.date(today.year if today.month > 10 else today.year - 1, 10, 20)
    plans.append(
        (
            Activity(
                area=community,
                community=community,
                title="重阳节敬老志愿服务",
                place="社区老年活动中心",
                start_time=datetime.time(9, 0),
                duration_minutes=180,
                capacity=30,
                first_date=autumn,
            ),  # fmt: skip
            teams[-1:],
        )
    )
    plans.append(
        (
            Activity(
                area=community,
                community=community,
                title="消防安全演练",
                place="小区中心广场",
                start_time=datetime.time(15, 0),
                duration_minutes=90,
                capacity=None,
                first_date=today + datetime.timedelta(days=17),
            ),  # fmt: skip
            teams[:1],
        )
    )
    activities = Activity.objects.bulk_create([a for a, _ in plans])
    counts["activity"] += len(activities)
    through = Activity.teams.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, volunteerteam_id=t.pk)
            for a, (_a, ts) in zip(activities, plans, strict=True)
            for t in ts
        ]
    )
    by_pk = {a.pk: (a, ts) for a, (_a, ts) in zip(activities, plans, strict=True)}
    occurrences: list[Occurrence] = []
    chosen_for: list[list[int]] = []
    for a in activities:
        ts = by_pk[a.pk][1]
        pool = sorted({v for t in ts for v in members.get(t.pk, set())}) or volunteers
        for day in activity_dates(
            first_date=a.first_date, rule=a.rrule, skip_holidays=a.skip_holidays, end=today + AHEAD
        ):
            start, end = _moment(day, a.start_time, a.duration_minutes)
            past = end <= now
            chosen: list[int] = []
            if not (past and thin and day < today - THIN_AFTER):
                want = rng.randint(6, 18) if past else rng.randint(0, 6)
                chosen = rng.sample(pool, min(len(pool), want, a.capacity or want))
            # The seat counter is written with the dates: it equals the seated sign-ups below.
            occurrences.append(
                Occurrence(
                    activity=a,
                    date=day,
                    starts_at=start,
                    ends_at=end,
                    capacity=a.capacity,
                    token=new_token(),
                    taken=len(chosen),
                )  # fmt: skip
            )
            chosen_for.append(chosen)
    occurrences = Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
    counts["occurrence"] += len(occurrences)
    signups: list[SignUp] = []
    for occ, chosen in zip(occurrences, chosen_for, strict=True):
        past = occ.ends_at <= now
        for vid in chosen:
            s = SignUp(
                occurrence=occ, volunteer_id=vid, state=SignUp.State.SEATED,
                joined_at=occ.starts_at - datetime.timedelta(days=rng.randint(1, 6), minutes=rng.randint(0, 600)),
            )  # fmt: skip
            if past and rng.random() < 0.9:
                s.checked_in_at = occ.starts_at + datetime.timedelta(minutes=rng.randint(-20, 15))
                if rng.random() > 0.05:
                    s.checked_out_at = occ.ends_at + datetime.timedelta(minutes=rng.randint(-25, 30))
            signups.append(s)
    signups = SignUp.objects.bulk_create(signups, batch_size=BATCH)
    counts["signup"] += len(signups)
    occ_by_pk = {o.pk: o for o in occurrences}
    team_of: dict[int, VolunteerTeam] = {}
    hours_rows: list[ServiceHours] = []
    credited: list[int] = []
    confirmed_at = timezone.now()
    for s in signups:
        occ = occ_by_pk[s.occurrence_id]
        if occ.date > today - PENDING:
            continue
        a, ts = by_pk[occ.activity_id]
        hours = hours_of(
            checked_in_at=s.checked_in_at, checked_out_at=s.checked_out_at, duration_minutes=a.duration_minutes
        )
        if hours is None or hours <= Decimal("0"):
            continue
        team = next((t for t in ts if s.volunteer_id in members.get(t.pk, set())), ts[0])
        team_of[s.pk] = team
        hours_rows.append(
            ServiceHours(
                volunteer_id=s.volunteer_id,
                team=team,
                area=community,
                served_on=occ.date,
                hours=hours,
                description=a.title[:200],
                source=HoursSource.ACTIVITY,
                source_id=s.pk,
                confirmed_at=confirmed_at,
            )  # fmt: skip
        )
        credited.append(s.pk)
    ServiceHours.objects.bulk_create(hours_rows, batch_size=BATCH)
    counts["service_hours"] += len(hours_rows)
    for i in range(0, len(credited), BATCH):
        SignUp.objects.filter(pk__in=credited[i : i + BATCH]).update(credited_at=confirmed_at)
    Occurrence.objects.filter(activity__in=activities, date__lte=today - PENDING, ends_at__lte=now).update(
        hours_confirmed_at=confirmed_at
    )
