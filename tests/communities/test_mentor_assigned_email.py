"""A mentor assigned to a new community is told by email, through the delivery ledger: which community,
its stage, the link to its track, in the mentor's language and time zone; once per mentorship.

The Hebrew sentences of the email pass once the lead has compiled the catalogue with
/tmp/i18n/communities.json; the Hebrew name, the stage's label, the direction and the link do now.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from communities import services
from communities.models import Mentorship
from notifications import services as notifications
from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from tests import factories as f

from .conftest import person

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"communities:{name}", kwargs=kwargs)


def assign(client, staff, track, mentor, lang="en", started_on="2026-01-04"):
    client.force_login(staff)
    return client.post(url("mentor_assign", lang, pk=track.pk), {"email": mentor.email, "started_on": started_on})


def test_assigning_a_mentor_decides_one_delivery_in_the_same_transaction(
    client, establishment, django_capture_on_commit_callbacks
):
    e = establishment
    hannah = person("hannah@example.org", full_name="Hannah Weiss")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = assign(client, e.staff, e.other_track, hannah)
    assert response.status_code == 302
    mentorship = Mentorship.objects.get(track=e.other_track, mentor=hannah)
    delivery = Delivery.objects.get(kind=Kind.MENTOR_ASSIGNED)
    assert (delivery.recipient, delivery.object_id, delivery.occurrence, delivery.status) == (
        hannah, mentorship.pk, f"assigned:{mentorship.pk}", DeliveryStatus.PENDING
    )
    assert len(callbacks) == 1  # handed to the worker once the assignment is committed
    assert mail.outbox == []

    # The ledger's send: one email, marked sent.
    outcome = notifications.deliveries_send(ids=[delivery.pk])
    assert outcome.sent == 1
    (message,) = mail.outbox
    assert message.to == ["hannah@example.org"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.language == "en"


def test_a_hebrew_mentor_reads_it_in_hebrew_right_to_left(client, establishment, django_capture_on_commit_callbacks):
    e = establishment
    noa = person("noa@example.org", hebrew=True, full_name="נועה לוי", time_zone="Asia/Jerusalem")
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, e.staff, e.other_track, noa)
    (message,) = mail.outbox
    assert message.to == ["noa@example.org"]
    assert message.extra_headers["Content-Language"] == "he"
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html and '<html lang="he"' in html
    assert "קהילה ברלין" in message.subject and "קהילה ברלין" in message.body  # the community's Hebrew name
    assert "גרעין" in message.body  # its stage, in Hebrew (the model's label)
    track_link = f"/he/communities/establishment/{e.other_track.pk}/"
    assert track_link in message.body and track_link in html
    with translation.override("he"):
        started = formats.date_format(datetime.date(2026, 1, 4), "DATE_FORMAT")
    assert started in message.body
    # This kind's own sentences (in /tmp/i18n/communities.json):
    assert message.subject == "שובצת כמלווה של קהילה ברלין"
    assert "שובצת כמלווה של קהילה ברלין, קהילה בהקמה." in message.body


def test_an_english_mentor_reads_it_in_english(client, establishment, django_capture_on_commit_callbacks):
    e = establishment
    hannah = person("hannah@example.org", full_name="Hannah Weiss", time_zone="America/New_York")
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, e.staff, e.track, hannah, lang="he")  # the staff member works in Hebrew
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == "You are now the mentor of Garin Harish"
    assert "Hello Hannah Weiss," in message.body
    assert "You are now the mentor of Garin Harish, a new community in establishment." in message.body
    assert "Stage: Nucleus" in message.body
    with translation.override("en"):
        started = formats.date_format(datetime.date(2026, 1, 4), "DATE_FORMAT")
    assert f"Mentoring from Sunday, {started}" in message.body
    assert "Where: Harish, Israel" in message.body
    assert f"/en/communities/establishment/{e.track.pk}/" in message.body
    assert "/he/" not in message.body
    html = message.alternatives[0][0]
    assert 'dir="ltr"' in html and "See the community's track" in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")  # a mentor may turn it off


def test_assigning_twice_to_the_same_open_mentorship_sends_once(
    client, establishment, django_capture_on_commit_callbacks
):
    e = establishment
    hannah = person("hannah@example.org", full_name="Hannah Weiss")
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, e.staff, e.other_track, hannah)
    with django_capture_on_commit_callbacks(execute=True):
        again = assign(client, e.staff, e.other_track, hannah)  # a second click, or a second tab
    assert again.status_code == 200
    assert "Hannah Weiss already mentors this community." in again.content.decode()
    with pytest.raises(services.ValidationError):
        services.mentorship_start(track=e.other_track, by=e.staff, mentor=hannah)
    notifications.deliveries_dispatch()
    assert Mentorship.objects.filter(track=e.other_track, mentor=hannah).count() == 1
    assert Delivery.objects.filter(kind=Kind.MENTOR_ASSIGNED).count() == 1
    assert len(mail.outbox) == 1


def test_the_ledger_never_decides_the_same_mentorship_twice(establishment):
    e = establishment
    mentorship = f.MentorshipFactory(track=e.other_track, mentor=person("hannah@example.org"))
    for _ in range(2):
        notifications.notify(
            kind=Kind.MENTOR_ASSIGNED, object_id=mentorship.pk, recipient_ids=[mentorship.mentor_id],
            occurrence=f"assigned:{mentorship.pk}",
        )
    assert Delivery.objects.filter(kind=Kind.MENTOR_ASSIGNED).count() == 1


def test_a_mentor_assigned_again_after_an_ended_mentorship_is_told_again(
    client, establishment, django_capture_on_commit_callbacks
):
    e = establishment
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, e.staff, e.track, e.former_mentor)
    assert [m.to for m in mail.outbox] == [[e.former_mentor.email]]
    assert Mentorship.objects.filter(track=e.track, mentor=e.former_mentor).count() == 2


def test_opening_a_track_with_a_first_mentor_emails_the_mentor(
    client, establishment, django_capture_on_commit_callbacks
):
    e = establishment
    person("noa@example.org", hebrew=True, full_name="נועה לוי")
    client.force_login(e.staff)
    data = {
        "name_he": "גרעין ערד", "name_en": "Garin Arad", "country": "IL", "kind": "nucleus", "stage": "building",
        "started_on": "2026-01-04", "mentor_email": "noa@example.org",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("track_create"), data)
    (message,) = mail.outbox
    assert message.to == ["noa@example.org"] and message.extra_headers["Content-Language"] == "he"
    assert "גרעין ערד" in message.subject and "בניית תשתית" in message.body  # its name and stage, in Hebrew


def test_no_email_when_the_mentorship_ended_before_it_went_out(client, establishment, django_capture_on_commit_callbacks):
    e = establishment
    hannah = person("hannah@example.org", full_name="Hannah Weiss")
    with django_capture_on_commit_callbacks(execute=False):
        assign(client, e.staff, e.other_track, hannah, started_on=(e.today - datetime.timedelta(days=3)).isoformat())
    mentorship = Mentorship.objects.get(mentor=hannah)
    services.mentorship_end(mentorship=mentorship, by=e.staff)
    notifications.deliveries_dispatch()
    assert mail.outbox == []
    delivery = Delivery.objects.get(kind=Kind.MENTOR_ASSIGNED)
    assert delivery.status == DeliveryStatus.SKIPPED and "ended" in delivery.error


def test_a_mentor_who_turned_it_off_is_not_emailed(client, establishment, django_capture_on_commit_callbacks):
    e = establishment
    hannah = person("hannah@example.org", full_name="Hannah Weiss")
    OptOut.objects.create(person=hannah, kind=Kind.MENTOR_ASSIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, e.staff, e.other_track, hannah)
    assert mail.outbox == []
    assert Delivery.objects.get(kind=Kind.MENTOR_ASSIGNED).status == DeliveryStatus.SKIPPED


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_kind_is_on_the_preferences_page_under_mentors(client, establishment, lang):
    client.force_login(establishment.mentor if lang == "he" else establishment.other_mentor)
    with translation.override(lang):
        html = client.get(reverse("notifications:preferences")).content.decode()
    group = html[html.index('id="audience-mentor"') :]
    group = group[: group.index("</fieldset>")]
    assert f'value="{Kind.MENTOR_ASSIGNED}"' in group or Kind.MENTOR_ASSIGNED in group
    assert ("Assigned as a mentor of a new community" if lang == "en" else "שיבוץ כמלווה של קהילה בהקמה") in group
    assert html.index('id="audience-mentor"') < html.find("<details") or "<details" not in html  # not folded away
