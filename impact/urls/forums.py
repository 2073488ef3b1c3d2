"""Routes of the forums area: the forums, one forum (members and seats), its meetings (agenda, attendance,
decisions, summary) and their materials."""

from django.urls import path

from ..views import forum_meetings as meetings
from ..views import forums as views

M = "forums/<int:forum_pk>/meetings/<int:meeting_pk>"

urlpatterns = [
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/<int:forum_pk>/", views.forum_detail, name="forum_detail"),
    path("forums/<int:forum_pk>/members/add/", views.forum_member_add, name="forum_member_add"),
    path(
        "forums/<int:forum_pk>/members/<int:membership_pk>/remove/", views.forum_member_remove,
        name="forum_member_remove",
    ),
    path("forums/<int:forum_pk>/meetings/new/", meetings.forum_meeting_create, name="forum_meeting_create"),
    path(f"{M}/", meetings.forum_meeting_detail, name="forum_meeting_detail"),
    path(f"{M}/edit/", meetings.forum_meeting_edit, name="forum_meeting_edit"),
    path(f"{M}/cancel/", meetings.forum_meeting_cancel, name="forum_meeting_cancel"),
    path(f"{M}/held/", meetings.forum_meeting_mark_held, name="forum_meeting_mark_held"),
    path(f"{M}/agenda/add/", meetings.forum_agenda_item_add, name="forum_agenda_item_add"),
    path(f"{M}/agenda/<int:item_pk>/edit/", meetings.forum_agenda_item_edit, name="forum_agenda_item_edit"),
    path(f"{M}/agenda/<int:item_pk>/delete/", meetings.forum_agenda_item_delete, name="forum_agenda_item_delete"),
    path(f"{M}/agenda/<int:item_pk>/move/", meetings.forum_agenda_item_move, name="forum_agenda_item_move"),
    path(f"{M}/attendance/", meetings.forum_attendance_edit, name="forum_attendance_edit"),
    path(f"{M}/decisions/add/", meetings.forum_decision_add, name="forum_decision_add"),
    path(f"{M}/decisions/<int:decision_pk>/edit/", meetings.forum_decision_edit, name="forum_decision_edit"),
    path(f"{M}/decisions/<int:decision_pk>/delete/", meetings.forum_decision_delete, name="forum_decision_delete"),
    path(f"{M}/summary/", meetings.forum_minutes_edit, name="forum_minutes_edit"),
    path(f"{M}/survey/", meetings.forum_survey_edit, name="forum_survey_edit"),
    path(f"{M}/materials/add/", meetings.forum_attachment_upload, name="forum_attachment_upload"),
    path(f"{M}/publish/", meetings.forum_meeting_publish, name="forum_meeting_publish"),
    path("forums/<int:forum_pk>/materials/<int:pk>/", meetings.forum_attachment_download, name="forum_attachment_download"),
    path(
        "forums/<int:forum_pk>/materials/<int:pk>/delete/", meetings.forum_attachment_delete,
        name="forum_attachment_delete",
    ),
]
