"""No one outside a forum gets any of it, through any forum URL.

Every route of impact/urls/forums.py is tried by an anonymous visitor, a volunteer, a contact of
another organisation (seated on another forum), a contact whose organisation has no seat, and a
former member, with GET and with POST. The table below must list every route: a new one that is not
listed fails the first test, so no URL escapes this check. Members of the forum read, but get 403 on
the backbone team's tools.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from impact.urls import forums as forum_urls
from partnerships.models import Decision, ForumMembership, Meeting, MeetingStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

# route name -> URL kwargs built from the objects of one forum (``o``)
ROUTES = {
    "forum_detail": lambda o: {"forum_pk": o.forum},
    "forum_member_add": lambda o: {"forum_pk": o.forum},
    "forum_member_remove": lambda o: {"forum_pk": o.forum, "membership_pk": o.membership},
    "forum_meeting_create": lambda o: {"forum_pk": o.forum},
    "forum_meeting_detail": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_meeting_edit": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_meeting_cancel": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_meeting_mark_held": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_agenda_item_add": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_agenda_item_edit": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting, "item_pk": o.item},
    "forum_agenda_item_delete": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting, "item_pk": o.item},
    "forum_agenda_item_move": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting, "item_pk": o.item},
    "forum_attendance_edit": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_decision_add": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_decision_edit": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting, "decision_pk": o.decision},
    "forum_decision_delete": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting, "decision_pk": o.decision},
    "forum_minutes_edit": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_survey_edit": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_attachment_upload": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
    "forum_attachment_download": lambda o: {"forum_pk": o.forum, "pk": o.attachment},
    "forum_attachment_delete": lambda o: {"forum_pk": o.forum, "pk": o.attachment},
    "forum_meeting_publish": lambda o: {"forum_pk": o.forum, "meeting_pk": o.meeting},
}
# Routes that read: a member of the forum gets them; every other route is the backbone team's (403 for members).
MEMBER_READS = {"forum_detail", "forum_meeting_detail", "forum_attachment_download"}
# The list shows each person only their own forums (tested in test_forums_pages).
OWN_DATA_ONLY = {"forum_list"}

OUTSIDERS = ["volunteer", "other_member", "candidate", "former"]


class Objects:
    """One of each object of ``fw.forum`` that a URL can name."""

    def __init__(self, fw):
        self.forum = fw.forum.pk
        self.membership = fw.en_seat.pk
        meeting = f.MeetingFactory(
            committee=None, forum=fw.forum, starts_at=timezone.now() - datetime.timedelta(days=2),
            minutes_en="Secret minutes of the forum",
        )
        self.meeting = meeting.pk
        self.item = f.AgendaItemFactory(meeting=meeting).pk
        self.attachment = f.MeetingAttachmentFactory(meeting=meeting).pk
        self.decision = f.DecisionFactory(
            meeting=meeting, number=1, text_en="Secret decision of the forum", text_he="החלטה סודית של הפורום"
        ).pk


def assert_unchanged(objects):
    """Nothing of the forum changed on the way: its seats, its meeting's status, agenda, files and decision."""
    assert ForumMembership.objects.filter(forum_id=objects.forum, left_on__isnull=True).count() == 2
    meeting = Meeting.objects.get(pk=objects.meeting)
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.agenda_items.count() == 1
    assert meeting.attachments.count() == 1
    decision = Decision.objects.get(pk=objects.decision)
    assert (decision.meeting_id, decision.number, decision.text_en) == (meeting.pk, 1, "Secret decision of the forum")
    assert decision.votes_for is None


def url_of(name, kwargs, lang="en"):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs)


def test_every_forum_route_is_in_the_table():
    names = {p.name for p in forum_urls.urlpatterns}
    assert names, "no routes in impact/urls/forums.py"
    assert sorted(names - set(ROUTES) - OWN_DATA_ONLY) == []
    assert sorted(set(ROUTES) - names) == []  # no stale rows either
    assert MEMBER_READS <= set(ROUTES)


@pytest.fixture
def objects(forums_world):
    return Objects(forums_world)


@pytest.mark.parametrize("name", sorted(ROUTES) + sorted(OWN_DATA_ONLY))
def test_anonymous_visitors_are_sent_to_sign_in(client, objects, name):
    target = url_of(name, ROUTES[name](objects) if name in ROUTES else {})
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code == 302, (name, method.__name__)
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_outsiders_get_nothing_of_the_forum(client, forums_world, objects, name, who):
    person = getattr(forums_world, who)
    client.force_login(person)
    lang = person.preferred_language
    target = url_of(name, ROUTES[name](objects), lang)
    nowhere = url_of(name, {**ROUTES[name](objects), "forum_pk": 999999}, lang)
    for method in (client.get, client.post):
        response = method(target)
        if response.status_code == 405:
            # The method is refused before anything is looked up: the same answer as for no forum.
            assert method(nowhere).status_code == 405, (name, who, method.__name__)
            continue
        assert response.status_code == 404, (name, who, method.__name__, response.status_code)
        assert b"Secret minutes" not in response.content and b"Secret decision" not in response.content
    assert_unchanged(objects)


@pytest.mark.parametrize("who", ["en_member", "he_member", "colleague"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_members_read_but_do_not_manage(client, forums_world, objects, name, who):
    person = getattr(forums_world, who)
    client.force_login(person)
    target = url_of(name, ROUTES[name](objects), person.preferred_language)
    if name in MEMBER_READS:
        assert client.get(target).status_code == 200, name
        return
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code in (403, 405), (name, who, method.__name__, response.status_code)
    # a POST with a whole decision (or its change) is refused too
    response = client.post(target, {"text_en": "A member's decision", "votes_for": "1", "votes_against": "0",
                                    "votes_abstain": "0", "direction": "up"})
    assert response.status_code == 403, (name, who, response.status_code)
    assert_unchanged(objects)


# Forms of the meeting's page that post to their own address: opened with GET (the address left in the bar
# after a refusal, reloaded or followed by the language switcher), they lead to their section of the page.
BACK_TO_THE_PAGE = {"forum_agenda_item_add": "agenda", "forum_decision_add": "decisions", "forum_survey_edit": "materials"}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_the_backbone_team_reaches_every_route(client, forums_world, objects, name):
    client.force_login(forums_world.staff)
    response = client.get(url_of(name, ROUTES[name](objects)))
    if name in BACK_TO_THE_PAGE:
        page = url_of("forum_meeting_detail", {"forum_pk": objects.forum, "meeting_pk": objects.meeting})
        assert (response.status_code, response["Location"]) == (302, f"{page}#{BACK_TO_THE_PAGE[name]}"), name
        return
    assert response.status_code in (200, 405), (name, response.status_code)
