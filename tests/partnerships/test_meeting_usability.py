"""What a committee's manager runs into on a meeting's pages, in English and in Hebrew: a refused form's
address leads back to its section of the page (not to a blank "method not allowed"), a long online link
is refused rather than cut by the browser, decisions and minutes have a length they are refused beyond
(the form shown again, filled), names written the other way than the page keep their parentheses in the
presenter list, a meeting that took place is marked as held, and times name their zone in words
("Israel time"), not by its code ("Asia/Jerusalem")."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.forms.meetings import DECISION_MAX_LENGTH, MINUTES_MAX_LENGTH
from partnerships.models import Decision, Meeting, MeetingStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LANGS = ["en", "he"]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"partnerships:{name}", kwargs=kwargs)


def tag_of(html: str, name: str) -> str:
    """The opening tag of the field called ``name``."""
    start = html.index(f'name="{name}"')
    return html[html.rindex("<", 0, start) : html.index(">", start)]


def manager(w, lang):
    """Who manages the steering committee and reads ``lang``: its chair (Hebrew, Jerusalem) or co-chair
    (English, New York)."""
    return w.chair if lang == "he" else w.co_chair


def past_meeting(w, **kwargs):
    """A steering meeting that started three days ago and is still "scheduled"."""
    kwargs.setdefault("title_en", "Steering meeting on the budget")
    kwargs.setdefault("title_he", "ישיבת ההיגוי על התקציב")
    return f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - 3 * DAY, **kwargs)


def schedule_data(lang, **overrides):
    """A meeting on a quiet Wednesday at 19:00 in Jerusalem (12:00 in New York): no warning to confirm."""
    data = {
        "title_en": "Winter steering meeting",
        "title_he": "ישיבת ועדת ההיגוי בחורף",
        "date": "2027-01-13",
        "time": "19:00" if lang == "he" else "12:00",
        "duration_minutes": "90",
        "location_en": "",
        "location_he": "",
        "online_url": "",
        "confirm_warnings": "",
        "warned_for": "",
    }
    data.update(overrides)
    return data


# ---- a refused form's address


REFUSALS = {
    "agenda_item_add": ({"title_en": "", "title_he": ""}, "agenda"),
    "decision_add": ({"text_en": "", "text_he": ""}, "decisions"),
    "meeting_comment_add": ({"text": ""}, "comments"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_refused_forms_address_leads_back_to_its_section_of_the_page(client, workspace, lang):
    w = workspace
    meeting = past_meeting(w)
    kwargs = {"partnership_pk": w.partnership.pk, "meeting_pk": meeting.pk}
    page = url("meeting_detail", lang, **kwargs)
    client.force_login(manager(w, lang))
    for name, (data, section) in REFUSALS.items():
        target = url(name, lang, **kwargs)
        response = client.post(target, data)
        assert response.status_code == 200, name  # the page again, with the reason, at the form's address
        assert response.context["meeting"] == meeting
        response = client.get(target)  # reloaded
        assert (response.status_code, response["Location"]) == (302, f"{page}#{section}"), name
        assert client.get(target, follow=True).status_code == 200, name
    # the language switcher follows the address in the bar: it lands on the page, in the other language
    other = "he" if lang == "en" else "en"
    target = url("decision_add", lang, **kwargs)
    response = client.post(reverse("set_language"), {"language": other, "next": target}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("meeting_detail", other, **kwargs) + "#decisions"
    assert response.context["meeting"] == meeting
    assert not Decision.objects.exists() and not meeting.agenda_items.exists()


def test_a_member_who_does_not_manage_gets_no_form_by_its_address(client, workspace):
    w = workspace
    meeting = past_meeting(w)
    kwargs = {"partnership_pk": w.partnership.pk, "meeting_pk": meeting.pk}
    client.force_login(w.member_diaspora)
    assert client.get(url("agenda_item_add", **kwargs)).status_code == 403
    assert client.get(url("decision_add", **kwargs)).status_code == 403
    # every member comments: the comments' address leads them to the comments
    response = client.get(url("meeting_comment_add", **kwargs))
    assert response["Location"] == url("meeting_detail", **kwargs) + "#comments"


# ---- the online link


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_online_link_is_refused_not_cut(client, workspace, lang):
    w = workspace
    client.force_login(manager(w, lang))
    target = url("meeting_create", lang, partnership_pk=w.partnership.pk)
    field = tag_of(client.get(target).content.decode(), "online_url")
    assert 'dir="ltr"' in field  # a web address reads left to right, in a Hebrew page too
    assert "maxlength" not in field  # the browser does not cut a pasted link

    long_link = "https://meet.example.org/j/8123456789?pwd=" + "a" * 300
    data = schedule_data(lang, committee=w.steering.pk, online_url=long_link)
    response = client.post(target, data)
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "en": "This link has 342 characters; an online meeting link can have at most 200. "
        "Use a shorter link to the same meeting.",
        "he": "בקישור הזה יש 342 תווים; קישור להשתתפות מקוונת יכול להכיל עד 200.",
    }[lang]
    assert expected in html
    assert long_link in tag_of(html, "online_url")  # kept in the field, to shorten
    assert 'value="Winter steering meeting"' in html  # and the rest of the form too
    assert not Meeting.objects.exists()

    # a link of the longest length fits
    response = client.post(target, {**data, "online_url": "https://meet.example.org/" + "b" * 175})
    assert response.status_code == 302
    assert len(Meeting.objects.get().online_url) == 200


def test_editing_keeps_the_link_when_the_new_one_is_too_long(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, online_url="https://meet.example.org/short")
    client.force_login(w.co_chair)
    target = url("meeting_edit", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    html = client.get(target).content.decode()
    assert 'dir="ltr"' in tag_of(html, "online_url") and "maxlength" not in tag_of(html, "online_url")
    local = timezone.localtime(meeting.starts_at, timezone.get_default_timezone())
    response = client.post(target, {
        **schedule_data("en"), "title_en": meeting.title_en, "title_he": meeting.title_he,
        "date": local.date().isoformat(), "time": local.strftime("%H:%M"),
        "online_url": "https://meet.example.org/" + "c" * 250,
    })
    assert response.status_code == 200
    assert "an online meeting link can have at most 200" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.online_url == "https://meet.example.org/short"


# ---- decisions and minutes have a length


@pytest.mark.parametrize("lang", LANGS)
def test_a_decision_too_long_is_refused_and_shown_again_filled(client, workspace, lang):
    w = workspace
    meeting = past_meeting(w)
    kwargs = {"partnership_pk": w.partnership.pk, "meeting_pk": meeting.pk}
    client.force_login(manager(w, lang))
    too_long = "The committee approves the twinning plan. " * 119 + "Approved!"  # 5,007 characters
    assert len(too_long) == DECISION_MAX_LENGTH + 7
    response = client.post(url("decision_add", lang, **kwargs), {"text_en": too_long, "text_he": ""})
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "en": "This decision has 5,007 characters; a decision can have at most 5,000. Keep it to what was decided.",
        "he": "בהחלטה הזו יש 5,007 תווים; החלטה יכולה להכיל עד 5,000.",
    }[lang]
    assert expected in html
    assert "Approved!</textarea>" in html  # the text is kept in its field, to shorten
    # one reason only: the decision is written, it is too long
    assert "Write the decision in Hebrew or in English" not in html and "יש לכתוב את ההחלטה" not in html
    assert not Decision.objects.exists()

    response = client.post(url("decision_add", lang, **kwargs), {"text_en": too_long[:DECISION_MAX_LENGTH]})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert len(decision.text_en) == DECISION_MAX_LENGTH

    # editing it: the same limit, in Hebrew text too
    edit = url("decision_edit", lang, decision_pk=decision.pk, **kwargs)
    response = client.post(edit, {"text_en": "Approved.", "text_he": "א" * (DECISION_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert ("5,001" in response.content.decode()) and "Approved." in response.content.decode()
    decision.refresh_from_db()
    assert len(decision.text_en) == DECISION_MAX_LENGTH and decision.text_he == ""


@pytest.mark.parametrize("lang", LANGS)
def test_minutes_too_long_are_refused_and_shown_again_filled(client, workspace, lang):
    w = workspace
    meeting = past_meeting(w, minutes_en="Short minutes.", minutes_he="")
    client.force_login(manager(w, lang))
    target = url("minutes_edit", lang, partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    html = client.get(target).content.decode()
    assert "maxlength" not in tag_of(html, "minutes_he")
    too_long = "פרוטוקול הישיבה. " * 2941 + "סוף הדיון"  # 50,006 characters
    assert len(too_long) == MINUTES_MAX_LENGTH + 6
    response = client.post(target, {"minutes_en": "Longer minutes.", "minutes_he": too_long})
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "en": "This text has 50,006 characters; it can have at most 50,000. "
        "Shorten it, or attach the full document to the meeting as a file.",
        "he": "בטקסט הזה יש 50,006 תווים; אפשר לכתוב עד 50,000.",
    }[lang]
    assert expected in html
    assert "סוף הדיון</textarea>" in html and "Longer minutes.</textarea>" in html  # both kept as typed
    meeting.refresh_from_db()
    assert (meeting.minutes_en, meeting.minutes_he) == ("Short minutes.", "")

    assert client.post(target, {"minutes_en": "", "minutes_he": too_long[:MINUTES_MAX_LENGTH]}).status_code == 302
    meeting.refresh_from_db()
    assert len(meeting.minutes_he) == MINUTES_MAX_LENGTH


# ---- presenters written the other way


HEBREW_NAME = "יוסי לוי (גזבר)"


@pytest.fixture
def named(workspace):
    """The Israeli member's name is Hebrew with parentheses; the Diaspora member's is English with them."""
    w = workspace
    w.member_israel.full_name = HEBREW_NAME
    w.member_israel.save(update_fields=["full_name"])
    w.member_diaspora.full_name = "David Stein (treasurer)"
    w.member_diaspora.save(update_fields=["full_name"])
    return w


def test_presenters_written_the_other_way_keep_their_parentheses(client, named):
    w = named
    meeting = past_meeting(w)
    kwargs = {"partnership_pk": w.partnership.pk, "meeting_pk": meeting.pk}
    item = f.AgendaItemFactory(meeting=meeting, presenter=w.member_israel)

    client.force_login(w.co_chair)  # an English page
    for html in (
        client.get(url("meeting_detail", "en", **kwargs)).content.decode(),
        client.get(url("agenda_item_edit", "en", item_pk=item.pk, **kwargs)).content.decode(),
    ):
        assert f">\u2068{HEBREW_NAME}\u2069</option>" in html  # isolated: "(גזבר)" stays at its end
        assert ">David Stein (treasurer)</option>" in html  # the page's own direction: as it is

    client.force_login(w.chair)  # a Hebrew page
    html = client.get(url("meeting_detail", "he", **kwargs)).content.decode()
    assert ">\u2068David Stein (treasurer)\u2069</option>" in html
    assert f">{HEBREW_NAME}</option>" in html


# ---- a meeting that took place


@pytest.mark.parametrize("lang", LANGS)
def test_a_manager_marks_a_meeting_held_once_it_has_started(client, workspace, lang):
    w = workspace
    client.force_login(manager(w, lang))
    ahead = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() + 2 * DAY)
    ahead_page = url("meeting_detail", lang, partnership_pk=w.partnership.pk, meeting_pk=ahead.pk)
    button = {"en": "Mark as held", "he": "סימון שהישיבה התקיימה"}[lang]
    assert button not in client.get(ahead_page).content.decode()
    response = client.post(url("meeting_mark_held", lang, partnership_pk=w.partnership.pk, meeting_pk=ahead.pk),
                           follow=True)
    assert {"en": "This meeting has not started yet", "he": "הישיבה הזו עדיין לא התחילה"}[lang] in response.content.decode()
    ahead.refresh_from_db()
    assert ahead.status == MeetingStatus.SCHEDULED

    meeting = past_meeting(w)
    page = url("meeting_detail", lang, partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    html = client.get(page).content.decode()
    scheduled, held = {"en": ("Scheduled", "Held"), "he": ("מתוכנן", "התקיים")}[lang]
    assert f'meeting-status-scheduled">{scheduled}</span>' in html and button in html
    response = client.post(
        url("meeting_mark_held", lang, partnership_pk=w.partnership.pk, meeting_pk=meeting.pk), follow=True
    )
    assert response.redirect_chain == [(page, 302)]
    html = response.content.decode()
    assert {"en": "The meeting is marked as held.", "he": "הישיבה סומנה כישיבה שהתקיימה."}[lang] in html
    assert f'meeting-status-held">{held}</span>' in html and button not in html
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_members_who_do_not_manage_see_no_mark_as_held(client, workspace):
    w = workspace
    meeting = past_meeting(w)
    client.force_login(w.member_diaspora)
    page = url("meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    assert "Mark as held" not in client.get(page).content.decode()
    assert client.post(url("meeting_mark_held", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


# ---- time zones in words


def test_the_meetings_list_names_the_readers_zone_in_words(client, workspace):
    w = workspace
    client.force_login(w.chair)  # Asia/Jerusalem, Hebrew
    html = client.get(url("meeting_list", "he", partnership_pk=w.partnership.pk)).content.decode()
    assert "השעות מוצגות לפי אזור הזמן שלך (שעון ישראל)" in html and "Asia/Jerusalem" not in html
    client.force_login(w.co_chair)  # America/New_York, English
    html = client.get(url("meeting_list", "en", partnership_pk=w.partnership.pk)).content.decode()
    assert "Times are shown in your time zone (New York time)" in html
    assert "America/New_York" not in html.replace('data-zone="America/New_York"', "")


def test_the_meeting_form_names_the_zone_times_are_typed_in(client, workspace):
    w = workspace
    client.force_login(w.chair)
    html = client.get(url("meeting_create", "he", partnership_pk=w.partnership.pk)).content.decode()
    assert "לפי אזור הזמן שלך: שעון ישראל." in html and "Asia/Jerusalem" not in html
    client.force_login(w.co_chair)
    target = url("meeting_create", partnership_pk=w.partnership.pk)
    assert "In your time zone: New York time." in client.get(target).content.decode()
    # New York's clocks go from 02:00 to 03:00 on 14 March 2027
    response = client.post(
        target, schedule_data("en", committee=w.steering.pk, date="2027-03-14", time="02:30")
    )
    html = response.content.decode()
    assert "That day the clocks move forward (New York time): 02:30 does not exist. Choose another time." in html


# ---- the summary email keeps "minutes" for a committee


def test_a_committees_summary_email_headlines_its_minutes(client, workspace, django_capture_on_commit_callbacks):
    w = workspace
    meeting = past_meeting(w, status=MeetingStatus.HELD, minutes_en="We met.", minutes_he="נפגשנו.")
    client.force_login(w.co_chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("meeting_publish", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk))
    by_to = {m.to[0]: m for m in mail.outbox}
    english, hebrew = by_to[w.member_diaspora.email], by_to[w.member_israel.email]
    assert "== Minutes ==" in english.body and "== Meeting summary ==" not in english.body
    assert english.subject == "Meeting summary: Steering meeting on the budget"
    assert "== פרוטוקול ==" in hebrew.body and "סיכום מפגש" not in hebrew.body
    assert hebrew.subject == "סיכום הישיבה: ישיבת ההיגוי על התקציב"
    # the time of the meeting in the reader's zone, named in words
    assert "(New York time)" in english.body and "America/New_York" not in english.body
    assert "(שעון ישראל)" in hebrew.body and "Asia/Jerusalem" not in hebrew.body
    assert "(שעון ישראל)" in hebrew.alternatives[0][0]
