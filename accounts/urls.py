"""A volunteer's own profile: the one-time onboarding and later edits."""

from django.urls import path

from . import views

urlpatterns = [
    path("welcome/", views.profile_onboarding, name="profile_onboarding"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
]
