"""The staff view of the notifications: what was sent to whom and when, what failed, who turned what off.

The delivery ledger is read-only here: its rows are moved only by the sender (services), and a
form saving a whole row could undo what a worker wrote meanwhile. Staff may send failed rows
again ("Send again", which goes through ``services.deliveries_retry``); only superusers delete.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from p2g.admin import person_search

from . import kinds as kind_registry
from . import selectors, services
from .models import Delivery, DeliveryStatus, OptOut

ERROR_SHOWN = 80


class LanguageFilter(admin.SimpleListFilter):
    """The language a delivery was sent in (or, before sending, the recipient's)."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(Q(language=value) | Q(language="", recipient__preferred_language=value))


def past_week_bounds() -> tuple[datetime.datetime, datetime.datetime]:
    """The admin date filter's own "Past 7 days": from local midnight seven days ago until tomorrow."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return today - datetime.timedelta(days=7), today + datetime.timedelta(days=1)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    change_list_template = "notifications/admin/delivery_change_list.html"
    list_display = (
        "created_at", "kind", "recipient_display", "subject", "status", "attempts", "sent_at", "error_short",
    )
    list_display_links = ("created_at", "kind")
    list_filter = ("status", "kind", "created_at", LanguageFilter)
    list_select_related = ("recipient",)
    search_fields = (*person_search("recipient"), "email", "subject")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    actions = ("send_again",)
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("recipient_link", "email", "language", "kind", "object_id", "occurrence", "subject")}),
        (
            _("Sending"),
            {
                "fields": (
                    "status", "attempts", "created_at", "next_attempt_at", "enqueued_at", "lease_until", "claim",
                    "sent_at", "error",
                )
            },
        ),
    )
    readonly_fields = ("recipient_link", "claim")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the ledger is written by the sender only; pages open read-only

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_retry_permission(self, request):
        return request.user.has_perm(f"{Delivery._meta.app_label}.change_{Delivery._meta.model_name}")

    @admin.display(description=_("recipient"), ordering="recipient__email")
    def recipient_display(self, obj):
        return format_html(
            "{}<br><bdi>{}</bdi>", obj.recipient.get_full_name() or "—", obj.email or obj.recipient.email
        )

    @admin.display(description=_("recipient"))
    def recipient_link(self, obj):
        url = reverse("admin:accounts_user_change", args=[obj.recipient_id])
        return format_html(
            '<a href="{}">{}</a> &lt;<bdi>{}</bdi>&gt;', url, obj.recipient.get_full_name() or obj.recipient.email,
            obj.recipient.email,
        )

    @admin.display(description=_("last error or reason"))
    def error_short(self, obj):
        return Truncator(obj.error).chars(ERROR_SHOWN) if obj.error else ""

    @admin.action(description=_("Send again"), permissions=["retry"])
    def send_again(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        count = services.deliveries_retry(ids=ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed email will be sent again.", "%(count)d failed emails will be sent again.", count
            ) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        left = len(ids) - count
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected email had not failed and was left as it is.",
                    "%(count)d selected emails had not failed and were left as they are.",
                    left,
                ) % {"count": left},
                messages.WARNING,
            )

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "delivery_summary": self.summary()})

    def summary(self) -> dict:
        """The past 7 days, per status and failed per kind (one query), each linked to its filtered list."""
        since, until = past_week_bounds()
        counts = selectors.deliveries_summary(since=since)
        week = {"created_at__gte": str(since), "created_at__lt": str(until)}

        def link(**params):
            return "?" + urlencode({**week, **params})

        return {
            "statuses": [
                {"label": label, "count": count, "url": link(status__exact=status)}
                for status, label, count in counts["statuses"]
            ],
            "failed_by_kind": [
                {"label": label, "count": count, "url": link(status__exact=DeliveryStatus.FAILED, kind__exact=kind)}
                for kind, label, count in counts["failed_by_kind"]
            ],
            "total": counts["total"],
            "url": link(),
        }


class OptOutForm(forms.ModelForm):
    class Meta:
        model = OptOut
        fields = ("person", "kind")

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        spec = kind_registry.REGISTRY.get(kind)
        if spec is not None and spec.essential:
            raise forms.ValidationError(_("This kind of email concerns the person's account and cannot be turned off."))
        return kind


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    form = OptOutForm
    list_display = ("person", "person_email", "kind", "created_at")
    list_filter = ("kind",)
    list_select_related = ("person",)
    search_fields = person_search("person")
    autocomplete_fields = ("person",)
    ordering = ("-created_at", "-id")
    show_full_result_count = False

    @admin.display(description=_("email address"), ordering="person__email")
    def person_email(self, obj):
        return obj.person.email
