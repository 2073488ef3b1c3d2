"""The staff admin: every registered model opens in English and Hebrew, lists in a bounded number of
queries, serves no script from a CDN, and enforces the rules staff would otherwise break."""

import datetime
import itertools
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import User
from communities.models import Side
from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from partnerships.models import FORUM_MAX_MEMBERS, ForumMembership, Partnership
from programs.models import AllocationStatus, BudgetAllocation
from tests import factories as f

_serial = itertools.count(1)


def _interval():
    return IntervalSchedule.objects.create(every=next(_serial), period=IntervalSchedule.SECONDS)


def _link():
    return f.PartnershipFactory(steering=False).links.first()


# One way to make a row of every model the admin shows. A model registered without one fails
# test_every_registered_model_can_be_made, so that no admin page escapes these tests.
MAKERS = {
    "accounts.User": f.UserFactory,
    "communities.Community": f.DiasporaCommunityFactory,
    "communities.CommunityLeader": f.CommunityLeaderFactory,
    "communities.EstablishmentTrack": f.EstablishmentTrackFactory,
    "communities.Mentorship": f.MentorshipFactory,
    "communities.TrackItem": f.TrackItemFactory,
    "communities.TrackEvidence": f.TrackEvidenceFactory,
    "communities.Milestone": f.MilestoneFactory,
    "communities.Workshop": f.WorkshopFactory,
    "communities.WorkshopAttendance": f.WorkshopAttendanceFactory,
    "communities.NetworkRepresentative": f.NetworkRepresentativeFactory,
    "partnerships.Partnership": f.PartnershipFactory,
    "partnerships.PartnershipCommunity": _link,
    "partnerships.Committee": f.CommitteeFactory,
    "partnerships.Membership": f.MembershipFactory,
    "partnerships.Meeting": f.MeetingFactory,
    "partnerships.AgendaItem": f.AgendaItemFactory,
    "partnerships.Attendance": f.AttendanceFactory,
    "partnerships.Decision": f.DecisionFactory,
    "partnerships.ActionItem": f.ActionItemFactory,
    "partnerships.ActionItemUpdate": f.ActionItemUpdateFactory,
    "partnerships.MeetingAttachment": f.MeetingAttachmentFactory,
    "partnerships.MeetingComment": f.MeetingCommentFactory,
    "partnerships.Organisation": f.OrganisationFactory,
    "partnerships.OrganisationContact": f.OrganisationContactFactory,
    "partnerships.PartnerApplication": f.PartnerApplicationFactory,
    "partnerships.Forum": f.ForumFactory,
    "partnerships.ForumMembership": f.ForumMembershipFactory,
    "programs.Program": f.ProgramFactory,
    "programs.ProgramCoordinator": f.ProgramCoordinatorFactory,
    "programs.Activity": f.ActivityFactory,
    "programs.BudgetAllocation": f.BudgetAllocationFactory,
    "programs.ExchangeRate": f.ExchangeRateFactory,
    "programs.Indicator": f.IndicatorFactory,
    "programs.IndicatorTarget": f.IndicatorTargetFactory,
    "programs.Measurement": f.MeasurementFactory,
    "volunteers.Skill": f.SkillFactory,
    "volunteers.SpokenLanguage": f.SpokenLanguageFactory,
    "volunteers.VolunteerProfile": f.VolunteerProfileFactory,
    "volunteers.AvailabilitySlot": f.AvailabilitySlotFactory,
    "volunteers.Opportunity": f.OpportunityFactory,
    "volunteers.Shift": f.ShiftFactory,
    "volunteers.SignUp": f.SignUpFactory,
    "volunteers.HoursLog": f.HoursLogFactory,
    "notifications.Delivery": lambda: Delivery.objects.create(
        recipient=f.UserFactory(), kind=Kind.MEETING_REMINDER, object_id=next(_serial), occurrence="20261201T1000Z/1d",
        status=DeliveryStatus.FAILED, error="SMTP 550: mailbox unavailable",
    ),
    "partnerships.Newsletter": lambda: f.NewsletterFactory(),
    "notifications.OptOut": lambda: OptOut.objects.create(person=f.UserFactory(), kind=Kind.MEETING_REMINDER),
    # Registered by Django and by the libraries the project uses.
    "auth.Group": lambda: Group.objects.create(name=f"Coordinators {next(_serial)}"),
    "sites.Site": lambda: Site.objects.create(domain=f"site{next(_serial)}.example.org", name="P2G"),
    "account.EmailAddress": lambda: EmailAddress.objects.create(
        user=f.UserFactory(), email=f"mail{next(_serial)}@example.org", verified=True, primary=True
    ),
    "django_celery_beat.IntervalSchedule": _interval,
    "django_celery_beat.CrontabSchedule": lambda: CrontabSchedule.objects.create(minute=str(next(_serial) % 60)),
    "django_celery_beat.SolarSchedule": lambda: SolarSchedule.objects.create(
        event="sunrise", latitude=Decimal("31.77"), longitude=Decimal(next(_serial) % 180)
    ),
    "django_celery_beat.ClockedSchedule": lambda: ClockedSchedule.objects.create(
        clocked_time=timezone.now() + datetime.timedelta(days=next(_serial))
    ),
    "django_celery_beat.PeriodicTask": lambda: PeriodicTask.objects.create(
        name=f"Reminders {next(_serial)}", task="partnerships.tasks.send_reminders", interval=_interval()
    ),
}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
LABELS = [model._meta.label for model in REGISTERED]
PROJECT_APPS = {"accounts", "communities", "partnerships", "programs", "volunteers", "notifications", "demo"}
# A ledger staff may read but neither add to nor edit (notifications.admin): its add page and a POST to
# its change page are refused.
READ_ONLY = {"notifications.Delivery"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories hash a password for every person; the default hasher makes that the slowest part.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def admin_url(model, view, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_can_be_made():
    assert sorted(MAKERS) == LABELS


def test_every_project_model_is_registered():
    from django.apps import apps

    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize("model", REGISTERED, ids=LABELS)
def test_changelist_add_and_change_pages_open(admin_client, model, lang):
    obj = MAKERS[model._meta.label]()
    if model._meta.label in READ_ONLY:
        assert admin_client.get(admin_url(model, "add", lang=lang)).status_code == 403
    for url in (
        admin_url(model, "changelist", lang=lang),
        *([] if model._meta.label in READ_ONLY else [admin_url(model, "add", lang=lang)]),
        admin_url(model, "change", obj.pk, lang=lang),
    ):
        assert url.startswith(f"/{lang}/admin/")
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "he" else "ltr"}"' in html
        assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)  # the CSP allows 'self' only


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=LABELS)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    make = MAKERS[model._meta.label]
    url = admin_url(model, "changelist")
    make()
    assert admin_client.get(url).status_code == 200  # warms caches (content types, site, session)

    make()
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    for _ in range(10):
        make()
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.status_code == 200
    shown = response.context["cl"].result_count
    assert shown >= 12
    assert len(many) <= len(few), "\n".join(q["sql"] for q in many.captured_queries)


def _autocomplete_targets():
    """One (source model, field) per model that some admin page looks up by autocomplete."""
    targets = {}
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]:
            for name in owner.autocomplete_fields:
                remote = owner.model._meta.get_field(name).remote_field.model
                targets.setdefault(remote._meta.label, (owner.model, name))
    return sorted(targets.items())


AUTOCOMPLETE_TARGETS = _autocomplete_targets()


def test_autocomplete_reaches_every_big_table():
    looked_up = {label for label, _source in AUTOCOMPLETE_TARGETS}
    big = {
        "accounts.User", "communities.Community", "partnerships.Partnership", "programs.Program",
        "partnerships.Committee", "volunteers.Opportunity", "volunteers.Shift", "partnerships.Organisation",
        "partnerships.Forum", "partnerships.Meeting", "programs.Indicator",
    }
    assert big <= looked_up


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "source"), AUTOCOMPLETE_TARGETS, ids=[label for label, _ in AUTOCOMPLETE_TARGETS])
def test_autocomplete_queries_do_not_grow_with_rows(admin_client, label, source):
    source_model, field_name = source
    params = {
        "app_label": source_model._meta.app_label,
        "model_name": source_model._meta.model_name,
        "field_name": field_name,
        "term": "",
    }
    url = reverse("admin:autocomplete")
    make = MAKERS[label]
    make()
    assert admin_client.get(url, params).status_code == 200
    make()
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url, params).status_code == 200
    for _ in range(10):
        make()
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url, params)
    assert len(response.json()["results"]) >= 12
    assert len(many) <= len(few), "\n".join(q["sql"] for q in many.captured_queries)


# --- No script or style from another origin (the CSP allows 'self' only) -------------------------

EXTERNAL = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
def test_translated_admin_pages_load_only_local_scripts(admin_client, lang):
    partnership = f.PartnershipFactory()
    meeting = f.MeetingFactory()
    track = f.EstablishmentTrackFactory()
    pages = [
        admin_url(Partnership, "change", partnership.pk, lang=lang),
        admin_url(Partnership, "add", lang=lang),
        admin_url(type(meeting), "change", meeting.pk, lang=lang),
        # a plain admin with a translated inline (milestones) still gets the tabs
        admin_url(type(track), "change", track.pk, lang=lang),
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
        assert "googleapis" not in html
        assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
        assert "/static/modeltranslation/js/tabbed_translation_fields.js" in html
        assert "name_he" in html or "title_he" in html


def test_vendored_jquery_ui_is_found_by_staticfiles():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")
    assert finders.find("modeltranslation/js/tabbed_translation_fields.js")


# --- Partnerships: a community on each side ------------------------------------------------------


def _partnership_post(communities, **extra):
    data = {
        "name_en": "Boston – Haifa",
        "name_he": "בוסטון – חיפה",
        "kind": "city_to_city",
        "founded_year": "1997",
        "status": "active",
        "description_en": "",
        "description_he": "",
        "links-TOTAL_FORMS": str(len(communities)),
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "2",
        "links-MAX_NUM_FORMS": "1000",
    }
    for i, community in enumerate(communities):
        data[f"links-{i}-community"] = str(community.pk)
        data[f"links-{i}-joined_year"] = ""
    data.update(extra)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
def test_partnership_with_communities_on_one_side_only_is_refused(admin_client, lang):
    boston, new_york = f.DiasporaCommunityFactory(), f.DiasporaCommunityFactory()
    response = admin_client.post(admin_url(Partnership, "add", lang=lang), _partnership_post([boston, new_york]))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(lang):
        from partnerships.services import partnership_sides_validate

        try:
            partnership_sides_validate([Side.DIASPORA])
        except Exception as error:  # noqa: BLE001 - we only want its message, in this language
            expected = error.messages[0]
    assert expected in html.replace("&#x27;", "'")
    assert not Partnership.objects.filter(name_en="Boston – Haifa").exists()


@pytest.mark.django_db
def test_partnership_with_both_sides_is_saved_with_history(admin_client, admin_user):
    boston, haifa = f.DiasporaCommunityFactory(), f.IsraeliCommunityFactory()
    response = admin_client.post(admin_url(Partnership, "add"), _partnership_post([boston, haifa]))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    partnership = Partnership.objects.get(name_en="Boston – Haifa")
    assert set(partnership.communities.all()) == {boston, haifa}
    assert partnership.history.get().history_user == admin_user


@pytest.mark.django_db
def test_removing_the_last_israeli_community_is_refused(admin_client):
    partnership = f.PartnershipFactory(steering=False)
    diaspora, israel = (
        partnership.links.get(community__side=Side.DIASPORA),
        partnership.links.get(community__side=Side.ISRAEL),
    )
    data = _partnership_post(
        [diaspora.community, israel.community],
        name_en=partnership.name_en,
        **{
            "links-INITIAL_FORMS": "2",
            "links-0-id": str(diaspora.pk),
            "links-0-partnership": str(partnership.pk),
            "links-1-id": str(israel.pk),
            "links-1-partnership": str(partnership.pk),
            "links-1-DELETE": "on",
        },
    )
    response = admin_client.post(admin_url(Partnership, "change", partnership.pk), data)
    assert response.status_code == 200
    assert "Missing: Israel" in response.content.decode()
    assert partnership.links.count() == 2

    # The standalone page of a link refuses it too, with a message rather than an error page.
    response = admin_client.post(admin_url(type(israel), "delete", israel.pk), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Missing: Israel" in response.content.decode()
    assert partnership.links.count() == 2


@pytest.mark.django_db
def test_partnership_changelist_shows_both_sides(admin_client):
    partnership = f.PartnershipFactory()
    html = admin_client.get(admin_url(Partnership, "changelist")).content.decode()
    for link in partnership.links.select_related("community"):
        assert link.community.name_en in html


# --- Forums: at most 20 seats, given automatically ----------------------------------------------


def _full_forum():
    forum = f.ForumFactory()
    organisation = f.OrganisationFactory()
    for seat in range(1, FORUM_MAX_MEMBERS + 1):
        f.ForumMembershipFactory(forum=forum, organisation=organisation, seat=seat)
    return forum, organisation


def _membership_post(forum, person, organisation, **extra):
    return {
        "forum": str(forum.pk),
        "person": str(person.pk),
        "organisation": str(organisation.pk),
        "seat": "",
        "joined_on": "2026-01-05",
        "left_on": "",
        **extra,
    }


@pytest.mark.django_db
def test_blank_seat_is_the_lowest_free_one_and_leaving_clears_it(admin_client):
    forum, organisation = f.ForumFactory(), f.OrganisationFactory()
    f.ForumMembershipFactory(forum=forum, organisation=organisation, seat=1)
    f.ForumMembershipFactory(forum=forum, organisation=organisation, seat=3)
    person = f.UserFactory()
    response = admin_client.post(admin_url(ForumMembership, "add"), _membership_post(forum, person, organisation))
    assert response.status_code == 302
    membership = ForumMembership.objects.get(forum=forum, person=person)
    assert membership.seat == 2

    response = admin_client.post(
        admin_url(ForumMembership, "change", membership.pk),
        _membership_post(forum, person, organisation, seat="2", left_on="2026-06-30"),
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.seat, membership.left_on) == (None, datetime.date(2026, 6, 30))


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
def test_21st_forum_member_is_a_form_error(admin_client, lang):
    forum, organisation = _full_forum()
    person = f.UserFactory()
    response = admin_client.post(
        admin_url(ForumMembership, "add", lang=lang), _membership_post(forum, person, organisation)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors
    if lang == "en":
        assert "A forum has at most 20 members; this one is full." in response.content.decode()
    assert forum.memberships.filter(left_on__isnull=True).count() == FORUM_MAX_MEMBERS

    # A seat typed in by hand, already taken, is refused on that field.
    response = admin_client.post(
        admin_url(ForumMembership, "add", lang=lang), _membership_post(forum, person, organisation, seat="7")
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["seat"]
    if lang == "en":
        assert "Seat 7 is taken." in response.content.decode()
    assert not forum.memberships.filter(person=person).exists()


def _forum_inline_post(forum, members, new_rows):
    data = {
        "name_en": forum.name_en,
        "name_he": forum.name_he,
        "theme_en": forum.theme_en or "",
        "theme_he": forum.theme_he or "",
        "description_en": "",
        "description_he": "",
        "target_government": "7",
        "target_business": "6",
        "target_nonprofit": "7",
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(members) + len(new_rows)),
        "memberships-INITIAL_FORMS": str(len(members)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {
            "id": m.pk,
            "forum": forum.pk,
            "seat": m.seat,
            "person": m.person_id,
            "organisation": m.organisation_id,
            "joined_on": m.joined_on,
            "left_on": "",
        }
        for m in members
    ] + new_rows
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{i}-{key}"] = "" if value is None else str(value)
    return data


@pytest.mark.django_db
def test_21st_forum_member_through_the_forum_inline_is_a_form_error(admin_client):
    forum, organisation = _full_forum()
    members = list(forum.memberships.order_by("seat"))
    new = {"forum": forum.pk, "seat": "", "person": f.UserFactory().pk, "organisation": organisation.pk,
           "joined_on": "2026-02-01", "left_on": ""}
    response = admin_client.post(admin_url(type(forum), "change", forum.pk), _forum_inline_post(forum, members, [new]))
    assert response.status_code == 200
    assert "A forum has at most 20 members; this one is full." in response.content.decode()
    assert forum.memberships.count() == FORUM_MAX_MEMBERS

    # The same newcomer, in the same submission as the holder of seat 5 leaves: takes seat 5.
    data = _forum_inline_post(forum, members, [new])
    data["memberships-4-left_on"] = "2026-01-31"  # the holder of seat 5 leaves
    response = admin_client.post(admin_url(type(forum), "change", forum.pk), data)
    assert response.status_code == 302
    assert forum.memberships.get(person_id=new["person"]).seat == 5
    assert forum.memberships.filter(left_on__isnull=True).count() == FORUM_MAX_MEMBERS


@pytest.mark.django_db
def test_new_forum_members_in_one_submission_get_distinct_seats(admin_client):
    forum, organisation = f.ForumFactory(), f.OrganisationFactory()
    rows = [
        {"forum": forum.pk, "seat": "", "person": f.UserFactory().pk, "organisation": organisation.pk,
         "joined_on": "2026-02-01", "left_on": ""}
        for _ in range(3)
    ]
    response = admin_client.post(admin_url(type(forum), "change", forum.pk), _forum_inline_post(forum, [], rows))
    assert response.status_code == 302
    assert sorted(forum.memberships.values_list("seat", flat=True)) == [1, 2, 3]


# --- Budget allocations: status stamps, rules as form errors, history -----------------------------


def _allocation_post(allocation, **changes):
    data = {
        "partnership": allocation.partnership_id,
        "fiscal_year": allocation.fiscal_year,
        "program": allocation.program_id,
        "category": allocation.category,
        "funding_source": allocation.funding_source,
        "currency": allocation.currency,
        "proposed_amount": allocation.proposed_amount,
        "approved_amount": allocation.approved_amount or "",
        "spent_amount": allocation.spent_amount,
        "status": allocation.status,
        "status_reason": allocation.status_reason,
        "spending_report_due_on": "",
        "notes": allocation.notes,
    }
    data.update(changes)
    return {key: str(value) for key, value in data.items()}


def _history_table(response):
    html = response.content.decode()
    start = html.index('<table id="change-history"')
    return html[start : html.index("</table>", start)]


@pytest.fixture
def dana(admin_user):
    """The signed-in staff member, with a name that appears nowhere else on a page."""
    admin_user.full_name = "Dana Levi"
    admin_user.save(update_fields=["full_name"])
    return admin_user


@pytest.mark.django_db
def test_allocation_status_change_is_stamped_and_kept_in_history(admin_client, dana):
    admin_user = dana
    allocation = f.BudgetAllocationFactory()
    url = admin_url(BudgetAllocation, "change", allocation.pk)
    response = admin_client.post(url, _allocation_post(allocation, approved_amount="45000.00", status="approved"))
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.APPROVED
    assert allocation.status_changed_by == admin_user
    assert allocation.status_changed_at is not None

    for lang in ("en", "he"):
        history = admin_client.get(admin_url(BudgetAllocation, "history", allocation.pk, lang=lang))
        assert history.status_code == 200
        table = _history_table(history)
        assert "Dana Levi" in table  # who
        assert "45000" in table.replace(",", "")  # what
        assert "proposed" in table and "approved" in table
    latest = allocation.history.first()
    assert latest.history_user == admin_user
    assert latest.status == AllocationStatus.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"approved_amount": "100.00", "spent_amount": "150.00", "status": "approved"},
            "Spending cannot exceed the approved amount",
        ),
        ({"proposed_amount": "-5"}, "Ensure this value is greater than or equal to 0."),
        ({"status": "approved"}, "An approved allocation needs an approved amount."),
        ({"status": "returned"}, "A returned allocation needs a reason."),
    ],
)
def test_allocation_rules_are_form_errors(admin_client, changes, message):
    allocation = f.BudgetAllocationFactory()
    response = admin_client.post(admin_url(BudgetAllocation, "change", allocation.pk), _allocation_post(allocation, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.PROPOSED


@pytest.mark.django_db
def test_approve_action_approves_submitted_lines_by_the_workspace_rules(admin_client, admin_user):
    ready = f.BudgetAllocationFactory(status=AllocationStatus.SUBMITTED, approved_amount=Decimal("1000"))
    not_ready = f.BudgetAllocationFactory()  # proposed, not yet submitted by the chairs
    response = admin_client.post(
        admin_url(BudgetAllocation, "changelist"),
        {"action": "approve", "_selected_action": [ready.pk, not_ready.pk]},
        follow=True,
    )
    assert response.status_code == 200
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert (ready.status, ready.status_changed_by) == (AllocationStatus.APPROVED, admin_user)
    assert not_ready.status == AllocationStatus.PROPOSED
    assert ready.history.first().history_user == admin_user
    assert "was not approved" in response.content.decode()


# --- People ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_person_is_added_with_email_and_password_twice(admin_client):
    url = admin_url(User, "add")
    data = {
        "email": "Noa.Cohen@Example.org",
        "full_name": "נועה כהן",
        "preferred_language": "he",
        "usable_password": "true",
        "password1": "shalom-gesher-2026",
        "password2": "shalom-gesher-2026",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(email="noa.cohen@example.org")
    assert person.check_password("shalom-gesher-2026")

    # The same address in other capitals is refused politely.
    response = admin_client.post(url, {**data, "email": "NOA.COHEN@example.org"})
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors

    response = admin_client.post(url, {**data, "email": "other@example.org", "password2": "different-2026"})
    assert response.status_code == 200
    assert "password2" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_autocomplete_finds_people_and_communities_in_both_languages(admin_client):
    f.UserFactory(full_name="רחל גולדברג", email="rachel@example.org")
    f.IsraeliCommunityFactory(name_en="Kiryat Shmona", name_he="קריית שמונה")
    url = reverse("admin:autocomplete")

    def search(model, field, term):
        params = {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
                  "field_name": field, "term": term}
        return [row["text"] for row in admin_client.get(url, params).json()["results"]]

    membership = f.MembershipFactory._meta.model
    assert search(membership, "person", "גולדברג") == ["רחל גולדברג"]
    assert search(membership, "person", "rachel@") == ["רחל גולדברג"]
    assert len(search(User, "home_community", "קריית")) == 1
    assert len(search(User, "home_community", "Kiryat")) == 1


@pytest.mark.django_db
def test_hours_approve_action_records_the_reviewer(admin_client, admin_user):
    hours = f.HoursLogFactory()
    response = admin_client.post(
        admin_url(type(hours), "changelist"), {"action": "approve", "_selected_action": [hours.pk]}, follow=True
    )
    assert response.status_code == 200
    hours.refresh_from_db()
    assert (hours.status, hours.reviewed_by) == ("approved", admin_user)


# --- History pages, committee members, applications ---------------------------------------------

HISTORY_MODELS = ["partnerships.Partnership", "partnerships.Membership", "programs.BudgetAllocation", "programs.Measurement"]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize("label", HISTORY_MODELS)
def test_history_pages_show_who_changed_what(admin_client, dana, label, lang):
    from simple_history.admin import SimpleHistoryAdmin

    obj = MAKERS[label]()
    model = type(obj)
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)
    obj._history_user = dana
    obj.save()
    response = admin_client.get(admin_url(model, "history", obj.pk, lang=lang))
    assert response.status_code == 200
    assert "Dana Levi" in _history_table(response)
    assert f'dir="{"rtl" if lang == "he" else "ltr"}"' in response.content.decode()
    # One past version, shown read-only.
    record = obj.history.first()
    with translation.override(lang):
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history", args=[obj.pk, record.pk]
        )
    assert admin_client.get(url).status_code == 200


def _committee_post(committee, rows):
    data = {
        "partnership": committee.partnership_id,
        "kind": committee.kind,
        "parent": committee.parent_id or "",
        "name_en": committee.name_en,
        "name_he": committee.name_he,
        "mandate_en": "",
        "mandate_he": "",
        "quorum_min_members": committee.quorum_min_members,
        "quorum_needs_both_sides": "on",
        "meeting_reminder_days": "[7, 1]",
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in {"committee": committee.pk, "ended_reason": "", "term_end": "", **row}.items():
            data[f"memberships-{i}-{key}"] = value
    return {key: "" if value is None else str(value) for key, value in data.items()}


@pytest.mark.django_db
def test_committee_members_added_inline_are_in_history_and_may_not_overlap(admin_client, dana):
    committee = f.CommitteeFactory()
    url = admin_url(type(committee), "change", committee.pk)
    noa = f.HebrewUserFactory()
    row = {"person": noa.pk, "side": "israel", "role": "member", "term_start": "2026-01-01"}

    response = admin_client.post(url, _committee_post(committee, [row, {**row, "term_start": "2026-03-01"}]))
    assert response.status_code == 200
    assert "overlaps these dates" in response.content.decode()
    assert not committee.memberships.exists()

    response = admin_client.post(url, _committee_post(committee, [row]))
    assert response.status_code == 302
    membership = committee.memberships.get()
    assert membership.history.get().history_user == dana

    # A second term overlapping the one now saved is refused by the model's own check.
    response = admin_client.post(url, _committee_post(committee, [{**row, "term_start": "2026-06-01"}]))
    assert response.status_code == 200
    assert committee.memberships.count() == 1


@pytest.mark.django_db
def test_partner_application_decision_records_who_and_when(admin_client, admin_user):
    application = f.PartnerApplicationFactory()
    url = admin_url(type(application), "change", application.pk)
    data = {
        "organisation_name": application.organisation_name,
        "sector": application.sector,
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
        "contact_phone": "",
        "themes": application.themes,
        "motivation": application.motivation,
        "language": application.language,
        "status": "declined",
        "decision_reason": "",
        "organisation": "",
        "applicant": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A declined application needs a reason." in response.content.decode()

    response = admin_client.post(url, {**data, "decision_reason": "Outside the themes of this call."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.decided_by) == ("declined", admin_user)
    assert application.decided_at is not None


# --- Round trip: every change page saves again unchanged --------------------------------------


class FormValues(HTMLParser):
    """The values a browser would send for the admin's main form, as rendered."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._in_form, self._select, self._textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea][0] + data
            self.data[self._textarea] = [value.removeprefix("\n")]


def form_values(response):
    parser = FormValues()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=LABELS)
def test_change_page_saves_again_unchanged(admin_client, model):
    obj = MAKERS[model._meta.label]()
    url = admin_url(model, "change", obj.pk)
    data = form_values(admin_client.get(url))
    response = admin_client.post(url, data)
    if model._meta.label in READ_ONLY:
        assert response.status_code == 403
        return
    errors = response.context and [
        response.context["adminform"].form.errors,
        *[formset.formset.errors + formset.formset.non_form_errors() for formset in response.context["inline_admin_formsets"]],
    ]
    assert response.status_code == 302, errors


@pytest.mark.django_db
def test_action_item_added_from_a_meeting_belongs_to_its_committee(admin_client):
    meeting = f.MeetingFactory()
    url = admin_url(type(meeting), "change", meeting.pk)
    data = form_values(admin_client.get(url))
    data.update(
        {
            "action_items-TOTAL_FORMS": ["1"],
            "action_items-0-title_en": ["Send the minutes to both sides"],
            "action_items-0-title_he": ["לשלוח את הפרוטוקול לשני הצדדים"],
            "action_items-0-owner": [str(f.UserFactory().pk)],
            "action_items-0-due_on": ["2026-12-01"],
            "action_items-0-status": ["done"],
            "action_items-0-completed_on": [""],
            "action_items-0-meeting": [str(meeting.pk)],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    item = meeting.action_items.get()
    assert (item.committee_id, item.forum_id) == (meeting.committee_id, None)
    assert item.completed_on is not None  # done without a date: today, rather than an error


# --- Change pages with many inline rows: no query per row ------------------------------------

INLINE_PAGES = [
    # parent factory, row factory, the row's link to its parent
    ("committee", f.CommitteeFactory, f.MembershipFactory, "committee"),
    ("meeting", f.MeetingFactory, f.AttendanceFactory, "meeting"),
    ("forum", f.ForumFactory, f.ForumMembershipFactory, "forum"),
    ("organisation", f.OrganisationFactory, f.OrganisationContactFactory, "organisation"),
    ("track", f.EstablishmentTrackFactory, f.MentorshipFactory, "track"),
    ("program", f.ProgramFactory, f.ProgramCoordinatorFactory, "program"),
    ("shift", f.ShiftFactory, f.SignUpFactory, "shift"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make_parent", "make_row", "link"), INLINE_PAGES, ids=[p[0] for p in INLINE_PAGES])
def test_change_page_queries_do_not_grow_with_inline_rows(admin_client, name, make_parent, make_row, link):
    parent = make_parent()
    url = admin_url(type(parent), "change", parent.pk)
    extra = {"seat": None} if name == "forum" else {}

    def add_rows(count, start):
        for i in range(start, start + count):
            make_row(**{link: parent}, **({"seat": i} if extra else {}))

    add_rows(2, 1)
    assert admin_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    add_rows(10, 3)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(many) <= len(few), "\n".join(q["sql"] for q in many.captured_queries)
