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


def email_verified_by_password_reset(sender, request, user, **kwargs):
    """A reset link (or code) reached this mailbox: the address is proven, no second email needed.

    People added to a committee get an invitation to set their password; without this they would
    be asked to confirm the same address again at their first sign-in.
    """
    from allauth.account.models import EmailAddress

    if not user.email:
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=not EmailAddress.objects.filter(user=user).exists()
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self):
        from allauth.account.signals import password_reset

        post_migrate.connect(site_sync_from_settings, sender=self, dispatch_uid="p2g_site_sync")
        password_reset.connect(email_verified_by_password_reset, dispatch_uid="p2g_reset_verifies_email")
