"""Emails to people, each in the recipient's own language and time zone.

Every message is rendered inside ``translation.override(recipient.preferred_language)`` and
``timezone.override(recipient.time_zone)``, so dates, times and words read as the recipient
expects, whoever triggered the email. A batch goes out over one SMTP connection.
"""

import contextlib
import logging
import zoneinfo
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def recipient_locale(user) -> Iterator[None]:
    """Language and time zone of ``user`` for everything rendered inside the block."""
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    try:
        tz = zoneinfo.ZoneInfo(getattr(user, "time_zone", None) or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with translation.override(language), timezone.override(tz):
        yield


def site_url(path: str = "") -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_for(user, template: str, context: dict, *, reply_to: list[str] | None = None) -> EmailMultiAlternatives:
    """Build one email from ``templates/emails/<template>_subject.txt`` and ``_body.txt``.

    An optional ``_body.html`` is attached as the HTML alternative.
    """
    with recipient_locale(user):
        ctx = {"recipient": user, "site_url": site_url(), "LANGUAGE_CODE": translation.get_language(), **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        body = render_to_string(f"emails/{template}_body.txt", ctx)
        message = EmailMultiAlternatives(subject, body, to=[user.email], reply_to=reply_to)
        with contextlib.suppress(TemplateDoesNotExist):
            html = render_to_string(f"emails/{template}_body.html", ctx)
            message.attach_alternative(html, "text/html")
        message.extra_headers["Content-Language"] = translation.get_language()
    return message


def send_to_people(people: Iterable, template: str, context: dict, *, reply_to: list[str] | None = None) -> int:
    """Send the same email to each person, each in their own language; one SMTP connection."""
    messages = [message_for(person, template, context, reply_to=reply_to) for person in people if person.email]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
