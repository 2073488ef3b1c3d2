"""Routes of the call for partners: the public form, the organisation's area, the backbone's review."""

from django.urls import path

from ..views import partners as views

urlpatterns = [
    path("partners/", views.partner_home, name="partner_home"),
    path("partners/apply/", views.partner_call, name="partner_call"),
    path("partners/apply/thanks/", views.partner_call_thanks, name="partner_call_thanks"),
    path("partners/applications/", views.application_list, name="application_list"),
    path("partners/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("partners/applications/<int:pk>/accept/", views.application_accept, name="application_accept"),
    path("partners/applications/<int:pk>/decline/", views.application_decline, name="application_decline"),
]
