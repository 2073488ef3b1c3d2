"""Routes of communities in establishment (inside i18n_patterns): /<lang>/communities/establishment/…"""

from django.urls import path

from .views import items, milestones, people, tracks

app_name = "communities"

T = "communities/establishment/<int:pk>/"

urlpatterns = [
    path("communities/establishment/", tracks.track_list, name="track_list"),
    path("communities/establishment/new/", tracks.track_create, name="track_create"),
    path("communities/establishment/workshops/", people.workshop_list, name="workshop_list"),
    path("communities/establishment/workshops/new/", people.workshop_create, name="workshop_create"),
    # one track
    path(T, tracks.track_detail, name="track_detail"),
    path(T + "edit/", tracks.track_edit, name="track_edit"),
    path(T + "stage/next/", tracks.track_stage_move, name="track_stage_move"),
    path(T + "stage/back/", tracks.track_stage_back, name="track_stage_back"),
    # items and their evidence
    path(T + "items/<slug:item>/", items.item_detail, name="item_detail"),
    path(T + "items/<slug:item>/evidence/", items.evidence_upload, name="evidence_upload"),
    path(T + "evidence/<int:evidence_pk>/", items.evidence_download, name="evidence_download"),
    path(T + "evidence/<int:evidence_pk>/delete/", items.evidence_delete, name="evidence_delete"),
    # milestones
    path(T + "milestones/new/", milestones.milestone_add, name="milestone_add"),
    path(T + "milestones/<int:milestone_pk>/edit/", milestones.milestone_edit, name="milestone_edit"),
    path(T + "milestones/<int:milestone_pk>/complete/", milestones.milestone_complete, name="milestone_complete"),
    path(T + "milestones/<int:milestone_pk>/reopen/", milestones.milestone_reopen, name="milestone_reopen"),
    # mentors (staff)
    path(T + "mentors/new/", people.mentor_assign, name="mentor_assign"),
    path(T + "mentors/<int:mentorship_pk>/end/", people.mentorship_end, name="mentorship_end"),
    # network representatives
    path(T + "representatives/new/", people.representative_add, name="representative_add"),
    path(
        T + "representatives/<int:representative_pk>/remove/",
        people.representative_remove,
        name="representative_remove",
    ),
    # workshop attendance of the community
    path(T + "attendance/new/", people.attendance_add, name="attendance_add"),
    path(T + "attendance/<int:attendance_pk>/remove/", people.attendance_remove, name="attendance_remove"),
]
