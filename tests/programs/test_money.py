"""Budget lines in several currencies add up in the reporting currency with the rate of their year."""

from decimal import Decimal

import pytest

from programs.money import Rates, convert_groups
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_line_is_converted_with_the_rate_of_its_year_or_the_nearest_one_before():
    f.ExchangeRateFactory(currency="ILS", year=2020, units_per_usd=Decimal("3.5"))
    f.ExchangeRateFactory(currency="ILS", year=2024, units_per_usd=Decimal("4"))
    rates = Rates.load()
    assert rates.convert(Decimal("700"), "ILS", 2020) == Decimal("200.00")
    assert rates.convert(Decimal("700"), "ILS", 2022) == Decimal("200.00")  # 2020's rate still holds
    assert rates.convert(Decimal("800"), "ILS", 2026) == Decimal("200.00")
    assert rates.convert(Decimal("350"), "ILS", 2010) == Decimal("100.00")  # before any rate: the earliest
    assert rates.convert(Decimal("123.45"), "USD", 2010) == Decimal("123.45")


def test_groups_without_a_rate_are_listed_not_added():
    f.ExchangeRateFactory(currency="ILS", year=2026, units_per_usd=Decimal("4"))
    rows = [
        {"currency": "USD", "fiscal_year": 2026, "approved": Decimal("1000")},
        {"currency": "ILS", "fiscal_year": 2026, "approved": Decimal("4000")},
        {"currency": "ZAR", "fiscal_year": 2026, "approved": Decimal("18000")},
    ]
    converted, missing = convert_groups(rows, Rates.load(), amount_fields=["approved"])
    assert sum(r["approved"] for r in converted) == Decimal("2000.00")
    assert missing == ["ZAR"]
