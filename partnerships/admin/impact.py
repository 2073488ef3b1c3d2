"""Collective impact: partner organisations, the call for partners, forums and their seats."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from p2g.admin import (
    OpenEndedFilter,
    TabularInline,
    TranslatedAdmin,
    both_languages,
    person_search,
    related_count,
)

from ..models import (
    FORUM_MAX_MEMBERS,
    ApplicationStatus,
    Forum,
    ForumMembership,
    Newsletter,
    Organisation,
    OrganisationContact,
    PartnerApplication,
)
from ..services import forum_free_seat


class OrganisationContactInline(TabularInline):
    model = OrganisationContact
    extra = 0
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(TranslatedAdmin):
    list_display = ("name", "sector", "email", "website", "created_at")
    list_filter = ("sector",)
    search_fields = (*both_languages("name"), "email")
    ordering = ("name",)
    inlines = (OrganisationContactInline,)
    readonly_fields = ("created_at",)


@admin.register(OrganisationContact)
class OrganisationContactAdmin(admin.ModelAdmin):
    list_display = ("person", "organisation", "role", "is_primary")
    list_select_related = ("person", "organisation")
    list_filter = ("is_primary", "organisation__sector")
    search_fields = (*person_search("person"), *both_languages("organisation__name"), "role")
    ordering = ("organisation__name", "person__full_name")
    autocomplete_fields = ("organisation", "person")


@admin.register(PartnerApplication)
class PartnerApplicationAdmin(admin.ModelAdmin):
    list_display = ("organisation_name", "sector", "contact_name", "contact_email", "status", "submitted_at", "decided_at")
    list_filter = ("status", "sector", "language")
    search_fields = ("organisation_name", "contact_name", "contact_email", "themes")
    date_hierarchy = "submitted_at"
    ordering = ("-submitted_at",)
    autocomplete_fields = ("organisation", "applicant")
    readonly_fields = ("submitted_at", "decided_by", "decided_at")

    def save_model(self, request, obj, form, change):
        # Who decided, and when, is recorded by the site rather than typed in.
        if "status" in form.changed_data:
            if obj.status == ApplicationStatus.SUBMITTED:
                obj.decided_by, obj.decided_at = None, None
            else:
                obj.decided_by, obj.decided_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


# --- Forum seats -------------------------------------------------------------------------------


class SeatClaims:
    """The seats chosen by the rows of one submission, so that two new members never get the same seat.

    ``released`` holds the rows being edited in the submission: their present seats are not counted
    as taken, since each of those rows claims its seat (again) when it is cleaned.
    """

    def __init__(self, released=()):
        self.claimed: set[int] = set()
        self.released: set[int] = set(released)


def lowest_free_seat(forum: Forum, claims: SeatClaims) -> int | None:
    if forum.pk is None:
        held = set()  # a forum being created: all its members are in this submission
    elif not claims.claimed and not claims.released:
        return forum_free_seat(forum)
    else:
        held = set(
            ForumMembership.objects.filter(forum=forum, left_on__isnull=True)
            .exclude(pk__in=claims.released)
            .values_list("seat", flat=True)
        )
    held |= claims.claimed
    return next((seat for seat in range(1, FORUM_MAX_MEMBERS + 1) if seat not in held), None)


def forum_full_error():
    return ValidationError(
        _("A forum has at most %(max)d members; this one is full.") % {"max": FORUM_MAX_MEMBERS}, code="forum_full"
    )


class ForumMembershipForm(forms.ModelForm):
    """A blank seat becomes the lowest free one; a member who left gives the seat back."""

    # No Meta: the admin builds the form for its model and fields (modelform_factory).

    def __init__(self, *args, seat_claims: SeatClaims | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seat_claims = seat_claims
        if "seat" in self.fields:
            self.fields["seat"].help_text = _("Leave blank to give the lowest free seat.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("left_on"):
            cleaned["seat"] = None
            return cleaned
        forum = cleaned.get("forum")
        if forum is None:
            return cleaned
        claims = self.seat_claims or SeatClaims(released=[self.instance.pk] if self.instance.pk else [])
        if forum.pk is not None and transaction.get_connection().in_atomic_block:
            # One seat allocation at a time per forum (PostgreSQL; the admin's view runs in a transaction).
            list(Forum.objects.select_for_update().filter(pk=forum.pk).values_list("pk", flat=True))
        seat = cleaned.get("seat")
        if seat is None:
            keeps = self.instance.pk and self.instance.left_on is None and self.instance.forum_id == forum.pk
            seat = self.instance.seat if keeps and self.instance.seat not in claims.claimed else None
            seat = seat or lowest_free_seat(forum, claims)
            if seat is None:
                raise forum_full_error()
            cleaned["seat"] = seat
        elif (
            forum.pk is not None
            and ForumMembership.objects.filter(forum=forum, seat=seat, left_on__isnull=True)
            .exclude(pk__in=[self.instance.pk, *claims.released])
            .exists()
        ):
            self.add_error("seat", _("Seat %(seat)d is taken.") % {"seat": seat})
            return cleaned
        claims.claimed.add(seat)
        return cleaned


class ForumMembershipFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seat_claims = SeatClaims(released=[obj.pk for obj in self.get_queryset()])

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "seat_claims": self.seat_claims}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seats, people = set(), set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or self._should_delete_form(form) or data.get("left_on"):
                continue
            if data.get("seat") in seats:
                raise ValidationError(_("Seat %(seat)d is given twice.") % {"seat": data["seat"]})
            seats.add(data.get("seat"))
            person = data.get("person")
            if person is not None and person.pk in people:
                raise ValidationError(_("This person is already a member of this forum."))
            people.add(person.pk if person else None)


class ForumMembershipInline(TabularInline):
    """The members holding seats now; former members are on the forum members page."""

    model = ForumMembership
    form = ForumMembershipForm
    formset = ForumMembershipFormSet
    extra = 0
    fields = ("seat", "person", "organisation", "joined_on", "left_on")
    autocomplete_fields = ("person", "organisation")
    verbose_name_plural = _("current members")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(left_on__isnull=True).select_related("person", "organisation", "forum")
        )


@admin.register(Forum)
class ForumAdmin(TranslatedAdmin):
    list_display = (
        "name",
        "theme",
        "is_national",
        "is_active",
        "seats_taken",
        "target_government",
        "target_business",
        "target_nonprofit",
    )
    list_filter = ("is_active", "is_national")
    search_fields = both_languages("name", "theme")
    ordering = ("name",)
    inlines = (ForumMembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            seats_taken=related_count(ForumMembership.objects.filter(left_on__isnull=True), "forum")
        )

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats_taken(self, obj):
        return f"{obj.seats_taken}/{FORUM_MAX_MEMBERS}"


class SeatHolderFilter(OpenEndedFilter):
    title = _("holds a seat")
    end_field = "left_on"

    def current_q(self):
        return Q(left_on__isnull=True)


@admin.register(ForumMembership)
class ForumMembershipAdmin(admin.ModelAdmin):
    form = ForumMembershipForm
    list_display = ("person", "forum", "seat", "organisation", "sector", "joined_on", "left_on")
    list_select_related = ("person", "forum", "organisation")
    list_filter = (SeatHolderFilter, "forum", "organisation__sector")
    search_fields = (*person_search("person"), *both_languages("organisation__name"), *both_languages("forum__name"))
    date_hierarchy = "joined_on"
    ordering = ("forum__name", "seat", "id")
    autocomplete_fields = ("forum", "person", "organisation")

    @admin.display(description=_("sector"), ordering="organisation__sector")
    def sector(self, obj):
        return obj.organisation.get_sector_display()


@admin.register(Newsletter)
class NewsletterAdmin(TranslatedAdmin):
    """Newsletters are written and sent from the collective impact pages; here staff read them."""

    list_display = ("subject", "status", "created_at", "sent_at", "recipients_count")
    list_filter = ("status",)
    search_fields = (*both_languages("subject"),)
    date_hierarchy = "created_at"
    readonly_fields = ("status", "created_by", "created_at", "sent_by", "sent_at", "recipients_count")
