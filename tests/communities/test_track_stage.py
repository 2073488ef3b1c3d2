"""Moving a community to its next stage: only when the stage's required items are done, with the
missing items listed when refused; items' status moves; joining the network with representatives."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from communities import services
from communities.models import ChecklistItem, EstablishmentTrack, ItemStatus, Stage, TrackItem
from communities.selectors import INFRASTRUCTURE_ITEMS
from tests import factories as f

from .conftest import complete

pytestmark = pytest.mark.django_db

C = ChecklistItem


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"communities:{name}", kwargs=kwargs)


def advance(track, by, to, **kwargs):
    return services.track_stage_advance(track=track, by=by, to=to, **kwargs)


def test_leaving_the_nucleus_is_refused_until_vision_and_social_mission_are_done(establishment):
    e = establishment
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.BUILDING)
    [reason] = refused.value.messages
    assert reason == (
        "To move to “Building infrastructure”, these items must be done first: Community vision, Shared social mission."
    )
    complete(e.track, C.VISION)
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.BUILDING)
    assert "Shared social mission" in refused.value.messages[0]
    assert "Community vision" not in refused.value.messages[0]
    e.track.refresh_from_db()
    assert e.track.stage == Stage.NUCLEUS

    complete(e.track, C.SOCIAL_MISSION)
    advance(e.track, e.mentor, Stage.BUILDING)
    e.track.refresh_from_db()
    assert (e.track.stage, e.track.stage_changed_on) == (Stage.BUILDING, e.today)


def test_being_established_needs_all_eight_items_and_not_applicable_counts(establishment):
    e = establishment
    complete(e.track, C.VISION, C.SOCIAL_MISSION)
    advance(e.track, e.mentor, Stage.BUILDING)
    complete(e.track, *INFRASTRUCTURE_ITEMS[:-2])
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.ESTABLISHED)
    message = refused.value.messages[0]
    assert "Leadership structure" in message and "Decision-making structure" in message
    assert "Community vision" not in message
    complete(e.track, C.LEADERSHIP_STRUCTURE)
    complete(e.track, C.DECISION_MAKING, status=ItemStatus.NOT_APPLICABLE)
    advance(e.track, e.mentor, Stage.ESTABLISHED)
    assert EstablishmentTrack.objects.get(pk=e.track.pk).stage == Stage.ESTABLISHED


def test_the_foundation_rows_are_not_among_the_required_items(establishment):
    e = establishment
    complete(e.track, *INFRASTRUCTURE_ITEMS)
    check = services.track_stage_check(track=e.track)
    assert check.allowed and check.next == Stage.BUILDING
    assert not TrackItem.objects.filter(track=e.track, item=C.SPIRIT).exists()


def test_joining_the_network_needs_a_representative_and_records_the_date(establishment):
    e = establishment
    complete(e.track, *INFRASTRUCTURE_ITEMS)
    advance(e.track, e.mentor, Stage.BUILDING, on=e.today - datetime.timedelta(days=10))
    advance(e.track, e.mentor, Stage.ESTABLISHED, on=e.today - datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.JOINED)
    assert refused.value.messages == [
        "To join the network, the community first chooses its network representatives."
    ]
    services.representative_add(track=e.track, by=e.mentor, person=e.leader, role="Link with the network")
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.JOINED, on=e.today - datetime.timedelta(days=6))  # before the last move
    assert "on" in refused.value.message_dict
    joined_on = e.today - datetime.timedelta(days=1)
    advance(e.track, e.mentor, Stage.JOINED, on=joined_on)
    e.track.refresh_from_db()
    assert (e.track.stage, e.track.joined_network_on) == (Stage.JOINED, joined_on)
    assert e.track.representatives.get().person == e.leader
    # The last representative of a community in the network stays.
    with pytest.raises(ValidationError):
        services.representative_remove(representative=e.track.representatives.get(), by=e.mentor)
    assert services.track_stage_check(track=e.track).next is None


def test_a_stale_or_skipping_move_is_refused(establishment):
    e = establishment
    complete(e.track, *INFRASTRUCTURE_ITEMS)
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.ESTABLISHED)  # skipping a stage
    assert "now at the stage “Nucleus”" in refused.value.messages[0]
    advance(e.track, e.mentor, Stage.BUILDING)
    with pytest.raises(ValidationError):
        advance(e.track, e.mentor, Stage.BUILDING)  # the same click twice
    assert EstablishmentTrack.objects.get(pk=e.track.pk).stage == Stage.BUILDING


def test_the_date_of_a_move_is_neither_in_the_future_nor_before_the_start(establishment):
    e = establishment
    complete(e.track, C.VISION, C.SOCIAL_MISSION)
    with pytest.raises(ValidationError) as refused:
        advance(e.track, e.mentor, Stage.BUILDING, on=e.today + datetime.timedelta(days=1))
    assert refused.value.message_dict == {"on": ["The date of the move cannot be in the future."]}
    with pytest.raises(ValidationError):
        advance(e.track, e.mentor, Stage.BUILDING, on=datetime.date(2024, 1, 1))
    assert EstablishmentTrack.objects.get(pk=e.track.pk).stage == Stage.NUCLEUS


def test_staff_move_a_track_back_and_leaving_the_network_clears_its_date(establishment):
    e = establishment
    complete(e.track, *INFRASTRUCTURE_ITEMS)
    f.NetworkRepresentativeFactory(track=e.track, person=e.leader)
    for stage in (Stage.BUILDING, Stage.ESTABLISHED, Stage.JOINED):
        advance(e.track, e.staff, stage)
    services.track_stage_back(track=e.track, by=e.staff, to=Stage.ESTABLISHED)
    e.track.refresh_from_db()
    assert (e.track.stage, e.track.joined_network_on) == (Stage.ESTABLISHED, None)


# ---- the pages


def test_the_page_lists_what_is_missing_and_a_refused_move_says_why(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    complete(e.track, C.VISION)
    page = client.get(url("track_detail", "he", pk=e.track.pk)).content.decode()
    assert 'class="stage-missing"' in page
    response = client.post(url("track_stage_move", "he", pk=e.track.pk), {"to": Stage.BUILDING}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/{e.track.pk}/#stage")
    [message] = [str(m) for m in response.context["messages"]]
    assert message == services.track_stage_check(track=e.track).reason()
    e.track.refresh_from_db()
    assert e.track.stage == Stage.NUCLEUS

    complete(e.track, C.SOCIAL_MISSION)
    response = client.post(url("track_stage_move", "he", pk=e.track.pk), {"to": Stage.BUILDING}, follow=True)
    e.track.refresh_from_db()
    assert e.track.stage == Stage.BUILDING
    assert 'class="stage-missing"' in response.content.decode()  # the next stage needs all eight


def test_the_refusal_names_the_missing_items_in_english(client, establishment):
    e = establishment
    client.force_login(e.staff)
    response = client.post(url("track_stage_move", pk=e.track.pk), {"to": Stage.BUILDING}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "Community vision" in message and "Shared social mission" in message
    page = response.content.decode()
    assert "Community vision" in page[page.index('id="stage"'):page.index('id="foundations"')]


def test_a_leader_sees_the_rule_but_cannot_move_the_stage(client, establishment):
    e = establishment
    complete(e.track, C.VISION, C.SOCIAL_MISSION)
    client.force_login(e.leader)
    page = client.get(url("track_detail", pk=e.track.pk)).content.decode()
    assert url("track_stage_move", pk=e.track.pk) not in page
    assert "Everything this stage requires is done." in page
    assert client.post(url("track_stage_move", pk=e.track.pk), {"to": Stage.BUILDING}).status_code == 403
    assert EstablishmentTrack.objects.get(pk=e.track.pk).stage == Stage.NUCLEUS


# ---- items' status


def update(track, code, by, manager, **kwargs):
    kwargs.setdefault("status", ItemStatus.IN_PROGRESS)
    return services.track_item_update(track=track, code=code, by=by, manager=manager, **kwargs)


def test_marking_an_item_done_records_who_and_when_and_reopening_clears_it(establishment):
    e = establishment
    item = update(e.track, C.VISION, e.leader, False, status=ItemStatus.DONE, notes="Agreed at the general meeting")
    assert (item.status, item.completed_on, item.updated_by, item.notes) == (
        ItemStatus.DONE, e.today, e.leader, "Agreed at the general meeting",
    )
    item = update(e.track, C.VISION, e.leader, False, status=ItemStatus.IN_PROGRESS, completed_on=e.today)
    assert (item.status, item.completed_on) == (ItemStatus.IN_PROGRESS, None)
    assert item.started_on == e.today


def test_a_leader_does_not_mark_an_item_not_applicable_but_a_mentor_does(establishment):
    e = establishment
    with pytest.raises(ValidationError) as refused:
        update(e.track, C.ANNUAL_CYCLE, e.leader, False, status=ItemStatus.NOT_APPLICABLE)
    assert "status" in refused.value.message_dict
    update(e.track, C.ANNUAL_CYCLE, e.mentor, True, status=ItemStatus.NOT_APPLICABLE)
    with pytest.raises(ValidationError):
        update(e.track, C.ANNUAL_CYCLE, e.leader, False, status=ItemStatus.IN_PROGRESS)
    assert TrackItem.objects.get(track=e.track, item=C.ANNUAL_CYCLE).status == ItemStatus.NOT_APPLICABLE


def test_item_dates_are_checked(establishment):
    e = establishment
    with pytest.raises(ValidationError) as refused:
        update(e.track, C.VISION, e.leader, False, status=ItemStatus.DONE, completed_on=e.today + datetime.timedelta(days=2))
    assert refused.value.message_dict == {"completed_on": ["The completion date cannot be in the future."]}
    with pytest.raises(ValidationError) as refused:
        update(
            e.track, C.VISION, e.leader, False, status=ItemStatus.DONE,
            started_on=e.today, completed_on=e.today - datetime.timedelta(days=3),
        )
    assert "completed_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        update(e.track, C.VISION, e.leader, False, status=ItemStatus.NOT_STARTED, completed_on=e.today)
    assert refused.value.message_dict == {"completed_on": ["A completion date is kept only for an item marked done."]}
    assert not TrackItem.objects.filter(track=e.track, item=C.VISION, status=ItemStatus.DONE).exists()


def test_a_leader_updates_an_item_through_its_page(client, establishment):
    e = establishment
    client.force_login(e.leader)
    target = url("item_detail", pk=e.track.pk, item=C.SUPPORT_SYSTEMS)
    page = client.get(target).content.decode()
    assert 'value="not_applicable"' not in page  # not offered to a leader
    response = client.post(
        target, {"status": "in_progress", "notes": "Meal train for new parents", "due_on": "2099-01-31"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{C.SUPPORT_SYSTEMS}")
    item = TrackItem.objects.get(track=e.track, item=C.SUPPORT_SYSTEMS)
    assert (item.status, item.notes, item.due_on, item.updated_by) == (
        ItemStatus.IN_PROGRESS, "Meal train for new parents", datetime.date(2099, 1, 31), e.leader,
    )


def test_a_bad_item_form_is_shown_again_with_the_error(client, establishment):
    e = establishment
    client.force_login(e.leader)
    target = url("item_detail", pk=e.track.pk, item=C.VISION)
    response = client.post(target, {"status": "done", "notes": "Kept", "completed_on": "2099-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The completion date cannot be in the future." in page
    assert "Kept" in page  # what was typed is kept
    response = client.post(target, {"status": "not_applicable"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert client.get(url("item_detail", pk=e.track.pk, item="no_such_item")).status_code == 404
