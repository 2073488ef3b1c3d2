import pytest
from django.contrib.sites.models import Site

from accounts.apps import site_sync_from_settings


@pytest.mark.django_db
def test_site_domain_follows_site_url_so_account_emails_name_the_real_host(settings):
    settings.SITE_URL = "https://p2g.example.org"
    site_sync_from_settings(sender=None)
    assert Site.objects.get(pk=settings.SITE_ID).domain == "p2g.example.org"
    assert Site.objects.get_current().name == "Partnership2Gether"
