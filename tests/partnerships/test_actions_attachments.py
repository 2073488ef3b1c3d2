"""Meeting attachments: size, extension and content checks with clear errors, safe storage names,
downloads only through the view (headers, access), and deleting."""

import datetime
import io
import os
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import MeetingAttachment, MeetingStatus
from partnerships.services import actions as services
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"partnerships:{name}", kwargs=kwargs)


def ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def meeting(workspace):
    return f.MeetingFactory(committee=workspace.steering, starts_at=timezone.now() - datetime.timedelta(days=1),
                            status=MeetingStatus.HELD, title_en="Spring meeting", title_he="ישיבת האביב")


def upload(client, workspace, meeting, name, content, **data):
    target = url("attachment_upload", partnership_pk=workspace.partnership.pk, meeting_pk=meeting.pk)
    return client.post(target, {"kind": "slides", "title": "", **data, "file": SimpleUploadedFile(name, content)})


# ---- limits


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "Files of type .exe are not accepted. Accepted types: .pdf, .docx"),
        ("README", b"hello", "This file&#x27;s name has no extension."),
        ("report.pdf", PNG, "The content of this file is not a .pdf file"),
        ("photo.png", PDF, "The content of this file is not a .png file"),
        ("slides.pptx", ooxml("word/"), "The content of this file is not a .pptx file"),
        ("budget.xlsx", b"PK\x03\x04 not really a zip", "The content of this file is not a .xlsx file"),
        ("notes.txt", b"line one\x00line two", "A .txt file must be plain text in UTF-8"),
        ("list.csv", "שם,טלפון".encode("cp1255"), "A .csv file must be plain text in UTF-8"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(client, workspace, meeting, name, content, message):
    client.force_login(workspace.co_chair)
    response = upload(client, workspace, meeting, name, content, title="Keep this title")
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Keep this title"' in page  # the form is shown again, filled
    assert not MeetingAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(client, workspace, meeting, settings):
    settings.P2G_MAX_UPLOAD_MB = 1
    client.force_login(workspace.co_chair)
    response = upload(client, workspace, meeting, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "This file is 1.0\xa0MB; the largest file accepted is 1 MB." in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_errors_are_in_hebrew_for_a_hebrew_reader(client, workspace, meeting):
    client.force_login(workspace.chair)
    target = url("attachment_upload", "he", partnership_pk=workspace.partnership.pk, meeting_pk=meeting.pk)
    response = client.post(target, {"kind": "other", "file": SimpleUploadedFile("x.exe", b"MZ")})
    page = response.content.decode()
    assert 'dir="rtl"' in page and "אינם מתקבלים" in page


# ---- accepted files


def test_a_pdf_is_stored_under_a_generated_name_and_keeps_its_own(client, workspace, meeting):
    client.force_login(workspace.co_chair)
    response = upload(client, workspace, meeting, "סיכום ישיבה.PDF", PDF, kind="summary")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/meetings/{meeting.pk}/#attachments")
    attachment = MeetingAttachment.objects.get()
    folder, token, leaf = attachment.file.name.rsplit("/", 2)
    assert folder == f"meetings/{meeting.pk}" and len(token) == 32 and leaf == "סיכום_ישיבה.pdf"
    assert (attachment.kind, attachment.title, attachment.size_bytes, attachment.uploaded_by) == (
        "summary", "סיכום ישיבה", len(PDF), workspace.co_chair,
    )


def test_office_documents_and_utf8_text_are_accepted(client, workspace, meeting):
    client.force_login(workspace.co_chair)
    for name, content in [
        ("plan.docx", ooxml("word/")), ("deck.pptx", ooxml("ppt/")), ("sheet.xlsx", ooxml("xl/")),
        ("notes.txt", "שלום, hello\n".encode()), ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 16),
    ]:
        assert upload(client, workspace, meeting, name, content).status_code == 302, name
    assert MeetingAttachment.objects.count() == 5


def test_a_storage_name_cannot_climb_out_of_its_folder():
    name = services.attachment_storage_name("../../etc/pass wd.pdf", "pdf")
    token, leaf = name.split("/")
    assert len(token) == 32 and leaf == "pass_wd.pdf" and ".." not in name
    assert services.attachment_storage_name("***.pdf", "pdf").endswith("/file.pdf")


def test_a_long_name_fits_the_file_field(client, workspace, meeting):
    client.force_login(workspace.co_chair)
    name = "פרוטוקול ישיבת ועדת ההיגוי המשותפת של השותפות " * 3 + ".pdf"
    assert upload(client, workspace, meeting, name, PDF).status_code == 302
    stored = MeetingAttachment.objects.get().file.name
    assert len(stored) <= 100 and stored.endswith(".pdf") and "פרוטוקול_ישיבת" in stored


# ---- downloads


def test_members_download_through_the_view_with_safe_headers(client, workspace, meeting):
    client.force_login(workspace.co_chair)
    upload(client, workspace, meeting, "Agenda 2027.pdf", PDF)
    attachment = MeetingAttachment.objects.get()

    client.force_login(workspace.member_diaspora)
    response = client.get(url("attachment_download", partnership_pk=workspace.partnership.pk, pk=attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="Agenda_2027.pdf"'

    # a Hebrew name travels encoded (RFC 5987)
    client.force_login(workspace.co_chair)
    upload(client, workspace, meeting, "מצגת.pdf", PDF)
    hebrew = MeetingAttachment.objects.get(title="מצגת")
    client.force_login(workspace.sub_member)  # a subcommittee member reads the partnership's meetings too
    response = client.get(url("attachment_download", "he", partnership_pk=workspace.partnership.pk, pk=hebrew.pk))
    assert response.status_code == 200
    assert "filename*=utf-8''%D7%9E%D7%A6%D7%92%D7%AA.pdf" in response["Content-Disposition"]


def test_outsiders_cannot_download_and_files_have_no_public_url(client, workspace, meeting):
    attachment = f.MeetingAttachmentFactory(meeting=meeting)
    for who in ("other_member", "volunteer", "former"):
        client.force_login(getattr(workspace, who))
        target = url("attachment_download", partnership_pk=workspace.partnership.pk, pk=attachment.pk)
        assert client.get(target).status_code == 404, who
        # nor through their own partnership's address
        assert client.get(url("attachment_download", partnership_pk=workspace.other.pk, pk=attachment.pk)).status_code == 404
    client.force_login(workspace.chair)
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_a_file_missing_from_storage_is_404_not_500(client, workspace, meeting):
    attachment = f.MeetingAttachmentFactory(meeting=meeting)
    default_storage.delete(attachment.file.name)
    client.force_login(workspace.chair)
    assert client.get(url("attachment_download", "he", partnership_pk=workspace.partnership.pk,
                          pk=attachment.pk)).status_code == 404


# ---- deleting


def test_a_chair_deletes_an_attachment_and_its_file(client, workspace, meeting, django_capture_on_commit_callbacks):
    attachment = f.MeetingAttachmentFactory(meeting=meeting)
    path = attachment.file.path
    target = url("attachment_delete", partnership_pk=workspace.partnership.pk, pk=attachment.pk)
    client.force_login(workspace.member_diaspora)
    assert client.post(target).status_code == 403
    client.force_login(workspace.co_chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target)
    assert response.status_code == 302 and not MeetingAttachment.objects.exists()
    assert not os.path.exists(path)


def test_attachments_sent_with_a_published_summary_stay(client, workspace, meeting):
    attachment = f.MeetingAttachmentFactory(meeting=meeting)
    meeting.status, meeting.summary_published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save()
    client.force_login(workspace.co_chair)
    response = client.post(url("attachment_delete", partnership_pk=workspace.partnership.pk, pk=attachment.pk),
                           follow=True)
    assert "they can no longer be deleted" in response.content.decode()
    assert MeetingAttachment.objects.filter(pk=attachment.pk).exists()
