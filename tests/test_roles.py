"""The navigation's roles (p2g/roles.py), read in one hand-written query, say the same as the model rules they
mirror: a current committee term, an open mentorship, leading a community with a track, a forum seat held,
an organisation contact, an application, a coordinator, a completed welcome form."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from communities.models import CommunityLeader, Mentorship
from communities.permissions import open_mentorship_q
from p2g.days import site_today
from p2g.roles import request_roles
from partnerships.models import ForumMembership, Membership, OrganisationContact, PartnerApplication
from partnerships.permissions import current_q
from programs.models import ProgramCoordinator
from tests import factories as f
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def roles_by_the_orm(user) -> tuple:
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
        .get()
    )
    onboarded, coordinates, sits, mentors, leads, contact, seat, applied = row
    return (onboarded, coordinates, sits, mentors or leads, contact or seat or applied)


def roles_of(user):
    request = RequestFactory().get("/")
    request.user = user
    r = request_roles(request)
    return (r.onboarded, r.coordinates, r.sits_on_committee, r.accompanies, r.partner)


def people():
    today = site_today()
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    cases = {"nobody": f.UserFactory()}
    cases["onboarded"] = f.VolunteerProfileFactory().user
    cases["coordinator"] = f.ProgramCoordinatorFactory().person
    cases["member now"] = f.MembershipFactory(term_start=yesterday).person
    cases["member ends today"] = f.MembershipFactory(term_start=yesterday - datetime.timedelta(days=30),
                                                     term_end=today).person
    cases["member ended"] = f.MembershipFactory(term_start=yesterday - datetime.timedelta(days=30),
                                                term_end=yesterday).person
    cases["member from tomorrow"] = f.MembershipFactory(term_start=tomorrow).person
    cases["mentor"] = f.MentorshipFactory().mentor
    cases["mentor ending tomorrow"] = f.MentorshipFactory(ended_on=tomorrow).mentor
    cases["mentor ended today"] = f.MentorshipFactory(ended_on=today).mentor
    track = f.EstablishmentTrackFactory()
    cases["leader with a track"] = f.CommunityLeaderFactory(community=track.community).person
    cases["leader without a track"] = f.CommunityLeaderFactory().person
    cases["contact"] = f.OrganisationContactFactory().person
    cases["seat"] = f.ForumMembershipFactory().person
    cases["seat left"] = f.ForumMembershipFactory(left_on=yesterday, seat=None).person
    cases["applicant"] = f.PartnerApplicationFactory(applicant=f.UserFactory()).applicant
    return cases


def test_the_hand_written_query_says_what_the_model_rules_say():
    cases = people()
    for label, person in cases.items():
        assert roles_of(person) == roles_by_the_orm(person), label
    # and the cases do tell the roles apart
    assert roles_of(cases["member now"])[2] and not roles_of(cases["member ended"])[2]
    assert roles_of(cases["member ends today"])[2] and not roles_of(cases["member from tomorrow"])[2]
    assert roles_of(cases["mentor ending tomorrow"])[3] and not roles_of(cases["mentor ended today"])[3]
    assert roles_of(cases["leader with a track"])[3] and not roles_of(cases["leader without a track"])[3]
    assert roles_of(cases["applicant"])[4] and roles_of(cases["seat"])[4] and not roles_of(cases["seat left"])[4]
    assert roles_of(cases["nobody"]) == (False, False, False, False, False)


def test_one_query_per_request():
    person = f.MentorshipFactory().mentor
    request = RequestFactory().get("/")
    request.user = person
    with CaptureQueriesContext(connection) as queries:
        request_roles(request)
        request_roles(request)
    assert len(queries) == 1
