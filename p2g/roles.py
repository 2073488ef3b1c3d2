"""What the site needs to know about the signed-in person on every page, in ONE query.

The onboarding check (has the welcome form been filled in?) and the navigation (does this person
coordinate a program? sit on a committee?) each used to cost a query per page. They are read
together here, once per request, and remembered on the request.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef


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
    from accounts.models import User
    from communities.models import CommunityLeader, Mentorship
    from communities.permissions import open_mentorship_q
    from partnerships.models import ForumMembership, Membership, OrganisationContact, PartnerApplication
    from partnerships.permissions import current_q
    from programs.models import ProgramCoordinator
    from volunteers.models import VolunteerProfile

    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            onboarded=Exists(VolunteerProfile.objects.filter(user_id=OuterRef("pk"), onboarded_at__isnull=False)),
            coordinates=Exists(ProgramCoordinator.objects.filter(person_id=OuterRef("pk"))),
            sits=Exists(Membership.objects.filter(current_q(), person_id=OuterRef("pk"))),
            mentors=Exists(Mentorship.objects.filter(open_mentorship_q(), mentor_id=OuterRef("pk"))),
            leads=Exists(
                CommunityLeader.objects.filter(person_id=OuterRef("pk"), community__establishment_track__isnull=False)
            ),
            contact=Exists(OrganisationContact.objects.filter(person_id=OuterRef("pk"))),
            seat=Exists(ForumMembership.objects.filter(person_id=OuterRef("pk"), left_on__isnull=True)),
            applied=Exists(PartnerApplication.objects.filter(applicant_id=OuterRef("pk"))),
        )
        .values_list("onboarded", "coordinates", "sits", "mentors", "leads", "contact", "seat", "applied")
        .first()
    )
    if row:
        onboarded, coordinates, sits, mentors, leads, contact, seat, applied = row
        roles = Roles(onboarded, coordinates, sits, accompanies=mentors or leads, partner=contact or seat or applied)
    else:
        roles = NOBODY
    request._p2g_roles = (user.pk, roles)
    return roles
