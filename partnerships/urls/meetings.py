"""Routes of the workspace's meetings area (views in partnerships/views/meetings.py)."""

from django.urls import path

from ..views import meetings

MEETINGS = "partnerships/<int:partnership_pk>/meetings/"
MEETING = MEETINGS + "<int:meeting_pk>/"

urlpatterns = [
    path(MEETINGS, meetings.meeting_list, name="meeting_list"),
    path(MEETINGS + "new/", meetings.meeting_create, name="meeting_create"),
    path(MEETING, meetings.meeting_detail, name="meeting_detail"),
    path(MEETING + "edit/", meetings.meeting_edit, name="meeting_edit"),
    path(MEETING + "cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "held/", meetings.meeting_mark_held, name="meeting_mark_held"),
    path(MEETING + "agenda/", meetings.agenda_item_add, name="agenda_item_add"),
    path(MEETING + "agenda/<int:item_pk>/edit/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path(MEETING + "agenda/<int:item_pk>/delete/", meetings.agenda_item_delete, name="agenda_item_delete"),
    path(MEETING + "agenda/<int:item_pk>/move/", meetings.agenda_item_move, name="agenda_item_move"),
    path(MEETING + "attendance/", meetings.attendance_edit, name="attendance_edit"),
    path(MEETING + "decisions/", meetings.decision_add, name="decision_add"),
    path(MEETING + "decisions/<int:decision_pk>/edit/", meetings.decision_edit, name="decision_edit"),
    path(MEETING + "decisions/<int:decision_pk>/delete/", meetings.decision_delete, name="decision_delete"),
    path(MEETING + "minutes/", meetings.minutes_edit, name="minutes_edit"),
    path(MEETING + "comments/", meetings.comment_add, name="meeting_comment_add"),
]
