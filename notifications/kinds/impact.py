"""Collective impact: the call for partners (application received, decision) and the newsletter.

- ``application_received`` (essential): to the applicant as soon as the application is saved. A person
  whose account was just opened for them (no usable password, never signed in) gets a link to choose a
  password, made when the email is rendered, so that they can follow their application.
- ``application_decided`` (essential): accepted or declined; the occurrence is the decision, so each
  decision is told once. A declined application carries the backbone's reason.
- ``newsletter`` (not essential: a partner may turn it off): one email per partner per newsletter,
  occurrence ``sent``, each partner reading the language they chose (subject and text are translated
  fields, rendered inside the recipient's language).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from partnerships.models import ApplicationStatus, Newsletter, NewsletterStatus, PartnerApplication

from .base import KindSpec, register

RECEIVED = "received"
SENT = "sent"


def password_to_choose(person) -> bool:
    """An account opened for the person (no usable password) that has never signed in."""
    return person.last_login is None and not person.has_usable_password()


def password_link(person) -> str:
    """A link to choose a password (allauth's reset-from-key link), in the person's language."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    uid, key = user_pk_to_url_str(person), default_token_generator.make_token(person)
    with recipient_locale(person):
        return site_url(reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key}))


def partner_home_url(person) -> str:
    with recipient_locale(person):
        return site_url(reverse("impact:partner_home"))


def _account_context(person) -> dict:
    """The button of an email to an applicant: choose a password first, or open their area."""
    home = partner_home_url(person)
    if password_to_choose(person):
        from partnerships.services.membership import invitation_valid_days

        link = password_link(person)
        return {"set_password": True, "password_url": link, "home_url": home, "url": link,
                "valid_days": invitation_valid_days()}
    return {"set_password": False, "password_url": "", "home_url": home, "url": home, "valid_days": 0}


def _applications(object_ids) -> dict[int, PartnerApplication]:
    return {a.pk: a for a in PartnerApplication.objects.filter(pk__in=object_ids).select_related("organisation")}


@register
class ApplicationReceived(KindSpec):
    """The call for partners: the application is in; what happens next, and how to follow it."""

    code = Kind.APPLICATION_RECEIVED
    template = "application_received"
    essential = True
    audience = "partner"
    schedule = ""
    description = _("When your organisation's answer to the call for partners is received.")

    def load(self, object_ids):
        return _applications(object_ids)

    def context(self, delivery, application):
        return {"application": application, **_account_context(delivery.recipient)}


@register
class ApplicationDecided(KindSpec):
    """The backbone accepted or declined the application (with the reason when declined)."""

    code = Kind.APPLICATION_DECIDED
    template = "application_decided"
    essential = True
    audience = "partner"
    schedule = ""
    description = _("When the backbone team accepts or declines your organisation's application.")

    def load(self, object_ids):
        return _applications(object_ids)

    def skip_reason(self, delivery, application):
        if application.status != delivery.occurrence:
            return str(_("The application's status is no longer this decision."))
        return ""

    def context(self, delivery, application):
        return {
            "application": application,
            "accepted": application.status == ApplicationStatus.ACCEPTED,
            "organisation": application.organisation,
            **_account_context(delivery.recipient),
        }


@register
class NewsletterKind(KindSpec):
    """The collective-impact newsletter, once to every partner, in their language."""

    code = Kind.NEWSLETTER
    template = "newsletter"
    essential = False
    audience = "partner"
    schedule = ""
    description = _("The collective-impact newsletter, sent to every partner organisation and forum member.")

    def load(self, object_ids):
        return {n.pk: n for n in Newsletter.objects.filter(pk__in=object_ids)}

    def skip_reason(self, delivery, newsletter):
        if newsletter.status != NewsletterStatus.SENT:
            return str(_("The newsletter has not been sent."))
        return ""

    def context(self, delivery, newsletter):
        return {"newsletter": newsletter, "url": partner_home_url(delivery.recipient)}
