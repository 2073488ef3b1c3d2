"""Budget allocations and shared measurement: the rules the database holds, and their messages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from communities.models import Community, CommunityKind, Side
from partnerships.models import Organisation, Partnership, PartnershipCommunity, Sector
from programs.models import (
    AllocationStatus,
    BudgetAllocation,
    Category,
    FundingSource,
    Indicator,
    Measurement,
    Program,
    ProgramType,
)
from tests.db import refused_by_database

pytestmark = pytest.mark.django_db

NOT_NEGATIVE = "Amounts cannot be negative."
SPENT_WITHIN_APPROVED = "Spending cannot exceed the approved amount (nothing is spent before approval)."
APPROVED_NEEDS_AMOUNT = "An approved allocation needs an approved amount."
RETURNED_NEEDS_REASON = "A returned allocation needs a reason."
MIN_ZERO = "Ensure this value is greater than or equal to 0."


@pytest.fixture
def partnership(db):
    partnership = Partnership.objects.create(
        name_en="Atlanta–Yokneam–Megiddo", name_he="אטלנטה–יקנעם–מגידו", kind="region_to_region", founded_year=1997
    )
    for name_en, name_he, side, country, tz in [
        ("Atlanta", "אטלנטה", Side.DIASPORA, "US", "America/New_York"),
        ("Yokneam", "יקנעם", Side.ISRAEL, "IL", "Asia/Jerusalem"),
    ]:
        community = Community.objects.create(
            name_en=name_en, name_he=name_he, side=side, kind=CommunityKind.CITY, country=country, time_zone=tz
        )
        PartnershipCommunity.objects.create(partnership=partnership, community=community)
    return partnership


@pytest.fixture
def program(partnership):
    return Program.objects.create(
        partnership=partnership, name_en="School twinning", name_he="תאומות בתי ספר",
        program_type=ProgramType.SCHOOL_TWINNING, category=Category.PERSONAL_CONNECTIONS, starts_on="2024-09-01",
    )


@pytest.fixture
def allocation(partnership, program):
    def build(**overrides):
        fields = {
            "partnership": partnership,
            "program": program,
            "fiscal_year": 2025,
            "category": Category.PERSONAL_CONNECTIONS,
            "funding_source": FundingSource.FEDERATIONS,
            "proposed_amount": Decimal("50000.00"),
        }
        return BudgetAllocation(**{**fields, **overrides})

    return build


# --- Budget allocations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amounts",
    [
        {"proposed_amount": Decimal("-1.00")},
        {"status": AllocationStatus.APPROVED, "approved_amount": Decimal("-100.00")},
        {"spent_amount": Decimal("-0.01")},
    ],
    ids=["proposed", "approved", "spent"],
)
def test_negative_amounts_are_refused(allocation, amounts):
    negative = allocation(**amounts)
    (field,) = (name for name in amounts if name.endswith("_amount"))

    with pytest.raises(ValidationError) as excinfo:
        negative.full_clean()
    assert excinfo.value.message_dict[field] == [MIN_ZERO]
    with pytest.raises(ValidationError) as excinfo:
        negative.validate_constraints()  # what is left once the field passes: the model's own rule
    assert NOT_NEGATIVE in excinfo.value.messages

    refused_by_database(negative.save, "allocation_amounts_not_negative")
    assert not BudgetAllocation.objects.exists()


def test_spending_above_the_approved_amount_is_refused(allocation):
    overspent = allocation(
        status=AllocationStatus.APPROVED, approved_amount=Decimal("40000.00"), spent_amount=Decimal("40000.01")
    )
    with pytest.raises(ValidationError) as excinfo:
        overspent.full_clean()
    assert excinfo.value.messages == [SPENT_WITHIN_APPROVED]

    refused_by_database(overspent.save, "allocation_spent_within_approved")
    assert not BudgetAllocation.objects.exists()


def test_spending_before_approval_is_refused(allocation):
    early = allocation(status=AllocationStatus.SUBMITTED, spent_amount=Decimal("10.00"))
    with pytest.raises(ValidationError) as excinfo:
        early.full_clean()
    assert excinfo.value.messages == [SPENT_WITHIN_APPROVED]

    refused_by_database(early.save, "allocation_spent_within_approved")


def test_spending_is_refused_on_an_update_too(allocation):
    line = allocation(status=AllocationStatus.APPROVED, approved_amount=Decimal("40000.00"))
    line.save()
    refused_by_database(
        lambda: BudgetAllocation.objects.filter(pk=line.pk).update(spent_amount=Decimal("45000.00")),
        "allocation_spent_within_approved",
    )
    line.refresh_from_db()
    assert line.spent_amount == 0


@pytest.mark.parametrize("status", [AllocationStatus.APPROVED, AllocationStatus.CLOSED])
def test_an_approved_or_closed_allocation_without_an_approved_amount_is_refused(allocation, status):
    unfunded = allocation(status=status)
    with pytest.raises(ValidationError) as excinfo:
        unfunded.full_clean()
    assert excinfo.value.messages == [APPROVED_NEEDS_AMOUNT]

    refused_by_database(unfunded.save, "allocation_approved_has_amount")


def test_a_returned_allocation_without_a_reason_is_refused(allocation):
    returned = allocation(status=AllocationStatus.RETURNED)
    with pytest.raises(ValidationError) as excinfo:
        returned.full_clean()
    assert excinfo.value.messages == [RETURNED_NEEDS_REASON]
    refused_by_database(returned.save, "allocation_returned_has_reason")

    returned.status_reason = "חסר פירוט של עלויות ההסעות / transport costs missing"
    returned.full_clean()
    returned.save()


def test_a_sound_allocation_is_stored(allocation):
    line = allocation(
        status=AllocationStatus.APPROVED, approved_amount=Decimal("45000.00"), spent_amount=Decimal("45000.00")
    )
    line.full_clean()
    line.save()
    line.refresh_from_db()
    assert (line.approved_amount, line.spent_amount) == (Decimal("45000.00"), Decimal("45000.00"))


def test_a_second_line_for_the_same_program_year_category_and_source_is_refused(allocation):
    allocation().save()
    duplicate = allocation(proposed_amount=Decimal("1.00"))
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert (
        "This program already has an allocation for this fiscal year, category and funding source."
        in excinfo.value.messages
    )
    refused_by_database(duplicate.save, "allocation_one_line_per_program_category_source")


def test_an_allocation_for_another_partnerships_program_is_refused(allocation, program):
    other = Partnership.objects.create(name_en="Other", name_he="אחרת", kind="city_to_city", founded_year=2001)
    with pytest.raises(ValidationError) as excinfo:
        allocation(partnership=other, program=program).full_clean()
    assert excinfo.value.message_dict["program"] == ["The program belongs to another partnership."]


# --- Shared measurement ----------------------------------------------------------------------------------


@pytest.fixture
def indicator(partnership):
    return Indicator.objects.create(
        partnership=partnership, name_en="Adult volunteering rate", name_he="שיעור ההתנדבות בקרב מבוגרים",
        unit_en="%", unit_he="%", baseline_value=Decimal("18.80"), baseline_year=2019,
    )


@pytest.fixture
def organisations(db):
    return [
        Organisation.objects.create(name_en="Municipality", name_he="העירייה", sector=Sector.GOVERNMENT),
        Organisation.objects.create(name_en="Volunteer centre", name_he="מרכז התנדבות", sector=Sector.NONPROFIT),
    ]


def test_a_second_measurement_for_the_same_organisation_indicator_and_period_is_refused(indicator, organisations):
    first, second = organisations
    Measurement.objects.create(indicator=indicator, period=2024, value=Decimal("19.50"), organisation=first)

    again = Measurement(indicator=indicator, period=2024, value=Decimal("21.00"), organisation=first)
    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    assert excinfo.value.messages == ["This organisation has already reported this indicator for this period."]
    refused_by_database(again.save, "measurement_once_per_organisation_period")

    # another organisation, or another period, is fine
    for other in (
        Measurement(indicator=indicator, period=2024, value=Decimal("20.00"), organisation=second),
        Measurement(indicator=indicator, period=2025, value=Decimal("20.10"), organisation=first),
    ):
        other.full_clean()
        other.save()
    assert list(Measurement.objects.filter(organisation=first, period=2024).values_list("value", flat=True)) == [
        Decimal("19.50")
    ]


def test_a_second_figure_without_organisation_for_the_same_period_is_refused(indicator):
    Measurement.objects.create(indicator=indicator, period=2024, value=Decimal("19.50"))
    again = Measurement(indicator=indicator, period=2024, value=Decimal("21.00"))
    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    assert excinfo.value.messages == ["This indicator already has a figure for this period."]
    refused_by_database(again.save, "measurement_once_per_period_without_organisation")
