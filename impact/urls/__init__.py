"""Collective impact (inside i18n_patterns): each area keeps its routes in a module of this package."""

from . import forums, measurement, newsletter, partners

app_name = "impact"

urlpatterns = [
    *partners.urlpatterns,
    *forums.urlpatterns,
    *measurement.urlpatterns,
    *newsletter.urlpatterns,
]
