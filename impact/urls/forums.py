"""Routes of the forums area: the forums, one forum (members and seats), its meetings and their materials."""

from django.urls import path

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
    path("forums/<int:forum_pk>/meetings/new/", views.forum_meeting_create, name="forum_meeting_create"),
    path(f"{M}/", views.forum_meeting_detail, name="forum_meeting_detail"),
    path(f"{M}/edit/", views.forum_meeting_edit, name="forum_meeting_edit"),
    path(f"{M}/cancel/", views.forum_meeting_cancel, name="forum_meeting_cancel"),
    path(f"{M}/agenda/add/", views.forum_agenda_item_add, name="forum_agenda_item_add"),
    path(f"{M}/agenda/<int:item_pk>/edit/", views.forum_agenda_item_edit, name="forum_agenda_item_edit"),
    path(f"{M}/agenda/<int:item_pk>/delete/", views.forum_agenda_item_delete, name="forum_agenda_item_delete"),
    path(f"{M}/agenda/<int:item_pk>/move/", views.forum_agenda_item_move, name="forum_agenda_item_move"),
    path(f"{M}/attendance/", views.forum_attendance_edit, name="forum_attendance_edit"),
    path(f"{M}/summary/", views.forum_minutes_edit, name="forum_minutes_edit"),
    path(f"{M}/survey/", views.forum_survey_edit, name="forum_survey_edit"),
    path(f"{M}/materials/add/", views.forum_attachment_upload, name="forum_attachment_upload"),
    path(f"{M}/publish/", views.forum_meeting_publish, name="forum_meeting_publish"),
    path("forums/<int:forum_pk>/materials/<int:pk>/", views.forum_attachment_download, name="forum_attachment_download"),
    path(
        "forums/<int:forum_pk>/materials/<int:pk>/delete/", views.forum_attachment_delete,
        name="forum_attachment_delete",
    ),
]
