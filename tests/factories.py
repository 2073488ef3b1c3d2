"""factory_boy factories with Hebrew and English data, one per model that tests build."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from communities import models as cm
from partnerships import models as pm
from programs import models as prm
from volunteers import models as vm

TODAY = datetime.date(2026, 11, 22)

HEBREW_NAMES = ["נועה כהן", "יוסי לוי", "מיכל אברהם", "דוד מזרחי", "שירה פרץ", "אבי ביטון", "רחל דהן", "עומר פרידמן"]
ENGLISH_NAMES = ["Rachel Goldberg", "David Stein", "Sarah Klein", "Michael Rosen", "Hannah Weiss", "Daniel Levin"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Iterator(HEBREW_NAMES + ENGLISH_NAMES)
    preferred_language = "en"
    time_zone = "America/New_York"
    password = factory.django.Password("demo-pass-123")


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True
    email = factory.Sequence(lambda n: f"staff{n}@example.org")


class HebrewUserFactory(UserFactory):
    full_name = factory.Iterator(HEBREW_NAMES)
    preferred_language = "he"
    time_zone = "Asia/Jerusalem"


class DiasporaCommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Community

    name_en = factory.Sequence(lambda n: f"Jewish Federation of Springfield {n}")
    name_he = factory.Sequence(lambda n: f"הפדרציה היהודית של ספרינגפילד {n}")
    side = cm.Side.DIASPORA
    kind = cm.CommunityKind.FEDERATION
    country = "US"
    locality_en = "Springfield"
    locality_he = "ספרינגפילד"
    time_zone = "America/New_York"


class IsraeliCommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Community

    name_en = factory.Sequence(lambda n: f"Upper Galilee Regional Council {n}")
    name_he = factory.Sequence(lambda n: f"המועצה האזורית גליל עליון {n}")
    side = cm.Side.ISRAEL
    kind = cm.CommunityKind.REGION
    country = "IL"
    locality_en = "Upper Galilee"
    locality_he = "גליל עליון"
    time_zone = "Asia/Jerusalem"
    national_priority_region = True


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership with one community on each side and its joint steering committee."""

    class Meta:
        model = pm.Partnership
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"Springfield – Upper Galilee {n}")
    name_he = factory.Sequence(lambda n: f"ספרינגפילד – גליל עליון {n}")
    kind = pm.PartnershipKind.REGION_TO_REGION
    founded_year = 1997

    @factory.post_generation
    def sides(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        pm.PartnershipCommunity.objects.create(partnership=self, community=DiasporaCommunityFactory())
        pm.PartnershipCommunity.objects.create(partnership=self, community=IsraeliCommunityFactory())

    @factory.post_generation
    def steering(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        CommitteeFactory(partnership=self)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Committee

    partnership = factory.SubFactory(PartnershipFactory, steering=False)
    kind = pm.CommitteeKind.STEERING
    name_en = factory.LazyAttribute(lambda o: f"{o.partnership.name_en} joint steering committee")
    name_he = factory.LazyAttribute(lambda o: f"ועדת ההיגוי של {o.partnership.name_he}")
    quorum_min_members = 3


class SubcommitteeFactory(CommitteeFactory):
    kind = pm.CommitteeKind.SUBCOMMITTEE
    parent = factory.LazyAttribute(lambda o: o.partnership.committees.get(kind=pm.CommitteeKind.STEERING))
    partnership = factory.SubFactory(PartnershipFactory)
    name_en = factory.Sequence(lambda n: f"Education subcommittee {n}")
    name_he = factory.Sequence(lambda n: f"ועדת משנה לחינוך {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(UserFactory)
    side = cm.Side.DIASPORA
    role = pm.MembershipRole.MEMBER
    term_start = datetime.date(2024, 1, 1)
    term_end = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Meeting

    committee = factory.SubFactory(CommitteeFactory)
    title_en = factory.Sequence(lambda n: f"Steering committee meeting {n}")
    title_he = factory.Sequence(lambda n: f"ישיבת ועדת היגוי {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    duration_minutes = 90
    location_en = "Online"
    location_he = "מקוון"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = "Budget for the coming year"
    title_he = "תקציב לשנה הבאה"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(UserFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text_en = "The committee approves the school twinning plan."
    text_he = "הוועדה מאשרת את תוכנית תאומות בתי הספר."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ActionItem

    committee = factory.SubFactory(CommitteeFactory)
    title_en = "Send the budget proposal"
    title_he = "לשלוח את הצעת התקציב"
    owner = factory.SubFactory(UserFactory)
    due_on = TODAY + datetime.timedelta(days=14)


class ActionItemUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ActionItemUpdate

    action_item = factory.SubFactory(ActionItemFactory)
    author = factory.SubFactory(UserFactory)
    text = "Draft sent to the chairs / הטיוטה נשלחה ליושבי הראש"


class MeetingAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.MeetingAttachment

    meeting = factory.SubFactory(MeetingFactory)
    title = "Slides / מצגת"
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4 demo")


class MeetingCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.MeetingComment

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.SubFactory(UserFactory)
    text = "נדבר על זה בפגישה הבאה / Let us take this up next time."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Organisation

    name_en = factory.Sequence(lambda n: f"Volunteer Centre {n}")
    name_he = factory.Sequence(lambda n: f"המרכז להתנדבות {n}")
    sector = pm.Sector.NONPROFIT


class OrganisationContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.OrganisationContact

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(UserFactory)


class PartnerApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.PartnerApplication

    organisation_name = factory.Sequence(lambda n: f"עמותת מתנדבים {n}")
    sector = pm.Sector.NONPROFIT
    contact_name = "רונית בר"
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    themes = "Volunteer retention / שימור מתנדבים"
    motivation = "אנו רוצים להשפיע על תחלופת המתנדבים."
    language = "he"


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Forum

    name_en = factory.Sequence(lambda n: f"Volunteering in the workplace forum {n}")
    name_he = factory.Sequence(lambda n: f"פורום התנדבות במקום העבודה {n}")
    theme_en = "Corporate volunteering"
    theme_he = "התנדבות עובדים"


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Newsletter

    subject_en = factory.Sequence(lambda n: f"Collective impact news no. {n}")
    subject_he = factory.Sequence(lambda n: f"חדשות ההשפעה הקולקטיבית מס׳ {n}")
    body_en = "Six forums met this month."
    body_he = "שישה פורומים נפגשו החודש."


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.Delivery"

    recipient = factory.SubFactory(UserFactory)
    kind = "meeting_reminder"
    object_id = factory.Sequence(lambda n: n + 1)
    occurrence = "20261201T1000Z/1d"


class ForumMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ForumMembership

    forum = factory.SubFactory(ForumFactory)
    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    seat = factory.Sequence(lambda n: n % 20 + 1)
    joined_on = datetime.date(2025, 1, 1)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.Program

    partnership = factory.SubFactory(PartnershipFactory)
    name_en = factory.Sequence(lambda n: f"School twinning {n}")
    name_he = factory.Sequence(lambda n: f"תאומות בתי ספר {n}")
    program_type = prm.ProgramType.SCHOOL_TWINNING
    category = prm.Category.PERSONAL_CONNECTIONS
    starts_on = datetime.date(2020, 9, 1)


class ProgramCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.ProgramCoordinator

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(UserFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.Activity

    program = factory.SubFactory(ProgramFactory)
    title_en = "Joint Shabbat of the twinned classes"
    title_he = "שבת משותפת של הכיתות התאומות"
    date = TODAY - datetime.timedelta(days=30)
    participants_diaspora = 25
    participants_israel = 30


class BudgetAllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.BudgetAllocation

    program = factory.SubFactory(ProgramFactory)
    partnership = factory.SelfAttribute("program.partnership")
    fiscal_year = 2026
    category = factory.SelfAttribute("program.category")
    funding_source = prm.FundingSource.FEDERATIONS
    currency = prm.Currency.USD
    proposed_amount = Decimal("50000.00")


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.ExchangeRate
        django_get_or_create = ("currency", "year")

    currency = "ILS"
    year = factory.Sequence(lambda n: 2000 + n % 100)
    units_per_usd = Decimal("3.700000")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    name_en = "Adult volunteering rate"
    name_he = "שיעור ההתנדבות בקרב מבוגרים"
    unit_en = "%"
    unit_he = "%"
    baseline_value = Decimal("18.80")
    baseline_year = 2020


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.Sequence(lambda n: 2021 + n)
    target_value = Decimal("22.00")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prm.Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.Sequence(lambda n: 2021 + n)
    value = Decimal("19.50")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name_en = factory.Sequence(lambda n: f"Teaching {n}")
    name_he = factory.Sequence(lambda n: f"הוראה {n}")


class SpokenLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.SpokenLanguage
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"l{n}")
    name_en = factory.Sequence(lambda n: f"Language {n}")
    name_he = factory.Sequence(lambda n: f"שפה {n}")


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.VolunteerProfile

    user = factory.SubFactory(UserFactory)
    onboarded_at = factory.LazyFunction(timezone.now)  # has filled in the one-time profile form


class AvailabilitySlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.AvailabilitySlot

    profile = factory.SubFactory(VolunteerProfileFactory)
    weekday = factory.Sequence(lambda n: n % 7)
    part_of_day = vm.PartOfDay.EVENING


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.Opportunity

    program = factory.SubFactory(ProgramFactory)
    title_en = factory.Sequence(lambda n: f"English conversation tutor {n}")
    title_he = factory.Sequence(lambda n: f"חונך/ת לשיחה באנגלית {n}")
    description_en = "Help pupils practise spoken English with their twinned class."
    description_he = "עזרה לתלמידים לתרגל אנגלית מדוברת עם הכיתה התאומה."


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.Shift

    opportunity = factory.SubFactory(OpportunityFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    capacity = 5


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.SignUp

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(UserFactory)


class HoursLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = vm.HoursLog

    volunteer = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    date = TODAY - datetime.timedelta(days=3)
    hours = Decimal("3.00")


class EstablishmentTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.EstablishmentTrack

    community = factory.SubFactory(
        IsraeliCommunityFactory,
        kind=cm.CommunityKind.NUCLEUS,
        name_en=factory.Sequence(lambda n: f"Garin Harish {n}"),
        name_he=factory.Sequence(lambda n: f"גרעין חריש {n}"),
    )
    started_on = datetime.date(2025, 3, 1)


class TrackItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.TrackItem

    track = factory.SubFactory(EstablishmentTrackFactory)
    item = factory.Iterator(cm.ChecklistItem.values)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Milestone

    track = factory.SubFactory(EstablishmentTrackFactory)
    title_en = "Vision document agreed"
    title_he = "מסמך חזון מוסכם"
    stage = cm.Stage.NUCLEUS
    due_on = TODAY + datetime.timedelta(days=30)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Mentorship

    track = factory.SubFactory(EstablishmentTrackFactory)
    mentor = factory.SubFactory(UserFactory)
    started_on = datetime.date(2025, 3, 1)


class CommunityLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.CommunityLeader

    community = factory.SubFactory(IsraeliCommunityFactory)
    person = factory.SubFactory(HebrewUserFactory)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Workshop

    title_en = "Building a community vision"
    title_he = "בניית חזון קהילתי"
    held_on = TODAY - datetime.timedelta(days=60)


class WorkshopAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.WorkshopAttendance

    workshop = factory.SubFactory(WorkshopFactory)
    person = factory.SubFactory(UserFactory)


class NetworkRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.NetworkRepresentative

    track = factory.SubFactory(EstablishmentTrackFactory)
    person = factory.SubFactory(UserFactory)
    chosen_on = TODAY


class TrackEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.TrackEvidence

    item = factory.SubFactory(TrackItemFactory)
    title = "Vision document / מסמך חזון"
    file = factory.django.FileField(filename="vision.pdf", data=b"%PDF-1.4 demo")
