"""Routes of shared measurement (views in the impact/views/measurement/ package)."""

from django.urls import path

from ..views import measurement

urlpatterns = [
    path("measurement/", measurement.indicator_list, name="indicator_list"),
    path("measurement/indicators/new/", measurement.indicator_create, name="indicator_create"),
    path("measurement/indicators/<int:indicator_pk>/", measurement.indicator_detail, name="indicator_detail"),
    path("measurement/indicators/<int:indicator_pk>/edit/", measurement.indicator_edit, name="indicator_edit"),
    path(
        "measurement/indicators/<int:indicator_pk>/targets/", measurement.indicator_target_set,
        name="indicator_target_set",
    ),
    path(
        "measurement/indicators/<int:indicator_pk>/targets/<int:period>/delete/",
        measurement.indicator_target_delete,
        name="indicator_target_delete",
    ),
    path(
        "measurement/indicators/<int:indicator_pk>/figures/<int:period>/", measurement.indicator_figure,
        name="indicator_figure",
    ),
    path(
        "measurement/indicators/<int:indicator_pk>/<slug:table>.<str:fmt>", measurement.indicator_export,
        name="indicator_export",
    ),
    path("measurement/report/", measurement.report_list, name="report_list"),
    path(
        "measurement/report/<int:organisation_pk>/<int:indicator_pk>/<int:period>/", measurement.report_edit,
        name="report_edit",
    ),
]
