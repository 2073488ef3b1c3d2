from urllib.parse import urlsplit

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def site_sync_from_settings(sender, using="default", **kwargs):
    """Keep the Site row (used by allauth's emails) in step with P2G_SITE_URL."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost:8000"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Partnership2Gether"}
    )


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self):
        post_migrate.connect(site_sync_from_settings, sender=self, dispatch_uid="p2g_site_sync")
