"""The backbone's review: the list and its filters, an application's page, accepting (the organisation
created or linked, the applicant its primary contact) and declining (a reason needed), each told to the
applicant by email in their language, once; a decided application is not decided again."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.models import Delivery, Kind
from partnerships.models import (
    ApplicationStatus,
    Organisation,
    OrganisationContact,
    PartnerApplication,
    Sector,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs or None)


def names_listed(client, **params):
    response = client.get(url("application_list"), params)
    assert response.status_code == 200
    return [a.organisation_name for a in response.context["page"].object_list]


# ---- the list


def test_staff_see_every_application_newest_first(client, partners_world):
    pw = partners_world
    client.force_login(pw.staff)
    assert names_listed(client) == [pw.pending.organisation_name, pw.other_application.organisation_name,
                                    pw.accepted.organisation_name]


def test_the_list_names_the_organisation_an_application_is_linked_to_in_the_readers_language(client, partners_world):
    """Under the name the applicant wrote, the organisation's own name when it reads otherwise."""
    import re

    pw = partners_world
    hebrew_staff = f.StaffFactory(preferred_language="he")
    f.VolunteerProfileFactory(user=hebrew_staff)
    for person, lang, shown in ((pw.staff, "en", True), (hebrew_staff, "he", False)):
        client.force_login(person)
        response = client.get(url("application_list", lang))
        assert response.status_code == 200
        link = url("application_detail", lang, pk=pw.accepted.pk)
        row = re.search(rf'<th scope="row"><a href="{link}".*?</tr>', response.content.decode(), re.S).group(0)
        assert ("Ministry of Welfare" in row) is shown, lang  # the applicant wrote "משרד הרווחה"


def test_filters_by_status_sector_theme_and_search(client, partners_world):
    pw = partners_world
    client.force_login(pw.staff)
    assert names_listed(client, status="submitted") == ["עמותת לב חם"]
    assert names_listed(client, sector="business") == ["Teva Volunteers"]
    # A theme chosen in English finds the applications that wrote it in Hebrew, and the other way round.
    both = ["עמותת לב חם", "משרד הרווחה"]
    assert names_listed(client, theme="Volunteer retention") == both
    hebrew_reviewer = f.StaffFactory(email="hebrew-reviewer@example.org", preferred_language="he")
    client.force_login(hebrew_reviewer)
    response = client.get(url("application_list", "he"), {"theme": "שימור מתנדבים"})
    assert [a.organisation_name for a in response.context["page"].object_list] == both
    client.force_login(pw.staff)
    assert names_listed(client, q="employees") == ["Teva Volunteers"]
    assert names_listed(client, q="partners-applicant@") == ["עמותת לב חם"]
    assert names_listed(client, status="declined") == []


def test_a_bad_filter_is_reported_and_ignored(client, partners_world):
    client.force_login(partners_world.staff)
    response = client.get(url("application_list"), {"status": "approved", "sector": "business"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert [a.organisation_name for a in response.context["page"].object_list] == ["Teva Volunteers"]


@pytest.mark.parametrize("who", ["contact", "applicant", "volunteer"])
def test_the_review_list_is_the_backbones(client, partners_world, who):
    client.force_login(getattr(partners_world, who))
    assert client.get(url("application_list", getattr(partners_world, who).preferred_language)).status_code == 403


def _many_applications(n):
    for i in range(n):
        applicant = f.UserFactory(email=f"bulk{i}@example.org")
        organisation = f.OrganisationFactory() if i % 2 else None
        f.PartnerApplicationFactory(
            applicant=applicant, organisation=organisation,
            status=ApplicationStatus.ACCEPTED if organisation else ApplicationStatus.SUBMITTED,
            decided_at=organisation and organisation.created_at, decided_by=applicant if organisation else None,
        )


def test_the_list_needs_the_same_queries_for_few_and_many_applications(
    client, partners_world, django_assert_max_num_queries
):
    client.force_login(partners_world.staff)
    client.get(url("application_list"))  # warm the session
    with django_assert_max_num_queries(10) as few:
        client.get(url("application_list"), {"sector": "nonprofit", "q": "ע"})
    _many_applications(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("application_list"), {"sector": "nonprofit", "q": "ע"})
    assert response.context["page"].paginator.count > 20


# ---- an application's page


def test_staff_read_an_application_with_the_forms_to_decide(client, partners_world):
    pw = partners_world
    client.force_login(pw.staff)
    html = client.get(url("application_detail", pk=pw.pending.pk)).content.decode()
    assert "אנו מלווים מאות מתנדבים בדרום." in html
    assert url("application_accept", pk=pw.pending.pk) in html
    assert url("application_decline", pk=pw.pending.pk) in html


def test_a_decided_application_offers_no_decision(client, partners_world):
    pw = partners_world
    client.force_login(pw.staff)
    html = client.get(url("application_detail", pk=pw.accepted.pk)).content.decode()
    assert url("application_accept", pk=pw.accepted.pk) not in html
    assert pw.staff.get_full_name() in html  # who decided


# ---- accepting


def accept(client, django_capture_on_commit_callbacks, application, lang="en", **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("application_accept", lang, pk=application.pk), data)


def test_accepting_creates_the_organisation_and_makes_the_applicant_its_primary_contact(
    client, partners_world, django_capture_on_commit_callbacks
):
    pw = partners_world
    client.force_login(pw.staff)
    response = accept(
        client, django_capture_on_commit_callbacks, pw.pending,
        organisation="", name_he="עמותת לב חם", name_en="Warm Heart Association", sector=Sector.NONPROFIT,
        note="ברוכים הבאים!",
    )
    assert response.status_code == 302
    pw.pending.refresh_from_db()
    assert pw.pending.status == ApplicationStatus.ACCEPTED
    assert pw.pending.decided_by == pw.staff and pw.pending.decided_at is not None
    organisation = pw.pending.organisation
    assert (organisation.name_he, organisation.name_en, organisation.sector) == (
        "עמותת לב חם", "Warm Heart Association", Sector.NONPROFIT
    )
    assert OrganisationContact.objects.get(organisation=organisation).person == pw.applicant
    assert OrganisationContact.objects.get(organisation=organisation).is_primary

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pw.applicant.email]
    assert message.extra_headers["Content-Language"] == "he"  # the applicant's language, not the reviewer's
    assert "ברוכים הבאים!" in message.body
    assert "/he/partners/" in message.body
    assert Delivery.objects.get(kind=Kind.APPLICATION_DECIDED).occurrence == "accepted"

    # The applicant now sees their organisation in their area.
    client.force_login(pw.applicant)
    html = client.get(url("partner_home", "he")).content.decode()
    assert "עמותת לב חם" in html


def test_accepting_can_link_an_organisation_that_already_has_a_primary_contact(
    client, partners_world, django_capture_on_commit_callbacks
):
    pw = partners_world
    client.force_login(pw.staff)
    response = accept(client, django_capture_on_commit_callbacks, pw.pending, organisation=pw.org.pk,
                      sector=Sector.NONPROFIT)
    assert response.status_code == 302
    pw.pending.refresh_from_db()
    assert pw.pending.organisation == pw.org
    assert Organisation.objects.count() == 3  # none created
    contact = OrganisationContact.objects.get(organisation=pw.org, person=pw.applicant)
    assert not contact.is_primary  # pw.contact stays the primary contact
    assert OrganisationContact.objects.get(organisation=pw.org, is_primary=True).person == pw.contact


def test_an_english_applicant_is_told_in_english(client, partners_world, django_capture_on_commit_callbacks):
    pw = partners_world
    english = f.UserFactory(email="english-applicant@example.org", full_name="Eve English")
    application = f.PartnerApplicationFactory(applicant=english, contact_email=english.email, language="en")
    client.force_login(pw.staff)
    # The reviewer works in Hebrew.
    response = accept(client, django_capture_on_commit_callbacks, application, "he", organisation="",
                      name_en="Eve's Org", sector=Sector.BUSINESS)
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "en"
    assert "is accepted as a partner" in message.subject
    assert "/en/partners/" in message.body


# ---- declining


def decline(client, django_capture_on_commit_callbacks, application, reason):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("application_decline", pk=application.pk), {"reason": reason})


def test_declining_needs_a_reason(client, partners_world, django_capture_on_commit_callbacks):
    pw = partners_world
    client.force_login(pw.staff)
    response = decline(client, django_capture_on_commit_callbacks, pw.pending, "   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    pw.pending.refresh_from_db()
    assert pw.pending.status == ApplicationStatus.SUBMITTED
    assert mail.outbox == []


def test_declining_tells_the_applicant_the_reason_in_their_language(
    client, partners_world, django_capture_on_commit_callbacks
):
    pw = partners_world
    client.force_login(pw.staff)
    response = decline(client, django_capture_on_commit_callbacks, pw.pending, "אין כרגע פורום בתחום שלכם.")
    assert response.status_code == 302
    pw.pending.refresh_from_db()
    assert pw.pending.status == ApplicationStatus.DECLINED
    assert pw.pending.decision_reason == "אין כרגע פורום בתחום שלכם."
    assert pw.pending.decided_by == pw.staff
    assert pw.pending.organisation is None
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "he"
    assert "אין כרגע פורום בתחום שלכם." in message.body
    assert "אין כרגע פורום בתחום שלכם." in message.alternatives[0][0]

    # The applicant reads the decision and its reason in their area.
    client.force_login(pw.applicant)
    html = client.get(url("partner_home", "he")).content.decode()
    assert "אין כרגע פורום בתחום שלכם." in html


def test_a_decided_application_cannot_be_decided_again(client, partners_world, django_capture_on_commit_callbacks):
    pw = partners_world
    client.force_login(pw.staff)
    decline(client, django_capture_on_commit_callbacks, pw.pending, "Not now.")
    mail.outbox.clear()
    other_staff = f.StaffFactory(email="second-reviewer@example.org")
    f.VolunteerProfileFactory(user=other_staff)
    client.force_login(other_staff)
    response = accept(client, django_capture_on_commit_callbacks, pw.pending, organisation="", name_en="X",
                      sector=Sector.NONPROFIT)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "already declined by Backbone Reviewer" in page
    response = decline(client, django_capture_on_commit_callbacks, pw.pending, "Again")
    pw.pending.refresh_from_db()
    assert pw.pending.status == ApplicationStatus.DECLINED and pw.pending.decision_reason == "Not now."
    assert pw.pending.decided_by == pw.staff
    assert mail.outbox == []
    assert Delivery.objects.filter(kind=Kind.APPLICATION_DECIDED).count() == 1


def test_only_the_backbone_decides(client, partners_world, django_capture_on_commit_callbacks):
    pw = partners_world
    # The applicant sees the page of their application, but may not decide it.
    client.force_login(pw.applicant)
    assert accept(client, django_capture_on_commit_callbacks, pw.pending, sector="nonprofit").status_code == 403
    assert decline(client, django_capture_on_commit_callbacks, pw.pending, "no").status_code == 403
    # Anyone else does not even learn that it exists.
    client.force_login(pw.other_contact)
    assert accept(client, django_capture_on_commit_callbacks, pw.pending, sector="nonprofit").status_code == 404
    pw.pending.refresh_from_db()
    assert pw.pending.status == ApplicationStatus.SUBMITTED
    assert PartnerApplication.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 1
