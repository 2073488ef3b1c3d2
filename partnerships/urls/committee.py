"""Routes of the workspace's membership area (views in partnerships/views/committee.py)."""

from django.urls import path

from ..views import committee

COMMITTEE = "partnerships/<int:partnership_pk>/committee/"
ONE = COMMITTEE + "<int:committee_pk>/"
TERM = COMMITTEE + "memberships/<int:membership_pk>/"

urlpatterns = [
    path(COMMITTEE, committee.committee, name="committee"),
    path(COMMITTEE + "subcommittees/new/", committee.subcommittee_create, name="subcommittee_create"),
    path(ONE, committee.committee_detail, name="committee_detail"),
    path(ONE + "edit/", committee.committee_edit, name="committee_edit"),
    path(ONE + "members/new/", committee.committee_member_add, name="committee_member_add"),
    path(ONE + "roster.<str:fmt>", committee.committee_export, name="committee_export"),
    path(TERM + "end/", committee.membership_end, name="membership_end"),
    path(TERM + "role/", committee.membership_change_role, name="membership_change_role"),
    path(TERM + "history/", committee.membership_history, name="membership_history"),
    path(TERM + "invitation/", committee.membership_invitation_resend, name="membership_invitation_resend"),
]
