"""allauth, fitted to a bilingual site where each person has their own language and time zone.

- A new person's preferred language is the language of the page they signed up on.
- Every email allauth sends (verification, password reset, email change, "this account already
  exists", security notices) is written in the recipient's language and time zone, with links
  to pages in that language. For an address that belongs to nobody, the page's language is used.
- After signing in, the person lands in their own language, and on the welcome form if they
  have not completed it yet; a partner organisation's contact or applicant, a mentor or a community
  leader lands on their own pages instead (they are not asked to fill in a volunteer profile).
- Setting a password from a reset or invitation link signs the person in (ACCOUNT_LOGIN_ON_PASSWORD_RESET).
"""

import contextlib

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from .emails import recipient_locale
from .middleware import (
    language_cookie_set,
    needs_onboarding,
    onboarding_url,
    own_area_url,
    preferred_language,
    url_in_language,
)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    # --- emails -------------------------------------------------------------------------

    def recipient(self, email: str, context: dict):
        """The person an email goes to, if the address is theirs (None for an unknown address)."""
        from allauth.account.models import EmailAddress

        User = get_user_model()
        user = context.get("user")
        if isinstance(user, User):
            return user
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        if address is not None:
            return address.user
        return User.objects.filter(email__iexact=email).first()

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        person = self.recipient(email, context)
        locale = recipient_locale(person) if person is not None else contextlib.nullcontext()
        with locale:
            language = translation.get_language()
            context = {
                key: url_in_language(value, language)
                if key.endswith("_url") and isinstance(value, str)
                else value
                for key, value in context.items()
            }
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[{gettext('Partnership2Gether')}] {subject}"

    def render_mail(self, template_prefix, email, context, headers=None):
        headers = {**(headers or {}), "Content-Language": translation.get_language()}
        return super().render_mail(template_prefix, email, context, headers=headers)

    # --- after signing in ---------------------------------------------------------------

    def post_login(self, request, user, **kwargs):
        language = preferred_language(user) or translation.get_language()
        with translation.override(language):
            response = super().post_login(request, user, **kwargs)
            location = response.get("Location") if response.status_code in (301, 302, 303, 307, 308) else None
            if location:
                location = url_in_language(location, language)
                defaults = {self.get_login_redirect_url(request), self.get_signup_redirect_url(request)}
                own_area = own_area_url(request, user)
                if own_area and location in defaults:
                    # A partner organisation's contact (or applicant), a mentor or a community leader
                    # with no page asked for lands on their own pages, which need no volunteer profile.
                    location = own_area
                elif needs_onboarding(request, user):
                    # Back to the page they asked for; with no page asked for, the welcome form
                    # leads on to the opportunities.
                    location = onboarding_url("" if location in defaults else location)
                response["Location"] = location
        return language_cookie_set(response, language)
