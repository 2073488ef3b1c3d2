"""One delivery as an email: the kind's templates in the recipient's language and time zone.

Every email carries a link to the recipient's notification preferences and, for kinds one may
turn off, a one-click unsubscribe link (RFC 8058 ``List-Unsubscribe``). Its Message-ID is the
delivery's own, so that in the rare case of a resend (a worker killed between the SMTP server's
acceptance and the ledger's update) mail programs show the two copies as one.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.emails import message_for, recipient_locale, site_url

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, person_id: int, kind: str) -> str:
    return signing.dumps({"p": person_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """The person and kind of an unsubscribe link, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("k"), str):
        return None
    return data["p"], data["k"]


def message_id(delivery) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "p2g.localhost"
    return f"<delivery.{delivery.pk}@{host}>"


def delivery_message(spec, delivery, obj) -> EmailMultiAlternatives:
    person = delivery.recipient
    with recipient_locale(person):
        preferences_url = site_url(reverse("notifications:preferences"))
        unsubscribe_url = (
            ""
            if spec.essential
            else site_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(person_id=person.pk, kind=spec.code)]))
        )
        # Links built by the kind (reverse) carry the recipient's language prefix.
        kind_context = spec.context(delivery, obj)
    context = {
        **kind_context,
        "delivery": delivery,
        "kind_label": spec_label(spec),
        "preferences_url": preferences_url,
        "unsubscribe_url": unsubscribe_url,
        "essential": spec.essential,
    }
    message = message_for(person, spec.template, context, reply_to=spec.reply_to(delivery, obj))
    for name, content, mimetype in spec.attachments(delivery, obj):
        message.attach(name, content, mimetype)
    message.extra_headers["Message-ID"] = message_id(delivery)
    if unsubscribe_url:
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


def spec_label(spec):
    from .models import Kind

    return Kind(spec.code).label
