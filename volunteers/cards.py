"""The finder's opportunity cards as plain values, ready for the template.

``templates/volunteers/portal/opportunity_list.html`` prints these values as they are: titles and
names already in the page's language, the opportunity's address, its skills and languages joined,
and each shown shift's time range and places. Building them here, once per page, replaces a
template included per card that resolved every name through its model, made a related manager per
card for skills and languages, and formatted every date again (bench/bench_portal.py).
"""

from html import escape

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from communities.models import Side
from p2g.templatetags.p2g_dates import hebrew_date

from . import selectors
from .models import Opportunity

_PK = 2_147_483_647  # stands for the id in the address reversed once per page


class TimeRanges:
    """``{% time_range %}`` of ``p2g_dates`` (the same markup), each day's and each time's text worked
    out and escaped once per page: a page shows some 60 shifts over far fewer days and times."""

    def __init__(self):
        self.hebrew = translation.get_language() == "he"
        self._days: dict = {}
        self._times: dict = {}

    def _day(self, local) -> tuple[str, str, str]:
        """(weekday, date, Hebrew date) of a local datetime's day, escaped."""
        day = local.date()
        if day not in self._days:
            self._days[day] = (
                escape(formats.date_format(local, "l")),
                escape(formats.date_format(local, "DATE_FORMAT")),
                escape(hebrew_date(day)) if self.hebrew else "",
            )
        return self._days[day]

    def _time(self, local) -> str:
        moment = local.time()
        if moment not in self._times:
            self._times[moment] = escape(formats.time_format(local, "TIME_FORMAT"))
        return self._times[moment]

    def _when(self, local) -> str:
        weekday, text, _hebrew = self._day(local)
        return f'<time datetime="{escape(local.isoformat())}">{weekday}, {text}, {self._time(local)}</time>'

    def __call__(self, starts_at, ends_at):
        start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        if start.date() == end.date():
            text = f"{self._when(start)}–{self._time(end)}"
        else:
            text = f"{self._when(start)} – {self._when(end)}"
        if self.hebrew:
            text = f'{text} <span class="hebrew-date">· {self._day(start)[2]}</span>'
        return mark_safe(text)  # noqa: S308 - every text above is escaped


def _linked(links: QuerySet, relation: str, ids) -> dict[int, list[int]]:
    """``{opportunity id: [skill or language id, ...]}`` from an m2m table, by name in the page's
    language (as the related manager of each card listed them before)."""
    language = "he" if (translation.get_language() or "").startswith("he") else "en"
    rows = (
        links.filter(opportunity_id__in=ids)
        .order_by(f"{relation}__name_{language}")
        .values_list("opportunity_id", f"{relation}_id")
    )
    linked: dict[int, list[int]] = {}
    for opportunity_id, target_id in rows:
        linked.setdefault(opportunity_id, []).append(target_id)
    return linked


def _joined(linked: dict[int, list[int]], choices: list[tuple[int, str]]) -> dict[int, str]:
    """``{opportunity id: "name, name"}`` with the names of the filter's lists."""
    names = dict(choices)
    return {opportunity_id: ", ".join(names[pk] for pk in targets) for opportunity_id, targets in linked.items()}


def opportunity_cards(opportunities: list[Opportunity]) -> list[dict]:
    """One dictionary per opportunity (with ``program__partnership`` and ``community`` joined and
    ``next_shifts`` counted by ``selectors.shifts_with_places``), in their order.

    Skills and languages: two queries for the page (ids only), their names from
    ``selectors.finder_choices`` (the filter's lists); a name missing there (added since the lists
    were kept) makes the lists read again.
    """
    ids = [opportunity.pk for opportunity in opportunities]
    if not ids:
        return []
    skill_ids = _linked(Opportunity.skills_needed.through.objects, "skill", ids)
    language_ids = _linked(Opportunity.languages.through.objects, "spokenlanguage", ids)
    choices = selectors.finder_choices()
    known = {name: {pk for pk, _name in choices[name]} for name in ("skill", "language")}
    if not (set().union(*skill_ids.values()) <= known["skill"]
            and set().union(*language_ids.values()) <= known["language"]):
        choices = selectors.finder_choices(fresh=True)
    skills, languages = _joined(skill_ids, choices["skill"]), _joined(language_ids, choices["language"])
    address = reverse("volunteers:opportunity_detail", args=[_PK])
    sides = dict(Side.choices)
    community_text = gettext("%(community)s (%(side)s)")
    places_texts: dict[int, str] = {}
    time_range = TimeRanges()
    cards = []
    for opportunity in opportunities:
        community = opportunity.community
        shifts = []
        for shift in opportunity.next_shifts:
            places = max(0, shift.capacity - shift.taken)
            if places and places not in places_texts:
                places_texts[places] = ngettext(
                    "%(places)s place left", "%(places)s places left", places
                ) % {"places": places}
            shifts.append({"when": time_range(shift.starts_at, shift.ends_at), "places": places_texts.get(places, "")})
        cards.append({
            "pk": opportunity.pk,
            "url": address.replace(str(_PK), str(opportunity.pk)),
            "title": opportunity.title,
            "program": opportunity.program.name,
            "partnership": opportunity.program.partnership.name,
            "community": (
                community_text % {"community": community.name, "side": sides.get(community.side, community.side)}
                if community is not None
                else ""
            ),
            "skills": skills.get(opportunity.pk, ""),
            "languages": languages.get(opportunity.pk, ""),
            "shifts": shifts,
        })
    return cards
