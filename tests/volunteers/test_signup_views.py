"""Taking a shift and giving it back: sign-up, waitlist, overlaps, cancellation and promotion emails."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories as f
from volunteers.models import SignUp, SignUpStatus

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args)


def at(days, hour):
    """``days`` from now at ``hour``:00 UTC."""
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.astimezone(datetime.UTC).replace(hour=hour, minute=0, second=0, microsecond=0)


def member(factory=f.UserFactory, **kwargs):
    """A volunteer who has completed the welcome form (else every page asks for it first)."""
    person = factory(**kwargs)
    f.VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    return person


@pytest.fixture(autouse=True)
def _language_reset():
    yield
    translation.deactivate()  # requests leave their language active in the thread


@pytest.fixture
def volunteer(client):
    person = member(full_name="Dana Volunteer", time_zone="Asia/Jerusalem")
    client.force_login(person)
    return person


def sign_up(client, shift, lang="en"):
    detail = url("volunteers:opportunity_detail", shift.opportunity_id, lang=lang)
    return client.post(url("volunteers:shift_sign_up", shift.pk, lang=lang), {"next": detail}, follow=True)


def shown(response) -> str:
    return html.unescape(response.content.decode())


# --- Signing up --------------------------------------------------------------------------------


def test_visitor_posting_a_sign_up_is_sent_to_sign_in_and_nothing_is_written(client):
    shift = f.ShiftFactory()

    response = client.post(url("volunteers:shift_sign_up", shift.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login") + "?next=")
    assert not SignUp.objects.exists()


def test_sign_up_is_post_only(client, volunteer):
    shift = f.ShiftFactory()

    assert client.get(url("volunteers:shift_sign_up", shift.pk)).status_code == 405
    assert not SignUp.objects.exists()


def test_sign_up_with_a_free_place_is_confirmed_and_back_on_the_opportunity_page(client, volunteer):
    shift = f.ShiftFactory(opportunity__title_en="Harvest in the Galilee", starts_at=at(6, 15), capacity=2)

    response = sign_up(client, shift)

    assert response.redirect_chain[-1] == (url("volunteers:opportunity_detail", shift.opportunity_id), 302)
    page = shown(response)
    assert "You have a place on Harvest in the Galilee" in page
    assert "5 p.m.–8 p.m." in page  # 15:00 UTC shown in Jerusalem
    assert "You have a place on this shift." in page
    assert SignUp.objects.get(shift=shift, volunteer=volunteer).status == SignUpStatus.CONFIRMED


def test_sign_up_on_a_full_shift_is_waitlisted_with_the_place_in_the_queue(client, volunteer):
    shift = f.ShiftFactory(capacity=1)
    f.SignUpFactory(shift=shift)
    f.SignUpFactory(shift=shift, status=SignUpStatus.WAITLISTED)

    page = shown(sign_up(client, shift))

    assert (
        "The shift is full: you are number 2 on the waitlist. We will email you if a place opens." in page
    )
    assert "You are on the waitlist for this shift." in page
    assert SignUp.objects.get(shift=shift, volunteer=volunteer).status == SignUpStatus.WAITLISTED


def test_signing_up_twice_says_so_and_writes_one_row(client, volunteer):
    shift = f.ShiftFactory()
    sign_up(client, shift)

    response = sign_up(client, shift)

    assert response.redirect_chain[-1][0] == url("volunteers:opportunity_detail", shift.opportunity_id)
    assert "You have already signed up for this shift." in shown(response)
    assert SignUp.objects.filter(shift=shift, volunteer=volunteer).count() == 1


def test_sign_up_overlapping_another_shift_warns_but_signs_up(client, volunteer):
    taken = f.ShiftFactory(opportunity__title_en="Choir rehearsal", starts_at=at(5, 8))
    f.SignUpFactory(shift=taken, volunteer=volunteer)
    shift = f.ShiftFactory(opportunity__title_en="Library morning", starts_at=at(5, 9))

    page = shown(sign_up(client, shift))

    assert "You have a place on Library morning" in page
    assert "This shift overlaps another shift you signed up for: Choir rehearsal" in page
    assert SignUp.objects.get(shift=shift, volunteer=volunteer).status == SignUpStatus.CONFIRMED


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: f.ShiftFactory(opportunity__is_published=False), "This shift is not open for sign-up."),
        (lambda: f.ShiftFactory(status="cancelled"), "This shift is not open for sign-up."),
        (
            lambda: f.ShiftFactory(starts_at=timezone.now() - datetime.timedelta(hours=1)),
            "This shift has already started.",
        ),
    ],
)
def test_a_shift_closed_for_sign_up_gives_the_reason(client, volunteer, make, message):
    shift = make()

    page = shown(sign_up(client, shift))

    assert message in page
    assert not SignUp.objects.exists()


def test_a_missing_shift_gives_a_message_not_an_error(client, volunteer):
    response = client.post(url("volunteers:shift_sign_up", 987654), {"next": "https://evil.example.org/"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("volunteers:opportunity_list")  # never off-site
    assert "This shift no longer exists." in shown(response)


def test_hebrew_sign_up_messages_are_in_hebrew(client):
    person = member(f.HebrewUserFactory)
    client.force_login(person)
    shift = f.ShiftFactory(opportunity__title_he="גינה קהילתית", capacity=1)
    full = f.ShiftFactory(capacity=1)
    f.SignUpFactory(shift=full)

    confirmed = shown(sign_up(client, shift, lang="he"))
    waitlisted = shown(sign_up(client, full, lang="he"))
    twice = shown(sign_up(client, shift, lang="he"))

    assert 'dir="rtl"' in confirmed
    assert "יש לך מקום במשמרת של גינה קהילתית" in confirmed
    assert "תשפ" in confirmed
    assert "המשמרת מלאה: מספרך ברשימת ההמתנה הוא 1." in waitlisted
    assert "כבר נרשמת למשמרת הזו." in twice


# --- Cancelling --------------------------------------------------------------------------------


def test_cancel_page_shows_the_shift_and_the_deadline(client, volunteer):
    shift = f.ShiftFactory(opportunity__title_en="Harvest", starts_at=at(6, 15), cancel_cutoff_hours=48)
    signup = f.SignUpFactory(shift=shift, volunteer=volunteer)

    response = client.get(url("volunteers:signup_cancel", signup.pk))

    page = shown(response)
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Harvest" in page
    deadline = timezone.localtime(shift.starts_at - datetime.timedelta(hours=48), datetime.timezone(datetime.timedelta(hours=2)))
    assert f'datetime="{deadline.isoformat()}"' in page
    assert "Yes, cancel my sign-up" in page


def test_cancelling_frees_the_place_and_goes_to_my_schedule(client, volunteer):
    signup = f.SignUpFactory(shift=f.ShiftFactory(opportunity__title_en="Harvest"), volunteer=volunteer)

    response = client.post(url("volunteers:signup_cancel", signup.pk))

    assert response.status_code == 302
    assert response["Location"] == url("volunteers:my_schedule")
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(m.startswith("Your sign-up for Harvest") and m.endswith("is cancelled.") for m in messages)


def test_too_late_to_cancel_names_the_deadline_and_keeps_the_place(client, volunteer):
    shift = f.ShiftFactory(starts_at=timezone.now() + datetime.timedelta(hours=10), cancel_cutoff_hours=24)
    signup = f.SignUpFactory(shift=shift, volunteer=volunteer)

    page_before = shown(client.get(url("volunteers:signup_cancel", signup.pk)))
    response = client.post(url("volunteers:signup_cancel", signup.pk), follow=True)

    assert "Yes, cancel my sign-up" not in page_before
    assert "It is too late to cancel online" in page_before
    page = shown(response)
    assert "It is too late to cancel online: the deadline was" in page
    deadline = timezone.localtime(shift.starts_at - datetime.timedelta(hours=24), datetime.timezone(datetime.timedelta(hours=2)))
    assert deadline.strftime("%H:%M") in page or str(deadline.day) in page
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED


def test_cancelling_an_already_cancelled_sign_up_says_it_is_not_active(client, volunteer):
    signup = f.SignUpFactory(volunteer=volunteer, status=SignUpStatus.CANCELLED)

    page = shown(client.get(url("volunteers:signup_cancel", signup.pk)))
    posted = shown(client.post(url("volunteers:signup_cancel", signup.pk), follow=True))

    assert "This sign-up is not active, so there is nothing to cancel." in page
    assert "This sign-up is not active." in posted


def test_someone_elses_sign_up_is_404_and_stays(client, volunteer):
    theirs = f.SignUpFactory(shift=f.ShiftFactory(opportunity__title_en="Private harvest"), volunteer=member())

    got = client.get(url("volunteers:signup_cancel", theirs.pk))
    posted = client.post(url("volunteers:signup_cancel", theirs.pk))

    assert got.status_code == 404
    assert posted.status_code == 404
    assert "Private harvest" not in got.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == SignUpStatus.CONFIRMED


def test_visitor_cannot_open_the_cancel_page(client):
    signup = f.SignUpFactory()

    response = client.get(url("volunteers:signup_cancel", signup.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_cancel_page_refuses_other_methods(client, volunteer):
    signup = f.SignUpFactory(volunteer=volunteer)

    assert client.put(url("volunteers:signup_cancel", signup.pk)).status_code == 405


def test_hebrew_cancel_page(client):
    person = member(f.HebrewUserFactory)
    client.force_login(person)
    signup = f.SignUpFactory(shift=f.ShiftFactory(opportunity__title_he="גינה קהילתית"), volunteer=person)

    page = shown(client.get(url("volunteers:signup_cancel", signup.pk, lang="he")))

    assert 'dir="rtl"' in page
    assert "ביטול ההרשמה שלי" in page
    assert "גינה קהילתית" in page
    assert "כן, לבטל את ההרשמה שלי" in page
    assert "תשפ" in page


# --- The waitlist moves up ---------------------------------------------------------------------


def test_cancelling_promotes_the_first_waitlisted_who_gets_one_email_in_their_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    shift = f.ShiftFactory(
        opportunity__title_en="Harvest", opportunity__title_he="קטיף בגליל", starts_at=at(10, 17), capacity=1
    )
    a = member(time_zone="America/New_York")
    b = member(f.HebrewUserFactory, email="b@example.org", time_zone="Asia/Jerusalem")
    c = member(email="c@example.org")
    first = f.SignUpFactory(shift=shift, volunteer=a)
    second = f.SignUpFactory(shift=shift, volunteer=b, status=SignUpStatus.WAITLISTED)
    third = f.SignUpFactory(shift=shift, volunteer=c, status=SignUpStatus.WAITLISTED)
    client.force_login(a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("volunteers:signup_cancel", first.pk))

    assert response.status_code == 302
    for signup in (first, second, third):
        signup.refresh_from_db()
    assert (first.status, second.status, third.status) == (
        SignUpStatus.CANCELLED,
        SignUpStatus.CONFIRMED,
        SignUpStatus.WAITLISTED,
    )
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["b@example.org"]
    assert email.subject == "התפנה מקום: ההרשמה שלך אושרה – קטיף בגליל"
    assert "19:00–22:00" in email.body  # 17:00 UTC, in Jerusalem
    assert "תשפ" in email.body
    assert f"/he/opportunities/{shift.opportunity_id}/" in email.body
    assert url("volunteers:my_schedule", lang="he") in email.body
    html_body = email.alternatives[0][0]
    assert 'dir="rtl"' in html_body
    assert "קטיף בגליל" in html_body


def test_an_english_promotion_email_reads_in_english_and_the_recipients_time(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    shift = f.ShiftFactory(opportunity__title_en="Harvest", starts_at=at(10, 17), capacity=1)
    leaving = member()
    staying = member(email="ny@example.org", time_zone="America/New_York", preferred_language="en")
    first = f.SignUpFactory(shift=shift, volunteer=leaving)
    f.SignUpFactory(shift=shift, volunteer=staying, status=SignUpStatus.WAITLISTED)
    client.force_login(leaving)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("volunteers:signup_cancel", first.pk))

    [email] = mailoutbox
    assert email.subject == "A place opened up: you are confirmed for Harvest"
    assert "A place opened up: you are confirmed for Harvest" in email.body
    assert "noon–3 p.m." in email.body  # 17:00 UTC in New York
    assert "/en/opportunities/" in email.body
    assert "&amp;" not in email.body


def test_cancelling_a_waitlisted_sign_up_promotes_nobody(client, mailoutbox, django_capture_on_commit_callbacks):
    shift = f.ShiftFactory(capacity=1)
    f.SignUpFactory(shift=shift)
    person = member()
    waiting = f.SignUpFactory(shift=shift, volunteer=person, status=SignUpStatus.WAITLISTED)
    behind = f.SignUpFactory(shift=shift, status=SignUpStatus.WAITLISTED)
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("volunteers:signup_cancel", waiting.pk))

    behind.refresh_from_db()
    assert behind.status == SignUpStatus.WAITLISTED
    assert mailoutbox == []
