"""No one outside a partnership gets any of its data, through any workspace URL.

Every route of the ``partnerships`` namespace (committee, meetings, action items, attachments,
budget, dashboard, exports) and the meetings calendar feed is tried by an anonymous visitor, a
volunteer, a member of another partnership and a former member, with GET and with POST. The
table below must list every route: a new one that is not listed fails the first test, so no URL
escapes this check.
"""

import datetime

import pytest
from django.urls import get_resolver, reverse
from django.utils import (
    timezone,
    translation,  # noqa: I001
)

from programs.models import AllocationStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

NAMESPACE = "partnerships"

# route name -> URL kwargs built from the objects of one partnership (``o``)
ROUTES = {
    # dashboard
    "dashboard": lambda o: {"partnership_pk": o.p},
    "dashboard_export": lambda o: {"partnership_pk": o.p, "table": "budget-by-category", "fmt": "csv"},
    # committee
    "committee": lambda o: {"partnership_pk": o.p},
    "subcommittee_create": lambda o: {"partnership_pk": o.p},
    "committee_detail": lambda o: {"partnership_pk": o.p, "committee_pk": o.sub},
    "committee_edit": lambda o: {"partnership_pk": o.p, "committee_pk": o.sub},
    "committee_member_add": lambda o: {"partnership_pk": o.p, "committee_pk": o.steering},
    "committee_export": lambda o: {"partnership_pk": o.p, "committee_pk": o.steering, "fmt": "xlsx"},
    "membership_end": lambda o: {"partnership_pk": o.p, "membership_pk": o.term},
    "membership_change_role": lambda o: {"partnership_pk": o.p, "membership_pk": o.term},
    "membership_history": lambda o: {"partnership_pk": o.p, "membership_pk": o.term},
    "membership_invitation_resend": lambda o: {"partnership_pk": o.p, "membership_pk": o.term},
    # meetings
    "meeting_list": lambda o: {"partnership_pk": o.p},
    "meeting_create": lambda o: {"partnership_pk": o.p},
    "meeting_detail": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "meeting_edit": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "meeting_cancel": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "meeting_mark_held": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "agenda_item_add": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "agenda_item_edit": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting, "item_pk": o.agenda_item},
    "agenda_item_delete": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting, "item_pk": o.agenda_item},
    "agenda_item_move": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting, "item_pk": o.agenda_item},
    "attendance_edit": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "decision_add": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "decision_edit": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting, "decision_pk": o.decision},
    "decision_delete": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting, "decision_pk": o.decision},
    "minutes_edit": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "meeting_comment_add": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    # action items, attachments, publishing
    "action_item_list": lambda o: {"partnership_pk": o.p},
    "action_item_export": lambda o: {"partnership_pk": o.p, "fmt": "csv"},
    "action_item_create": lambda o: {"partnership_pk": o.p},
    "action_item_detail": lambda o: {"partnership_pk": o.p, "pk": o.action_item},
    "action_item_edit": lambda o: {"partnership_pk": o.p, "pk": o.action_item},
    "action_item_update_add": lambda o: {"partnership_pk": o.p, "pk": o.action_item},
    "attachment_upload": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    "attachment_download": lambda o: {"partnership_pk": o.p, "pk": o.attachment},
    "attachment_delete": lambda o: {"partnership_pk": o.p, "pk": o.attachment},
    "meeting_publish": lambda o: {"partnership_pk": o.p, "meeting_pk": o.meeting},
    # budget
    "budget": lambda o: {"partnership_pk": o.p},
    "allocation_propose": lambda o: {"partnership_pk": o.p, "year": 2026},
    "budget_submit": lambda o: {"partnership_pk": o.p, "year": 2026},
    "budget_export": lambda o: {"partnership_pk": o.p, "year": 2026, "fmt": "xlsx"},
    "allocation_detail": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_update": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_withdraw": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_submit": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_approve": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_return": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_report_spending": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_close": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
    "allocation_history": lambda o: {"partnership_pk": o.p, "pk": o.allocation},
}
# Pages of all partnerships: staff only (a committee member is sent to their own workspace).
STAFF_ONLY = {
    "staff_overview": lambda o: {},
    "staff_overview_export": lambda o: {"fmt": "csv"},
    "budget_review": lambda o: {},
}
# The workspace's front door shows each person only their own partnerships (tested in test_workspace).
OWN_DATA_ONLY = {"my_partnerships"}

OUTSIDERS = ["volunteer", "other_member", "former"]


class Objects:
    """One of each object of ``w.partnership`` that a URL can name."""

    def __init__(self, w):
        self.p = w.partnership.pk
        self.steering = w.steering.pk
        self.sub = w.sub.pk
        self.term = w.member_diaspora_term.pk
        meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - datetime.timedelta(days=2))
        self.meeting = meeting.pk
        self.agenda_item = f.AgendaItemFactory(meeting=meeting).pk
        self.decision = f.DecisionFactory(meeting=meeting).pk
        self.action_item = f.ActionItemFactory(committee=w.steering, meeting=meeting, owner=w.member_israel).pk
        self.attachment = f.MeetingAttachmentFactory(meeting=meeting).pk
        program = f.ProgramFactory(partnership=w.partnership)
        self.allocation = f.BudgetAllocationFactory(program=program, status=AllocationStatus.PROPOSED).pk


def route_names():
    resolver = get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == NAMESPACE:
            names |= {name for name in pattern.reverse_dict if isinstance(name, str)}
        for sub in getattr(pattern, "url_patterns", []):
            if getattr(sub, "namespace", None) == NAMESPACE:
                names |= {name for name in sub.reverse_dict if isinstance(name, str)}
    return names


def url_of(name, kwargs, lang="en"):
    with translation.override(lang):
        return reverse(f"{NAMESPACE}:{name}", kwargs=kwargs)


def test_every_workspace_route_is_in_the_table():
    names = route_names()
    assert names, "no routes found in the partnerships namespace"
    assert sorted(names - set(ROUTES) - set(STAFF_ONLY) - OWN_DATA_ONLY) == []
    assert sorted((set(ROUTES) | set(STAFF_ONLY)) - names) == []  # no stale rows either


@pytest.fixture
def objects(workspace):
    return Objects(workspace)


@pytest.mark.parametrize("name", sorted(ROUTES) + sorted(STAFF_ONLY))
def test_anonymous_visitors_are_sent_to_sign_in(client, objects, name):
    build = ROUTES.get(name) or STAFF_ONLY[name]
    target = url_of(name, build(objects))
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code == 302, (name, method)
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_outsiders_get_nothing_of_the_partnership(client, workspace, objects, name, who):
    client.force_login(getattr(workspace, who))
    target = url_of(name, ROUTES[name](objects))
    nowhere = url_of(name, {**ROUTES[name](objects), "partnership_pk": 999999})
    for method in (client.get, client.post):
        response = method(target)
        if response.status_code == 405:
            # The method is refused before anything is looked up: the same answer as for no partnership.
            assert method(nowhere).status_code == 405, (name, who, method.__name__)
            continue
        assert response.status_code == 404, (name, who, method.__name__, response.status_code)


# Forms of the meeting's page that post to their own address: opened with GET (the address left in the bar
# after a refusal, reloaded or followed by the language switcher), they lead to their section of the page.
BACK_TO_THE_PAGE = {"agenda_item_add": "agenda", "decision_add": "decisions", "meeting_comment_add": "comments"}


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(BACK_TO_THE_PAGE))
def test_outsiders_opening_a_forms_address_find_nothing(client, workspace, objects, name, who):
    """Not the 405 of a POST-only address any more, nor the way to the page: not found."""
    client.force_login(getattr(workspace, who))
    response = client.get(url_of(name, ROUTES[name](objects)))
    assert response.status_code == 404, (name, who, response.status_code)
    assert workspace.partnership.name_en not in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize("name", sorted(BACK_TO_THE_PAGE))
def test_managers_opening_a_forms_address_land_on_its_section(client, workspace, objects, name, lang):
    manager = workspace.chair if lang == "he" else workspace.co_chair
    client.force_login(manager)
    response = client.get(url_of(name, ROUTES[name](objects), lang))
    page = url_of("meeting_detail", {"partnership_pk": objects.p, "meeting_pk": objects.meeting}, lang)
    assert (response.status_code, response["Location"]) == (302, f"{page}#{BACK_TO_THE_PAGE[name]}")


@pytest.mark.parametrize("who", OUTSIDERS + ["member_diaspora", "chair"])
@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
def test_pages_of_all_partnerships_are_for_staff(client, workspace, objects, name, who):
    person = getattr(workspace, who)
    client.force_login(person)
    lang = person.preferred_language
    response = client.get(url_of(name, STAFF_ONLY[name](objects), lang))
    if response.status_code == 302:  # a committee member is sent to their own workspace
        assert response["Location"] == url_of("my_partnerships", {}, lang)
    else:
        assert response.status_code == 403, (name, who, response.status_code)
    assert workspace.other.name_en not in response.content.decode()


def test_the_meetings_feed_of_an_unknown_token_is_not_found(client, db):
    assert client.get("/calendar/not-a-real-token-at-all/meetings.ics").status_code == 404
