"""Per-person request handling: time zone, language and the one-time onboarding.

Everything here reads only ``request.user`` (already loaded for authentication), except the
onboarding check: one query for a signed-in person, remembered on the request, none for an
anonymous visitor or a member of staff.
"""

import zoneinfo
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import timezone, translation

SAFE_METHODS = ("GET", "HEAD")


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's own time zone (the site default otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = getattr(getattr(request, "user", None), "time_zone", None)
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def language_cookie_set(response, language: str):
    """Remember ``language`` in the cookie Django's LocaleMiddleware reads (as set_language does)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def url_in_language(url: str, language: str) -> str:
    """``url`` (a path or an absolute URL of this site) with its language prefix set to ``language``.

    Django's translate_url resolves the path in the *active* language only, so the URL's own
    language is activated first. A URL that does not resolve comes back unchanged.
    """
    own = translation.get_language_from_path(urlsplit(url).path)
    if not own or own == language:
        return url
    with translation.override(own):
        return translate_url(url, language)


def preferred_language(user) -> str | None:
    """The person's language if the site offers it."""
    language = getattr(user, "preferred_language", None)
    return language if language in dict(settings.LANGUAGES) else None


def needs_onboarding(request, user=None) -> bool:
    """True for a signed-in volunteer (not staff) who has not completed the welcome form yet.

    Read with the person's other roles in one query, remembered on the request (``p2g.roles``).
    """
    user = user or request.user
    if not user.is_authenticated or user.is_staff:
        return False
    if user.pk == getattr(request.user, "pk", None):
        from p2g.roles import request_roles

        return not request_roles(request).onboarded
    from volunteers.models import VolunteerProfile

    return not VolunteerProfile.objects.filter(user_id=user.pk, onboarded_at__isnull=False).exists()


def own_area_url(request, user=None) -> str:
    """Where a person whose role is not volunteering starts: the partner area, or the new communities.

    Empty for staff and for everybody else (volunteers, committee members, coordinators). Only for
    the person signed in on ``request`` (their roles are read in the request's one roles query).
    """
    user = user or request.user
    if not user.is_authenticated or user.is_staff or user.pk != getattr(request.user, "pk", None):
        return ""
    from p2g.roles import request_roles

    roles = request_roles(request)
    if roles.onboarded or roles.sits_on_committee or roles.coordinates:
        return ""  # a volunteer (or committee member) first: the usual landing page
    if roles.partner:
        return reverse("impact:partner_home")
    if roles.accompanies:
        return reverse("communities:track_list")
    return ""


def onboarding_url(next_url: str = "") -> str:
    """The welcome form in the active language, coming back to ``next_url`` afterwards."""
    url = reverse("profile_onboarding")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class PreferredLanguageMiddleware:
    """A signed-in person reads the site in their preferred language, whatever link they followed.

    A page under the other language's prefix (``/en/…`` for a Hebrew reader) redirects to the same
    page in their language. The language switcher saves the choice first (accounts.views.set_language),
    so switching is never undone. Anonymous visitors, non-GET requests and the staff admin (a tool
    whose address staff pick the language of) are left alone.
    """

    exempt_in_language = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS and request.user.is_authenticated:
            wanted = preferred_language(request.user)
            in_path = translation.get_language_from_path(request.path_info)
            if (
                wanted
                and in_path
                and in_path != wanted
                and not _strip_language(request.path_info).startswith(self.exempt_in_language)
            ):
                current = request.get_full_path()
                target = url_in_language(current, wanted)
                if target != current:
                    return HttpResponseRedirect(target)
        return self.get_response(request)


def _strip_language(path: str) -> str:
    language = translation.get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


class OnboardingMiddleware:
    """Ask a new volunteer, once, for what the portal needs before showing any other page.

    Left alone: the allauth pages (sign in and out, email, password), the welcome page itself, the
    language switcher, static and uploaded files, the health check, the calendar feed, the admin,
    and every request that is not a GET.
    """

    # Under the language prefix (/en/…, /he/…). Partner organisations, mentors and community leaders
    # are not volunteers: their own pages (and everyone's email preferences) open without the welcome form.
    exempt_in_language = (
        "/accounts/", "/welcome/", "/admin/", "/notifications/", "/partners/", "/forums/", "/measurement/",
        "/communities/",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def exempt_prefixes(self) -> tuple[str, ...]:
        if self._exempt is None:
            calendar = reverse("calendar_feed", kwargs={"token": "t"}).rsplit("/", 1)[0] + "/"
            self._exempt = tuple(
                p
                for p in (
                    settings.STATIC_URL,
                    settings.MEDIA_URL,
                    reverse("set_language"),
                    reverse("healthz"),
                    calendar,
                    "/favicon.ico",
                )
                if p
            )
        return self._exempt

    def is_exempt(self, path: str) -> bool:
        if path.startswith(self.exempt_prefixes()):
            return True
        return _strip_language(path).startswith(self.exempt_in_language)

    def __call__(self, request):
        if (
            request.method in SAFE_METHODS
            and request.user.is_authenticated
            and not self.is_exempt(request.path_info)
            and needs_onboarding(request)
            and not (_strip_language(request.path_info) == "/" and own_area_url(request))
        ):
            # The home page is left alone for a partner, a mentor or a leader: its links lead to their pages.
            return HttpResponseRedirect(onboarding_url(request.get_full_path()))
        return self.get_response(request)
