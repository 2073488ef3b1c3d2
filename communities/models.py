"""Communities on both sides, and the establishment track of new communities (seeds 002, 003)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import time_zone_choices


class Side(models.TextChoices):
    DIASPORA = "diaspora", _("Diaspora")
    ISRAEL = "israel", _("Israel")


class CommunityKind(models.TextChoices):
    FEDERATION = "federation", _("Federation")
    CITY = "city", _("City")
    REGION = "region", _("Regional council / region")
    COMMUNITY_ABROAD = "community_abroad", _("Community abroad")
    NUCLEUS = "nucleus", _("New-community nucleus")
    SCHOOL_COMMUNITY = "school_community", _("School community")
    OTHER = "other", _("Other")


class Community(models.Model):
    name = models.CharField(_("name"), max_length=200)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=CommunityKind.choices)
    country = CountryField(_("country"))
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent federation or consortium"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    national_priority_region = models.BooleanField(_("in a Region of National Priority"), default=False)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_priority_region=False) | Q(side="israel"),
                name="community_priority_region_only_in_israel",
                violation_error_message=_("Only a community in Israel can be in a Region of National Priority."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="community_not_own_parent",
                violation_error_message=_("A community cannot be its own parent."),
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="community_side_valid"),
            models.CheckConstraint(condition=Q(kind__in=CommunityKind.values), name="community_kind_valid"),
        ]
        indexes = [models.Index(fields=["side", "kind"]), models.Index(fields=["country"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:communities_community_change", args=[self.pk])


class CommunityLeader(models.Model):
    """A person who leads a community and may update its establishment track."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="leaders"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="led_communities"
    )
    title = models.CharField(_("role in the community"), max_length=120, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("community leader")
        verbose_name_plural = _("community leaders")
        constraints = [models.UniqueConstraint(fields=["community", "person"], name="community_leader_unique")]

    def __str__(self):
        return f"{self.person} — {self.community}"


class Stage(models.TextChoices):
    NUCLEUS = "nucleus", _("Nucleus")
    BUILDING = "building", _("Building infrastructure")
    ESTABLISHED = "established", _("Established")
    JOINED = "joined", _("Joined the network")


class EstablishmentTrack(models.Model):
    """The accompaniment of a new community, from nucleus to joining the network."""

    community = models.OneToOneField(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="establishment_track"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NUCLEUS)
    started_on = models.DateField(_("accompaniment started"))
    stage_changed_on = models.DateField(_("stage changed"), null=True, blank=True)
    joined_network_on = models.DateField(_("joined the network"), null=True, blank=True)
    nucleus_size = models.PositiveIntegerField(_("nucleus size (households)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentors"),
        through="Mentorship",
        related_name="mentored_tracks",
        blank=True,
    )

    class Meta:
        verbose_name = _("establishment track")
        verbose_name_plural = _("establishment tracks")
        ordering = ["community__name"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="track_stage_valid"),
            models.CheckConstraint(
                condition=Q(joined_network_on__isnull=True) | Q(stage="joined"),
                name="track_join_date_only_when_joined",
                violation_error_message=_("A join date is set only once the community has joined the network."),
            ),
            models.CheckConstraint(
                condition=Q(joined_network_on__isnull=True) | Q(joined_network_on__gte=F("started_on")),
                name="track_joined_after_start",
                violation_error_message=_("A community cannot join the network before its accompaniment started."),
            ),
        ]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self):
        return str(self.community)


class Mentorship(models.Model):
    track = models.ForeignKey(EstablishmentTrack, verbose_name=_("track"), on_delete=models.CASCADE)
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("mentor"), on_delete=models.CASCADE)
    started_on = models.DateField(_("start"))
    ended_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "mentor"], condition=Q(ended_on__isnull=True), name="mentorship_one_open_per_mentor"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mentorship_ends_after_start",
                violation_error_message=_("A mentorship cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.track}"


class Foundation(models.TextChoices):
    SPIRIT = "spirit", _("The spirit")
    RELATIONSHIPS = "relationships", _("The relationships")
    ARRANGEMENTS = "arrangements", _("The arrangements")


class ChecklistItem(models.TextChoices):
    """The three foundations and the eight infrastructure items of seed 003."""

    SPIRIT = "spirit", _("The spirit: ideas, values and vision")
    RELATIONSHIPS = "relationships", _("The relationships between members")
    ARRANGEMENTS = "arrangements", _("The arrangements: norms, rules and procedures")
    VISION = "vision", _("Community vision")
    SOCIAL_MISSION = "social_mission", _("Shared social mission")
    JOINT_LEARNING = "joint_learning", _("Infrastructure for joint learning and Jewish-cultural discourse")
    ANNUAL_CYCLE = "annual_cycle", _("Anchors around the annual cycle")
    SUPPORT_SYSTEMS = "support_systems", _("Support systems")
    ORGANISATIONAL_STRUCTURE = "organisational_structure", _("Skeleton of an organisational structure")
    LEADERSHIP_STRUCTURE = "leadership_structure", _("Leadership structure")
    DECISION_MAKING = "decision_making", _("Decision-making structure")


FOUNDATION_ITEMS = (ChecklistItem.SPIRIT, ChecklistItem.RELATIONSHIPS, ChecklistItem.ARRANGEMENTS)


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class TrackItem(models.Model):
    track = models.ForeignKey(
        EstablishmentTrack, verbose_name=_("track"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("item"), max_length=30, choices=ChecklistItem.choices)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["track", "id"]
        constraints = [
            models.UniqueConstraint(fields=["track", "item"], name="track_item_unique"),
            models.CheckConstraint(condition=Q(item__in=ChecklistItem.values), name="track_item_code_valid"),
            models.CheckConstraint(condition=Q(status__in=ItemStatus.values), name="track_item_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="track_item_done_has_date",
                violation_error_message=_("An item marked done needs its completion date."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(started_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="track_item_completed_after_start",
                violation_error_message=_("An item cannot be completed before it started."),
            ),
        ]

    def __str__(self):
        return self.get_item_display()

    @property
    def is_foundation(self):
        return self.item in FOUNDATION_ITEMS


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.item.track_id}/{filename}"


class TrackEvidence(models.Model):
    item = models.ForeignKey(TrackItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    track = models.ForeignKey(
        EstablishmentTrack, verbose_name=_("track"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    due_on = models.DateField(_("due"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on"]
        constraints = [models.CheckConstraint(condition=Q(stage__in=Stage.values), name="milestone_stage_valid")]
        indexes = [models.Index(fields=["due_on"], condition=Q(completed_on__isnull=True), name="milestone_open_due")]

    def __str__(self):
        return self.title


class Workshop(models.Model):
    """A training workshop or course for community leaders."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_workshops",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        through="WorkshopAttendance",
        related_name="workshops_attended",
        blank=True,
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class WorkshopAttendance(models.Model):
    workshop = models.ForeignKey(Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("workshop attendance")
        verbose_name_plural = _("workshop attendance")
        constraints = [models.UniqueConstraint(fields=["workshop", "person"], name="workshop_attendance_unique")]

    def __str__(self):
        return f"{self.person} — {self.workshop}"


class NetworkRepresentative(models.Model):
    """A representative the community chose for its ongoing link once it joined the network."""

    track = models.ForeignKey(
        EstablishmentTrack, verbose_name=_("track"), on_delete=models.CASCADE, related_name="representatives"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=120, blank=True)
    chosen_on = models.DateField(_("chosen on"))

    class Meta:
        verbose_name = _("network representative")
        verbose_name_plural = _("network representatives")
        constraints = [models.UniqueConstraint(fields=["track", "person"], name="network_representative_unique")]

    def __str__(self):
        return f"{self.person} — {self.track}"
