"""Coordinators' pages: shifts, rosters, attendance, writing to a shift, the hours queue, the admin."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    DiasporaCommunityFactory,
    HebrewUserFactory,
    HoursLogFactory,
    ProgramCoordinatorFactory,
    ProgramFactory,
    ShiftFactory,
    SignUpFactory,
    StaffFactory,
    UserFactory,
)
from volunteers.models import HoursLog, HoursStatus, Shift, SignUp, SignUpStatus, VolunteerProfile

pytestmark = pytest.mark.usefixtures("postgres")


def url(name, *args, lang="en", query=""):
    with translation.override(lang):
        return reverse(f"volunteers:{name}", args=args) + (f"?{query}" if query else "")


def login(client, user, lang=None):
    """Sign in someone who has completed the welcome form, reading the site in ``lang``."""
    VolunteerProfile.objects.update_or_create(user=user, defaults={"onboarded_at": timezone.now()})
    if lang:
        user.preferred_language = lang
        user.save(update_fields=["preferred_language"])
    client.force_login(user)


def started_shift(**kwargs):
    now = timezone.now()
    return ShiftFactory(starts_at=now - datetime.timedelta(hours=2), ends_at=now + datetime.timedelta(hours=1), **kwargs)


@pytest.fixture
def program():
    return ProgramFactory(name_en="School twinning Haifa", name_he="תאומות בתי ספר חיפה")


@pytest.fixture
def coordinator(program):
    person = UserFactory(full_name="Ruth Coordinator", email="ruth@example.org")
    ProgramCoordinatorFactory(program=program, person=person)
    return person


@pytest.fixture
def shift(program):
    return ShiftFactory(
        opportunity__program=program,
        opportunity__title_en="Reading buddies",
        opportunity__title_he="חברותא בקריאה",
        capacity=2,
        location_en="Haifa library",
    )


@pytest.fixture
def roster(shift):
    """Two confirmed (one Hebrew-speaking), one waitlisted, one cancelled."""
    community = DiasporaCommunityFactory(name_en="Federation of Boston", name_he="הפדרציה של בוסטון")
    noa = HebrewUserFactory(full_name="נועה כהן", email="noa@example.org", phone="+972-50-1234567",
                            home_community=community)
    david = UserFactory(full_name="David Stein", email="david@example.org", phone="+1-617-555-0100")
    sarah = UserFactory(full_name="Sarah Klein", email="sarah@example.org")
    omer = UserFactory(full_name="Omer Friedman", email="omer@example.org")
    return {
        "noa": SignUpFactory(shift=shift, volunteer=noa),
        "david": SignUpFactory(shift=shift, volunteer=david),
        "sarah": SignUpFactory(shift=shift, volunteer=sarah, status=SignUpStatus.WAITLISTED),
        "omer": SignUpFactory(shift=shift, volunteer=omer, status=SignUpStatus.CANCELLED),
    }


@pytest.fixture
def other_coordinator():
    person = UserFactory(full_name="Other Coordinator", email="other@example.org")
    ProgramCoordinatorFactory(person=person)  # of another program
    return person


# --- Home ---------------------------------------------------------------------------------------


def test_home_lists_my_programs_shifts_places_and_waiting_hours(client, coordinator, program, roster, shift):
    HoursLogFactory(program=program, volunteer=roster["david"].volunteer)
    ShiftFactory(opportunity__title_en="Someone else's shift")  # another program
    login(client, coordinator)
    response = client.get(url("coordinator_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "School twinning Haifa" in html
    assert "Reading buddies" in html
    assert "2 of 2" in html and "Full" in html  # places taken / capacity
    assert "Someone else&#x27;s shift" not in html and "Someone else's shift" not in html
    assert "1 entry of hours is waiting for your review." in html
    assert url("coordinator_shift", shift.pk) in html


def test_home_in_hebrew_is_right_to_left(client, coordinator, shift, roster):
    login(client, coordinator, lang="he")
    response = client.get(url("coordinator_home", lang="he"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "תיאום מתנדבים" in html
    assert "חברותא בקריאה" in html
    assert "2 מתוך 2" in html


def test_home_shows_next_30_days_by_default_and_past_shifts_on_request(client, coordinator, program):
    now = timezone.now()
    ShiftFactory(opportunity__program=program, opportunity__title_en="Soon shift")
    ShiftFactory(opportunity__program=program, opportunity__title_en="Far shift",
                 starts_at=now + datetime.timedelta(days=45))
    ShiftFactory(opportunity__program=program, opportunity__title_en="Old shift",
                 starts_at=now - datetime.timedelta(days=5))
    login(client, coordinator)
    html = client.get(url("coordinator_home")).content.decode()
    assert "Soon shift" in html and "Far shift" not in html and "Old shift" not in html
    html = client.get(url("coordinator_home", query="when=upcoming")).content.decode()
    assert "Soon shift" in html and "Far shift" in html and "Old shift" not in html
    html = client.get(url("coordinator_home", query="when=past")).content.decode()
    assert "Old shift" in html and "Soon shift" not in html


def test_home_filters_by_program_and_shows_a_bad_filter_as_an_error(client, coordinator, program):
    second = ProgramFactory(name_en="Young leadership")
    ProgramCoordinatorFactory(program=second, person=coordinator)
    ShiftFactory(opportunity__program=program, opportunity__title_en="Haifa shift")
    ShiftFactory(opportunity__program=second, opportunity__title_en="Leaders shift")
    login(client, coordinator)
    html = client.get(url("coordinator_home", query=f"program={second.pk}")).content.decode()
    assert "Leaders shift" in html and "Haifa shift" not in html
    foreign = ProgramFactory()
    for bad in (f"program={foreign.pk}", "program=abc", "when=tomorrow", "page=zz", "page=999"):
        response = client.get(url("coordinator_home", query=bad))
        assert response.status_code == 200, bad
    html = client.get(url("coordinator_home", query=f"program={foreign.pk}")).content.decode()
    assert "Select a valid choice" in html
    assert "Haifa shift" in html  # the default list, not an empty page


def test_home_paginates(client, coordinator, program):
    now = timezone.now()
    for day in range(30):
        ShiftFactory(opportunity__program=program, opportunity__title_en=f"Shift number {day:02d}",
                     starts_at=now + datetime.timedelta(days=1, hours=day))
    login(client, coordinator)
    first = client.get(url("coordinator_home")).content.decode()
    assert "Shift number 00" in first and "Shift number 29" not in first
    assert "Page 1 of 2" in first
    second = client.get(url("coordinator_home", query="page=2")).content.decode()
    assert "Shift number 29" in second and "Shift number 00" not in second


def test_staff_see_every_program(client, shift):
    login(client, StaffFactory())
    html = client.get(url("coordinator_home")).content.decode()
    assert "As professional staff, you can coordinate every program." in html
    assert "Reading buddies" in html


def test_a_volunteer_gets_a_friendly_403_in_their_language(client):
    login(client, HebrewUserFactory())
    response = client.get(url("coordinator_home", lang="he"))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html and "לרכזי תוכניות" in html


# --- Permission matrix ----------------------------------------------------------------------------

GET_OBJECT_URLS = [
    ("coordinator_shift", "shift"),
    ("coordinator_shift_email", "shift"),
    ("coordinator_shift_export", "shift", "csv"),
    ("coordinator_shift_export", "shift", "xlsx"),
]
GET_LIST_URLS = [("coordinator_home",), ("coordinator_hours",), ("coordinator_hours_export", "csv"),
                 ("coordinator_hours_export", "xlsx")]
POST_OBJECT_URLS = [("coordinator_attendance", "signup"), ("coordinator_hours_review", "hours")]


@pytest.fixture
def objects(coordinator, program, roster):
    shift = started_shift(opportunity__program=program)
    signup = SignUpFactory(shift=shift, volunteer=UserFactory(full_name="Attending Person"))
    hours = HoursLogFactory(program=program, volunteer=roster["david"].volunteer)
    return {"shift": roster["noa"].shift, "signup": signup, "hours": hours}


def _resolve(spec, objects):
    name, *args = spec
    return url(name, *[objects[a].pk if a in objects else a for a in args])


POST_DATA = {"coordinator_attendance": {"result": "attended"}, "coordinator_hours_review": {"action": "approve"}}
ALL_URLS = GET_LIST_URLS + GET_OBJECT_URLS


@pytest.mark.parametrize("spec", ALL_URLS + POST_OBJECT_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, objects, spec):
    target = _resolve(spec, objects)
    response = client.post(target, POST_DATA.get(spec[0], {})) if spec in POST_OBJECT_URLS else client.get(target)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("spec", ALL_URLS + POST_OBJECT_URLS)
def test_a_plain_volunteer_gets_403_on_lists_and_404_on_objects(client, objects, spec):
    login(client, objects["signup"].volunteer)
    target = _resolve(spec, objects)
    response = client.post(target, POST_DATA.get(spec[0], {})) if spec in POST_OBJECT_URLS else client.get(target)
    assert response.status_code == (403 if spec in GET_LIST_URLS else 404)
    assert "David Stein" not in response.content.decode()


@pytest.mark.parametrize("spec", GET_OBJECT_URLS + POST_OBJECT_URLS)
def test_a_coordinator_of_another_program_gets_404_and_sees_no_names(client, objects, other_coordinator, spec):
    login(client, other_coordinator)
    target = _resolve(spec, objects)
    response = client.post(target, POST_DATA.get(spec[0], {})) if spec in POST_OBJECT_URLS else client.get(target)
    assert response.status_code == 404
    content = response.content.decode(errors="replace")
    for name in ("נועה כהן", "David Stein", "Sarah Klein", "Attending Person"):
        assert name not in content
    objects["signup"].refresh_from_db()
    objects["hours"].refresh_from_db()
    assert objects["signup"].status == SignUpStatus.CONFIRMED
    assert objects["hours"].status == HoursStatus.PENDING


@pytest.mark.parametrize("spec", GET_LIST_URLS)
def test_a_coordinator_of_another_program_sees_none_of_these_names_on_lists(client, objects, other_coordinator, spec):
    login(client, other_coordinator)
    response = client.get(_resolve(spec, objects))
    assert response.status_code == 200
    content = response.content.decode(errors="replace")
    assert "David Stein" not in content and "Reading buddies" not in content


@pytest.mark.parametrize("spec", ALL_URLS)
def test_staff_may_open_every_coordinator_page(client, objects, spec):
    login(client, StaffFactory())
    assert client.get(_resolve(spec, objects)).status_code == 200


@pytest.mark.parametrize("spec", POST_OBJECT_URLS)
def test_staff_may_review_and_mark(client, objects, spec):
    login(client, StaffFactory())
    response = client.post(_resolve(spec, objects), POST_DATA[spec[0]])
    assert response.status_code == 302
    objects["signup"].refresh_from_db()
    objects["hours"].refresh_from_db()
    assert SignUpStatus.ATTENDED == objects["signup"].status or HoursStatus.APPROVED == objects["hours"].status


@pytest.mark.parametrize("name", ["coordinator_attendance", "coordinator_hours_review"])
def test_post_only_urls_refuse_get(client, coordinator, objects, name):
    login(client, coordinator)
    key = "signup" if name == "coordinator_attendance" else "hours"
    assert client.get(url(name, objects[key].pk)).status_code == 405


def test_unknown_ids_and_formats_are_404(client, coordinator, shift):
    login(client, coordinator)
    assert client.get(url("coordinator_shift", 999999)).status_code == 404
    assert client.get(url("coordinator_shift_export", shift.pk, "pdf")).status_code == 404
    assert client.get(url("coordinator_hours_export", "html")).status_code == 404
    assert client.post(url("coordinator_attendance", 999999), {"result": "attended"}).status_code == 404
    assert client.post(url("coordinator_hours_review", 999999), {"action": "approve"}).status_code == 404


# --- Roster and attendance ---------------------------------------------------------------------


def test_roster_shows_contacts_status_hours_and_the_waitlist(client, coordinator, shift, roster):
    HoursLogFactory(volunteer=roster["noa"].volunteer, program=shift.opportunity.program, shift=shift,
                    hours=Decimal("2.50"))
    login(client, coordinator)
    response = client.get(url("coordinator_shift", shift.pk))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("נועה כהן", "noa@example.org", "+972-50-1234567", "Federation of Boston", "David Stein",
                 "Confirmed", "2.50", "Sarah Klein", "Haifa library"):
        assert text in html, text
    waitlist = html.split("Waitlist</h2>")[1]
    assert "Sarah Klein" in waitlist and "David Stein" not in waitlist
    assert url("coordinator_shift_export", shift.pk, "csv") in html
    assert url("coordinator_shift_export", shift.pk, "xlsx") in html
    assert url("coordinator_shift_email", shift.pk) in html
    # Not started yet: no attendance buttons, and a word about when they come.
    assert url("coordinator_attendance", roster["noa"].pk) not in html
    assert "You can mark attendance once the shift has started." in html


def test_roster_keeps_the_waitlist_in_order(client, coordinator, shift, roster):
    later = SignUpFactory(shift=shift, volunteer=UserFactory(full_name="Zed Later"),
                          status=SignUpStatus.WAITLISTED)
    SignUp.objects.filter(pk=later.pk).update(created_at=roster["sarah"].created_at + datetime.timedelta(minutes=5))
    earlier = SignUpFactory(shift=shift, volunteer=UserFactory(full_name="Abe Earlier"),
                            status=SignUpStatus.WAITLISTED)
    SignUp.objects.filter(pk=earlier.pk).update(created_at=roster["sarah"].created_at - datetime.timedelta(minutes=5))
    login(client, coordinator)
    html = client.get(url("coordinator_shift", shift.pk)).content.decode()
    waitlist = html.split("Waitlist</h2>")[1]
    assert waitlist.index("Abe Earlier") < waitlist.index("Sarah Klein") < waitlist.index("Zed Later")


def test_roster_in_hebrew(client, coordinator, shift, roster):
    login(client, coordinator, lang="he")
    html = client.get(url("coordinator_shift", shift.pk, lang="he")).content.decode()
    assert 'dir="rtl"' in html
    assert "רשימת משתתפים: חברותא בקריאה" in html
    assert "רשימת המתנה" in html


def test_marking_attended_approves_the_shift_hours(client, coordinator, program):
    shift = started_shift(opportunity__program=program)
    signup = SignUpFactory(shift=shift, volunteer=UserFactory(full_name="Dana Present"))
    login(client, coordinator)
    roster_html = client.get(url("coordinator_shift", shift.pk)).content.decode()
    assert url("coordinator_attendance", signup.pk) in roster_html
    response = client.post(url("coordinator_attendance", signup.pk), {"result": "attended"}, follow=True)
    assert response.redirect_chain[0][0].startswith(url("coordinator_shift", shift.pk))
    assert "Dana Present is marked as attended" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.ATTENDED
    log = HoursLog.objects.get(volunteer=signup.volunteer, shift=shift)
    assert log.status == HoursStatus.APPROVED and log.hours == Decimal("3.00")
    response = client.post(url("coordinator_attendance", signup.pk), {"result": "no_show"}, follow=True)
    assert "Dana Present is marked as a no-show." in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.NO_SHOW


def test_marking_before_the_start_or_with_a_bad_value_shows_why(client, coordinator, shift, roster):
    login(client, coordinator)
    response = client.post(url("coordinator_attendance", roster["noa"].pk), {"result": "attended"}, follow=True)
    assert response.status_code == 200
    assert "Attendance can be marked once the shift has started." in response.content.decode()
    response = client.post(url("coordinator_attendance", roster["noa"].pk), {"result": "maybe"}, follow=True)
    assert "Choose “Attended” or “No-show”." in response.content.decode()
    roster["noa"].refresh_from_db()
    assert roster["noa"].status == SignUpStatus.CONFIRMED


def test_a_waitlisted_person_cannot_be_marked(client, coordinator, program):
    shift = started_shift(opportunity__program=program)
    waiting = SignUpFactory(shift=shift, status=SignUpStatus.WAITLISTED)
    login(client, coordinator)
    response = client.post(url("coordinator_attendance", waiting.pk), {"result": "attended"}, follow=True)
    assert "Only confirmed volunteers can be marked." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.WAITLISTED


# --- Email everyone on a shift -----------------------------------------------------------------


def test_email_form_says_who_gets_it(client, coordinator, shift, roster):
    login(client, coordinator)
    html = client.get(url("coordinator_shift_email", shift.pk)).content.decode()
    assert "This message goes to 3 people" in html
    assert '<label for="id_subject"' in html


def test_empty_email_fields_are_errors_and_the_text_is_kept(client, coordinator, shift, roster, mailoutbox):
    login(client, coordinator)
    response = client.post(url("coordinator_shift_email", shift.pk), {"subject": "  ", "message": "Bring a hat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Bring a hat" in html
    assert 'aria-invalid="true"' in html
    assert mailoutbox == []


def test_email_in_hebrew_keeps_the_typed_text(client, coordinator, shift, roster, mailoutbox):
    login(client, coordinator, lang="he")
    response = client.post(url("coordinator_shift_email", shift.pk, lang="he"), {"subject": "תזכורת", "message": ""})
    html = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in html
    assert "תזכורת" in html and "שליחת ההודעה" in html
    assert mailoutbox == []


def test_each_volunteer_gets_the_wrapper_in_their_language_and_time_zone(client, coordinator, shift, roster,
                                                                        mailoutbox):
    start = datetime.datetime(2026, 12, 6, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Jerusalem, 3:00 in New York
    Shift.objects.filter(pk=shift.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    login(client, coordinator)
    response = client.post(
        url("coordinator_shift_email", shift.pk),
        {"subject": "Parking & access", "message": "Please use the side entrance <gate 2>."},
        follow=True,
    )
    assert "Your message was sent to 3 people." in response.content.decode()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"noa@example.org", "david@example.org", "sarah@example.org"}  # not the cancelled one
    hebrew, english = by_address["noa@example.org"], by_address["david@example.org"]
    assert hebrew.subject == "Parking & access · חברותא בקריאה"
    assert english.subject == "Parking & access · Reading buddies"
    assert "Please use the side entrance <gate 2>." in hebrew.body and "Please use the side entrance <gate 2>." in english.body
    assert "נשלח על ידי Ruth Coordinator" in hebrew.body
    assert "יום ראשון, 6 בדצמבר 2026, 10:00–13:00" in hebrew.body and "(שעון ישראל)" in hebrew.body and "כ״ו כסלו תשפ״ז" in hebrew.body
    assert "Sent by Ruth Coordinator" in english.body
    assert "3 a.m." in english.body and "(New York time)" in english.body and "Sunday, Dec. 6, 2026, 3 a.m.–6 a.m." in english.body
    assert "Haifa library" in english.body
    assert english.reply_to == ["ruth@example.org"]
    assert "/he/me/schedule/" in hebrew.body and "/en/me/schedule/" in english.body


def test_writing_to_an_empty_shift_says_nothing_was_sent(client, coordinator, shift, mailoutbox):
    login(client, coordinator)
    response = client.post(url("coordinator_shift_email", shift.pk), {"subject": "Hi", "message": "Hello"}, follow=True)
    assert "No one is on this shift yet, so nothing was sent." in response.content.decode()
    assert mailoutbox == []


# --- Hours queue -----------------------------------------------------------------------------------


@pytest.fixture
def pending(program, coordinator):
    first = HoursLogFactory(program=program, volunteer=UserFactory(full_name="Early Bird"), hours=Decimal("2.00"),
                            description="Set up the hall")
    second = HoursLogFactory(program=program, volunteer=UserFactory(full_name="Late Comer"), hours=Decimal("1.50"))
    HoursLog.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    HoursLogFactory(program=program, volunteer=coordinator)  # my own: never in my queue
    HoursLogFactory(volunteer=UserFactory(full_name="Foreign Person"))  # another program
    HoursLogFactory(program=program, volunteer=UserFactory(full_name="Already Approved"),
                    status=HoursStatus.APPROVED)
    return {"first": first, "second": second}


def test_queue_lists_pending_hours_oldest_first(client, coordinator, pending):
    login(client, coordinator)
    response = client.get(url("coordinator_hours"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Early Bird") < html.index("Late Comer")
    assert "Set up the hall" in html
    assert "Ruth Coordinator: " not in html and "Foreign Person" not in html and "Already Approved" not in html
    assert "2 entries, oldest first." in html


def test_queue_in_hebrew(client, coordinator, pending):
    login(client, coordinator, lang="he")
    html = client.get(url("coordinator_hours", lang="he")).content.decode()
    assert 'dir="rtl"' in html and "שעות הממתינות לאישור" in html and "Early Bird" in html


def test_approving_hours(client, coordinator, pending):
    login(client, coordinator)
    response = client.post(url("coordinator_hours_review", pending["first"].pk), {"action": "approve"}, follow=True)
    assert "The hours of Early Bird are approved." in response.content.decode()
    pending["first"].refresh_from_db()
    assert pending["first"].status == HoursStatus.APPROVED
    assert pending["first"].reviewed_by == coordinator


def test_rejecting_hours_needs_a_reason(client, coordinator, pending):
    login(client, coordinator)
    response = client.post(url("coordinator_hours_review", pending["second"].pk), {"action": "reject", "reason": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_reason_{pending["second"].pk}_error"' in html
    assert "autofocus" in html
    assert "Please give the volunteer a reason." in html
    pending["second"].refresh_from_db()
    assert pending["second"].status == HoursStatus.PENDING


def test_odd_review_posts_do_not_fail(client, coordinator, pending):
    login(client, coordinator)
    target = url("coordinator_hours_review", pending["first"].pk)
    response = client.post(target, {"action": "delete", "reason": "typed", "page": "abc"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert client.post(target, {"action": "approve", "page": "abc"}).status_code == 302
    pending["first"].refresh_from_db()
    assert pending["first"].status == HoursStatus.APPROVED


def test_a_typed_reason_is_kept_when_it_is_too_long(client, coordinator, pending):
    login(client, coordinator)
    reason = "The shift was cancelled that day. " * 10  # over 300 characters
    response = client.post(url("coordinator_hours_review", pending["second"].pk),
                           {"action": "reject", "reason": reason, "page": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 300 characters" in html
    assert "The shift was cancelled that day." in html
    pending["second"].refresh_from_db()
    assert pending["second"].status == HoursStatus.PENDING


def test_rejecting_with_a_reason(client, coordinator, pending):
    login(client, coordinator, lang="he")
    response = client.post(url("coordinator_hours_review", pending["second"].pk, lang="he"),
                           {"action": "reject", "reason": "לא הייתה משמרת באותו יום"}, follow=True)
    assert response.status_code == 200
    assert "השעות של Late Comer נדחו" in response.content.decode()
    pending["second"].refresh_from_db()
    assert pending["second"].status == HoursStatus.REJECTED
    assert pending["second"].rejection_reason == "לא הייתה משמרת באותו יום"


def test_a_coordinator_cannot_review_their_own_hours(client, coordinator, program):
    own = HoursLogFactory(program=program, volunteer=coordinator)
    login(client, coordinator)
    response = client.post(url("coordinator_hours_review", own.pk), {"action": "approve"}, follow=True)
    assert "You cannot review your own hours." in response.content.decode()
    own.refresh_from_db()
    assert own.status == HoursStatus.PENDING


def test_bulk_approve_selected(client, coordinator, pending):
    login(client, coordinator)
    response = client.post(url("coordinator_hours"), {"hours": [pending["first"].pk, pending["second"].pk]},
                           follow=True)
    assert "2 entries approved." in response.content.decode()
    assert HoursLog.objects.filter(pk__in=[pending["first"].pk, pending["second"].pk],
                                   status=HoursStatus.APPROVED).count() == 2


def test_bulk_approve_refuses_hours_outside_my_queue(client, coordinator, pending):
    foreign = HoursLog.objects.get(volunteer__full_name="Foreign Person")
    login(client, coordinator)
    response = client.post(url("coordinator_hours"), {"hours": [pending["first"].pk, foreign.pk]}, follow=True)
    assert "no longer waiting for review" in response.content.decode()
    assert not HoursLog.objects.filter(status=HoursStatus.APPROVED, pk__in=[pending["first"].pk, foreign.pk]).exists()
    response = client.post(url("coordinator_hours"), {}, follow=True)
    assert "Select the hours to approve." in response.content.decode()
    response = client.post(url("coordinator_hours"), {"hours": ["x"]}, follow=True)
    assert response.status_code == 200


# --- Admin: more places promote the waitlist ---------------------------------------------------


def _shift_admin_data(shift, capacity):
    local = {name: timezone.localtime(getattr(shift, name)) for name in ("starts_at", "ends_at")}
    data = {
        "opportunity": shift.opportunity_id, "capacity": capacity, "location_en": shift.location_en or "",
        "location_he": shift.location_he or "", "cancel_cutoff_hours": shift.cancel_cutoff_hours,
        "status": shift.status, "_save": "Save",
    }
    for name, value in local.items():
        data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
    signups = list(shift.signups.order_by("created_at", "pk"))
    data.update({"signups-TOTAL_FORMS": len(signups), "signups-INITIAL_FORMS": len(signups),
                 "signups-MIN_NUM_FORMS": 0, "signups-MAX_NUM_FORMS": 1000})
    for i, signup in enumerate(signups):
        data.update({f"signups-{i}-id": signup.pk, f"signups-{i}-shift": shift.pk,
                     f"signups-{i}-volunteer": signup.volunteer_id, f"signups-{i}-status": signup.status})
    return data


def test_raising_capacity_in_the_admin_promotes_the_waitlist(client, shift, roster, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    client.force_login(StaffFactory())
    change = reverse("admin:volunteers_shift_change", args=[shift.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, _shift_admin_data(shift, capacity=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    roster["sarah"].refresh_from_db()
    assert roster["sarah"].status == SignUpStatus.CONFIRMED
    assert [m.to for m in mailoutbox] == [["sarah@example.org"]]


def test_other_admin_changes_leave_the_waitlist_alone(client, shift, roster, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    client.force_login(StaffFactory())
    change = reverse("admin:volunteers_shift_change", args=[shift.pk])
    data = _shift_admin_data(shift, capacity=2)
    data["cancel_cutoff_hours"] = 12
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change, data).status_code == 302
    roster["sarah"].refresh_from_db()
    assert roster["sarah"].status == SignUpStatus.WAITLISTED
    assert mailoutbox == []


# --- Query bounds -----------------------------------------------------------------------------------


def _world(program, coordinator, size):
    now = timezone.now()
    for i in range(size):
        shift = ShiftFactory(opportunity__program=program, starts_at=now + datetime.timedelta(days=1, hours=i),
                             capacity=size)
        for _j in range(size):
            SignUpFactory(shift=shift, volunteer=UserFactory(home_community=DiasporaCommunityFactory()))
        HoursLogFactory(program=program, volunteer=UserFactory(), shift=None)
    return shift


@pytest.mark.parametrize("size", [2, 20])
def test_query_counts_do_not_grow(client, coordinator, program, size, django_assert_max_num_queries):
    last_shift = _world(program, coordinator, size)
    login(client, coordinator)
    # Bounds: session, user, onboarding check, then the page's own few queries (one spare each).
    with django_assert_max_num_queries(11):
        assert client.get(url("coordinator_home", query="when=upcoming")).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(url("coordinator_shift", last_shift.pk)).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(url("coordinator_shift_email", last_shift.pk)).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(url("coordinator_hours")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(url("coordinator_shift_export", last_shift.pk, "xlsx")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(url("coordinator_hours_export", "csv")).status_code == 200


def test_pages_are_accessible_shapes(client, coordinator, shift, roster, pending):
    """One h1, table headers with scope, a label for every field."""
    login(client, coordinator)
    for target in (url("coordinator_home"), url("coordinator_shift", shift.pk), url("coordinator_shift_email", shift.pk),
                   url("coordinator_hours")):
        html = client.get(target).content.decode()
        assert html.count("<h1") == 1, target
        assert "<th>" not in html, target
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
            if field_id == "language-select":
                continue
            assert f'for="{field_id}"' in html, (target, field_id)


def test_the_shift_email_names_each_readers_time_zone_in_words(coordinator, shift, roster, mailoutbox):
    from volunteers.services import shift_email_volunteers

    roster["david"].volunteer.time_zone = "America/New_York"
    roster["david"].volunteer.save(update_fields=["time_zone"])
    shift_email_volunteers(shift_id=shift.pk, by=coordinator, subject="Hats", message="Bring a hat")
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert "(New York time)" in bodies["david@example.org"]
    assert "(שעון ישראל)" in bodies["noa@example.org"]
    assert "America/" not in bodies["david@example.org"] and "Asia/" not in bodies["noa@example.org"]
