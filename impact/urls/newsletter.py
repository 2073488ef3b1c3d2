"""Routes of the newsletter (the backbone's tool): list, write, edit, read in each language, send."""

from django.urls import path

from ..views import newsletter as views

urlpatterns = [
    path("newsletters/", views.newsletter_list, name="newsletter_list"),
    path("newsletters/new/", views.newsletter_create, name="newsletter_create"),
    path("newsletters/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
    path("newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path("newsletters/<int:pk>/send/", views.newsletter_send, name="newsletter_send"),
]
