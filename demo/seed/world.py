"""What the phases share: communities, partnerships and the people made for them."""

import datetime
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress

from accounts.models import User

from . import data_people as names
from .base import Seeder, ascii_slug


@dataclass
class CommunityInfo:
    id: int
    side: str
    kind: str
    tz: str
    culture: str
    en: str
    he: str
    country: str


@dataclass
class Term:
    person: int
    side: str
    role: str
    start: datetime.date
    end: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class CommitteeInfo:
    id: int
    kind: str
    en: str
    he: str
    short_en: str
    short_he: str
    start: datetime.date
    terms: list = field(default_factory=list)

    def present(self, day: datetime.date) -> list:
        return [t for t in self.terms if t.covers(day)]


@dataclass
class ProgramInfo:
    id: int
    type: str
    category: str
    en: str
    he: str
    starts: datetime.date
    ends: datetime.date | None

    def active_in(self, year: int) -> bool:
        return self.starts.year <= year and (self.ends is None or self.ends.year >= year)


@dataclass
class PartnershipInfo:
    index: int
    id: int
    spec: object
    en: str
    he: str
    d_en: str
    d_he: str
    i_en: str
    i_he: str
    diaspora: list
    israel: list
    weight: float
    committees: list = field(default_factory=list)
    programs: list = field(default_factory=list)
    people: dict = field(default_factory=lambda: {"diaspora": [], "israel": []})
    staff: dict = field(default_factory=lambda: {"diaspora": [], "israel": []})
    volunteers: dict = field(default_factory=lambda: {"diaspora": [], "israel": []})
    participants: dict = field(default_factory=dict)  # year -> participants in activities
    personal_share: dict = field(default_factory=dict)  # year -> share of the approved budget

    @property
    def steering(self) -> CommitteeInfo:
        return self.committees[0]

    def side(self, side: str) -> list:
        return self.diaspora if side == "diaspora" else self.israel

    def programs_in(self, year: int, today: datetime.date) -> list:
        return [p for p in self.programs if p.active_in(year) and p.starts <= today]


DOMAINS = {"he": "example.org", "ar": "example.org", "en": "example.com", "es": "example.net", "fr": "example.net",
           "ru": "example.net", "de": "example.net"}


@dataclass
class World:
    """The seeded world so far, and the factory of its people."""

    seeder: Seeder
    communities: dict = field(default_factory=dict)  # key -> CommunityInfo
    partnerships: list = field(default_factory=list)
    new_communities: list = field(default_factory=list)
    demo: dict = field(default_factory=dict)  # role -> user id
    staff_ids: list = field(default_factory=list)  # Jewish Agency staff users (reviewers, deciders)
    skills: dict = field(default_factory=dict)  # code -> id
    languages: dict = field(default_factory=dict)  # code -> id
    opportunities: list = field(default_factory=list)  # (id, program id, partnership, side, community)
    _person_n: int = 0

    # --- people ---------------------------------------------------------------------------
    def person(self, rng: random.Random, community: CommunityInfo, *, joined: datetime.date | None = None,
               email: str = "", full_name: str = "", language: str = "", is_staff: bool = False,
               is_superuser: bool = False) -> User:
        """A person of a community, with a name of its culture (unsaved)."""
        self._person_n += 1
        culture = self._culture(rng, community)
        female = rng.random() < 0.5
        name, latin = self._name(rng, culture, female)
        if not language:
            if community.side == "israel":
                language = "en" if rng.random() < 0.05 else "he"
            else:
                language = "en"
        joined = joined or self.seeder.today - datetime.timedelta(days=rng.randint(30, 3650))
        return User(
            email=email or f"{latin}.{self._person_n}@{DOMAINS[culture]}",
            full_name=full_name or name,
            preferred_language=language,
            time_zone=community.tz,
            home_community_id=community.id,
            phone=self._phone(rng, community) if rng.random() < 0.7 else "",
            password=self.seeder.password,
            is_staff=is_staff,
            is_superuser=is_superuser,
            date_joined=datetime.datetime.combine(joined, datetime.time(9), tzinfo=datetime.UTC),
        )

    def save_people(self, users: list) -> list:
        """Write people with a verified primary email address each; return their ids."""
        created = self.seeder.insert(User, users)
        self.seeder.stream(
            EmailAddress,
            (EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in created),
        )
        return [u.pk for u in created]

    def _culture(self, rng, community) -> str:
        culture = community.culture
        if culture == "ru_de":
            return "ru" if rng.random() < 0.5 else "de"
        if culture in ("es", "fr") and rng.random() < 0.2:
            return "en"
        if culture == "ar" and rng.random() < 0.15:
            return "he"
        return culture

    @staticmethod
    def _name(rng, culture: str, female: bool) -> tuple[str, str]:
        if culture in ("he", "ru", "ar"):
            table = {"he": (names.HE_FEMALE, names.HE_MALE, names.HE_LAST),
                     "ru": (names.RU_FEMALE, names.RU_MALE, names.RU_LAST),
                     "ar": (names.AR_FEMALE, names.AR_MALE, names.AR_LAST)}[culture]
            first = rng.choice(table[0] if female else table[1])
            last = rng.choice(table[2])
            return f"{first[0]} {last[0]}", f"{first[1]}.{last[1]}"
        table = {"en": (names.EN_FEMALE, names.EN_MALE, names.EN_LAST),
                 "es": (names.ES_FEMALE, names.ES_MALE, names.ES_LAST),
                 "fr": (names.FR_FEMALE, names.FR_MALE, names.FR_LAST),
                 "de": (names.DE_FEMALE, names.DE_MALE, names.DE_LAST)}[culture]
        first = rng.choice(table[0] if female else table[1])
        last = rng.choice(table[2])
        return f"{first} {last}", f"{ascii_slug(first)}.{ascii_slug(last)}"

    @staticmethod
    def _phone(rng, community) -> str:
        if community.country == "IL":
            return f"05{rng.randint(0, 8)}-{rng.randint(0, 9999999):07d}"
        if community.country in ("US", "CA"):
            return f"+1 555-01{rng.randint(0, 99):02d}"
        return f"+{rng.randint(30, 61)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"

    # --- lookups --------------------------------------------------------------------------
    def any_israeli(self) -> CommunityInfo:
        return self.partnerships[0].israel[0]
