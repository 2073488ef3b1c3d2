"""Action item pages: the list and its filters, creating from a meeting, editing, the updates thread,
the meeting page's sections, who may see and change what (every URL of the area), Hebrew, and
query counts that do not grow with the data."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import ActionItem, ActionItemStatus, AgendaItem, MeetingStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

S = ActionItemStatus


def days(n):
    return datetime.timedelta(days=n)


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"partnerships:{name}", kwargs=kwargs)


def get_as(client, user, name, query="", **kwargs):
    """GET a page as ``user`` in their own language (the site redirects to it otherwise)."""
    client.force_login(user)
    return client.get(url(name, user.preferred_language, **kwargs) + query)


@pytest.fixture
def setting(workspace):
    """A held meeting with an item and an attachment, and the next meeting scheduled."""
    w = workspace
    now = timezone.now()
    w.held = f.MeetingFactory(committee=w.steering, starts_at=now - days(3), status=MeetingStatus.HELD,
                              title_en="Autumn meeting", title_he="ישיבת הסתיו")
    w.next = f.MeetingFactory(committee=w.steering, starts_at=now + days(30))
    w.item = f.ActionItemFactory(committee=w.steering, meeting=w.held, owner=w.member_diaspora,
                                 title_en="Plan the mission", title_he="לתכנן את המשלחת", due_on=w.today - days(2))
    w.attachment = f.MeetingAttachmentFactory(meeting=w.held, uploaded_by=w.chair)
    return w


# ---- who may see and change what: every URL of the area


def area_urls(w):
    """(name, kwargs, method) of every route of the actions area, against the setting's objects."""
    p = w.partnership.pk
    return [
        ("action_item_list", {"partnership_pk": p}, "get"),
        ("action_item_export", {"partnership_pk": p, "fmt": "csv"}, "get"),
        ("action_item_create", {"partnership_pk": p}, "get"),
        ("action_item_create", {"partnership_pk": p}, "post"),
        ("action_item_detail", {"partnership_pk": p, "pk": w.item.pk}, "get"),
        ("action_item_edit", {"partnership_pk": p, "pk": w.item.pk}, "get"),
        ("action_item_edit", {"partnership_pk": p, "pk": w.item.pk}, "post"),
        ("action_item_update_add", {"partnership_pk": p, "pk": w.item.pk}, "post"),
        ("attachment_upload", {"partnership_pk": p, "meeting_pk": w.held.pk}, "get"),
        ("attachment_upload", {"partnership_pk": p, "meeting_pk": w.held.pk}, "post"),
        ("attachment_download", {"partnership_pk": p, "pk": w.attachment.pk}, "get"),
        ("attachment_delete", {"partnership_pk": p, "pk": w.attachment.pk}, "post"),
        ("meeting_publish", {"partnership_pk": p, "meeting_pk": w.held.pk}, "get"),
        ("meeting_publish", {"partnership_pk": p, "meeting_pk": w.held.pk}, "post"),
    ]


def call(client, name, kwargs, method, lang="en"):
    target = url(name, lang, **kwargs)
    data = {"text": "x", "title_en": "x", "owner": "1", "due_on": "2030-01-01", "kind": "other"}
    return client.post(target, data) if method == "post" else client.get(target)


def test_anonymous_visitors_are_sent_to_sign_in(client, setting):
    for name, kwargs, method in area_urls(setting):
        response = call(client, name, kwargs, method)
        assert response.status_code == 302, (name, method)
        assert "/accounts/login/" in response["Location"], (name, method)
    assert ActionItem.objects.count() == 1 and setting.held.attachments.count() == 1


@pytest.mark.parametrize("who", ["volunteer", "other_member", "former"])
def test_outsiders_get_404_everywhere(client, setting, who):
    user = getattr(setting, who)
    client.force_login(user)
    for name, kwargs, method in area_urls(setting):
        response = call(client, name, kwargs, method, user.preferred_language)
        assert response.status_code == 404, (name, method)
    setting.held.refresh_from_db()
    assert setting.held.status == MeetingStatus.HELD and setting.held.attachments.count() == 1
    assert not setting.item.updates.exists()


def test_members_read_but_only_managers_change(client, setting):
    w = setting
    client.force_login(w.member_israel)
    manager_only = {"action_item_create", "action_item_edit", "attachment_upload", "attachment_delete", "meeting_publish"}
    for name, kwargs, method in area_urls(w):
        response = call(client, name, kwargs, method, "he")
        if name in manager_only:
            assert response.status_code == 403, (name, method)
        else:
            assert response.status_code in (200, 302), (name, method)
    w.held.refresh_from_db()
    assert w.held.status == MeetingStatus.HELD and w.held.attachments.count() == 1


def test_a_subcommittee_chair_manages_only_their_subcommittee(client, setting):
    w = setting
    client.force_login(w.sub_chair)
    assert client.get(url("action_item_edit", partnership_pk=w.partnership.pk, pk=w.item.pk)).status_code == 403
    create = url("action_item_create", partnership_pk=w.partnership.pk)
    assert client.get(create + f"?committee={w.steering.pk}").status_code == 403
    assert client.get(create + f"?meeting={w.held.pk}").status_code == 403
    response = client.get(create)  # their one committee is chosen for them
    assert response.status_code == 200 and "Education subcommittee" in response.content.decode()


def test_objects_of_another_partnership_are_404_for_its_own_chair(client, setting):
    w = setting
    other_item = f.ActionItemFactory(committee=w.other_steering, owner=w.other_member)
    other_meeting = f.MeetingFactory(committee=w.other_steering)
    client.force_login(w.co_chair)
    p = w.partnership.pk
    assert client.get(url("action_item_detail", partnership_pk=p, pk=other_item.pk)).status_code == 404
    assert client.get(url("attachment_upload", partnership_pk=p, meeting_pk=other_meeting.pk)).status_code == 404
    assert client.get(url("action_item_create", partnership_pk=p) + f"?meeting={other_meeting.pk}").status_code == 404
    assert client.get(url("action_item_create", partnership_pk=p) + f"?committee={w.other_steering.pk}").status_code == 404


# ---- the list


def test_the_list_filters_and_flags_overdue_items(client, setting):
    w = setting
    f.ActionItemFactory(committee=w.sub, owner=w.sub_member, title_en="Visit the school", due_on=w.today + days(5))
    f.ActionItemFactory(committee=w.steering, owner=w.co_chair, title_en="Old and done", status=S.DONE,
                        completed_on=w.today, due_on=w.today - days(9))
    f.ActionItemFactory(committee=w.other_steering, owner=w.other_member, title_en="Someone else's")

    page = get_as(client, w.co_chair, "action_item_list", partnership_pk=w.partnership.pk).content.decode()
    assert "Plan the mission" in page and "Visit the school" in page
    assert "Old and done" not in page  # open and in progress by default
    assert "Someone else&#x27;s" not in page and "Someone else's" not in page
    assert page.count("action-item-overdue") == 1 and "Overdue" in page

    query = f"?status=&committee={w.sub.pk}"
    page = get_as(client, w.co_chair, "action_item_list", query, partnership_pk=w.partnership.pk).content.decode()
    assert "Visit the school" in page and "Plan the mission" not in page

    page = get_as(client, w.co_chair, "action_item_list", "?status=done", partnership_pk=w.partnership.pk)
    assert "Old and done" in page.content.decode()

    page = get_as(client, w.co_chair, "action_item_list", "?status=&overdue=on", partnership_pk=w.partnership.pk)
    assert "Plan the mission" in page.content.decode() and "Old and done" not in page.content.decode()

    mine = get_as(client, w.member_diaspora, "action_item_list", "?status=&mine=on", partnership_pk=w.partnership.pk)
    assert "Plan the mission" in mine.content.decode() and "Visit the school" not in mine.content.decode()


def test_the_list_exports_what_it_shows(client, setting):
    w = setting
    response = get_as(client, w.co_chair, "action_item_export", partnership_pk=w.partnership.pk, fmt="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Plan the mission" in text and "Yes" in text
    assert get_as(client, w.co_chair, "action_item_export", partnership_pk=w.partnership.pk, fmt="pdf").status_code == 404
    xlsx = get_as(client, w.co_chair, "action_item_export", partnership_pk=w.partnership.pk, fmt="xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_list_in_hebrew_reads_right_to_left(client, setting):
    w = setting
    response = get_as(client, w.member_israel, "action_item_list", partnership_pk=w.partnership.pk)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in page and 'lang="he"' in page
    assert "לתכנן את המשלחת" in page  # the item's Hebrew title
    assert "משימות" in page and "באיחור" in page  # "Action items", "Overdue"


# ---- creating and editing


def test_a_chair_adds_an_item_from_the_meeting_and_it_goes_on_the_next_agenda(client, setting):
    w = setting
    client.force_login(w.co_chair)
    create = url("action_item_create", partnership_pk=w.partnership.pk) + f"?meeting={w.held.pk}"
    form = client.get(create)
    assert form.status_code == 200 and "Autumn meeting" in form.content.decode()
    response = client.post(create, {
        "title_en": "Invite the school principals", "title_he": "להזמין את מנהלי בתי הספר",
        "owner": w.member_israel.pk, "due_on": (w.today + days(10)).isoformat(), "meeting": w.held.pk,
    })
    item = ActionItem.objects.get(title_en="Invite the school principals")
    assert response.status_code == 302
    assert response["Location"] == url("meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=w.held.pk) + "#action-items"
    assert (item.meeting, item.committee, item.owner, item.status) == (w.held, w.steering, w.member_israel, S.OPEN)
    assert AgendaItem.objects.get(action_item=item).meeting == w.next


def test_a_bad_item_is_shown_again_with_the_reasons(client, setting):
    w = setting
    client.force_login(w.co_chair)
    # "Yesterday" in the co-chair's own calendar (New York), whatever the hour of the run.
    yesterday = timezone.localdate(timezone=zoneinfo.ZoneInfo(w.co_chair.time_zone)) - days(1)
    create = url("action_item_create", partnership_pk=w.partnership.pk) + f"?committee={w.steering.pk}"
    response = client.post(create, {
        "title_en": "", "title_he": "", "owner": w.former.pk, "due_on": yesterday.isoformat(),
        "committee": w.steering.pk,
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a title in Hebrew or in English" in page
    assert "Select a valid choice" in page  # a former member is not offered as owner
    response = client.post(create, {
        "title_en": "Late already", "owner": w.chair.pk, "due_on": yesterday.isoformat(),
        "committee": w.steering.pk,
    })
    assert response.status_code == 200 and "The due date cannot be in the past." in response.content.decode()
    assert not ActionItem.objects.filter(title_en="Late already").exists()


def test_a_chair_with_several_committees_chooses_one_first(client, setting):
    w = setting
    response = get_as(client, w.co_chair, "action_item_create", partnership_pk=w.partnership.pk)
    page = response.content.decode()
    assert response.status_code == 200 and 'name="committee"' in page and "Education subcommittee" in page


def test_a_chair_edits_an_item_and_marks_it_done(client, setting):
    w = setting
    client.force_login(w.co_chair)
    edit = url("action_item_edit", partnership_pk=w.partnership.pk, pk=w.item.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {
        "title_en": "Plan the spring mission", "title_he": "לתכנן את משלחת האביב", "owner": w.member_diaspora.pk,
        "due_on": w.item.due_on.isoformat(), "status": S.DONE,
    })
    assert response.status_code == 302
    w.item.refresh_from_db()
    assert w.item.status == S.DONE and w.item.completed_on == timezone.localdate()
    assert w.item.title_en == "Plan the spring mission"


# ---- the updates thread


def test_any_member_adds_an_update_and_the_owner_changes_the_status(client, setting):
    w = setting
    post = url("action_item_update_add", "he", partnership_pk=w.partnership.pk, pk=w.item.pk)
    client.force_login(w.member_israel)
    response = client.post(post, {"text": "אני יכול לעזור", "new_status": S.DONE})
    assert response.status_code == 302
    w.item.refresh_from_db()
    assert w.item.status == S.OPEN  # not the owner: the status field is not theirs
    assert w.item.updates.get().text == "אני יכול לעזור"

    client.force_login(w.member_diaspora)  # the owner
    detail = client.get(url("action_item_detail", partnership_pk=w.partnership.pk, pk=w.item.pk)).content.decode()
    assert 'name="new_status"' in detail and "אני יכול לעזור" in detail
    post = url("action_item_update_add", partnership_pk=w.partnership.pk, pk=w.item.pk)
    assert client.post(post, {"text": "Dates are set", "new_status": S.IN_PROGRESS}).status_code == 302
    w.item.refresh_from_db()
    assert w.item.status == S.IN_PROGRESS
    response = client.post(post, {"text": "", "new_status": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_the_detail_page_in_hebrew(client, setting):
    w = setting
    response = get_as(client, w.member_israel, "action_item_detail", partnership_pk=w.partnership.pk, pk=w.item.pk)
    page = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in page
    assert "לתכנן את המשלחת" in page and "ישיבת הסתיו" in page
    assert "עדכונים" in page  # "Updates"
    assert 'name="new_status"' not in page  # not the owner, not a manager


# ---- the meeting page shows the area's sections


def test_the_meeting_page_shows_items_attachments_and_publishing(client, setting):
    w = setting
    page = get_as(client, w.co_chair, "meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=w.held.pk)
    page = page.content.decode()
    assert 'id="action-items"' in page and "Plan the mission" in page and "Overdue" in page
    assert url("action_item_create", partnership_pk=w.partnership.pk) + f"?meeting={w.held.pk}" in page
    assert url("attachment_download", partnership_pk=w.partnership.pk, pk=w.attachment.pk) in page
    assert url("attachment_upload", partnership_pk=w.partnership.pk, meeting_pk=w.held.pk) in page
    assert url("meeting_publish", partnership_pk=w.partnership.pk, meeting_pk=w.held.pk) in page

    page = get_as(client, w.member_diaspora, "meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=w.held.pk)
    page = page.content.decode()
    assert "Plan the mission" in page
    assert url("attachment_download", partnership_pk=w.partnership.pk, pk=w.attachment.pk) in page
    assert "action-items/new/" not in page and "/attachments/new/" not in page and "/publish/" not in page


# ---- query counts do not grow with the data


def _populate(w, n):
    people = [f.UserFactory() for _ in range(n)]
    for person in people:
        f.MembershipFactory(committee=w.steering, person=person, term_start=w.today - days(10))
    for i in range(n):
        item = f.ActionItemFactory(committee=w.steering if i % 2 else w.sub, meeting=w.held, owner=people[i],
                                   due_on=w.today + days(i - n // 2))
        f.ActionItemUpdateFactory(action_item=w.item, author=people[i])
        f.ActionItemUpdateFactory(action_item=item, author=people[i])
        f.DecisionFactory(meeting=w.held, votes_for=3, votes_against=1, votes_abstain=0)
        f.MeetingAttachmentFactory(meeting=w.held, uploaded_by=people[i])
        f.AttendanceFactory(meeting=w.held, person=people[i])


@pytest.mark.parametrize("n", [2, 20])
def test_pages_stay_within_a_fixed_number_of_queries(client, setting, django_assert_max_num_queries, n):
    w = setting
    _populate(w, n)
    client.force_login(w.chair)
    p = w.partnership.pk
    pages = [
        url("action_item_list", "he", partnership_pk=p),
        url("action_item_list", "he", partnership_pk=p) + "?status=&overdue=on&mine=on",
        url("action_item_detail", "he", partnership_pk=p, pk=w.item.pk),
        url("action_item_edit", "he", partnership_pk=p, pk=w.item.pk),
        url("action_item_create", "he", partnership_pk=p) + f"?meeting={w.held.pk}",
        url("meeting_publish", "he", partnership_pk=p, meeting_pk=w.held.pk),
        url("attachment_upload", "he", partnership_pk=p, meeting_pk=w.held.pk),
        url("meeting_detail", "he", partnership_pk=p, meeting_pk=w.held.pk),  # with this area's sections
    ]
    for page in pages:
        with django_assert_max_num_queries(15):
            assert client.get(page).status_code == 200, page
