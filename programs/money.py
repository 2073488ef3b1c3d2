"""Adding up budget lines kept in different currencies.

Each budget line keeps the currency it was raised in (shekels from a local authority, pounds
from a British federation…). Figures that add lines together (dashboards, the staff overview)
convert each line to the reporting currency (``settings.P2G_REPORTING_CURRENCY``, US dollars)
with the rate of the line's fiscal year, or of the nearest year that has one.

Sums are made in the database grouped by currency and year; only those few group totals are
converted here (one query for the rates, none per line).
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from .models import ExchangeRate

CENT = Decimal("0.01")


@dataclass
class Rates:
    """Every exchange rate, loaded once: ``Rates.load()``."""

    #: currency -> sorted years, and the rates of those years
    years: dict[str, list[int]] = field(default_factory=dict)
    values: dict[str, list[Decimal]] = field(default_factory=dict)
    reporting: str = "USD"

    @classmethod
    def load(cls) -> "Rates":
        years, values = defaultdict(list), defaultdict(list)
        for currency, year, rate in ExchangeRate.objects.order_by("currency", "year").values_list(
            "currency", "year", "units_per_usd"
        ):
            years[currency].append(year)
            values[currency].append(rate)
        return cls(years=dict(years), values=dict(values), reporting=settings.P2G_REPORTING_CURRENCY)

    def units_per_usd(self, currency: str, year: int) -> Decimal | None:
        """The rate of that year, else of the nearest year before it, else the nearest after; None if none."""
        if currency == "USD":
            return Decimal(1)
        years = self.years.get(currency)
        if not years:
            return None
        i = bisect.bisect_right(years, year) - 1
        return self.values[currency][max(i, 0)]

    def convert(self, amount: Decimal | None, currency: str, year: int) -> Decimal | None:
        """``amount`` of ``currency`` in the reporting currency, or None when no rate is known."""
        if amount is None:
            return None
        if currency == self.reporting:
            return Decimal(amount)
        source = self.units_per_usd(currency, year)
        target = self.units_per_usd(self.reporting, year)
        if source is None or target is None:
            return None
        return (Decimal(amount) / source * target).quantize(CENT, rounding=ROUND_HALF_UP)

    def can_convert(self, currency: str) -> bool:
        return currency in (self.reporting, "USD") or currency in self.years


def convert_groups(rows, rates: Rates, *, amount_fields, currency_field="currency", year_field="fiscal_year"):
    """Convert rows of a ``.values(…).annotate(Sum…)`` query grouped by currency and year.

    Returns ``(converted_rows, unconverted)``: each converted row is the input dict with its amount
    fields in the reporting currency; ``unconverted`` lists the currencies that have no rate (their
    rows are left out, so a total is never silently wrong — show the list to the reader).
    """
    converted, missing = [], set()
    for row in rows:
        currency, year = row[currency_field], row[year_field]
        if not rates.can_convert(currency):
            missing.add(currency)
            continue
        new = dict(row)
        for name in amount_fields:
            new[name] = rates.convert(row[name] or Decimal(0), currency, year)
        converted.append(new)
    return converted, sorted(missing)
