"""The order of the phases, the marker of a seeded world, and the demo logins."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from communities.models import CommunityLeader, Mentorship
from partnerships.models import ForumMembership, Membership, Partnership
from programs.models import ProgramCoordinator
from volunteers.models import HoursLog, SignUp

from .base import SCALES, Seeder, own_timestamps
from .committees import seed_committees
from .establishment import seed_establishment
from .impact import seed_impact
from .meetings import seed_committee_meetings
from .places import DEMO_EMAILS, seed_communities, seed_partnerships, seed_program_staff, seed_reference
from .programs import seed_activities, seed_allocations, seed_programs
from .volunteering import seed_demo_profiles, seed_opportunities, seed_shifts, seed_volunteers
from .world import World

MARKER_EMAIL = DEMO_EMAILS["staff"]
APPS = ("accounts", "communities", "partnerships", "programs", "volunteers")

PHASES = (
    ("skills and languages", seed_reference),
    ("communities", seed_communities),
    ("partnerships", seed_partnerships),
    ("program staff", seed_program_staff),
    ("committees and terms", seed_committees),
    ("programs", seed_programs),
    ("budget allocations", seed_allocations),
    ("activities", seed_activities),
    ("committee meetings", seed_committee_meetings),
    ("volunteers", seed_volunteers),
    ("opportunities", seed_opportunities),
    ("shifts, sign-ups, hours", seed_shifts),
    ("new communities", seed_establishment),
    ("collective impact", seed_impact),
    ("demo profiles", seed_demo_profiles),
)


def is_seeded() -> bool:
    return User.objects.filter(email=MARKER_EMAIL).exists()


def seed(scale_name: str, out) -> Seeder:
    """Build the whole world in one transaction: a run that fails leaves nothing behind."""
    today = timezone.localdate()
    # "Now" is the start of today: a run on the same day writes the same data.
    now = datetime.datetime.combine(today, datetime.time(0), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    seeder = Seeder(scale=SCALES[scale_name], out=out, today=today, now=now)
    world = World(seeder)
    with transaction.atomic(), translation.override("en"), own_timestamps(APPS):
        for name, phase in PHASES:
            with seeder.phase(name):
                phase(world)
    return seeder


def demo_logins() -> list[tuple[str, str]]:
    """(email, what to look at) for each demo login, read from the database."""
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS.values())}
    lines = []
    for key, email in DEMO_EMAILS.items():
        user = users.get(email)
        if user is None:
            continue
        lines.append((email, _describe(key, user)))
    return lines


def _describe(key: str, user) -> str:
    language = f"preferred language: {user.preferred_language}"
    if key == "staff":
        return f"staff superuser (admin at /admin/), {language}"
    if key in ("chair", "member"):
        term = (Membership.objects.filter(person=user, committee__kind="steering", term_end__isnull=True)
                .select_related("committee__partnership").first())
        if term is None:
            return language
        coordinates = ProgramCoordinator.objects.filter(person=user).count()
        also = f", coordinator of {coordinates} programs (/coordinate/)" if coordinates else ""
        return (f"{term.get_role_display().lower()} ({term.side}) of {term.committee.partnership.name_en}, "
                f"joint steering committee{also}, {language}")
    if key == "volunteer":
        signups = SignUp.objects.filter(volunteer=user).count()
        hours = HoursLog.objects.filter(volunteer=user).count()
        return f"volunteer with a profile, {signups} sign-ups, {hours} hours entries, {language}"
    if key == "mentor":
        tracks = Mentorship.objects.filter(mentor=user, ended_on__isnull=True).count()
        return f"mentor of {tracks} new communities, {language}"
    if key == "partner":
        forums = ForumMembership.objects.filter(person=user, left_on__isnull=True).count()
        return f"contact of a partner organisation with a seat on {forums} forum(s) (/partners/), {language}"
    if key == "leader":
        led = CommunityLeader.objects.filter(person=user).select_related("community").first()
        return f"leader of {led.community.name_en if led else '?'}, {language}"
    return language


def summary() -> str:
    """One line about the world already in the database."""
    return f"{Partnership.objects.count()} partnerships, {User.objects.count():,} people"
