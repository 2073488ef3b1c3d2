from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # Dashboards are kept for a while; saving what they show must refresh them, in every process.
        from .selectors.dashboard import cache  # noqa: F401
