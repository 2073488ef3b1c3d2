"""A person's own settings: the one-time welcome form, the profile, and the language switcher."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from volunteers import services
from volunteers.models import VolunteerProfile

from .forms import ProfileForm
from .middleware import language_cookie_set, needs_onboarding, url_in_language


@login_not_required
def set_language(request):
    """Django's language switcher; a signed-in person's choice also becomes their preferred language.

    The site then follows that choice on every page and in every email (see
    accounts.middleware.PreferredLanguageMiddleware). Anonymous visitors only get the cookie.
    """
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method != "POST" or language not in dict(settings.LANGUAGES):
        return response
    if response.has_header("Location"):
        # Django translates `next` only when its prefix is the language active for this
        # unprefixed URL (cookie or browser); do it whatever that is.
        response["Location"] = url_in_language(response["Location"], language)
    user = request.user
    if user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


def _safe_next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _profile_of(user):
    return (
        VolunteerProfile.objects.filter(user=user)
        .prefetch_related("skills", "languages", "availability")
        .first()
    )


def _profile_page(request, *, template: str):
    user = request.user
    next_url = _safe_next(request)
    if request.method == "POST":
        form = ProfileForm(request.POST, current_community_pk=user.home_community_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.profile_update(user=user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                language = data["preferred_language"]
                with translation.override(language):
                    messages.success(request, _("Your profile is saved."))
                    target = (
                        url_in_language(next_url, language)
                        if next_url
                        else reverse("volunteers:opportunity_list")
                    )
                return language_cookie_set(redirect(target), language)
    else:
        form = ProfileForm(
            initial=ProfileForm.initial_for(user, _profile_of(user)),
            current_community_pk=user.home_community_id,
        )
    return render(request, template, {"form": form, "next": next_url})


@require_http_methods(["GET", "HEAD", "POST"])
def profile_onboarding(request):
    """The welcome form, asked once of a new volunteer (see accounts.middleware.OnboardingMiddleware)."""
    if request.method != "POST" and not needs_onboarding(request):
        url = reverse("profile_edit")
        next_url = _safe_next(request)
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    return _profile_page(request, template="accounts/onboarding.html")


@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    return _profile_page(request, template="accounts/profile_edit.html")
