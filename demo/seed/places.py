"""Phases: reference lists, communities on both sides, partnerships, and the people who run the program."""

import datetime
import zoneinfo

from communities.models import Community
from partnerships.models import Partnership, PartnershipCommunity
from volunteers.models import Skill, SpokenLanguage

from .base import JERUSALEM, ascii_slug
from .data_places import HUBS, NEW_COMMUNITIES, PARTNERSHIPS, PLACES
from .data_vocab import LANGUAGES, SKILLS
from .world import CommunityInfo, PartnershipInfo, World

DEMO_DOMAIN = "p2g.example"
DEMO_EMAILS = {
    "staff": f"staff@{DEMO_DOMAIN}",
    "chair": f"chair@{DEMO_DOMAIN}",
    "member": f"member@{DEMO_DOMAIN}",
    "volunteer": f"volunteer@{DEMO_DOMAIN}",
    "mentor": f"mentor@{DEMO_DOMAIN}",
    "leader": f"leader@{DEMO_DOMAIN}",
    "partner": f"partner@{DEMO_DOMAIN}",
}


def seed_reference(world: World) -> None:
    s = world.seeder
    skills = s.insert(Skill, (Skill(code=code, name_en=en, name_he=he) for code, en, he in SKILLS))
    world.skills = {x.code: x.pk for x in skills}
    languages = s.insert(SpokenLanguage, (SpokenLanguage(code=c, name_en=en, name_he=he) for c, en, he in LANGUAGES))
    world.languages = {x.code: x.pk for x in languages}


def seed_communities(world: World) -> None:
    """Lead communities first (federations, cities, councils), then their members, then new communities."""
    s, rng = world.seeder, world.seeder.rng("communities")
    scale = s.scale
    specs = PARTNERSHIPS[: scale.partnerships]
    leads, members = [], []  # (key, Community, culture)
    for spec in specs:
        for key in spec.hubs:
            hub = HUBS[key]
            leads.append((f"hub:{key}", Community(
                name_en=hub.en, name_he=hub.he, side="diaspora", kind="federation", country=hub.country,
                locality_en=hub.locality_en, locality_he=hub.locality_he, time_zone=hub.tz,
                website=f"https://{ascii_slug(hub.locality_en)}-federation.example.org",
            ), hub.culture))
            for town in hub.towns[: scale.towns_per_hub]:
                members.append((f"town:{key}:{town.en}", f"hub:{key}", Community(
                    name_en=f"Jewish Community of {town.en}", name_he=f"הקהילה היהודית של {town.he}", side="diaspora",
                    kind="community_abroad", country=town.country or hub.country, locality_en=town.en,
                    locality_he=town.he, time_zone=town.tz or hub.tz,
                ), hub.culture))
        for key in spec.places:
            place = PLACES[key]
            leads.append((f"place:{key}", Community(
                name_en=place.en, name_he=place.he, side="israel", kind=place.kind, country="IL",
                locality_en=place.en if place.kind == "city" else "", locality_he=place.he if place.kind == "city" else "",
                time_zone="Asia/Jerusalem", national_priority_region=place.priority,
                website=f"https://{ascii_slug(place.en)}.example.org",
            ), place.culture))
            for village_en, village_he in place.villages[: scale.villages_per_region]:
                members.append((f"village:{key}:{village_en}", f"place:{key}", Community(
                    name_en=village_en, name_he=village_he, side="israel", kind="other", country="IL",
                    locality_en=village_en, locality_he=village_he, time_zone="Asia/Jerusalem",
                    national_priority_region=place.priority,
                ), place.culture))
    created = s.insert(Community, (c for _, c, _ in leads))
    for (key, _, culture), c in zip(leads, created, strict=True):
        world.communities[key] = _info(c, culture)
    for _, parent_key, c, _ in members:
        c.parent_id = world.communities[parent_key].id
    created = s.insert(Community, (c for _, _, c, _ in members))
    for (key, _, _, culture), c in zip(members, created, strict=True):
        world.communities[key] = _info(c, culture)
    news = [Community(name_en=en, name_he=he, kind=kind, side=side, country=country, time_zone=tz,
                      locality_en=loc_en, locality_he=loc_he, national_priority_region=side == "israel" and rng.random() < 0.6)
            for en, he, kind, side, country, tz, loc_en, loc_he in NEW_COMMUNITIES[: scale.new_communities]]
    for c in s.insert(Community, news):
        info = _info(c, "he")  # Israelis abroad write their names in Hebrew too
        world.communities[f"new:{c.name_en}"] = info
        world.new_communities.append(info)


def _info(c: Community, culture: str) -> CommunityInfo:
    return CommunityInfo(id=c.pk, side=c.side, kind=c.kind, tz=c.time_zone, culture=culture, en=c.name_en, he=c.name_he,
                         country=str(c.country))


def seed_partnerships(world: World) -> None:
    s, rng = world.seeder, world.seeder.rng("partnerships")
    specs = PARTNERSHIPS[: s.scale.partnerships]
    rows = []
    for spec in specs:
        rows.append(Partnership(
            name_en=spec.en, name_he=spec.he, kind=spec.kind, founded_year=min(spec.founded, s.today.year),
            status=spec.status,
            description_en=f"A Partnership2Gether {'city-to-city' if spec.kind == 'city_to_city' else 'region-to-region'} "
                           f"partnership since {spec.founded}: {spec.en.replace(' – ', ' and ')}.",
            description_he=f"שותפות {'עיר מול עיר' if spec.kind == 'city_to_city' else 'אזור מול אזור'} "
                           f"של שותפות ביחד מאז {spec.founded}: {spec.he.replace(' – ', ' ו')}.",
        ))
    created = s.insert(Partnership, rows)
    links = []
    for index, (spec, p) in enumerate(zip(specs, created, strict=True)):
        hub, place = HUBS[spec.hubs[0]], PLACES[spec.places[0]]
        diaspora, israel = [], []
        for key in spec.hubs:
            diaspora.append(world.communities[f"hub:{key}"])
            diaspora += [world.communities[f"town:{key}:{t.en}"] for t in HUBS[key].towns[: s.scale.towns_per_hub]]
        for key in spec.places:
            israel.append(world.communities[f"place:{key}"])
            israel += [world.communities[f"village:{key}:{v[0]}"] for v in PLACES[key].villages[: s.scale.villages_per_region]]
        lead_keys = {world.communities[f"hub:{spec.hubs[0]}"].id, world.communities[f"place:{spec.places[0]}"].id}
        for c in diaspora + israel:
            is_lead = c.id in lead_keys or c.kind in ("federation", "region", "city")
            joined = spec.founded if is_lead else rng.randint(spec.founded, max(spec.founded, s.today.year - 1))
            links.append(PartnershipCommunity(partnership_id=p.pk, community_id=c.id, is_lead=c.id in lead_keys,
                                              joined_year=joined))
        world.partnerships.append(PartnershipInfo(
            index=index, id=p.pk, spec=spec, en=spec.en, he=spec.he,
            d_en=hub.locality_en, d_he=hub.locality_he,
            i_en=place.en if place.kind == "city" else place.en.replace(" Regional Council", ""),
            i_he=place.he if place.kind == "city" else place.he.replace("המועצה האזורית ", ""),
            diaspora=diaspora, israel=israel, weight=(len(diaspora) + len(israel)) * rng.uniform(0.7, 1.3),
        ))
    s.insert(PartnershipCommunity, links)


def seed_program_staff(world: World) -> None:
    """The demo superuser and the Jewish Agency's professional team (reviewers, deciders, reporters)."""
    s, rng = world.seeder, world.seeder.rng("staff")
    home = world.any_israeli()
    people = [world.person(rng, home, email=DEMO_EMAILS["staff"], full_name="Dana Staff (demo)", language="en",
                           is_staff=True, is_superuser=True, joined=s.today - datetime.timedelta(days=3000))]
    people += [world.person(rng, home) for _ in range(5)]  # program professionals, not admin users
    ids = world.save_people(people)
    world.demo["staff"] = ids[0]
    world.staff_ids = ids


def local_meeting_hour(world: World, tz: str) -> int:
    """An hour in Jerusalem that is also a reasonable hour (08–21) where the Diaspora side lives."""
    probe = datetime.datetime.combine(world.seeder.today, datetime.time(12), tzinfo=JERUSALEM)
    for hour in (19, 18, 20, 17, 16, 10, 9, 11, 21):
        there = probe.replace(hour=hour).astimezone(zoneinfo.ZoneInfo(tz))
        if 8 <= there.hour <= 21:
            return hour
    return 19
