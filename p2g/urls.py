from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import admin_login
from accounts.views import set_language
from partnerships import calendar as meetings_calendar
from volunteers.views import schedule

from . import views

admin.site.site_header = _("Partnership2Gether — staff")
admin.site.site_title = _("Partnership2Gether")
admin.site.index_title = _("Program administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Outside i18n_patterns: calendar apps keep one address, whatever language the page was in.
    path("calendar/<str:token>.ics", schedule.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>/meetings.ics", meetings_calendar.meetings_feed, name="meetings_calendar_feed"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("volunteers.urls")),
    path("", include("partnerships.urls")),
    path("", include("notifications.urls")),
    path("", include("communities.urls")),
    path("", include("impact.urls")),
    # The admin's sign-in, limited in failed attempts (before admin.site.urls, which it shadows).
    path("admin/login/", admin_login.admin_login),
    path("admin/", admin.site.urls),
)

# Uploaded files are never served as they are: each is sent by a view that checks who asks.
