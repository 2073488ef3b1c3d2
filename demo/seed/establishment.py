"""Phase: new communities in establishment: tracks, checklist, milestones, mentors, leaders, workshops,
network representatives (seeds 002, 003)."""

import datetime

from communities.models import (
    ChecklistItem,
    CommunityLeader,
    EstablishmentTrack,
    Mentorship,
    Milestone,
    NetworkRepresentative,
    TrackItem,
    Workshop,
    WorkshopAttendance,
)

from .data_vocab import LEADER_TITLES, MILESTONES, WORKSHOP_DESCRIPTION, WORKSHOP_PLACES, WORKSHOPS
from .places import DEMO_EMAILS
from .world import World

STAGES = ("nucleus", "building", "established", "joined")
STAGE_YEARS = {"nucleus": (0.3, 1.5), "building": (1.0, 3.5), "established": (2.5, 5.5), "joined": (4.0, 9.0)}
FOUNDATIONS = ("spirit", "relationships", "arrangements")
# How far each stage has come on the checklist: (done, in progress) shares of the eight infrastructure items
PROGRESS = {"nucleus": (0.0, 0.25), "building": (0.35, 0.35), "established": (0.8, 0.2), "joined": (1.0, 0.0)}


def seed_establishment(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("establishment")
    today = s.today
    communities = world.new_communities
    # mentors: experienced community builders (the first is the demo mentor)
    mentor_home = world.any_israeli()
    mentors = [world.person(rng, mentor_home, language="he") for _ in range(s.scale.mentors)]
    mentors[0].email, mentors[0].full_name = DEMO_EMAILS["mentor"], "אורית מלווה (הדגמה)"
    # leaders: one to three per new community (the demo leader leads the second one)
    leaders_of, people = [], []
    for community in communities:
        count = rng.randint(1, 3)
        leaders_of.append((community, len(people), count))
        people += [world.person(rng, community, language="he") for _ in range(count)]
    leader_index = leaders_of[1][1] if len(leaders_of) > 1 else leaders_of[0][1]
    people[leader_index].email, people[leader_index].full_name = DEMO_EMAILS["leader"], "יואב מוביל (הדגמה)"
    ids = world.save_people(mentors + people)
    mentor_ids, leader_ids = ids[: len(mentors)], ids[len(mentors):]
    world.demo["mentor"], world.demo["leader"] = mentor_ids[0], leader_ids[leader_index]

    tracks, stages = [], []
    for n, (community, _, _) in enumerate(leaders_of):
        stage = STAGES[n % 4]  # the demo leader's community (the second) is building its infrastructure
        low, high = STAGE_YEARS[stage]
        started = today - datetime.timedelta(days=int(365 * rng.uniform(low, high)))
        changed = started + datetime.timedelta(days=rng.randint(30, max(31, (today - started).days - 10)))
        stages.append((stage, started, changed))
        tracks.append(EstablishmentTrack(
            community_id=community.id, stage=stage, started_on=started, stage_changed_on=changed if stage != "nucleus" else None,
            joined_network_on=changed if stage == "joined" else None, nucleus_size=rng.randint(8, 40),
            notes="הגרעין נפגש אחת לשבועיים." if rng.random() < 0.5 else "",
        ))
    tracks = s.insert(EstablishmentTrack, tracks)
    leader_rows, items, milestones, mentorships, representatives = [], [], [], [], []
    for n, (track, (community, first, count), (stage, started, changed)) in enumerate(
            zip(tracks, leaders_of, stages, strict=True)):
        mine = leader_ids[first: first + count]
        leader_rows += [CommunityLeader(community_id=community.id, person_id=person, title=LEADER_TITLES[k % 4],
                                        since=started) for k, person in enumerate(mine)]
        mentor = mentor_ids[0] if n < 3 else rng.choice(mentor_ids)
        items += list(_items(rng, track.pk, stage, started, today, mentor))
        milestones += list(_milestones(rng, track.pk, stage, started, today))
        mentorships.append(Mentorship(track_id=track.pk, mentor_id=mentor, started_on=started))
        if rng.random() < 0.4:  # an earlier mentor handed over
            former = rng.choice([m for m in mentor_ids if m != mentor])
            mentorships.append(Mentorship(track_id=track.pk, mentor_id=former, started_on=started,
                                          ended_on=started + datetime.timedelta(days=rng.randint(60, 300))))
        if stage == "joined":
            representatives += [NetworkRepresentative(track_id=track.pk, person_id=person, chosen_on=changed,
                                                      role="נציג/ת לרשת הקהילות") for person in mine[:2]]
    s.stream(CommunityLeader, leader_rows)
    s.stream(TrackItem, items)
    s.stream(Milestone, milestones)
    s.stream(Mentorship, mentorships)
    s.stream(NetworkRepresentative, representatives)
    _workshops(world, rng, mentor_ids, [(c, leader_ids[f: f + k]) for c, f, k in leaders_of])


def _items(rng, track_id, stage, started, today, mentor):
    done_share, doing_share = PROGRESS[stage]
    span = max(1, (today - started).days)
    for code in ChecklistItem.values:
        if code in FOUNDATIONS:
            status = "in_progress" if stage == "nucleus" else ("done" if stage != "building" or rng.random() < 0.6
                                                               else "in_progress")
        else:
            roll = rng.random()
            status = "done" if roll < done_share else "in_progress" if roll < done_share + doing_share else "not_started"
            if stage == "joined" and code == "support_systems" and rng.random() < 0.3:
                status = "not_applicable"
        begun = started + datetime.timedelta(days=rng.randint(0, span // 2)) if status != "not_started" else None
        completed = None
        if status == "done":
            completed = begun + datetime.timedelta(days=rng.randint(0, max(0, (today - begun).days)))
        due = None
        if status in ("in_progress", "not_started"):
            due = today + datetime.timedelta(days=rng.randint(-60, 240))  # some are overdue
        touched = completed or begun or started
        yield TrackItem(track_id=track_id, item=code, status=status, started_on=begun, due_on=due, completed_on=completed,
                        updated_by_id=mentor, notes="",
                        updated_at=datetime.datetime.combine(touched, datetime.time(12), tzinfo=datetime.UTC))


def _milestones(rng, track_id, stage, started, today):
    reached = STAGES.index(stage)
    for en, he, milestone_stage in MILESTONES:
        level = STAGES.index(milestone_stage)
        if level > reached + 1:
            continue
        if level <= reached and (level < reached or rng.random() < 0.6):
            due = started + datetime.timedelta(days=int(120 * (level + 1) * rng.uniform(0.7, 1.3)))
            due = min(due, today - datetime.timedelta(days=1))
            completed = due - datetime.timedelta(days=rng.randint(0, 20)) if rng.random() < 0.85 else None
            completed = max(completed, started) if completed else None
        else:
            due = today + datetime.timedelta(days=rng.randint(-90, 200))  # the next ones; some are late
            completed = None
        yield Milestone(track_id=track_id, title_en=en, title_he=he, stage=milestone_stage, due_on=due,
                        completed_on=completed)


def _workshops(world, rng, mentor_ids, leaders) -> None:
    s = world.seeder
    rows = []
    count = s.scale.workshops
    for n in range(count):
        days = int(1000 * (count - 1 - n) / count) - 45  # about three years back, the last one still ahead
        en, he = WORKSHOPS[n % len(WORKSHOPS)]
        place = rng.choice(WORKSHOP_PLACES)
        rows.append(Workshop(title_en=en, title_he=he, description_en=WORKSHOP_DESCRIPTION[0],
                             description_he=WORKSHOP_DESCRIPTION[1], held_on=s.today - datetime.timedelta(days=days),
                             location_en=place[0], location_he=place[1], facilitator_id=rng.choice(mentor_ids)))
    attendance = []
    for workshop in s.insert(Workshop, rows):
        if workshop.held_on > s.today:
            continue
        seen = set()
        for community, people in rng.sample(leaders, min(len(leaders), rng.randint(3, 10))):
            for person in people[: rng.randint(1, 2)]:
                if person not in seen:
                    seen.add(person)
                    attendance.append(WorkshopAttendance(workshop_id=workshop.pk, person_id=person, community_id=community.id))
    s.stream(WorkshopAttendance, attendance)
