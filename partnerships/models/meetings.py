"""Meetings of committees and forums: agenda, attendance, minutes, decisions, action items."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    PUBLISHED = "published", _("Summary published")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A meeting of a committee or of a forum (exactly one of the two)."""

    committee = models.ForeignKey(
        "partnerships.Committee",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    forum = models.ForeignKey(
        "partnerships.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    minutes = models.TextField(_("minutes"), blank=True)
    survey_url = models.URLField(_("survey link"), blank=True)
    summary_published_at = models.DateTimeField(_("summary published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(committee__isnull=False) & Q(forum__isnull=True))
                | (Q(committee__isnull=True) & Q(forum__isnull=False)),
                name="meeting_of_committee_or_forum",
                violation_error_message=_("A meeting belongs to either a committee or a forum."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=24 * 60),
                name="meeting_duration_range",
                violation_error_message=_("A meeting lasts between 5 minutes and 24 hours."),
            ),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(summary_published_at__isnull=False),
                name="meeting_published_has_date",
                violation_error_message=_("A meeting whose summary is published needs the publication time."),
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "starts_at"]),
            models.Index(fields=["forum", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def body(self):
        return self.committee or self.forum


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("presenter"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("minutes allotted"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    action_item = models.ForeignKey(
        "partnerships.ActionItem",
        verbose_name=_("follows up on action item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    REMOTE = "remote", _("Present online")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.CheckConstraint(condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("decision"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique"),
            models.CheckConstraint(
                condition=(Q(votes_for__isnull=True) & Q(votes_against__isnull=True) & Q(votes_abstain__isnull=True))
                | (Q(votes_for__isnull=False) & Q(votes_against__isnull=False) & Q(votes_abstain__isnull=False)),
                name="decision_vote_all_or_nothing",
                violation_error_message=_("A vote records for, against and abstain together (0 where none)."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    @property
    def has_vote(self):
        return self.votes_for is not None

    @property
    def passed(self):
        return None if not self.has_vote else self.votes_for > self.votes_against


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(models.Model):
    committee = models.ForeignKey(
        "partnerships.Committee", verbose_name=_("committee"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="action_items",
    )
    forum = models.ForeignKey(
        "partnerships.Forum", verbose_name=_("forum"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="action_items",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("from meeting"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="action_items",
    )
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(committee__isnull=False) & Q(forum__isnull=True))
                | (Q(committee__isnull=True) & Q(forum__isnull=False)),
                name="action_item_of_committee_or_forum",
                violation_error_message=_("An action item belongs to either a committee or a forum."),
            ),
            models.CheckConstraint(condition=Q(status__in=ActionItemStatus.values), name="action_item_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="action_item_done_has_date",
                violation_error_message=_("A done action item needs its completion date."),
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "status", "due_on"]),
            models.Index(fields=["owner", "status", "due_on"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)


class ActionItemUpdate(models.Model):
    """A comment or progress note on an action item, by any member."""

    action_item = models.ForeignKey(ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("update"))
    new_status = models.CharField(_("new status"), max_length=12, choices=ActionItemStatus.choices, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("action item update")
        verbose_name_plural = _("action item updates")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class MeetingComment(models.Model):
    """A member's comment on a meeting (its agenda, its minutes)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["meeting", "created_at"])]

    def __str__(self):
        return self.text[:60]


class AttachmentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    SLIDES = "slides", _("Slides")
    SUMMARY = "summary", _("Summary")
    BOOKLET = "booklet", _("Booklet")
    OTHER = "other", _("Other")


def attachment_upload_to(instance, filename):
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.size_bytes:
            self.size_bytes = self.file.size
        super().save(*args, **kwargs)
