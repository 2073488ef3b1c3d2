"""Volunteer portal URLs (inside i18n_patterns; the calendar feed lives in p2g/urls.py)."""

from django.urls import path

from .views import coordinator, hours, portal, schedule

app_name = "volunteers"

urlpatterns = [
    # Finding opportunities and taking shifts (list and detail are public)
    path("opportunities/", portal.opportunity_list, name="opportunity_list"),
    path("opportunities/<int:pk>/", portal.opportunity_detail, name="opportunity_detail"),
    path("shifts/<int:pk>/sign-up/", portal.shift_sign_up, name="shift_sign_up"),
    path("me/signups/<int:pk>/cancel/", portal.signup_cancel, name="signup_cancel"),
    # My schedule and calendar
    path("me/schedule/", schedule.my_schedule, name="my_schedule"),
    path("me/calendar/", schedule.calendar_settings, name="calendar_settings"),
    # Hours
    path("me/hours/", hours.my_hours, name="my_hours"),
    path("me/hours/log/<int:shift_pk>/", hours.hours_log, name="hours_log"),
    path("me/hours/certificate/<int:year>/", hours.hours_certificate, name="hours_certificate"),
    # Coordinators
    path("coordinate/", coordinator.home, name="coordinator_home"),
    path("coordinate/shifts/<int:pk>/", coordinator.shift_roster, name="coordinator_shift"),
    path("coordinate/signups/<int:pk>/attendance/", coordinator.attendance_mark, name="coordinator_attendance"),
    path("coordinate/shifts/<int:pk>/email/", coordinator.shift_email, name="coordinator_shift_email"),
    path("coordinate/shifts/<int:pk>/roster.<str:fmt>", coordinator.shift_export, name="coordinator_shift_export"),
    path("coordinate/hours/", coordinator.hours_queue, name="coordinator_hours"),
    path("coordinate/hours/<int:pk>/review/", coordinator.hours_review, name="coordinator_hours_review"),
    path("coordinate/hours/export.<str:fmt>", coordinator.hours_export, name="coordinator_hours_export"),
]
