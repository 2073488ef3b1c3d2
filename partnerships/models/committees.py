from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Side


def default_meeting_reminder_days():
    return [7, 1]


class CommitteeKind(models.TextChoices):
    STEERING = "steering", _("Joint steering committee")
    SUBCOMMITTEE = "subcommittee", _("Subcommittee")


class Committee(models.Model):
    """The joint steering committee of a partnership (one per partnership) or one of its subcommittees."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="committees"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.STEERING)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("steering committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subcommittees",
    )
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    quorum_min_members = models.PositiveSmallIntegerField(_("quorum: members present"), default=5)
    quorum_needs_both_sides = models.BooleanField(_("quorum: at least one member from each side"), default=True)
    meeting_reminder_days = models.JSONField(
        _("meeting reminders (days before)"), default=default_meeting_reminder_days, blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), through="Membership", related_name="committees"
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["partnership__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(kind="steering"),
                name="committee_one_steering_per_partnership",
                violation_error_message=_("This partnership already has a joint steering committee."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="steering") & Q(parent__isnull=True))
                | (Q(kind="subcommittee") & Q(parent__isnull=False)),
                name="committee_subcommittee_has_parent",
                violation_error_message=_(
                    "A subcommittee belongs to a steering committee; a steering committee has no parent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quorum_min_members__gte=1),
                name="committee_quorum_positive",
                violation_error_message=_("The quorum needs at least one member."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.parent_id and self.partnership_id and self.parent.partnership_id != self.partnership_id:
            raise ValidationError({"parent": _("The steering committee must be of the same partnership.")})


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    STAFF = "staff", _("Professional staff")


class Membership(models.Model):
    """A person's term on a committee, in one role, for one side.

    Terms of the same person, committee and role may not overlap: an exclusion
    constraint holds this on PostgreSQL (migration 0002), ``clean()`` everywhere.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    ended_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["committee", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="membership_term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="membership_side_valid"),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
        ]
        indexes = [
            models.Index(fields=["committee", "term_end"]),
            models.Index(fields=["person", "term_end"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.committee}"

    def overlapping_terms(self):
        """Other terms of the same person, committee and role that share at least one day with this one."""
        qs = Membership.objects.filter(committee_id=self.committee_id, person_id=self.person_id, role=self.role)
        if self.pk:
            qs = qs.exclude(pk=self.pk)
        qs = qs.filter(Q(term_end__isnull=True) | Q(term_end__gte=self.term_start))
        if self.term_end:
            qs = qs.filter(term_start__lte=self.term_end)
        return qs

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.committee_id and self.person_id and self.term_start and self.role:
            if self.term_end and self.term_end < self.term_start:
                return  # the check constraint reports this one
            if self.overlapping_terms().exists():
                raise ValidationError(
                    _("This person already has a term in this role on this committee that overlaps these dates.")
                )
