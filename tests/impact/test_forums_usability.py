"""What a new user of the forums runs into, in English and in Hebrew: names written the other way than the
page keep their direction (and their parentheses), a refused form's address does not end on an error page,
a closed meeting takes no new material, a survey link is refused rather than cut, the page that publishes
a summary says what each reader gets, and fields in one language are typed in its direction."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from impact.services.forums import bidi_isolated
from partnerships.models import Meeting, MeetingAttachment, MeetingStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n% forum material\n"
HEBREW_NAME = "אורית מלווה (הדגמה)"
HEBREW_ORGANISATION = "משרד הרווחה (מטה)"


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs)


def forum_meeting(forum, *, days=-3, **kwargs):
    kwargs.setdefault("title_en", "Forum meeting on retention")
    kwargs.setdefault("title_he", "מפגש הפורום על שימור")
    return f.MeetingFactory(committee=None, forum=forum, starts_at=timezone.now() + days * DAY, **kwargs)


@pytest.fixture
def hebrew_names(forums_world):
    """The Hebrew member's name and their organisation's English name are Hebrew, with parentheses."""
    fw = forums_world
    fw.he_member.full_name = HEBREW_NAME
    fw.he_member.save(update_fields=["full_name"])
    fw.gov_org.name_en = HEBREW_ORGANISATION
    fw.gov_org.save(update_fields=["name_en"])
    fw.staff.full_name = "דנה צוות (הדגמה)"
    fw.staff.save(update_fields=["full_name"])
    return fw


# ---- names written the other way


def test_hebrew_names_keep_their_parentheses_in_english_pages(client, hebrew_names):
    fw = hebrew_names
    client.force_login(fw.staff)
    meeting = forum_meeting(fw.forum, created_by=fw.staff)
    meeting_kwargs = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}

    html = client.get(url("forum_meeting_detail", **meeting_kwargs)).content.decode()
    assert "<dd><bdi>דנה צוות (הדגמה)</bdi></dd>" in html  # scheduled by

    html = client.get(url("forum_member_add", forum_pk=fw.forum.pk)).content.decode()
    assert "<bdi>Volunteer retention forum</bdi>: 2 of 20 seats taken." in html
    # an option of a list holds plain text: the Hebrew name of a contact is isolated, an English one is not
    assert ">\u2068רחל דהן\u2069</option>" in html
    assert '<optgroup label="Volunteer Centre — Nonprofit sector">' in html

    html = client.get(url("forum_attendance_edit", **meeting_kwargs)).content.decode()
    assert "Members of <bdi>Volunteer retention forum</bdi> on the day of the meeting" in html
    html = client.get(url("forum_meeting_create", forum_pk=fw.forum.pk)).content.decode()
    assert "Forum: <bdi>Volunteer retention forum</bdi>" in html
    html = client.get(url("forum_attachment_upload", **meeting_kwargs)).content.decode()
    assert "To the meeting “<bdi>Forum meeting on retention</bdi>”." in html

    target = url("forum_member_remove", forum_pk=fw.forum.pk, membership_pk=fw.he_seat.pk)
    html = client.get(target).content.decode()
    assert (
        f"<bdi>{HEBREW_NAME}</bdi> (<bdi>{HEBREW_ORGANISATION}</bdi>) leaves <bdi>Volunteer retention forum</bdi> "
        "today and seat 1 becomes free." in html
    )
    # the message after removing: the name isolated, the sentence escaped as ever
    html = client.post(target, follow=True).content.decode()
    assert f"<bdi>{HEBREW_NAME}</bdi> left the forum; seat 1 is free." in html


def test_english_names_are_isolated_in_hebrew_plain_text(client, forums_world):
    fw = forums_world
    fw.staff.preferred_language = "he"
    fw.staff.save(update_fields=["preferred_language"])
    client.force_login(fw.staff)
    html = client.get(url("forum_member_add", "he", forum_pk=fw.forum.pk)).content.decode()
    assert ">\u2068Tom Colleague\u2069</option>" in html  # a contact of the ministry, not seated
    assert ">רחל דהן</option>" in html  # Hebrew in a Hebrew page needs nothing


def test_a_name_is_isolated_only_when_written_the_other_way():
    with translation.override("en"):
        assert bidi_isolated(HEBREW_NAME) == f"\u2068{HEBREW_NAME}\u2069"
        assert bidi_isolated("Ann Miller (CEO)") == "Ann Miller (CEO)"
    with translation.override("he"):
        assert bidi_isolated("Ann Miller (CEO)") == "\u2068Ann Miller (CEO)\u2069"
        assert bidi_isolated(HEBREW_NAME) == HEBREW_NAME
        assert bidi_isolated("2026") == "2026"


# ---- a refused form's address


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_refused_forms_address_leads_back_to_its_section_of_the_page(client, forums_world, lang):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    page = url("forum_meeting_detail", lang, forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    fw.staff.preferred_language = lang
    fw.staff.save(update_fields=["preferred_language"])
    client.force_login(fw.staff)
    refusals = {
        "forum_decision_add": ({"text_en": "", "text_he": ""}, "decisions"),
        "forum_agenda_item_add": ({"title_en": "", "title_he": ""}, "agenda"),
        "forum_survey_edit": ({"survey_url": "not a link"}, "materials"),
    }
    for name, (data, section) in refusals.items():
        target = url(name, lang, forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
        assert client.post(target, data).status_code == 200, name  # shown again with the reason, at this address
        response = client.get(target)  # reloaded
        assert (response.status_code, response["Location"]) == (302, f"{page}#{section}"), name
    # the language switcher follows the address in the bar: it lands on the page, in the other language
    other = "he" if lang == "en" else "en"
    target = url("forum_decision_add", lang, forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    response = client.post(reverse("set_language"), {"language": other, "next": target}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url(
        "forum_meeting_detail", other, forum_pk=fw.forum.pk, meeting_pk=meeting.pk
    ) + "#decisions"
    assert response.context["meeting"] == meeting


# ---- materials and the survey link


@pytest.mark.parametrize("status", [MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED])
def test_a_closed_meeting_takes_no_new_material(client, forums_world, status):
    fw = forums_world
    published_at = timezone.now() if status == MeetingStatus.PUBLISHED else None
    meeting = forum_meeting(fw.forum, status=status, summary_published_at=published_at)
    client.force_login(fw.staff)
    target = url("forum_attachment_upload", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    page = url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    response = client.get(target, follow=True)
    assert response.redirect_chain == [(f"{page}#materials", 302)]
    assert "This meeting can no longer be changed." in response.content.decode()
    assert "No materials are attached." in response.content.decode()  # not "yet": none will be
    response = client.post(target, {"kind": "booklet", "file": SimpleUploadedFile("booklet.pdf", PDF)})
    assert response.status_code == 302
    assert not MeetingAttachment.objects.filter(meeting=meeting).exists()


def test_an_open_meeting_without_materials_says_none_yet(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    html = client.get(url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)).content.decode()
    assert "No materials yet." in html and "No materials are attached." not in html


def test_attaching_without_a_file_says_to_choose_one(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    response = client.post(
        url("forum_attachment_upload", forum_pk=fw.forum.pk, meeting_pk=meeting.pk), {"kind": "booklet", "title": "X"}
    )
    assert response.status_code == 200
    assert "Choose the file to attach." in response.content.decode()
    assert 'value="X"' in response.content.decode()  # what was typed is kept


def test_a_survey_link_too_long_is_refused_not_cut(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, survey_url="https://survey.example.org/short")
    client.force_login(fw.staff)
    page = client.get(url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)).content.decode()
    field = tag_of(page, "survey_url")
    assert 'dir="ltr"' in field and "maxlength" not in field  # the browser does not cut a pasted link
    long_link = "https://survey.example.org/" + "a" * 300
    response = client.post(url("forum_survey_edit", forum_pk=fw.forum.pk, meeting_pk=meeting.pk), {"survey_url": long_link})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This link has 327 characters; a survey link can have at most 200." in html
    assert long_link in html  # kept in the field, to shorten
    meeting.refresh_from_db()
    assert meeting.survey_url == "https://survey.example.org/short"


# ---- publishing


def test_the_publish_page_numbers_decisions_and_says_who_reads_the_other_language(client, forums_world):
    fw = forums_world  # a Hebrew and an English reader
    meeting = forum_meeting(fw.forum, minutes_en="We met.", minutes_he="")
    f.DecisionFactory(meeting=meeting, number=1, text_en="Adopt the plan.", text_he="")
    f.DecisionFactory(meeting=meeting, number=2, text_en="Survey the members.", text_he="לסקור את החברים.")
    client.force_login(fw.staff)
    target = url("forum_meeting_publish", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    html = client.get(target).content.decode()
    assert "<strong>Decision 1</strong>" in html and "<strong>Decision 2</strong>" in html
    assert "Members who read Hebrew get the summary in English: it was written in English only." in html
    assert "Members who read Hebrew get some decisions in English: they were written in English only." in html
    assert "Members who read English get" not in html
    # written in both languages: nothing to say
    Meeting.objects.filter(pk=meeting.pk).update(minutes_he="נפגשנו.")
    meeting.decisions.filter(number=1).update(text_he="לאמץ את התוכנית.")
    html = client.get(target).content.decode()
    assert "Members who read" not in html


def test_the_publish_page_says_nothing_of_a_language_nobody_reads(client, forums_world):
    fw = forums_world
    fw.he_seat.delete()  # only the English reader is left
    meeting = forum_meeting(fw.forum, minutes_en="We met.", minutes_he="")
    client.force_login(fw.staff)
    html = client.get(url("forum_meeting_publish", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)).content.decode()
    assert "Members who read" not in html


# ---- typing in a language's direction


def test_fields_in_one_language_are_typed_in_its_direction(client, forums_world):
    fw = forums_world
    fw.staff.preferred_language = "he"
    fw.staff.save(update_fields=["preferred_language"])
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    kwargs = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    pages = [
        client.get(url("forum_meeting_create", "he", forum_pk=fw.forum.pk)).content.decode(),
        client.get(url("forum_meeting_edit", "he", **kwargs)).content.decode(),
        client.get(url("forum_minutes_edit", "he", **kwargs)).content.decode(),
        client.get(url("forum_meeting_detail", "he", **kwargs)).content.decode(),  # agenda and decision forms
    ]
    for html, (english, hebrew) in zip(
        pages,
        [("title_en", "title_he"), ("location_en", "location_he"), ("minutes_en", "minutes_he"), ("notes_en", "text_he")],
        strict=True,
    ):
        assert 'dir="ltr"' in tag_of(html, english), english
        assert 'dir="rtl"' in tag_of(html, hebrew), hebrew
    assert 'dir="ltr"' in tag_of(pages[0], "online_url")  # a web address reads left to right


def tag_of(html: str, name: str) -> str:
    """The opening tag of the field called ``name``."""
    start = html.index(f'name="{name}"')
    return html[html.rindex("<", 0, start) : html.index(">", start)]


def test_a_forum_meetings_summary_is_called_a_summary_where_it_is_written(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    target = url("forum_minutes_edit", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    html = client.get(target).content.decode()
    assert "Summary in English" in html and "Summary in Hebrew" in html and "Minutes in" not in html
    response = client.post(target, {"minutes_en": "We met.", "minutes_he": "נפגשנו."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.minutes_en, meeting.minutes_he) == ("We met.", "נפגשנו.")
