"""``manage.py seed_demo`` (small scale): a coherent, bilingual world that a second run leaves alone.

The world is seeded once per module inside a transaction that is rolled back at the end, so the other
test modules never see it; each test runs in its own savepoint within it.
"""

import hashlib
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accounts.models import User
from communities.models import Community, EstablishmentTrack, TrackItem
from demo.seed.base import DEMO_PASSWORD
from demo.seed.places import DEMO_EMAILS
from partnerships.models import Committee, ForumMembership, Membership, Partnership
from programs.models import BudgetAllocation, Program
from volunteers.models import HoursLog, Shift, SignUp

SEEDED_APPS = ("accounts", "account", "communities", "partnerships", "programs", "volunteers")
HEBREW = re.compile(r"[\u0590-\u05FF]")

pytestmark = pytest.mark.django_db


def seeded_models() -> list:
    """Every table the seeder writes: the models of the seeded apps and their many-to-many tables."""
    found = []
    for label in SEEDED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            found.append(model)
    return found


def row_counts() -> dict:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def digest() -> str:
    """A digest of every column of every seeded row. Primary keys and foreign keys are taken relative to the
    smallest key of their table, so two runs on fresh tables compare equal whatever the sequences say."""
    first_pk = {}
    for model in seeded_models():
        first_pk[model] = min(model._default_manager.values_list("pk", flat=True), default=0) or 0
    h = hashlib.sha256()
    for model in sorted(seeded_models(), key=lambda m: m._meta.label):
        fields = model._meta.concrete_fields
        names = [f.attname for f in fields]
        h.update(model._meta.label.encode())
        for row in model._default_manager.order_by("pk").values_list(*names):
            values = []
            for f, value in zip(fields, row, strict=True):
                if f.primary_key:
                    value = value - first_pk[model]
                elif f.is_relation and value is not None:
                    value = value - first_pk.get(f.related_model, 0)
                values.append(repr(value))
            h.update("|".join(values).encode())
    return h.hexdigest()


def wipe_seeded_tables() -> None:
    tables = [model._meta.db_table for model in seeded_models()]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from models)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module; roll it all back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", stdout=out)
            yield {"output": out.getvalue(), "counts": row_counts(), "digest": digest()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_first_run_prints_phases_and_demo_logins(seeded):
    output = seeded["output"]
    assert "communities" in output and "shifts, sign-ups, hours" in output
    assert DEMO_PASSWORD in output
    for email in DEMO_EMAILS.values():
        assert email in output
    assert re.search(r"chair@p2g\.example .*preferred language: (he|en)", output)


def test_a_second_run_reports_already_seeded_and_leaves_the_same_data(seeded):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Already seeded" in out.getvalue()
    assert row_counts() == seeded["counts"]
    assert digest() == seeded["digest"]


def test_a_fresh_run_on_the_same_day_builds_the_same_world(seeded):
    wipe_seeded_tables()
    assert Partnership.objects.count() == 0
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == seeded["counts"]
    assert digest() == seeded["digest"]


def test_every_partnership_has_both_sides_and_a_steering_chair_from_each(seeded):
    partnerships = Partnership.objects.all()
    assert partnerships.count() >= 3
    for partnership in partnerships:
        sides = set(partnership.links.values_list("community__side", flat=True))
        assert sides == {"diaspora", "israel"}, partnership
        steering = Committee.objects.get(partnership=partnership, kind="steering")
        chairs = set(
            steering.memberships.filter(role__in=["chair", "co_chair"], term_end__isnull=True).values_list("side", flat=True)
        )
        assert chairs == {"diaspora", "israel"}, partnership
        assert partnership.committees.filter(kind="subcommittee", parent=steering).exists()


def test_membership_terms_of_a_person_committee_and_role_never_overlap(seeded):
    # PostgreSQL refuses overlaps with an exclusion constraint; SQLite relies on the seeder (and clean()).
    by_key = {}
    for committee, person, role, start, end in Membership.objects.values_list(
        "committee", "person", "role", "term_start", "term_end"
    ):
        by_key.setdefault((committee, person, role), []).append((start, end))
    assert any(len(terms) > 1 for terms in by_key.values()) or len(by_key) > 100
    for key, terms in by_key.items():
        terms.sort()
        for (_, end), (next_start, _) in zip(terms, terms[1:], strict=False):
            assert end is not None and end < next_start, key


def test_budget_amounts_respect_the_rules(seeded):
    allocations = BudgetAllocation.objects.all()
    assert allocations.count() > 100
    assert not allocations.filter(spent_amount__gt=F("approved_amount")).exists()
    assert not allocations.filter(approved_amount__isnull=True, spent_amount__gt=0).exists()
    assert not allocations.filter(status__in=["approved", "closed"], approved_amount__isnull=True).exists()
    assert not allocations.filter(status="returned", status_reason="").exists()
    assert set(allocations.values_list("status", flat=True)) >= {"closed", "approved", "returned"}
    assert set(allocations.values_list("category", flat=True)) == {"personal", "regional"}
    years = allocations.values_list("fiscal_year", flat=True)
    assert min(years) == 1997


def test_programs_cover_every_type_and_personal_connections_grow(seeded):
    assert set(Program.objects.values_list("program_type", flat=True)) == {
        "school_twinning", "professional_exchange", "mission", "young_leadership", "culture_arts", "volunteering",
        "other",
    }
    early = BudgetAllocation.objects.filter(fiscal_year__lte=2000, partnership__founded_year__lte=2000)
    late = BudgetAllocation.objects.filter(fiscal_year__gte=2022, partnership__founded_year__lte=2000)

    def personal_share(qs):
        totals = dict(qs.filter(currency="USD").values_list("category").annotate(n=Sum("proposed_amount")).order_by())
        return totals.get("personal", 0) / max(1, sum(totals.values()))

    assert personal_share(late) > personal_share(early)


def test_sign_ups_respect_capacity_and_hours_follow_the_rules(seeded):
    full = Shift.objects.annotate(
        taken=Count("signups", filter=Q(signups__status__in=["confirmed", "attended", "no_show"]))
    ).filter(taken__gt=F("capacity"))
    assert not full.exists()
    assert SignUp.objects.filter(status="waitlisted").exists()
    # nobody waits on an upcoming shift that still has a free place
    waiting_with_room = Shift.objects.filter(starts_at__gt=timezone.now(), status="scheduled").annotate(
        taken=Count("signups", filter=Q(signups__status__in=["confirmed", "attended", "no_show"])),
        waiting=Count("signups", filter=Q(signups__status="waitlisted")),
    ).filter(waiting__gt=0, taken__lt=F("capacity"))
    assert not waiting_with_room.exists()
    assert not HoursLog.objects.filter(status="rejected", rejection_reason="").exists()
    assert set(HoursLog.objects.values_list("status", flat=True)) == {"pending", "approved", "rejected"}


def test_forums_and_new_communities(seeded):
    seats = ForumMembership.objects.filter(left_on__isnull=True).values("forum").annotate(n=Count("id"))
    assert len(seats) == 7 and all(1 <= row["n"] <= 20 for row in seats)
    assert set(EstablishmentTrack.objects.values_list("stage", flat=True)) >= {"nucleus", "building"}
    for track in EstablishmentTrack.objects.all():
        assert TrackItem.objects.filter(track=track).count() == 11


def test_rates_are_averaged_and_counts_added_up_across_organisations(seeded):
    from programs.models import Indicator

    kinds = dict(Indicator.objects.values_list("unit_en", "aggregation").distinct())
    assert kinds["%"] == "average"
    assert kinds["volunteers"] == "sum"
    assert not Indicator.objects.filter(unit_en="%", aggregation="sum").exists()


@pytest.mark.parametrize("role", sorted(DEMO_EMAILS))
def test_the_demo_logins_can_log_in(seeded, client, role):
    assert client.login(email=DEMO_EMAILS[role], password=DEMO_PASSWORD)
    user = User.objects.get(email=DEMO_EMAILS[role])
    assert user.emailaddress_set.filter(verified=True, primary=True).exists()
    if role == "volunteer":
        assert user.volunteer_profile.skills.exists()
        assert set(user.signups.values_list("status", flat=True)) >= {"attended", "confirmed", "waitlisted"}
        assert user.hours_logged.exists()
    if role in ("chair", "member"):
        assert user.memberships.filter(committee__kind="steering", term_end__isnull=True).exists()


def test_the_chair_and_the_member_sit_on_the_same_committee_from_both_sides(seeded):
    chair = Membership.objects.get(person__email=DEMO_EMAILS["chair"], role__in=["chair", "co_chair"],
                                   committee__kind="steering", term_end__isnull=True)
    member = Membership.objects.get(person__email=DEMO_EMAILS["member"], role="member",
                                    committee=chair.committee, term_end__isnull=True)
    assert {chair.side, member.side} == {"diaspora", "israel"}


def test_hebrew_is_present_in_the_hebrew_fields(seeded):
    for model, field in ((Partnership, "name_he"), (Community, "name_he"), (Committee, "name_he"),
                         (Program, "name_he")):
        values = list(model.objects.values_list(field, flat=True))
        assert values and all(HEBREW.search(v) for v in values), (model, field)
    israelis = User.objects.filter(home_community__side="israel", preferred_language="he")
    assert israelis.exists()
    assert sum(bool(HEBREW.search(name)) for name in israelis.values_list("full_name", flat=True)) > israelis.count() / 2
    assert User.objects.filter(home_community__side="diaspora", full_name__regex=r"^[A-Za-z]").exists()
