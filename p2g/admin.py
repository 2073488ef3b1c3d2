"""Shared building blocks of the staff admin: translation tabs served locally, common filters.

django-modeltranslation's ``TabbedTranslationAdmin`` loads jQuery UI from a CDN (its
``JQUERY_UI_URL`` setting). The Content-Security-Policy allows scripts from 'self' only, so the
admins here swap that URL for a copy served by the app itself: ``static/vendor/jquery-ui/``
(from the npm package jquery-ui, see SOURCE.txt there).
"""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

JQUERY_UI_JS = "vendor/jquery-ui/jquery-ui.min.js"
TABBED_TRANSLATION_JS = (
    "admin/js/jquery.init.js",
    "modeltranslation/js/force_jquery.js",
    JQUERY_UI_JS,
    "modeltranslation/js/tabbed_translation_fields.js",
)
TABBED_TRANSLATION_CSS = {"all": ("modeltranslation/css/tabbed_translation_fields.css",)}

# Text areas small enough for a row of a tabular inline.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 32})}}

# Search fields for a person, and for a relation to one (``person__email``…).
PERSON_SEARCH = ("email", "full_name")


def person_search(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}__{field}" for field in PERSON_SEARCH)


def both_languages(*fields: str) -> tuple[str, ...]:
    """``name`` → ``name_en``, ``name_he`` (and ``partnership__name`` → ``partnership__name_en``…)."""
    return tuple(f"{field}_{code}" for field in fields for code in mt_settings.AVAILABLE_LANGUAGES)


def local_media(media: forms.Media) -> forms.Media:
    """The same media with jQuery and jQuery UI served by the app instead of a CDN."""
    js = []
    for path in media._js:
        if path == mt_settings.JQUERY_URL:
            continue  # Django's admin already ships jQuery
        js.append(JQUERY_UI_JS if path == mt_settings.JQUERY_UI_URL else path)
    return forms.Media(js=js, css=media._css)


class TranslatedAdmin(TabbedTranslationAdmin):
    """Tabbed translation fields (English / עברית) with every script served locally.

    Both are needed: ``media`` drops the CDN URL that the parent's Media brings, and ``Media`` is
    what Django's media machinery adds again for every subclass (it looks ``Media`` up by
    inheritance), so it must name the local copy too.
    """

    class Media:
        js = TABBED_TRANSLATION_JS
        css = TABBED_TRANSLATION_CSS

    @property
    def media(self):
        return local_media(super().media)


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that shows its chosen object from the row itself when it has it.

    Django's looks the chosen object up with a query per box: a committee page with 40 members
    would run 40 of them. ``preloaded`` (set per row by ``PreloadedAutocompleteMixin``) holds the
    object the row already fetched with ``select_related``.
    """

    preloaded = None

    def optgroups(self, name, value, attr=None):
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        preloaded = self.preloaded or {}
        if not chosen or not chosen <= preloaded.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(chosen):
            label = self.choices.field.label_from_instance(preloaded[key])
            options.append(self.create_option(name, key, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteMixin:
    """Inline rows fetch their autocompleted objects with the rows and show them without more queries."""

    def _single_autocomplete_fields(self, request):
        return [
            name
            for name in self.get_autocomplete_fields(request)
            if self.opts.get_field(name).many_to_one or self.opts.get_field(name).one_to_one
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self._single_autocomplete_fields(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)
        names = self._single_autocomplete_fields(request)

        class PreloadedFormSet(formset_class):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                for name in names:
                    model_field = form.instance._meta.get_field(name)
                    if name not in form.fields or not model_field.is_cached(form.instance):
                        continue
                    related = model_field.get_cached_value(form.instance)
                    widget = getattr(form.fields[name].widget, "widget", None)
                    if related is not None and isinstance(widget, PreloadedAutocompleteSelect):
                        key = getattr(related, model_field.target_field.attname)
                        widget.preloaded = {str(key): related}
                return form

        PreloadedFormSet.__name__ = formset_class.__name__
        return PreloadedFormSet


class TabularInline(PreloadedAutocompleteMixin, admin.TabularInline):
    pass


class StackedInline(PreloadedAutocompleteMixin, admin.StackedInline):
    pass


class TranslatedTabularInline(PreloadedAutocompleteMixin, TranslationTabularInline):
    """A tabular inline of a translated model; brings the tab scripts along for any parent admin."""

    class Media:
        js = TABBED_TRANSLATION_JS
        css = TABBED_TRANSLATION_CSS


class TranslatedStackedInline(PreloadedAutocompleteMixin, TranslationStackedInline):
    class Media:
        js = TABBED_TRANSLATION_JS
        css = TABBED_TRANSLATION_CSS


class CompactRelatedMixin:
    """No add / change / view / delete buttons beside the related fields of a wide tabular inline."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield


class OpenEndedFilter(admin.SimpleListFilter):
    """Current / ended, for rows with an optional end date (terms, mentorships, seats)."""

    parameter_name = "current"
    title = _("current")
    end_field = "ended_on"
    # True: a row whose end date is today or later is still current (a term ends at the end of its day).
    end_inclusive = True

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended"))]

    def current_q(self):
        today = timezone.localdate()
        later = {f"{self.end_field}__gte" if self.end_inclusive else f"{self.end_field}__gt": today}
        return Q(**{f"{self.end_field}__isnull": True}) | Q(**later)

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.current_q())
        if self.value() == "no":
            return queryset.exclude(self.current_q())
        return queryset


class UpcomingFilter(admin.SimpleListFilter):
    """Upcoming / past, on a date or date-time field."""

    parameter_name = "when"
    title = _("when")
    date_field = "starts_at"
    is_datetime = True

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now() if self.is_datetime else timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(**{f"{self.date_field}__gte": now})
        if self.value() == "past":
            return queryset.filter(**{f"{self.date_field}__lt": now})
        return queryset


def related_count(related_queryset, fk_field: str):
    """A count of related rows as a subquery: no GROUP BY on the list, so its paging count stays cheap."""
    counted = (
        related_queryset.filter(**{fk_field: OuterRef("pk")})
        .order_by()
        .values(fk_field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def today() -> datetime.date:
    return timezone.localdate()
