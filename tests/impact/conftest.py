"""Fixtures of the collective impact tests (each area appends its own below)."""

import pytest

# ---- forums (tests/impact/test_forums_*.py, test_impact_isolation_forums.py) ----


def _forums_world():
    """One forum with two members (Hebrew and English, each for an organisation), and the people around it.

    ``fw.forum`` ("Volunteer retention" / "שימור מתנדבים", targets 7/6/7) seats ``fw.he_member`` (a
    contact of ``fw.gov_org``, Hebrew, Jerusalem) in seat 1 and ``fw.en_member`` (a contact of
    ``fw.biz_org``, English, New York) in seat 2. ``fw.colleague`` is another contact of ``fw.gov_org``
    (no seat of their own: they see the forum through their organisation). ``fw.candidate`` is a contact
    of ``fw.nonprofit_org`` with no seat anywhere. ``fw.other_forum`` seats ``fw.other_member`` (a
    contact of ``fw.other_org``) only; ``fw.volunteer`` has no organisation; ``fw.staff`` is the backbone.
    ``fw.former`` left ``fw.forum`` last year. Everyone has finished the welcome form.
    """
    import datetime
    from types import SimpleNamespace

    from partnerships.models import Sector
    from tests import factories as f

    fw = SimpleNamespace()

    def person(email, hebrew=False, **kwargs):
        factory = f.HebrewUserFactory if hebrew else f.UserFactory
        user = factory(email=email, **kwargs)
        f.VolunteerProfileFactory(user=user)
        return user

    def organisation(name_en, name_he, sector):
        return f.OrganisationFactory(name_en=name_en, name_he=name_he, sector=sector)

    fw.staff = f.StaffFactory(email="forum-staff@example.org", full_name="Backbone Staff")
    f.VolunteerProfileFactory(user=fw.staff)
    fw.gov_org = organisation("Ministry of Welfare", "משרד הרווחה", Sector.GOVERNMENT)
    fw.biz_org = organisation("Teva Volunteers", "מתנדבי טבע", Sector.BUSINESS)
    fw.nonprofit_org = organisation("Volunteer Centre", "המרכז להתנדבות", Sector.NONPROFIT)
    fw.other_org = organisation("City of Ashdod", "עיריית אשדוד", Sector.GOVERNMENT)

    fw.he_member = person("forum-he@example.org", hebrew=True, full_name="שירה פרץ")
    fw.en_member = person("forum-en@example.org", full_name="Ann Miller")
    fw.colleague = person("forum-colleague@example.org", full_name="Tom Colleague")
    fw.candidate = person("forum-candidate@example.org", hebrew=True, full_name="רחל דהן")
    fw.other_member = person("forum-other@example.org", full_name="Olga Other")
    fw.former = person("forum-former@example.org", full_name="Fred Former")
    fw.volunteer = person("forum-volunteer@example.org", full_name="Vera Volunteer")
    for org, who in (
        (fw.gov_org, fw.he_member), (fw.biz_org, fw.en_member), (fw.gov_org, fw.colleague),
        (fw.nonprofit_org, fw.candidate), (fw.other_org, fw.other_member), (fw.nonprofit_org, fw.former),
    ):
        f.OrganisationContactFactory(organisation=org, person=who)

    fw.forum = f.ForumFactory(
        name_en="Volunteer retention forum", name_he="פורום שימור מתנדבים",
        theme_en="Volunteer retention", theme_he="שימור מתנדבים",
        target_government=7, target_business=6, target_nonprofit=7,
    )
    fw.other_forum = f.ForumFactory(name_en="Workplace volunteering forum", name_he="פורום התנדבות במקום העבודה")
    fw.he_seat = f.ForumMembershipFactory(forum=fw.forum, person=fw.he_member, organisation=fw.gov_org, seat=1)
    fw.en_seat = f.ForumMembershipFactory(forum=fw.forum, person=fw.en_member, organisation=fw.biz_org, seat=2)
    fw.former_seat = f.ForumMembershipFactory(
        forum=fw.forum, person=fw.former, organisation=fw.nonprofit_org, seat=None,
        joined_on=datetime.date(2024, 1, 1), left_on=datetime.date(2025, 1, 1),
    )
    fw.other_seat = f.ForumMembershipFactory(
        forum=fw.other_forum, person=fw.other_member, organisation=fw.other_org, seat=1
    )
    return fw


@pytest.fixture
def forums_world(db):
    return _forums_world()


# ---- shared measurement (tests/impact/test_measurement_*.py, test_impact_isolation_measurement.py) ----


def _measure_world():
    """Two forums with indicators, the organisations that sit on them and their figures.

    Years are relative to today (``mw.year`` is this year, ``mw.last_year`` the one before).

    ``mw.forum`` ("Volunteer retention forum") seats ``mw.welfare`` (contact ``mw.en_contact``,
    English, New York) and ``mw.teva`` (contact ``mw.he_contact``, Hebrew, Jerusalem) since 2020;
    ``mw.seat_only`` holds a seat for ``mw.welfare`` without being its contact (a partner who reads,
    but does not report). ``mw.other_forum`` seats ``mw.ashdod`` (contact ``mw.other_contact``) only.
    ``mw.volunteer`` has no organisation and no seat; ``mw.staff`` is the backbone team.

    Indicators of ``mw.forum``:
    - ``mw.up`` "Active volunteers" (higher is better), baseline 2,000 three years ago, targets
      6,000 last year and 12,000 this year; figures last year: welfare 3,000 + teva 2,500 = 5,500
      (behind); this year welfare 4,321 + teva 8,765 = 13,086 (on track);
    - ``mw.down`` "Volunteer turnover" (lower is better), baseline 40, target 30 this year; this year
      welfare 17 + teva 16 = 33 (behind).
    ``mw.other_forum``'s ``mw.other`` "Employees volunteering": ashdod 12 this year against 20.
    ``mw.partnership_indicator`` belongs to a partnership (staff only on these pages), figure 7 last year.
    """
    import datetime
    from decimal import Decimal
    from types import SimpleNamespace

    from django.utils import timezone

    from partnerships.models import Sector
    from programs.models import IndicatorDirection, Measurement
    from tests import factories as f

    mw = SimpleNamespace()
    mw.year = timezone.localdate().year
    mw.last_year = mw.year - 1
    joined = datetime.date(2020, 1, 1)

    def person(email, hebrew=False, **kwargs):
        factory = f.HebrewUserFactory if hebrew else f.UserFactory
        user = factory(email=email, **kwargs)
        f.VolunteerProfileFactory(user=user)
        return user

    mw.staff = f.StaffFactory(email="measure-staff@example.org", full_name="Backbone Analyst")
    f.VolunteerProfileFactory(user=mw.staff)
    mw.welfare = f.OrganisationFactory(name_en="Ministry of Welfare", name_he="משרד הרווחה", sector=Sector.GOVERNMENT)
    mw.teva = f.OrganisationFactory(name_en="Teva Volunteers", name_he="מתנדבי טבע", sector=Sector.BUSINESS)
    mw.ashdod = f.OrganisationFactory(name_en="City of Ashdod", name_he="עיריית אשדוד", sector=Sector.GOVERNMENT)

    mw.en_contact = person("measure-en@example.org", full_name="Ann Miller")
    mw.he_contact = person("measure-he@example.org", hebrew=True, full_name="שירה פרץ")
    mw.other_contact = person("measure-other@example.org", full_name="Olga Other")
    mw.seat_only = person("measure-seat@example.org", full_name="Sam Seat")
    mw.volunteer = person("measure-volunteer@example.org", full_name="Vera Volunteer")
    f.OrganisationContactFactory(organisation=mw.welfare, person=mw.en_contact)
    f.OrganisationContactFactory(organisation=mw.teva, person=mw.he_contact)
    f.OrganisationContactFactory(organisation=mw.ashdod, person=mw.other_contact)

    mw.forum = f.ForumFactory(name_en="Volunteer retention forum", name_he="פורום שימור מתנדבים")
    mw.other_forum = f.ForumFactory(name_en="Workplace volunteering forum", name_he="פורום התנדבות במקום העבודה")
    f.ForumMembershipFactory(forum=mw.forum, person=mw.en_contact, organisation=mw.welfare, seat=1, joined_on=joined)
    f.ForumMembershipFactory(forum=mw.forum, person=mw.he_contact, organisation=mw.teva, seat=2, joined_on=joined)
    f.ForumMembershipFactory(forum=mw.forum, person=mw.seat_only, organisation=mw.welfare, seat=3, joined_on=joined)
    f.ForumMembershipFactory(
        forum=mw.other_forum, person=mw.other_contact, organisation=mw.ashdod, seat=1, joined_on=joined
    )

    def indicator(forum, name_en, name_he, baseline, **kwargs):
        return f.IndicatorFactory(
            partnership=None, forum=forum, name_en=name_en, name_he=name_he, unit_en="volunteers",
            unit_he="מתנדבים", baseline_value=Decimal(baseline), baseline_year=mw.year - 3, **kwargs
        )

    def figure(ind, organisation, period, value, by=None):
        return Measurement.objects.create(
            indicator=ind, organisation=organisation, period=period, value=Decimal(value), reported_by=by
        )

    mw.up = indicator(mw.forum, "Active volunteers", "מתנדבים פעילים", "2000")
    f.IndicatorTargetFactory(indicator=mw.up, period=mw.last_year, target_value=Decimal("6000"))
    f.IndicatorTargetFactory(indicator=mw.up, period=mw.year, target_value=Decimal("12000"))
    figure(mw.up, mw.welfare, mw.last_year, "3000", mw.en_contact)
    figure(mw.up, mw.teva, mw.last_year, "2500", mw.he_contact)
    mw.welfare_up = figure(mw.up, mw.welfare, mw.year, "4321", mw.en_contact)
    mw.teva_up = figure(mw.up, mw.teva, mw.year, "8765", mw.he_contact)

    mw.down = indicator(mw.forum, "Volunteer turnover", "תחלופת מתנדבים", "40",
                        direction=IndicatorDirection.DECREASE)
    f.IndicatorTargetFactory(indicator=mw.down, period=mw.year, target_value=Decimal("30"))
    figure(mw.down, mw.welfare, mw.year, "17", mw.en_contact)
    figure(mw.down, mw.teva, mw.year, "16", mw.he_contact)

    mw.other = indicator(mw.other_forum, "Employees volunteering", "עובדים מתנדבים", "10")
    f.IndicatorTargetFactory(indicator=mw.other, period=mw.year, target_value=Decimal("20"))
    mw.ashdod_other = figure(mw.other, mw.ashdod, mw.year, "12", mw.other_contact)

    mw.partnership = f.PartnershipFactory(name_en="Denver – Ashkelon", name_he="דנוור – אשקלון")
    mw.partnership_indicator = f.IndicatorFactory(
        partnership=mw.partnership, name_en="Twinned schools", name_he="בתי ספר תאומים",
        baseline_value=Decimal("3"), baseline_year=mw.year - 3,
    )
    figure(mw.partnership_indicator, None, mw.last_year, "7")
    return mw


@pytest.fixture
def measure_world(db):
    return _measure_world()


# ---- call for partners and newsletter (tests/impact/test_partners_*.py, test_newsletter.py,
# test_impact_isolation_partners.py) ----


def _partners_world():
    """Two accepted organisations with their contacts, one application waiting, a forum, and outsiders.

    ``pw.org`` (Ministry of Welfare, government) has ``pw.contact`` (Hebrew, Jerusalem) as its primary
    contact; its application ``pw.accepted`` was accepted by ``pw.staff``, and ``pw.contact`` holds seat 1
    of ``pw.forum`` ("Volunteer retention" / "שימור מתנדבים") for it. ``pw.colleague`` (English) is
    another contact of ``pw.org``, without a seat. ``pw.other_org`` (Teva Volunteers, business) has
    ``pw.other_contact`` (English, New York) and its own accepted application ``pw.other_application``,
    no seat. ``pw.applicant`` (Hebrew) sent ``pw.pending`` (an association, nonprofit) and has no
    organisation yet. ``pw.member`` holds seat 2 of ``pw.forum`` for ``pw.seated_org``, whose
    application was never recorded (organisations sit on forums added by the staff too).
    ``pw.volunteer`` has none of these. Everyone has finished the welcome form.
    """
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from partnerships.models import ApplicationStatus, Sector
    from tests import factories as f

    pw = SimpleNamespace()

    def person(email, hebrew=False, **kwargs):
        factory = f.HebrewUserFactory if hebrew else f.UserFactory
        user = factory(email=email, **kwargs)
        f.VolunteerProfileFactory(user=user)
        return user

    pw.staff = f.StaffFactory(email="partners-staff@example.org", full_name="Backbone Reviewer")
    f.VolunteerProfileFactory(user=pw.staff)
    pw.forum = f.ForumFactory(
        name_en="Volunteer retention forum", name_he="פורום שימור מתנדבים",
        theme_en="Volunteer retention", theme_he="שימור מתנדבים",
    )
    pw.org = f.OrganisationFactory(name_en="Ministry of Welfare", name_he="משרד הרווחה", sector=Sector.GOVERNMENT)
    pw.other_org = f.OrganisationFactory(name_en="Teva Volunteers", name_he="מתנדבי טבע", sector=Sector.BUSINESS)
    pw.seated_org = f.OrganisationFactory(name_en="City of Ashdod", name_he="עיריית אשדוד", sector=Sector.GOVERNMENT)

    pw.contact = person("partners-contact@example.org", hebrew=True, full_name="שירה פרץ")
    pw.colleague = person("partners-colleague@example.org", full_name="Tom Colleague")
    pw.other_contact = person("partners-other@example.org", full_name="Olga Other")
    pw.applicant = person("partners-applicant@example.org", hebrew=True, full_name="רחל דהן")
    pw.member = person("partners-member@example.org", full_name="Sam Seat")
    pw.volunteer = person("partners-volunteer@example.org", full_name="Vera Volunteer")
    f.OrganisationContactFactory(organisation=pw.org, person=pw.contact, is_primary=True)
    f.OrganisationContactFactory(organisation=pw.org, person=pw.colleague)
    f.OrganisationContactFactory(organisation=pw.other_org, person=pw.other_contact, is_primary=True)

    decided = timezone.now() - datetime.timedelta(days=30)
    pw.accepted = f.PartnerApplicationFactory(
        organisation_name="משרד הרווחה", sector=Sector.GOVERNMENT, contact_name="שירה פרץ",
        contact_email=pw.contact.email, applicant=pw.contact, organisation=pw.org,
        status=ApplicationStatus.ACCEPTED, decided_by=pw.staff, decided_at=decided,
    )
    pw.other_application = f.PartnerApplicationFactory(
        organisation_name="Teva Volunteers", sector=Sector.BUSINESS, contact_name="Olga Other",
        contact_email=pw.other_contact.email, applicant=pw.other_contact, organisation=pw.other_org,
        status=ApplicationStatus.ACCEPTED, decided_by=pw.staff, decided_at=decided, language="en",
        themes="Corporate volunteering", motivation="Our employees want to volunteer.",
    )
    pw.pending = f.PartnerApplicationFactory(
        organisation_name="עמותת לב חם", sector=Sector.NONPROFIT, contact_name="רחל דהן",
        contact_email=pw.applicant.email, applicant=pw.applicant, language="he",
        themes="שימור מתנדבים", motivation="אנו מלווים מאות מתנדבים בדרום.",
    )
    pw.seat = f.ForumMembershipFactory(forum=pw.forum, person=pw.contact, organisation=pw.org, seat=1)
    pw.member_seat = f.ForumMembershipFactory(forum=pw.forum, person=pw.member, organisation=pw.seated_org, seat=2)
    return pw


@pytest.fixture
def partners_world(db):
    return _partners_world()
