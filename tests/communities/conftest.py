"""People around two communities in establishment, one in each role the track pages know.

``e.track`` (the nucleus "Garin Harish" / "גרעין חריש", in Israel) and ``e.other_track``
("Kehila Berlin", a community abroad in Germany):

- ``e.mentor`` (Hebrew, Jerusalem) has an open mentorship of ``e.track``; ``e.other_mentor``
  (English) mentors ``e.other_track`` only; ``e.former_mentor`` mentored ``e.track`` until yesterday;
- ``e.leader`` (English, New York) leads ``e.track``'s community; ``e.other_leader`` leads the other;
- ``e.volunteer`` has no role; ``e.staff`` is the organisation's staff.

Everyone filled in the one-time profile form, so pages open without the onboarding redirect.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from communities.models import ChecklistItem, CommunityKind, ItemStatus, TrackItem
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def person(email, *, hebrew=False, **kwargs):
    factory = f.HebrewUserFactory if hebrew else f.UserFactory
    user = factory(email=email, **kwargs)
    f.VolunteerProfileFactory(user=user)
    return user


def complete(track, *codes, status=ItemStatus.DONE):
    """Mark items of ``track`` done (or ``status``), as a mentor would have."""
    today = timezone.localdate()
    for code in codes:
        TrackItem.objects.update_or_create(
            track=track,
            item=code,
            defaults={"status": status, "completed_on": today if status == ItemStatus.DONE else None},
        )


def make_track(name_en, name_he, **community):
    return f.EstablishmentTrackFactory(
        community__name_en=name_en, community__name_he=name_he, started_on=datetime.date(2025, 3, 1), **community
    )


@pytest.fixture
def establishment(db):
    today = timezone.localdate()
    e = SimpleNamespace(today=today)
    e.track = make_track("Garin Harish", "גרעין חריש", community__locality_en="Harish", community__locality_he="חריש")
    e.other_track = make_track(
        "Kehila Berlin",
        "קהילה ברלין",
        community__country="DE",
        community__side="diaspora",
        community__kind=CommunityKind.COMMUNITY_ABROAD,
        community__national_priority_region=False,
        community__time_zone="Europe/Berlin",
        community__locality_en="Berlin",
        community__locality_he="ברלין",
    )
    e.staff = f.StaffFactory(email="staff@example.org", full_name="Staff Person")
    e.mentor = person("mentor@example.org", hebrew=True, full_name="מיכל אברהם")
    e.other_mentor = person("other-mentor@example.org", full_name="Hannah Weiss")
    e.former_mentor = person("former-mentor@example.org", full_name="Michael Rosen")
    e.leader = person("leader@example.org", full_name="Rachel Goldberg")
    e.other_leader = person("other-leader@example.org", full_name="David Stein")
    e.volunteer = person("volunteer@example.org", full_name="Daniel Levin")
    e.mentorship = f.MentorshipFactory(track=e.track, mentor=e.mentor, started_on=datetime.date(2025, 3, 1))
    f.MentorshipFactory(track=e.other_track, mentor=e.other_mentor, started_on=datetime.date(2025, 3, 1))
    f.MentorshipFactory(
        track=e.track,
        mentor=e.former_mentor,
        started_on=datetime.date(2025, 3, 1),
        ended_on=today - datetime.timedelta(days=2),
    )
    f.CommunityLeaderFactory(community=e.track.community, person=e.leader, title="Nucleus coordinator")
    f.CommunityLeaderFactory(community=e.other_track.community, person=e.other_leader)
    return e


@pytest.fixture
def track_objects(establishment):
    """One of each object of ``establishment.track`` a URL can name."""
    e = establishment
    o = SimpleNamespace(track=e.track.pk)
    item = TrackItem.objects.create(track=e.track, item=ChecklistItem.VISION)
    o.evidence = f.TrackEvidenceFactory(item=item, title="Vision document", file__data=PDF).pk
    o.milestone = f.MilestoneFactory(track=e.track, due_on=e.today + datetime.timedelta(days=20)).pk
    o.mentorship = e.mentorship.pk
    o.representative = f.NetworkRepresentativeFactory(track=e.track, person=e.leader, chosen_on=e.today).pk
    workshop = f.WorkshopFactory(held_on=e.today - datetime.timedelta(days=10))
    o.attendance = f.WorkshopAttendanceFactory(workshop=workshop, person=e.leader, community=e.track.community).pk
    o.workshop = workshop.pk
    return o
