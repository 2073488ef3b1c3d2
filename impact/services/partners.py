"""Writes of the call for partners: an organisation applies, the backbone accepts or declines.

Keyword-only, atomic, validating: a refusal is a ``ValidationError`` with a translated sentence. Who
did what is recorded on the application (``decided_by``, ``decided_at``) and logged.

- :func:`partner_application_submit` saves an application from the public form (the form and the view
  have already dealt with spam: honeypot, fill time, rate limits). The applicant's account is found
  by email, or opened for them without a usable password (in the application's language), and linked
  as ``applicant``; the "application received" email, in the same transaction, invites a new
  account to choose a password so that they can follow their application.
- :func:`partner_application_accept` creates the organisation (or links an existing one) and makes the
  applicant its primary contact (a contact only, when the organisation already has a primary one);
  :func:`partner_application_decline` needs a reason. Either is told to the applicant by email in
  their language; an application is decided once.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Language
from notifications.kinds.impact import RECEIVED
from notifications.models import Kind
from notifications.services import notify
from partnerships.models import (
    ApplicationStatus,
    Organisation,
    OrganisationContact,
    PartnerApplication,
    Sector,
)
from partnerships.services.membership import person_create, person_for_email

logger = logging.getLogger(__name__)

#: Lengths the public form allows (the model allows more for the motivation).
ORGANISATION_NAME_MAX = 200
CONTACT_NAME_MAX = 200
PHONE_MAX = 40
THEMES_MAX = 500
MOTIVATION_MAX = 1500


def _clean(value: str) -> str:
    return (value or "").strip()


def _check_application(
    *, organisation_name: str, sector: str, contact_name: str, contact_email: str, themes: str, motivation: str,
    language: str,
) -> None:
    errors = {}
    if not organisation_name:
        errors["organisation_name"] = _("Enter the name of your organisation.")
    elif len(organisation_name) > ORGANISATION_NAME_MAX:
        errors["organisation_name"] = _("The name can have at most %(max)d characters.") % {"max": ORGANISATION_NAME_MAX}
    if sector not in Sector.values:
        errors["sector"] = _("Choose your organisation's sector.")
    if not contact_name:
        errors["contact_name"] = _("Enter the name of the contact person.")
    if not contact_email:
        errors["contact_email"] = _("Enter the contact person's email address.")
    else:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = _("Enter the contact person's email address.")
    if not themes:
        errors["themes"] = _("Choose at least one theme, or write your own.")
    elif len(themes) > THEMES_MAX:
        errors["themes"] = _("The themes can have at most %(max)d characters together.") % {"max": THEMES_MAX}
    if not motivation:
        errors["motivation"] = _("Tell us in a few words why your organisation wants to take part.")
    elif len(motivation) > MOTIVATION_MAX:
        errors["motivation"] = _("The motivation can have at most %(max)d characters.") % {"max": MOTIVATION_MAX}
    if language not in Language.values:
        errors["language"] = _("Choose a language.")
    if errors:
        raise ValidationError(errors)


def _applicant_for(*, email: str, full_name: str, language: str):
    """The account of this email, or a new one (no usable password, the application's language)."""
    person = person_for_email(email)
    if person is not None:
        return person
    try:
        with transaction.atomic():  # a savepoint: another request may open the same account meanwhile
            return person_create(
                email=email, full_name=full_name[:200], preferred_language=language, time_zone=settings.TIME_ZONE
            )
    except IntegrityError:
        person = person_for_email(email)
        if person is None:
            raise
        return person


@transaction.atomic
def partner_application_submit(
    *,
    organisation_name: str,
    sector: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    themes: str,
    motivation: str,
    language: str,
) -> PartnerApplication:
    """Save an answer to the call for partners, link (or open) the applicant's account, email them."""
    organisation_name, contact_name = _clean(organisation_name), _clean(contact_name)
    contact_email, contact_phone = _clean(contact_email).lower(), _clean(contact_phone)
    themes, motivation = _clean(themes), _clean(motivation)
    _check_application(
        organisation_name=organisation_name, sector=sector, contact_name=contact_name, contact_email=contact_email,
        themes=themes, motivation=motivation, language=language,
    )
    applicant = _applicant_for(email=contact_email, full_name=contact_name, language=language)
    application = PartnerApplication(
        organisation_name=organisation_name,
        sector=sector,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone[:PHONE_MAX],
        themes=themes,
        motivation=motivation,
        language=language,
        applicant=applicant,
    )
    application.full_clean()
    application.save()
    notify(kind=Kind.APPLICATION_RECEIVED, object_id=application.pk, recipient_ids=[applicant.pk], occurrence=RECEIVED)
    logger.info("Partner application %s received (applicant %s)", application.pk, applicant.pk)
    return application


# ---- the backbone's decision


def _locked_submitted(application: PartnerApplication) -> PartnerApplication:
    """The application, locked; refused when it has already been decided (by whom, when)."""
    locked = PartnerApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.SUBMITTED:
        person = locked.decided_by.get_full_name() if locked.decided_by_id else ""
        when = formats.date_format(timezone.localtime(locked.decided_at), "DATETIME_FORMAT") if locked.decided_at else ""
        accepted = locked.status == ApplicationStatus.ACCEPTED
        if person:
            message = (
                _("This application was already accepted by %(person)s on %(when)s.")
                if accepted
                else _("This application was already declined by %(person)s on %(when)s.")
            )
        else:
            message = (
                _("This application was already accepted on %(when)s.")
                if accepted
                else _("This application was already declined on %(when)s.")
            )
        raise ValidationError(message % {"person": person, "when": when}, code="application_decided")
    return locked


@dataclass(frozen=True)
class Accepted:
    application: PartnerApplication
    organisation: Organisation
    created: bool  # a new organisation was created
    primary: bool  # the applicant is its primary contact (False: the organisation already had one)


def _organisation_new(*, name_en: str, name_he: str, sector: str, application: PartnerApplication) -> Organisation:
    errors = {}
    if not name_en and not name_he:
        errors["name_he" if application.language == Language.HEBREW else "name_en"] = _(
            "Enter the organisation's name in at least one language."
        )
    if sector not in Sector.values:
        errors["sector"] = _("Choose the organisation's sector.")
    if errors:
        raise ValidationError(errors)
    organisation = Organisation(name_en=name_en or name_he, name_he=name_he or name_en, sector=sector)
    organisation.full_clean()
    organisation.save()
    return organisation


def _contact_add(*, organisation: Organisation, person) -> bool:
    """Make ``person`` a contact of ``organisation``: its primary one unless it has one. True when primary."""
    has_primary = OrganisationContact.objects.filter(organisation=organisation, is_primary=True).exclude(person=person)
    primary = not has_primary.exists()
    OrganisationContact.objects.update_or_create(
        organisation=organisation, person=person, defaults={"is_primary": primary} if primary else {}
    )
    return primary


@transaction.atomic
def partner_application_accept(
    *,
    application: PartnerApplication,
    by,
    organisation: Organisation | None = None,
    name_en: str = "",
    name_he: str = "",
    sector: str = "",
    note: str = "",
) -> Accepted:
    """Accept: link ``organisation`` (or create one with these names and sector), add the applicant as contact."""
    application = _locked_submitted(application)
    created = organisation is None
    if created:
        organisation = _organisation_new(
            name_en=_clean(name_en), name_he=_clean(name_he), sector=sector or application.sector, application=application
        )
    primary = False
    if application.applicant_id:
        primary = _contact_add(organisation=organisation, person=application.applicant)
    application.status = ApplicationStatus.ACCEPTED
    application.organisation = organisation
    application.decision_reason = _clean(note)
    application.decided_by = by
    application.decided_at = timezone.now()
    application.full_clean()
    application.save(
        update_fields=["status", "organisation", "decision_reason", "decided_by", "decided_at"]
    )
    if application.applicant_id:
        notify(
            kind=Kind.APPLICATION_DECIDED, object_id=application.pk, recipient_ids=[application.applicant_id],
            occurrence=ApplicationStatus.ACCEPTED,
        )
    logger.info(
        "Partner application %s accepted by %s (organisation %s, %s)", application.pk, getattr(by, "pk", None),
        organisation.pk, "created" if created else "linked",
    )
    return Accepted(application=application, organisation=organisation, created=created, primary=primary)


@transaction.atomic
def partner_application_decline(*, application: PartnerApplication, by, reason: str) -> PartnerApplication:
    """Decline with a reason (told to the applicant)."""
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the applicant reads it in the email.")})
    application = _locked_submitted(application)
    application.status = ApplicationStatus.DECLINED
    application.decision_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.full_clean()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    if application.applicant_id:
        notify(
            kind=Kind.APPLICATION_DECIDED, object_id=application.pk, recipient_ids=[application.applicant_id],
            occurrence=ApplicationStatus.DECLINED,
        )
    logger.info("Partner application %s declined by %s", application.pk, getattr(by, "pk", None))
    return application
