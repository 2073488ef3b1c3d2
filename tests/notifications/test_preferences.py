"""What people see of the notifications: their preferences page and the one-click unsubscribe link."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from notifications import services
from notifications.kinds import REGISTRY, KindSpec
from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from notifications.render import UNSUBSCRIBE_SALT, unsubscribe_token
from tests import factories as f

pytestmark = pytest.mark.django_db

ONE_CLICK = {"data": "List-Unsubscribe=One-Click", "content_type": "application/x-www-form-urlencoded"}


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"notifications:{name}", args=args)


def unsubscribe_url(person, kind, lang="en"):
    return url("unsubscribe", unsubscribe_token(person_id=person.pk, kind=kind), lang=lang)


@pytest.fixture
def essential_kind(monkeypatch):
    """An essential kind of email: a registered one, or (while none is) one made for the test."""
    for spec in REGISTRY.values():
        if spec.essential:
            return spec.code
    code = next(code for code in Kind.values if code not in REGISTRY)
    spec = type("EssentialForTheTest", (KindSpec,), {"code": code, "essential": True, "description": "Account"})()
    monkeypatch.setitem(REGISTRY, code, spec)
    return code


def checkbox(html, code):
    match = re.search(rf'<input[^>]*name="{code}"[^>]*>', html)
    assert match, f"no checkbox for {code}"
    return match.group(0)


def everything_on_except(*codes):
    return {code: "on" for code, spec in REGISTRY.items() if not spec.essential and code not in codes}


def _meeting(workspace, in_days=6.5):
    return f.MeetingFactory(committee=workspace.steering, starts_at=timezone.now() + datetime.timedelta(days=in_days))


# --- The preferences page ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(url("preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_turning_a_kind_off_then_on_again(client, workspace):
    person = workspace.co_chair
    client.force_login(person)
    page = client.get(url("preferences"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "checked" in checkbox(html, Kind.MEETING_REMINDER)
    assert "Meeting reminder" in html and str(REGISTRY[Kind.MEETING_REMINDER].description) in html

    response = client.post(url("preferences"), everything_on_except(Kind.MEETING_REMINDER), follow=True)
    assert response.redirect_chain[-1][0] == url("preferences")
    html = response.content.decode()
    assert "Your email preferences are saved." in html
    assert "checked" not in checkbox(html, Kind.MEETING_REMINDER)
    assert "checked" in checkbox(html, Kind.SHIFT_REMINDER)
    assert list(OptOut.objects.filter(person=person).values_list("kind", flat=True)) == [Kind.MEETING_REMINDER]

    # The reminders that follow leave this person out, and only this person.
    _meeting(workspace)
    services.notifications_plan(schedule="reminders")
    recipients = {m.to[0] for m in mail.outbox}
    assert person.email not in recipients and workspace.chair.email in recipients

    response = client.post(url("preferences"), everything_on_except(), follow=True)
    assert "Your email preferences are saved." in response.content.decode()
    assert "checked" in checkbox(response.content.decode(), Kind.MEETING_REMINDER)
    assert not OptOut.objects.filter(person=person).exists()

    response = client.post(url("preferences"), everything_on_except(), follow=True)
    assert "Nothing was changed." in response.content.decode()


def test_essential_kinds_are_shown_always_on_and_a_forged_post_cannot_turn_them_off(client, workspace, essential_kind):
    client.force_login(workspace.co_chair)
    html = client.get(url("preferences")).content.decode()
    box = checkbox(html, essential_kind)
    assert "checked" in box and "disabled" in box
    assert "Always sent: it concerns your account, so it cannot be turned off." in html

    for forged in ({}, {essential_kind: ""}, {essential_kind: "off"}, {essential_kind: "false"}):
        response = client.post(url("preferences"), forged)
        assert response.status_code == 302
    assert not OptOut.objects.filter(kind=essential_kind).exists()
    # The same POST turned every other kind off, as it says.
    assert OptOut.objects.filter(person=workspace.co_chair).count() == len(everything_on_except())
    assert "checked" in checkbox(client.get(url("preferences")).content.decode(), essential_kind)


def test_audiences_that_do_not_apply_are_folded_away(client, workspace):
    # A committee member sees the committee emails at once.
    client.force_login(workspace.co_chair)
    html = client.get(url("preferences")).content.decode()
    assert "As a committee member" in html
    assert html.index('id="audience-committee"') < html.find("<details") or "<details" not in html

    # A volunteer on no committee finds them folded under "Emails for other roles"…
    client.force_login(workspace.volunteer)
    html = client.get(url("preferences")).content.decode()
    assert 'id="audience-volunteer"' in html
    assert html.index("<details") < html.index('id="audience-committee"')
    assert "Emails for other roles" in html

    # …unless they turned one of them off: then it is where they can turn it back on.
    OptOut.objects.create(person=workspace.volunteer, kind=Kind.MEETING_REMINDER)
    html = client.get(url("preferences")).content.decode()
    assert html.index('id="audience-committee"') < html.find("<details") or "<details" not in html

    # Kinds of email the person already gets are never folded away either.
    mentor_kinds = [spec.code for spec in REGISTRY.values() if spec.audience == "mentor"]
    if mentor_kinds:
        Delivery.objects.create(
            recipient=workspace.volunteer, kind=mentor_kinds[0], object_id=1, occurrence="x",
            status=DeliveryStatus.SENT, sent_at=timezone.now(),
        )
        html = client.get(url("preferences")).content.decode()
        assert html.index('id="audience-mentor"') < html.find("<details") or "<details" not in html


def test_page_shows_language_and_time_zone_with_a_link_to_change_them(client, workspace):
    client.force_login(workspace.co_chair)
    html = client.get(url("preferences")).content.decode()
    assert "America/New_York" in html and "English" in html
    assert "New York time" in html  # the zone in words, its code beside it
    assert f'href="{reverse("profile_edit")}"' in html


def test_site_menu_and_profile_page_link_to_the_preferences(client, workspace):
    client.force_login(workspace.co_chair)
    for page in (reverse("home"), reverse("profile_edit")):
        html = client.get(page).content.decode()
        assert f'href="{url("preferences")}"' in html and "Email preferences" in html


def test_recent_emails_lists_the_last_twenty_of_this_person_only(client, workspace, django_assert_max_num_queries):
    person, other = workspace.co_chair, workspace.member_diaspora
    now = timezone.now()
    for i in range(25):
        Delivery.objects.create(
            recipient=person, kind=Kind.MEETING_REMINDER, object_id=i, occurrence="x", status=DeliveryStatus.SENT,
            sent_at=now, created_at=now - datetime.timedelta(minutes=25 - i), subject=f"Reminder number {i}",
        )
    Delivery.objects.create(
        recipient=person, kind=Kind.SHIFT_REMINDER, object_id=1, occurrence="y", status=DeliveryStatus.FAILED,
        created_at=now, subject="",
    )
    Delivery.objects.create(
        recipient=other, kind=Kind.MEETING_REMINDER, object_id=1, occurrence="x", status=DeliveryStatus.SENT,
        sent_at=now, subject="Someone else's reminder",
    )
    client.force_login(person)
    client.get(url("preferences"))
    with django_assert_max_num_queries(12):
        html = client.get(url("preferences")).content.decode()
    recent = html[html.index('id="recent-emails"'):]
    assert recent.count("<tr>") == 1 + 20  # the header and twenty emails
    assert "Reminder number 24" in recent and "Reminder number 6" in recent
    assert "Reminder number 5<" not in recent  # the twenty-first and older are left out
    assert "Failed" in recent and "Shift reminder" in recent
    assert "Someone else" not in html
    assert 'href="#recent-emails"' in html


@pytest.mark.parametrize(
    "data",
    [
        {Kind.MEETING_REMINDER: ["on", "off", "1"]},
        {"no_such_kind": "on", Kind.SHIFT_REMINDER: "\u202e" * 5000},
        {Kind.MEETING_REMINDER: "<script>alert(1)</script>", "csrfmiddlewaretoken": "x"},
    ],
)
def test_odd_form_input_never_breaks_the_page(client, workspace, data):
    client.force_login(workspace.co_chair)
    response = client.post(url("preferences"), data, follow=True)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert not OptOut.objects.filter(kind="no_such_kind").exists()


def test_page_in_hebrew_is_right_to_left_with_hebrew_labels(client, workspace):
    """Needs the Hebrew catalogue compiled (the lead merges /tmp/i18n/*.json)."""
    client.force_login(workspace.chair)  # Hebrew, Jerusalem
    response = client.get(url("preferences", lang="he"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="he" dir="rtl">' in html
    assert "העדפות דוא״ל" in html
    assert "תזכורת לישיבה" in html and "לפני כל ישיבה של הוועדות והפורומים שלך." in html
    assert "Asia/Jerusalem" in html and "עברית" in html
    assert "שעון ישראל" in html


# --- One-click unsubscribe -----------------------------------------------------------------------


def test_unsubscribe_link_asks_first_then_turns_the_kind_off(client, workspace):
    person = workspace.co_chair
    link = unsubscribe_url(person, Kind.MEETING_REMINDER)
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Meeting reminder" in html and "c•••@example.org" in html and person.email not in html
    assert not OptOut.objects.exists()  # a link scanner following the link changes nothing

    done = client.post(link, {"action": "stop"})
    assert done.status_code == 200
    html = done.content.decode()
    assert "these emails are off" in html
    assert f'href="{url("preferences")}"' in html
    assert OptOut.objects.filter(person=person, kind=Kind.MEETING_REMINDER).exists()

    # Coming back to the link says so, and offers to undo.
    assert "already off" in client.get(link).content.decode()
    client.post(link, {"action": "restore"})
    assert not OptOut.objects.exists()


def test_one_click_post_from_a_mail_program_needs_no_csrf_token(workspace):
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(unsubscribe_url(workspace.chair, Kind.SHIFT_REMINDER, lang="he"), **ONE_CLICK)
    assert response.status_code == 200
    assert OptOut.objects.filter(person=workspace.chair, kind=Kind.SHIFT_REMINDER).exists()

    # The exemption is this view's alone: the preferences form still wants its token.
    mail_program.force_login(workspace.co_chair)
    assert mail_program.post(url("preferences"), {}).status_code == 403
    assert not OptOut.objects.filter(person=workspace.co_chair).exists()


def _tampered(token):
    return token[:-3] + ("BBB" if token.endswith("AAA") else "AAA")


def _signed(payload):
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


@pytest.mark.parametrize(
    ("token", "status"),
    [
        ("tampered", 400),
        ("not-a-token", 400),
        ("signed-for-another-purpose", 400),
        ("wrong-types", 400),
        ("no-such-person", 404),
        ("no-such-kind", 404),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_link_gets_a_clear_page_never_a_500(client, workspace, token, status, method):
    person = workspace.co_chair
    token = {
        "tampered": _tampered(unsubscribe_token(person_id=person.pk, kind=Kind.MEETING_REMINDER)),
        "wrong-types": _signed({"p": str(person.pk), "k": Kind.MEETING_REMINDER}),
        "signed-for-another-purpose": signing.dumps({"p": person.pk, "k": Kind.MEETING_REMINDER}, salt="another.purpose"),
        "no-such-person": unsubscribe_token(person_id=10**9, kind=Kind.MEETING_REMINDER),
        "no-such-kind": unsubscribe_token(person_id=person.pk, kind="no_such_kind"),
    }.get(token, token)
    response = getattr(client, method)(url("unsubscribe", token), **(ONE_CLICK if method == "post" else {}))
    assert response.status_code == status
    assert "This link does not work" in response.content.decode()
    assert not OptOut.objects.exists()


def test_bad_link_page_is_in_the_language_of_the_link(client):
    """The Hebrew sentence needs the compiled catalogue."""
    response = client.get(url("unsubscribe", "tampered", lang="he"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "הקישור הזה לא עובד" in html


def test_essential_kind_cannot_be_turned_off_by_a_link(client, workspace, essential_kind):
    link = unsubscribe_url(workspace.co_chair, essential_kind)
    page = client.get(link)
    assert page.status_code == 200
    assert "cannot be turned off" in page.content.decode()
    refused = client.post(link, **ONE_CLICK)
    assert refused.status_code == 400
    assert "Nothing was changed." in refused.content.decode()
    assert not OptOut.objects.exists()


def test_link_in_a_real_reminder_works_end_to_end(workspace):
    _meeting(workspace)
    services.notifications_plan(schedule="reminders")
    message = next(m for m in mail.outbox if m.to == [workspace.member_israel.email])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    path = urlsplit(header[1:-1]).path
    assert path.startswith("/he/")  # in the recipient's language

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(path, **ONE_CLICK)
    assert response.status_code == 200
    assert OptOut.objects.filter(person=workspace.member_israel, kind=Kind.MEETING_REMINDER).exists()

    # The next meeting's reminder is not sent to this person.
    mail.outbox.clear()
    _meeting(workspace, in_days=5)
    services.notifications_plan(schedule="reminders")
    recipients = {m.to[0] for m in mail.outbox}
    assert workspace.member_israel.email not in recipients and workspace.chair.email in recipients
