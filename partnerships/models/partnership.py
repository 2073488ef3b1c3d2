from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PartnershipKind(models.TextChoices):
    CITY_TO_CITY = "city_to_city", _("City-to-city")
    REGION_TO_REGION = "region_to_region", _("Region-to-region")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMING = "forming", _("Forming")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class Partnership(models.Model):
    """A Diaspora community (or consortium) linked with a city or region in Israel.

    It has at least one community on each side: checked by ``partnerships.services``
    and by the admin's inline formset, since one row cannot see the others.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind.choices)
    founded_year = models.PositiveSmallIntegerField(_("founded"))
    status = models.CharField(_("status"), max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE)
    description = models.TextField(_("description"), blank=True)
    communities = models.ManyToManyField(
        "communities.Community",
        verbose_name=_("communities"),
        through="PartnershipCommunity",
        related_name="partnerships",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__gte=1994) & Q(founded_year__lte=2100),
                name="partnership_founded_year_range",
                violation_error_message=_("The program began in 1994: the founding year must be 1994 or later."),
            ),
            models.CheckConstraint(condition=Q(kind__in=PartnershipKind.values), name="partnership_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PartnershipStatus.values), name="partnership_status_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:partnerships_partnership_change", args=[self.pk])


class PartnershipCommunity(models.Model):
    """A community taking part in a partnership, on its own side."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="links"
    )
    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="partnership_links"
    )
    is_lead = models.BooleanField(_("lead community"), default=False)
    joined_year = models.PositiveSmallIntegerField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner community")
        verbose_name_plural = _("partner communities")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "community"], name="partnership_community_unique"),
        ]
        indexes = [models.Index(fields=["community"])]

    def __str__(self):
        return str(self.community)
