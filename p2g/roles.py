"""What the site needs to know about the signed-in person on every page, in ONE query.

The onboarding check (has the welcome form been filled in?) and the navigation (does this person
coordinate a program? sit on a committee?) each used to cost a query per page. They are read
together here, once per request, and remembered on the request.
"""

import functools
from dataclasses import dataclass

from django.db import connection

from p2g.days import site_today


@dataclass(frozen=True)
class Roles:
    onboarded: bool
    coordinates: bool
    sits_on_committee: bool
    # Mentors a community in establishment (open mentorship) or leads a community with a track.
    accompanies: bool = False
    # A contact of a partner organisation, a current forum member, or someone who applied through
    # the call for partners (their application's page is in the partner area).
    partner: bool = False

    @property
    def own_area(self) -> bool:
        """Has pages of their own besides the volunteer portal (a partner, a mentor, a community leader)."""
        return self.partner or self.accompanies


STAFF = Roles(onboarded=True, coordinates=True, sits_on_committee=True, accompanies=True, partner=True)
NOBODY = Roles(onboarded=False, coordinates=False, sits_on_committee=False)


def request_roles(request) -> Roles:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NOBODY
    if user.is_staff:
        return STAFF  # staff see every tool and are never asked to onboard: no query
    cached = getattr(request, "_p2g_roles", None)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), _roles_params(user.pk, site_today().isoformat()))
        row = cursor.fetchone()
    if row:
        onboarded, coordinates, sits, mentors, leads, contact, seat, applied = (bool(v) for v in row)
        roles = Roles(onboarded, coordinates, sits, accompanies=mentors or leads, partner=contact or seat or applied)
    else:
        roles = NOBODY
    request._p2g_roles = (user.pk, roles)
    return roles


# The query, written once per process: built with the ORM it cost ~5 ms of Python on every page for
# ~0.7 ms of SQL (eight EXISTS subqueries compiled anew each time). Same meaning as the model code it
# names: a completed welcome form; coordinating a program; a current committee term (as
# partnerships.permissions.current_q); an open mentorship (communities.permissions.open_mentorship_q);
# leading a community that has an establishment track; an organisation contact; a current forum seat;
# an application through the call for partners.
@functools.cache
def _roles_sql() -> str:
    from communities.models import CommunityLeader, EstablishmentTrack, Mentorship
    from partnerships.models import ForumMembership, Membership, OrganisationContact, PartnerApplication
    from programs.models import ProgramCoordinator
    from volunteers.models import VolunteerProfile

    q = connection.ops.quote_name
    names = {}
    for key, model in (
        ("vp", VolunteerProfile), ("pc", ProgramCoordinator), ("m", Membership), ("ms", Mentorship),
        ("cl", CommunityLeader), ("et", EstablishmentTrack), ("oc", OrganisationContact), ("fm", ForumMembership),
        ("pa", PartnerApplication),
    ):
        names[key] = q(model._meta.db_table)
        for field in model._meta.concrete_fields:
            names[f"{key}_{field.name}"] = q(field.column)
    # Identifiers from the models' own metadata, quoted; every value is a parameter.
    return _ROLES_SQL.format(**names)  # noqa: S608


_ROLES_SQL = " ".join("""
SELECT
 EXISTS(SELECT 1 FROM {vp} WHERE {vp_user} = %s AND {vp_onboarded_at} IS NOT NULL),
 EXISTS(SELECT 1 FROM {pc} WHERE {pc_person} = %s),
 EXISTS(SELECT 1 FROM {m} WHERE {m_person} = %s AND {m_term_start} <= %s AND ({m_term_end} IS NULL OR {m_term_end} >= %s)),
 EXISTS(SELECT 1 FROM {ms} WHERE {ms_mentor} = %s AND ({ms_ended_on} IS NULL OR {ms_ended_on} > %s)),
 EXISTS(SELECT 1 FROM {cl} JOIN {et} ON {et}.{et_community} = {cl}.{cl_community} WHERE {cl}.{cl_person} = %s),
 EXISTS(SELECT 1 FROM {oc} WHERE {oc_person} = %s),
 EXISTS(SELECT 1 FROM {fm} WHERE {fm_person} = %s AND {fm_left_on} IS NULL),
 EXISTS(SELECT 1 FROM {pa} WHERE {pa_applicant} = %s)
""".split())


def _roles_params(user_id: int, today: str) -> list:
    return [user_id, user_id, user_id, today, today, user_id, today, user_id, user_id, user_id, user_id]
