"""Staff open a new community's track, a mentor (in Hebrew) and a community leader (in English) work on it in Chromium.

Staff open the track from the pipeline (a first try with mistakes comes back with the reasons); the
mentor they assign is emailed, over SMTP, in Hebrew.

The mentor opens the pipeline, opens the community, marks "community vision" done with a note, tries
to move the community to the next stage and reads why not (the missing item is named), completes
the missing item and moves the stage. The leader updates an item, uploads a document as evidence
(a bad file first: the form comes back with the reason) and downloads it again. Every page on the
way is checked against WCAG 2.1 AA.
"""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from communities.models import ChecklistItem, EstablishmentTrack, ItemStatus, Stage, TrackEvidence, TrackItem
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def person(email, *, hebrew, full_name):
    factory = f.HebrewUserFactory if hebrew else f.UserFactory
    user = factory(email=email, full_name=full_name)
    f.VolunteerProfileFactory(user=user)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def new_community(db):
    track = f.EstablishmentTrackFactory(
        community__name_en="Garin Harish",
        community__name_he="גרעין חריש",
        community__locality_en="Harish",
        community__locality_he="חריש",
        started_on=datetime.date(2025, 3, 1),
    )
    mentor = person("mentor@example.org", hebrew=True, full_name="מיכל אברהם")
    leader = person("leader@example.org", hebrew=False, full_name="Rachel Goldberg")
    f.MentorshipFactory(track=track, mentor=mentor, started_on=datetime.date(2025, 3, 1))
    f.CommunityLeaderFactory(community=track.community, person=leader)
    f.MilestoneFactory(track=track, title_he="מסמך חזון מוסכם", due_on=timezone.localdate() - datetime.timedelta(days=5))
    # Another community the two of them do not see.
    f.EstablishmentTrackFactory(community__name_en="Garin Yeruham", community__name_he="גרעין ירוחם")
    return track, mentor, leader


def sign_in(page, language, email):
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def check(page, assert_accessible, what, language):
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "he" else "ltr")
    assert_accessible(page, context=what)


def save_item(page, track, code, status, notes):
    page.locator(f"main a[href$='/items/{code}/']").first.click()
    page.wait_for_url(re.compile(rf"/items/{code}/$"))
    page.locator("select[name=status]").select_option(status)
    page.locator("textarea[name=notes]").fill(notes)
    page.locator("form.item-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/establishment/{track.pk}/#item-{code}$"))


def test_a_mentor_moves_a_community_to_the_next_stage_once_its_items_are_done(
    page_in, assert_accessible, new_community
):
    track, mentor, _leader = new_community
    page = page_in()
    sign_in(page, "he", mentor.email)

    page.goto("/he/communities/establishment/")
    check(page, assert_accessible, "pipeline", "he")
    assert page.get_by_text("גרעין ירוחם").count() == 0  # not theirs
    card = page.locator(".track-card", has_text="גרעין חריש")
    assert card.locator(".milestone-overdue").count() == 1  # the overdue milestone is flagged
    card.locator("a", has_text="גרעין חריש").click()
    page.wait_for_url(re.compile(rf"/he/communities/establishment/{track.pk}/$"))
    check(page, assert_accessible, "track", "he")

    save_item(page, track, ChecklistItem.VISION, ItemStatus.DONE, "החזון אושר באספה הכללית")
    vision = TrackItem.objects.get(track=track, item=ChecklistItem.VISION)
    assert (vision.status, vision.notes, vision.updated_by) == (ItemStatus.DONE, "החזון אושר באספה הכללית", mentor)
    assert vision.completed_on is not None

    # Try to move on: refused, and the reason names the missing item.
    page.locator("form.stage-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#stage$"))
    error = page.locator(".message.error")
    assert error.count() == 1
    assert "משימה חברתית משותפת" in error.inner_text()  # "Shared social mission"
    assert "חזון קהילתי" not in error.inner_text()  # vision is done
    assert EstablishmentTrack.objects.get(pk=track.pk).stage == Stage.NUCLEUS
    check(page, assert_accessible, "refused move", "he")

    save_item(page, track, ChecklistItem.SOCIAL_MISSION, ItemStatus.DONE, "חינוך משותף לדתיים וחילונים")
    page.locator("form.stage-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#stage$"))
    assert page.locator(".message.success").count() == 1
    moved = EstablishmentTrack.objects.get(pk=track.pk)
    assert (moved.stage, moved.stage_changed_on) == (Stage.BUILDING, timezone.localdate())
    assert page.locator(".stage-step-current").inner_text() == "בניית תשתית"
    check(page, assert_accessible, "moved", "he")

    # On a phone, the pipeline and the track still read right to left and meet WCAG AA.
    page.set_viewport_size({"width": 375, "height": 800})
    check(page, assert_accessible, "track on a phone", "he")
    page.goto("/he/communities/establishment/")
    assert page.locator(".pipeline-column.stage-building .track-card", has_text="גרעין חריש").count() == 1
    check(page, assert_accessible, "pipeline on a phone", "he")


def test_a_community_leader_updates_an_item_and_uploads_evidence(page_in, assert_accessible, new_community):
    track, _mentor, leader = new_community
    page = page_in(timezone_id="America/New_York")
    sign_in(page, "en", leader.email)

    page.goto("/en/communities/establishment/")
    check(page, assert_accessible, "pipeline", "en")
    page.locator(".track-card a", has_text="Garin Harish").click()
    page.wait_for_url(re.compile(rf"/en/communities/establishment/{track.pk}/$"))
    assert page.locator("form.stage-form").count() == 0  # a leader does not move the stage

    code = ChecklistItem.SUPPORT_SYSTEMS
    page.locator(f"main a[href$='/items/{code}/']").click()
    page.wait_for_url(re.compile(rf"/items/{code}/$"))
    check(page, assert_accessible, "item", "en")
    assert page.locator("select[name=status] option[value=not_applicable]").count() == 0
    page.locator("select[name=status]").select_option(ItemStatus.IN_PROGRESS)
    page.locator("textarea[name=notes]").fill("A meal train for families with a new baby")
    page.locator("input[name=due_on]").fill("2099-03-31")
    page.locator("form.item-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"#item-{code}$"))
    item = TrackItem.objects.get(track=track, item=code)
    assert (item.status, item.due_on, item.updated_by) == (ItemStatus.IN_PROGRESS, datetime.date(2099, 3, 31), leader)
    row = page.locator(f"tr#item-{code}")
    assert "In progress" in row.inner_text() and "meal train" in row.inner_text()

    # Evidence: a file that is not what its name says comes back with the reason; then the real one.
    page.locator(f"main a[href$='/items/{code}/']").click()
    page.wait_for_url(re.compile(rf"/items/{code}/$"))
    page.locator("form.evidence-form input[name=title]").fill("Meal train rota")
    page.locator("form.evidence-form input[name=file]").set_input_files(
        {"name": "rota.pdf", "mimeType": "application/pdf", "buffer": b"not really a PDF"}
    )
    page.locator("form.evidence-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/items/{code}/evidence/$"))
    assert "is not a .pdf file" in page.locator("main").inner_text()
    assert page.locator("input[name=title]").input_value() == "Meal train rota"
    check(page, assert_accessible, "bad upload", "en")
    page.locator("input[name=file]").set_input_files(
        {"name": "rota.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("form.evidence-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/items/{code}/#evidence$"))
    evidence = TrackEvidence.objects.get()
    assert (evidence.title, evidence.uploaded_by, evidence.item.item) == ("Meal train rota", leader, code)
    with page.expect_download() as download:
        page.locator(".evidence-list a", has_text="Meal train rota").click()
    assert download.value.suggested_filename == "rota.pdf"
    assert open(download.value.path(), "rb").read() == PDF
    check(page, assert_accessible, "item with evidence", "en")
    assert User.objects.get(pk=leader.pk).preferred_language == "en"


def test_staff_open_a_new_community_with_its_mentor_who_is_emailed_in_hebrew(page_in, assert_accessible, smtp):
    """Staff (in English) open the track of a new community from the pipeline; a bad first try comes back with the
    reasons and what was typed; the Hebrew mentor receives the email over SMTP, in Hebrew and right to left."""
    staff = f.StaffFactory(email="staff@example.org", full_name="Dana Staff")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    mentor = person("mentor@example.org", hebrew=True, full_name="מיכל אברהם")
    page = page_in()
    sign_in(page, "en", staff.email)

    page.goto("/en/communities/establishment/")
    check(page, assert_accessible, "pipeline (staff)", "en")
    page.get_by_role("link", name="New community in establishment").click()
    page.wait_for_url(re.compile(r"/en/communities/establishment/new/$"))
    check(page, assert_accessible, "new track form", "en")

    # A first try without a country: the form comes back with the reason and the names still typed.
    page.locator("input[name=name_en]").fill("Garin Arad")
    page.locator("input[name=name_he]").fill("גרעין ערד")
    page.locator("input[name=started_on]").fill("2099-01-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Choose the country of the new community." in main
    assert "The accompaniment cannot start in the future" in main
    assert page.locator("input[name=name_he]").input_value() == "גרעין ערד"
    check(page, assert_accessible, "new track form with errors", "en")

    page.locator("select[name=country]").select_option("IL")
    page.locator("select[name=stage]").select_option(Stage.BUILDING)
    page.locator("input[name=started_on]").fill(timezone.localdate().isoformat())
    page.locator("input[name=mentor_email]").fill(mentor.email)  # not a mentor yet: found by their address
    page.locator("main form button[type=submit]").click()
    track = EstablishmentTrack.objects.get(community__name_en="Garin Arad")
    page.wait_for_url(re.compile(rf"/en/communities/establishment/{track.pk}/$"))
    assert "The establishment track of Garin Arad is open" in page.locator(".message.success").inner_text()
    assert page.locator(".stage-step-current").inner_text() == "Building infrastructure"
    assert "מיכל אברהם" in page.locator("#mentors").inner_text()
    check(page, assert_accessible, "new track", "en")

    (message,) = smtp.wait_for(to=mentor.email)
    assert message["Content-Language"] == "he"
    assert "גרעין ערד" in message["Subject"]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'dir="rtl"' in html
    assert f"/he/communities/establishment/{track.pk}/" in smtp.text_of(message)
    assert "בניית תשתית" in smtp.text_of(message)  # the stage, in Hebrew
