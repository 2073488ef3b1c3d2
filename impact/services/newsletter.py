"""Writes of the newsletter: the backbone writes it in Hebrew and English, then sends it once to every partner.

:func:`newsletter_send` marks the newsletter sent and, in the same transaction, decides one email per
partner on the delivery ledger (``notifications.kinds.impact.NewsletterKind``, occurrence ``sent``):
the worker sends them once the transaction commits, each in the partner's own language; a partner who
turned the newsletter off is recorded as not sent. A newsletter is sent once: a second send is refused,
and a sent newsletter can no longer be edited.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notifications.kinds.impact import SENT
from notifications.models import Kind
from notifications.services import notify
from partnerships.models import Newsletter, NewsletterStatus

from ..selectors.newsletter import newsletter_recipient_ids

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200
BODY_MAX = 20000


def _check(*, subject_en: str, subject_he: str, body_en: str, body_he: str) -> None:
    errors = {}
    for name, value, missing in (
        ("subject_he", subject_he, _("Write the subject in Hebrew.")),
        ("subject_en", subject_en, _("Write the subject in English.")),
        ("body_he", body_he, _("Write the text in Hebrew.")),
        ("body_en", body_en, _("Write the text in English.")),
    ):
        if not value:
            errors[name] = missing
    for name, value, limit in (
        ("subject_he", subject_he, SUBJECT_MAX), ("subject_en", subject_en, SUBJECT_MAX),
        ("body_he", body_he, BODY_MAX), ("body_en", body_en, BODY_MAX),
    ):
        if value and len(value) > limit:
            errors[name] = _("At most %(max)d characters.") % {"max": limit}
    if errors:
        raise ValidationError(errors)


def _sent_error(newsletter: Newsletter) -> ValidationError:
    when = formats.date_format(timezone.localtime(newsletter.sent_at), "DATETIME_FORMAT") if newsletter.sent_at else ""
    return ValidationError(
        _("This newsletter was already sent on %(when)s: it is sent only once.") % {"when": when},
        code="newsletter_sent",
    )


def _fill(newsletter: Newsletter, *, subject_en: str, subject_he: str, body_en: str, body_he: str) -> None:
    newsletter.subject_en, newsletter.subject_he = subject_en, subject_he
    newsletter.body_en, newsletter.body_he = body_en, body_he


@transaction.atomic
def newsletter_create(*, subject_en: str, subject_he: str, body_en: str, body_he: str, by) -> Newsletter:
    """A draft newsletter, written in both languages."""
    values = {
        "subject_en": (subject_en or "").strip(), "subject_he": (subject_he or "").strip(),
        "body_en": (body_en or "").strip(), "body_he": (body_he or "").strip(),
    }
    _check(**values)
    newsletter = Newsletter(created_by=by)
    _fill(newsletter, **values)
    newsletter.full_clean()
    newsletter.save()
    logger.info("Newsletter %s written by %s", newsletter.pk, getattr(by, "pk", None))
    return newsletter


@transaction.atomic
def newsletter_update(
    *, newsletter: Newsletter, subject_en: str, subject_he: str, body_en: str, body_he: str, by
) -> Newsletter:
    """Change a draft (a sent newsletter stays as it was sent)."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.status == NewsletterStatus.SENT:
        raise _sent_error(newsletter)
    values = {
        "subject_en": (subject_en or "").strip(), "subject_he": (subject_he or "").strip(),
        "body_en": (body_en or "").strip(), "body_he": (body_he or "").strip(),
    }
    _check(**values)
    _fill(newsletter, **values)
    newsletter.full_clean()
    newsletter.save(update_fields=["subject", "subject_en", "subject_he", "body", "body_en", "body_he"])
    logger.info("Newsletter %s changed by %s", newsletter.pk, getattr(by, "pk", None))
    return newsletter


@transaction.atomic
def newsletter_send(*, newsletter: Newsletter, by) -> Newsletter:
    """Send to every partner, once each, in their language; refused when already sent or when nobody would get it."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.status == NewsletterStatus.SENT:
        raise _sent_error(newsletter)
    _check(
        subject_en=newsletter.subject_en or "", subject_he=newsletter.subject_he or "",
        body_en=newsletter.body_en or "", body_he=newsletter.body_he or "",
    )
    recipient_ids = newsletter_recipient_ids()
    if not recipient_ids:
        raise ValidationError(
            _("There are no partners to send it to yet: no accepted organisation has a contact, and no forum has members."),
            code="newsletter_nobody",
        )
    newsletter.status = NewsletterStatus.SENT
    newsletter.sent_at = timezone.now()
    newsletter.sent_by = by
    newsletter.recipients_count = len(recipient_ids)
    newsletter.save(update_fields=["status", "sent_at", "sent_by", "recipients_count"])
    notify(kind=Kind.NEWSLETTER, object_id=newsletter.pk, recipient_ids=recipient_ids, occurrence=SENT)
    logger.info("Newsletter %s sent by %s to %s partners", newsletter.pk, getattr(by, "pk", None), len(recipient_ids))
    return newsletter
