"""The newsletter: written in Hebrew and English by the backbone, read in each language before sending,
sent once to every partner (contacts of accepted or seated organisations and forum members), each in
their own language, once; turned-off partners are skipped; a second send is refused; the page counts
what the ledger says."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from partnerships.models import Newsletter, NewsletterStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

TEXT = {
    "subject_he": "עדכון רבעוני: שימור מתנדבים",
    "body_he": "שלום לכולם,\n\nהפורום נפגש השבוע.",
    "subject_en": "Quarterly update: volunteer retention",
    "body_en": "Hello all,\n\nThe forum met this week.",
}


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs or None)


@pytest.fixture
def draft(partners_world):
    newsletter = Newsletter(created_by=partners_world.staff, **TEXT)
    newsletter.save()
    return newsletter


def send(client, django_capture_on_commit_callbacks, newsletter):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("newsletter_send", pk=newsletter.pk), {"confirm": "yes"})


# ---- writing


def test_staff_write_a_newsletter_in_both_languages(client, partners_world):
    client.force_login(partners_world.staff)
    response = client.post(url("newsletter_create"), TEXT)
    assert response.status_code == 302
    newsletter = Newsletter.objects.get()
    assert (newsletter.subject_he, newsletter.subject_en) == (TEXT["subject_he"], TEXT["subject_en"])
    assert newsletter.status == NewsletterStatus.DRAFT and newsletter.created_by == partners_world.staff
    assert response["Location"] == url("newsletter_detail", pk=newsletter.pk)


def test_a_missing_language_is_asked_for_and_the_text_kept(client, partners_world):
    client.force_login(partners_world.staff)
    response = client.post(url("newsletter_create"), {**TEXT, "body_he": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert TEXT["subject_he"] in html and "The forum met this week." in html
    assert not Newsletter.objects.exists()


def test_the_page_previews_each_language_and_who_will_receive_it(client, draft):
    client.force_login(draft.created_by)
    response = client.get(url("newsletter_detail", pk=draft.pk))
    html = response.content.decode()
    assert '<div lang="he" dir="rtl">' in html and '<div lang="en" dir="ltr">' in html
    assert TEXT["subject_he"] in html and "הפורום נפגש השבוע." in html
    assert TEXT["subject_en"] in html and "The forum met this week." in html
    audience = response.context["audience"]
    # contact + colleague (accepted Welfare, seated), other_contact (accepted Teva), member (seat): 4 people.
    assert (audience.total, audience.hebrew, audience.english) == (3 + 1, 1, 3)


def test_a_draft_can_be_edited(client, draft):
    client.force_login(draft.created_by)
    response = client.post(url("newsletter_edit", pk=draft.pk), {**TEXT, "subject_en": "Changed"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.subject_en == "Changed" and draft.subject_he == TEXT["subject_he"]


# ---- sending


def test_each_partner_receives_it_once_in_their_language(client, partners_world, draft, django_capture_on_commit_callbacks):
    pw = partners_world
    # The contact of Welfare also sits on the forum: still one email.
    client.force_login(pw.staff)
    response = send(client, django_capture_on_commit_callbacks, draft)
    assert response.status_code == 302

    received = {m.to[0]: m for m in mail.outbox}
    assert sorted(received) == sorted(
        [pw.contact.email, pw.colleague.email, pw.other_contact.email, pw.member.email]
    )
    assert len(mail.outbox) == 4
    hebrew = received[pw.contact.email]
    assert hebrew.subject == TEXT["subject_he"]
    assert "הפורום נפגש השבוע." in hebrew.body
    assert hebrew.extra_headers["Content-Language"] == "he"
    assert "List-Unsubscribe" in hebrew.extra_headers  # not essential: one click turns it off
    english = received[pw.other_contact.email]
    assert english.subject == TEXT["subject_en"]
    assert "The forum met this week." in english.body and "הפורום" not in english.body
    # Not partners: the applicant still waiting, a volunteer, the staff.
    for outsider in (pw.applicant, pw.volunteer, pw.staff):
        assert outsider.email not in received

    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.SENT and draft.sent_by == pw.staff and draft.recipients_count == 4


def test_a_partner_who_turned_it_off_is_skipped_and_counted(
    client, partners_world, draft, django_capture_on_commit_callbacks
):
    pw = partners_world
    OptOut.objects.create(person=pw.colleague, kind=Kind.NEWSLETTER)
    client.force_login(pw.staff)
    send(client, django_capture_on_commit_callbacks, draft)
    assert pw.colleague.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 3
    skipped = Delivery.objects.get(kind=Kind.NEWSLETTER, recipient=pw.colleague)
    assert skipped.status == DeliveryStatus.SKIPPED

    response = client.get(url("newsletter_detail", pk=draft.pk))
    counts = response.context["deliveries"]
    assert (counts.sent, counts.skipped, counts.failed, counts.waiting) == (3, 1, 0, 0)
    html = response.content.decode()
    assert 'data-count="sent">3<' in html and 'data-count="skipped">1<' in html


def test_sending_needs_a_confirmation(client, partners_world, draft, django_capture_on_commit_callbacks):
    client.force_login(partners_world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("newsletter_send", pk=draft.pk))
    assert response.status_code == 302
    assert "Tick the box" in client.get(response["Location"]).content.decode()
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.DRAFT and mail.outbox == []


def test_a_second_send_is_refused(client, partners_world, draft, django_capture_on_commit_callbacks):
    client.force_login(partners_world.staff)
    send(client, django_capture_on_commit_callbacks, draft)
    mail.outbox.clear()
    response = send(client, django_capture_on_commit_callbacks, draft)
    assert response.status_code == 302
    assert mail.outbox == []
    assert Delivery.objects.filter(kind=Kind.NEWSLETTER).count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "already sent" in page
    # Nor can it be changed once sent.
    response = client.post(url("newsletter_edit", pk=draft.pk), {**TEXT, "subject_en": "Changed"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.subject_en == TEXT["subject_en"]


def test_the_detail_counts_the_ledger_in_one_query(client, partners_world, draft, django_capture_on_commit_callbacks,
                                                    django_assert_num_queries):
    from impact.selectors.newsletter import newsletter_delivery_counts

    client.force_login(partners_world.staff)
    send(client, django_capture_on_commit_callbacks, draft)
    with django_assert_num_queries(1):
        counts = newsletter_delivery_counts(draft)
    assert counts.total == 4 and counts.sent == 4


def test_the_list_needs_the_same_queries_for_few_and_many(client, partners_world, django_assert_max_num_queries):
    client.force_login(partners_world.staff)
    Newsletter.objects.create(created_by=partners_world.staff, **TEXT)
    client.get(url("newsletter_list"))
    with django_assert_max_num_queries(10) as few:
        client.get(url("newsletter_list"))
    for i in range(30):
        author = f.StaffFactory(email=f"writer{i}@example.org")
        Newsletter.objects.create(created_by=author, **TEXT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("newsletter_list"))
    assert len(response.context["page"].object_list) == 25


@pytest.mark.parametrize("who", ["contact", "member", "applicant", "volunteer"])
def test_the_newsletter_pages_are_the_backbones(client, partners_world, draft, who):
    person = getattr(partners_world, who)
    client.force_login(person)
    lang = person.preferred_language
    for name, kwargs in (
        ("newsletter_list", {}), ("newsletter_create", {}), ("newsletter_detail", {"pk": draft.pk}),
        ("newsletter_edit", {"pk": draft.pk}),
    ):
        assert client.get(url(name, lang, **kwargs)).status_code == 403, name
    assert client.post(url("newsletter_send", lang, pk=draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.DRAFT
