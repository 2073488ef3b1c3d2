"""The delivery ledger: one row per email decided, keyed by recipient, kind, object and occurrence.

The unique key is what makes every email go out once: a sweep that runs twice, two beat
processes, a retried task or a worker killed mid-batch all meet the same row. A row moves
pending → sending (with a lease) → sent, failed or skipped; a lease that runs out (the worker
died) makes the row claimable again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    MEETING_CHANGED = "meeting_changed", _("Meeting moved or cancelled")
    MEETING_SUMMARY = "meeting_summary", _("Meeting summary")
    SHIFT_REMINDER = "shift_reminder", _("Shift reminder")
    SIGNUP_PROMOTED = "signup_promoted", _("Place from the waiting list")
    ACTION_DIGEST = "action_digest", _("Action items due")
    SPENDING_REPORT_DUE = "spending_report_due", _("Spending report due")
    TERM_ENDING = "term_ending", _("Committee term ending")
    TERMS_ENDING_COMMITTEE = "terms_ending_committee", _("Committee terms ending (chairs)")
    HOURS_DIGEST = "hours_digest", _("Hours waiting for approval")
    MILESTONE_OVERDUE = "milestone_overdue", _("Overdue establishment milestone")
    COMMITTEE_INVITATION = "committee_invitation", _("Committee invitation")
    NEWSLETTER = "newsletter", _("Newsletter")
    APPLICATION_RECEIVED = "application_received", _("Application received")
    APPLICATION_DECIDED = "application_decided", _("Decision on an application")
    FORUM_JOINED = "forum_joined", _("Forum membership")
    MENTOR_ASSIGNED = "mentor_assigned", _("Assigned as a mentor of a new community")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class Delivery(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    occurrence = models.CharField(_("occurrence"), max_length=80)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("handed to the worker"), null=True, blank=True)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim = models.CharField(_("claimed by"), max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("decided"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    email = models.EmailField(_("sent to"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    error = models.TextField(_("last error or reason"), blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_id", "occurrence"], name="delivery_once_per_occurrence"
            ),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="delivery_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="delivery_sent_has_time"
            ),
        ]
        indexes = [
            # What the sweep claims: pending rows that are due, and leases that ran out.
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_pending_due"
            ),
            models.Index(fields=["lease_until"], condition=Q(status="sending"), name="delivery_sending_lease"),
            models.Index(fields=["kind", "object_id"], name="delivery_kind_object"),
            models.Index(fields=["status", "-created_at"], name="delivery_status_created"),
            models.Index(fields=["recipient", "-created_at"], name="delivery_recipient_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email or self.recipient_id} ({self.get_status_display()})"


class OptOut(models.Model):
    """A kind of email a person has turned off. Essential kinds cannot be turned off."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(_("turned off"), auto_now_add=True)

    class Meta:
        verbose_name = _("turned-off email")
        verbose_name_plural = _("turned-off emails")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="opt_out_once_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="opt_out_kind_valid"),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()}"
