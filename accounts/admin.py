"""People in the staff admin: the email-login user, without a username."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from p2g.admin import PERSON_SEARCH

from .models import User


class EmailUniqueMixin:
    """Email addresses are unique whatever their case (the database holds it; this says it politely)."""

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(self.instance.unique_error_message(User, ["email"]))
        return email


class PersonCreationForm(EmailUniqueMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "preferred_language")
        field_classes = {}


class PersonChangeForm(EmailUniqueMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal info"),
            {"fields": ("full_name", "phone", "preferred_language", "time_zone", "home_community")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "preferred_language", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "home_community", "preferred_language", "is_staff", "is_active", "last_login")
    list_display_links = ("email", "full_name")
    list_select_related = ("home_community",)
    # Small tables and plain columns only: no filter that lists every person or community.
    list_filter = ("is_staff", "is_superuser", "is_active", "preferred_language", "home_community__side", "groups")
    search_fields = (*PERSON_SEARCH, "phone")
    ordering = ("full_name", "email")
    autocomplete_fields = ("home_community",)
    readonly_fields = ("last_login", "date_joined")
    show_full_result_count = False
