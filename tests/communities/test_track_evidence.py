"""Evidence documents of an item: checked on upload like meeting attachments, downloaded only
through a view that checks who asks, never from a public media address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from communities.models import ChecklistItem, TrackEvidence, TrackItem
from tests import factories as f

from .conftest import PDF

pytestmark = pytest.mark.django_db

C = ChecklistItem


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"communities:{name}", kwargs=kwargs)


def pdf(name="vision.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def upload(client, track, code, file, lang="en", title=""):
    return client.post(url("evidence_upload", lang, pk=track.pk, item=code), {"title": title, "file": file})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_leader_uploads_evidence_and_the_mentor_downloads_it(client, establishment):
    e = establishment
    client.force_login(e.leader)
    response = upload(client, e.track, C.VISION, pdf("Community vision 2026.pdf"), title="Vision document")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/items/{C.VISION}/#evidence")
    evidence = TrackEvidence.objects.get()
    assert (evidence.title, evidence.uploaded_by, evidence.item.track, evidence.item.item) == (
        "Vision document", e.leader, e.track, C.VISION,
    )
    assert evidence.file.name.startswith(f"evidence/{e.track.pk}/")
    assert evidence.file.name.endswith("/Community_vision_2026.pdf")

    page = client.get(url("item_detail", pk=e.track.pk, item=C.VISION)).content.decode()
    download = url("evidence_download", pk=e.track.pk, evidence_pk=evidence.pk)
    assert download in page and "Vision document" in page
    assert "/media/" not in page

    client.force_login(e.mentor)
    response = client.get(url("evidence_download", "he", pk=e.track.pk, evidence_pk=evidence.pk))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert 'attachment; filename="Community_vision_2026.pdf"' in response["Content-Disposition"]


def test_the_title_defaults_to_the_file_name(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    assert upload(client, e.track, C.LEADERSHIP_STRUCTURE, pdf("Leaders chart.pdf"), lang="he").status_code == 302
    assert TrackEvidence.objects.get().title == "Leaders chart"
    assert TrackItem.objects.get(track=e.track, item=C.LEADERSHIP_STRUCTURE).status == "not_started"


@pytest.mark.parametrize(
    ("file", "error"),
    [
        (SimpleUploadedFile("vision.pdf", b"just some text, not a PDF"), "The content of this file is not a .pdf file"),
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00"), "Files of type .exe are not accepted."),
        (SimpleUploadedFile("empty.pdf", b""), "The submitted file is empty."),
    ],
)
def test_a_bad_file_shows_the_form_again_with_the_reason(client, establishment, file, error):
    e = establishment
    client.force_login(e.leader)
    response = upload(client, e.track, C.VISION, file, title="Kept title")
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert 'value="Kept title"' in page
    assert 'enctype="multipart/form-data"' in page
    assert not TrackEvidence.objects.exists()


def test_a_file_over_the_limit_is_refused(client, establishment, settings):
    e = establishment
    settings.P2G_MAX_UPLOAD_MB = 1
    client.force_login(e.leader)
    response = upload(client, e.track, C.VISION, pdf(data=PDF + b"0" * (1024 * 1024)))
    assert response.status_code == 200
    assert "the largest file accepted is 1 MB" in response.content.decode()
    assert not TrackEvidence.objects.exists()


def test_evidence_of_one_track_cannot_be_reached_through_another(client, establishment):
    e = establishment
    theirs = f.TrackEvidenceFactory(item=TrackItem.objects.create(track=e.other_track, item=C.VISION), file__data=PDF)
    client.force_login(e.leader)
    assert client.get(url("evidence_download", pk=e.track.pk, evidence_pk=theirs.pk)).status_code == 404
    assert client.post(url("evidence_delete", pk=e.track.pk, evidence_pk=theirs.pk)).status_code == 404
    assert client.get(url("evidence_download", pk=e.other_track.pk, evidence_pk=theirs.pk)).status_code == 404
    assert TrackEvidence.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("who", ["volunteer", "other_mentor", "other_leader", "former_mentor"])
def test_outsiders_neither_download_nor_upload(client, establishment, who):
    e = establishment
    evidence = f.TrackEvidenceFactory(item=TrackItem.objects.create(track=e.track, item=C.VISION), file__data=PDF)
    person = getattr(e, who)
    client.force_login(person)
    lang = person.preferred_language
    assert client.get(url("evidence_download", lang, pk=e.track.pk, evidence_pk=evidence.pk)).status_code == 404
    assert upload(client, e.track, C.VISION, pdf(), lang=lang).status_code == 404
    assert TrackEvidence.objects.count() == 1


def test_deleting_evidence_removes_the_file_once_committed(client, establishment, django_capture_on_commit_callbacks):
    e = establishment
    client.force_login(e.leader)
    upload(client, e.track, C.VISION, pdf())
    evidence = TrackEvidence.objects.get()
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("evidence_delete", pk=e.track.pk, evidence_pk=evidence.pk))
    assert response.status_code == 302
    assert not TrackEvidence.objects.exists()
    assert not storage.exists(name)
