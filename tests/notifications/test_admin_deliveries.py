"""The staff view of the ledger: what was sent to whom and when, what failed, and sending it again."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from notifications.kinds import REGISTRY, KindSpec
from notifications.kinds.meetings import MeetingReminder
from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from tests import factories as f

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)
LONG_ERROR = "SMTP 550: mailbox unavailable " + "— the receiving server said more " * 20 + "THE END"


def admin_url(model, view, *args, lang="en"):
    with translation.override(lang):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def delivery(recipient=None, **fields):
    fields.setdefault("kind", Kind.MEETING_REMINDER)
    fields.setdefault("status", DeliveryStatus.SENT)
    if fields["status"] == DeliveryStatus.SENT:
        fields.setdefault("sent_at", timezone.now())
    recipient = recipient or f.UserFactory(full_name="Michael Rosen")
    return Delivery.objects.create(
        recipient=recipient, object_id=next(_serial), occurrence="20261201T1000Z/1d",
        email=recipient.email, language=recipient.preferred_language, **fields,
    )


def test_staff_see_the_ledger_in_english_and_hebrew(admin_client):
    noa = f.HebrewUserFactory(full_name="נועה כהן", email="noa@example.org")
    delivery(noa, subject="תזכורת: ישיבת תקציב")
    delivery(status=DeliveryStatus.FAILED, error=LONG_ERROR, subject="Reminder: budget")
    for lang in ("en", "he"):
        response = admin_client.get(admin_url(Delivery, "changelist", lang=lang))
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "he" else "ltr"}"' in html
        assert "noa@example.org" in html and "נועה כהן" in html and "תזכורת: ישיבת תקציב" in html
        assert "SMTP 550: mailbox unavailable" in html and "THE END" not in html  # the error, shortened
        assert 'id="delivery-summary"' in html
    english = admin_client.get(admin_url(Delivery, "changelist")).content.decode()
    assert "Emails decided in the past 7 days" in english and "Send again" in english


def test_hebrew_admin_reads_hebrew():
    """Needs the Hebrew catalogue compiled (the lead merges /tmp/i18n/*.json)."""
    admin = f.StaffFactory()
    from django.test import Client

    client = Client()
    client.force_login(admin)
    delivery(status=DeliveryStatus.FAILED, error="SMTP 550")
    html = client.get(admin_url(Delivery, "changelist", lang="he")).content.decode()
    assert "דוא״ל שהוחלט לשלוח בשבעת הימים האחרונים" in html
    assert "שליחה חוזרת" in html


def test_summary_counts_the_past_week_per_status_and_failed_per_kind(admin_client):
    for _ in range(3):
        delivery(status=DeliveryStatus.FAILED, error="SMTP 550")
    delivery(status=DeliveryStatus.FAILED, kind=Kind.SHIFT_REMINDER, error="SMTP 554")
    delivery(status=DeliveryStatus.SENT)
    delivery(status=DeliveryStatus.SKIPPED, error="opted out")
    delivery(status=DeliveryStatus.FAILED, created_at=timezone.now() - datetime.timedelta(days=10))  # older
    summary = admin_client.get(admin_url(Delivery, "changelist")).context["delivery_summary"]
    counts = {row["label"]: row["count"] for row in summary["statuses"]}
    assert counts == {"Waiting to be sent": 0, "Being sent": 0, "Sent": 1, "Failed": 4, "Not sent": 1}
    assert summary["total"] == 6
    assert [(row["label"], row["count"]) for row in summary["failed_by_kind"]] == [
        ("Meeting reminder", 3), ("Shift reminder", 1),
    ]
    # Each number links to the list it counts.
    failed = next(row for row in summary["statuses"] if row["label"] == "Failed")
    listed = admin_client.get(admin_url(Delivery, "changelist") + failed["url"])
    assert listed.context["cl"].result_count == 4


def test_list_filters_and_search(admin_client):
    noa = f.HebrewUserFactory(full_name="נועה כהן", email="noa@example.org")
    delivery(noa, subject="תזכורת: ישיבה")
    delivery(status=DeliveryStatus.FAILED, kind=Kind.SHIFT_REMINDER, subject="Reminder: shift")
    url = admin_url(Delivery, "changelist")

    def shown(**params):
        return admin_client.get(url, params).context["cl"].result_count

    assert shown(q="noa@example") == 1
    assert shown(q="נועה") == 1
    assert shown(q="Reminder: shift") == 1
    assert shown(status__exact="failed") == 1
    assert shown(kind__exact="meeting_reminder") == 1
    assert shown(language="he") == 1
    assert shown(language="en") == 1


def test_list_queries_do_not_grow_with_rows(admin_client):
    url = admin_url(Delivery, "changelist")

    def make(count):
        for i in range(count):
            delivery(status=[DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED][i % 3], error="x")

    make(5)
    assert admin_client.get(url).status_code == 200  # warms caches (content types, site, session)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    make(45)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.context["cl"].result_count == 50
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_send_again_puts_failed_rows_back_and_they_are_sent(admin_client, workspace, django_capture_on_commit_callbacks):
    meeting = f.MeetingFactory(committee=workspace.steering, starts_at=timezone.now() + datetime.timedelta(days=3))
    occurrence = MeetingReminder.occurrence(meeting, datetime.timedelta(days=7))
    failed = Delivery.objects.create(
        recipient=workspace.chair, kind=Kind.MEETING_REMINDER, object_id=meeting.pk, occurrence=occurrence,
        status=DeliveryStatus.FAILED, attempts=8, error="SMTP 550: mailbox unavailable (gave up after 8 attempts)",
    )
    sent = delivery(workspace.co_chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url(Delivery, "changelist"),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 failed email will be sent again." in html
    assert "1 selected email had not failed and was left as it is." in html
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT and failed.attempts == 1 and failed.error == ""
    assert [m.to for m in mail.outbox] == [[workspace.chair.email]]
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.SENT


def test_change_page_is_read_only_and_shows_everything(admin_client):
    person = f.UserFactory(full_name="Rachel Goldberg", email="rachel@example.org")
    row = delivery(person, status=DeliveryStatus.FAILED, error=LONG_ERROR, subject="Reminder: budget")
    url = admin_url(Delivery, "change", row.pk)
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "THE END" in html  # the whole error
    assert admin_url(type(person), "change", person.pk) in html and "Rachel Goldberg" in html
    assert 'name="status"' not in html and 'name="error"' not in html  # nothing to edit

    # Even a hand-made POST changes nothing, and nobody adds rows by hand.
    assert admin_client.post(url, {"status": "sent", "error": ""}).status_code == 403
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and row.error == LONG_ERROR
    assert admin_client.get(admin_url(Delivery, "add")).status_code == 403


def _staff_with(*codenames):
    person = f.UserFactory(is_staff=True)
    person.user_permissions.set(Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames))
    return person


def test_only_superusers_delete_deliveries(client, admin_client):
    row = delivery()
    client.force_login(_staff_with("view_delivery", "change_delivery", "delete_delivery"))
    assert client.get(admin_url(Delivery, "changelist")).status_code == 200
    assert client.get(admin_url(Delivery, "delete", row.pk)).status_code == 403
    assert client.post(admin_url(Delivery, "changelist"), {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}).status_code in (200, 302)
    assert Delivery.objects.filter(pk=row.pk).exists()

    assert admin_client.get(admin_url(Delivery, "delete", row.pk)).status_code == 200
    admin_client.post(admin_url(Delivery, "delete", row.pk), {"post": "yes"})
    assert not Delivery.objects.filter(pk=row.pk).exists()


def test_send_again_needs_the_change_permission(client):
    row = delivery(status=DeliveryStatus.FAILED, error="SMTP 550")
    client.force_login(_staff_with("view_delivery"))
    html = client.get(admin_url(Delivery, "changelist")).content.decode()
    assert "Send again" not in html
    client.post(admin_url(Delivery, "changelist"), {"action": "send_again", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED


def test_people_who_are_not_staff_cannot_open_it(client, workspace):
    row = delivery(workspace.co_chair)
    for person in (workspace.volunteer, workspace.co_chair):
        client.force_login(person)
        for url in (admin_url(Delivery, "changelist"), admin_url(Delivery, "change", row.pk)):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(_staff_with())  # staff, but not given the ledger
    assert client.get(admin_url(Delivery, "changelist")).status_code == 403


# --- Turned-off emails ---------------------------------------------------------------------------


def test_opt_outs_are_listed_filtered_and_searched(admin_client):
    noa = f.HebrewUserFactory(full_name="נועה כהן", email="noa@example.org")
    OptOut.objects.create(person=noa, kind=Kind.MEETING_REMINDER)
    OptOut.objects.create(person=f.UserFactory(full_name="David Stein"), kind=Kind.SHIFT_REMINDER)
    url = admin_url(OptOut, "changelist")
    for lang in ("en", "he"):
        assert admin_client.get(admin_url(OptOut, "changelist", lang=lang)).status_code == 200
    assert admin_client.get(url, {"kind__exact": "meeting_reminder"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "נועה"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "noa@"}).context["cl"].result_count == 1


def test_staff_cannot_turn_off_an_essential_kind(admin_client, monkeypatch):
    essential = next((spec.code for spec in REGISTRY.values() if spec.essential), None)
    if essential is None:
        essential = next(code for code in Kind.values if code not in REGISTRY)
        spec = type("EssentialForTheTest", (KindSpec,), {"code": essential, "essential": True})()
        monkeypatch.setitem(REGISTRY, essential, spec)
    person = f.UserFactory()
    response = admin_client.post(admin_url(OptOut, "add"), {"person": person.pk, "kind": essential})
    assert response.status_code == 200
    assert "cannot be turned off" in response.content.decode()
    assert not OptOut.objects.exists()
    response = admin_client.post(admin_url(OptOut, "add"), {"person": person.pk, "kind": Kind.MEETING_REMINDER})
    assert response.status_code == 302
    assert OptOut.objects.filter(person=person, kind=Kind.MEETING_REMINDER).exists()
