from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import kinds  # noqa: F401  (registers every kind)
        from .schedule import install_schedule

        post_migrate.connect(install_schedule, sender=self)
