from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """Collective impact's pages: the call for partners, forums, shared measurement, the newsletter.

    The models live in ``partnerships.models.impact``; this app holds what people see of them.
    """

    name = "impact"
    verbose_name = _("Collective impact")

    def ready(self):
        # The national view's tables are kept for a while; saving what they show must refresh them, in every process.
        from .views.measurement import cache  # noqa: F401
