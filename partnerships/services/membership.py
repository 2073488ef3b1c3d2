"""Writes of the membership area: adding people to a committee (inviting those without an account),
ending terms, changing roles, and creating or editing subcommittees.

Every service is keyword-only, runs in one transaction, raises ``ValidationError`` with a translated
message when a rule forbids the change, and records who did it: each term's history
(django-simple-history) carries the person who made the change and a reason code
(``selectors.committee.HISTORY_REASON_*``, shown translated on the history page).

A term is never deleted: ending it sets its end date and reason, and a role change ends the term
and starts a new one the next day, so the roster's past and every term's history stay readable.
The rules of a single term (dates in order, no overlapping terms in the same role) are
``Membership.clean()`` and the database's exclusion constraint; the basic writes are
``services.core.membership_add`` and ``membership_end``, wrapped here.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Language
from communities.models import Side
from p2g.days import site_today

from ..models import Committee, CommitteeKind, Membership, MembershipRole, PartnershipCommunity
from ..selectors.committee import (
    HISTORY_REASON_ADDED,
    HISTORY_REASON_ENDED,
    HISTORY_REASON_INVITED,
    HISTORY_REASON_ROLE_CHANGE,
    invitation_pending,
)
from . import core

logger = logging.getLogger(__name__)

def _overlap_error() -> ValidationError:
    """The model's own words for an overlapping term (what the exclusion constraint means too)."""
    return ValidationError(
        _("This person already has a term in this role on this committee that overlaps these dates."),
        code="membership_overlap",
    )


def _record(instance: Membership, *, by, reason: str) -> Membership:
    """Make the next history record of ``instance`` name ``by`` and the reason code."""
    instance._history_user = by
    instance._change_reason = reason
    return instance


def _stamp_creation(membership: Membership, *, by, reason: str) -> None:
    """``core.membership_add`` builds and saves the term itself: name who added it in its first record."""
    membership.history.filter(history_type="+").update(history_user=by, history_change_reason=reason)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _check_role_and_side(role: str, side: str) -> None:
    errors = {}
    if role not in MembershipRole.values:
        errors["role"] = _("Choose a role.")
    if side not in Side.values:
        errors["side"] = _("Choose a side.")
    if errors:
        raise ValidationError(errors)


def _check_no_other_role(*, committee: Committee, person, role: str, term_start, term_end, exclude_pk=None) -> None:
    """One seat per person: a term in another role on the same committee and days is refused too."""
    others = Membership.objects.filter(committee=committee, person=person).exclude(role=role)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    others = others.filter(Q(term_end__isnull=True) | Q(term_end__gte=term_start))
    if term_end:
        others = others.filter(term_start__lte=term_end)
    other = others.order_by("term_start").first()
    if other is not None:
        raise ValidationError(
            _(
                "%(person)s already sits on this committee as %(role)s from %(start)s, on some of these dates. "
                "Change their role instead, or end that term first."
            )
            % {"person": person, "role": other.get_role_display(), "start": _date(other.term_start)},
            code="membership_other_role",
        )


def _add_term(*, committee, person, side, role, term_start, term_end, by, reason) -> Membership:
    """``core.membership_add`` with who and why recorded; the exclusion constraint's refusal as a message."""
    _check_no_other_role(committee=committee, person=person, role=role, term_start=term_start, term_end=term_end)
    try:
        membership = core.membership_add(
            committee=committee, person=person, side=side, role=role, term_start=term_start, term_end=term_end
        )
    except IntegrityError as exc:  # two managers adding the same term at the same moment
        raise _overlap_error() from exc
    _stamp_creation(membership, by=by, reason=reason)
    return membership


# ---- people: find by email, or create and invite


def _time_zone_for_side(committee: Committee, side: str) -> str:
    """The time zone of the partnership's (lead) community on that side: a good first guess."""
    zone = (
        PartnershipCommunity.objects.filter(partnership_id=committee.partnership_id, community__side=side)
        .order_by("-is_lead", "pk")
        .values_list("community__time_zone", flat=True)
        .first()
    )
    return zone or settings.TIME_ZONE


def person_for_email(email: str):
    """The account of this email address (any case), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def person_create(*, email: str, full_name: str, preferred_language: str, time_zone: str):
    """An account without a usable password (the invitation sets it), its address unverified."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    person = User(email=email, full_name=full_name, preferred_language=preferred_language, time_zone=time_zone)
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    return person


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    invited: bool  # a new account was created and an invitation is on its way


@transaction.atomic
def membership_add_person(
    *,
    committee: Committee,
    email: str,
    role: str,
    side: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    full_name: str = "",
    preferred_language: str = "",
    by,
) -> MemberAdded:
    """Give the person with this email a term on the committee.

    When no account uses the address, one is created (full name and preferred language needed,
    no usable password) and an invitation to set a password is emailed after the commit, in
    the invitee's language.
    """
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter the person's email address.")})
    _check_role_and_side(role, side)
    person = person_for_email(email)
    invited = False
    if person is None:
        full_name = (full_name or "").strip()
        errors = {}
        if not full_name:
            errors["full_name"] = _(
                "No account uses this email address yet: enter the person's full name to create one and invite them."
            )
        if preferred_language not in Language.values:
            errors["preferred_language"] = _("Choose the language the invitation is written in.")
        if errors:
            raise ValidationError(errors)
        person = person_create(
            email=email,
            full_name=full_name,
            preferred_language=preferred_language,
            time_zone=_time_zone_for_side(committee, side),
        )
        invited = True
    elif not person.is_active:
        raise ValidationError(
            {"email": _("The account of this email address is deactivated. Ask the staff to restore it first.")}
        )
    membership = _add_term(
        committee=committee,
        person=person,
        side=side,
        role=role,
        term_start=term_start,
        term_end=term_end,
        by=by,
        reason=HISTORY_REASON_INVITED if invited else HISTORY_REASON_ADDED,
    )
    logger.info("Membership %s added to committee %s by %s", membership.pk, committee.pk, getattr(by, "pk", None))
    if invited:
        membership_invitation_send(membership=membership)
    return MemberAdded(membership=membership, invited=invited)


# ---- the invitation


def invitation_valid_days() -> int:
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))


def membership_invitation_send(*, membership: Membership, occurrence: str = "invited") -> None:
    """Decide the email that invites the person of this term to choose a password (in the caller's transaction).

    The worker sends it once the transaction commits, in the person's language and time zone, with a
    link made at that moment; a person who has meanwhile chosen a password gets nothing. The reply
    goes to whoever added the term (its history records who).
    """
    from notifications.models import Kind
    from notifications.services import notify

    notify(
        kind=Kind.COMMITTEE_INVITATION,
        object_id=membership.pk,
        recipient_ids=[membership.person_id],
        occurrence=occurrence,
    )


@transaction.atomic
def membership_invitation_resend(*, membership: Membership, by) -> bool:
    """Send the invitation again (the earlier link stays valid until it expires); True once it is on its way.

    One resend a minute: a second click in the same minute is the same email.
    """
    from notifications.kinds.base import moment_key

    if not invitation_pending(membership):
        raise ValidationError(
            _("%(person)s has already set a password: there is no invitation to send.") % {"person": membership.person},
            code="invitation_accepted",
        )
    membership_invitation_send(membership=membership, occurrence=f"invited:{moment_key(timezone.now())}")
    logger.info("Invitation of membership %s sent again by %s", membership.pk, getattr(by, "pk", None))
    return True


# ---- ending a term, changing a role


def _locked(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().select_related("person", "committee").get(pk=membership.pk)
    return locked


@transaction.atomic
def membership_end(*, membership: Membership, term_end: datetime.date, reason: str, by) -> Membership:
    """End a term on ``term_end`` (today or another day) for a reason; the row and its history stay."""
    membership = _locked(membership)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason the term ends: it stays in the committee's history.")})
    if term_end is None:
        raise ValidationError({"term_end": _("Enter the last day of the term.")})
    if membership.term_end is not None and membership.term_end < site_today():
        raise ValidationError(
            _("This term already ended on %(date)s.") % {"date": _date(membership.term_end)}, code="term_already_ended"
        )
    _record(membership, by=by, reason=HISTORY_REASON_ENDED)
    try:
        core.membership_end(membership=membership, term_end=term_end, reason=reason[:200])
    except ValidationError as exc:
        if exc.code == "term_ends_before_start":
            raise ValidationError(
                {
                    "term_end": _("A term cannot end before it starts (%(start)s).")
                    % {"start": _date(membership.term_start)}
                }
            ) from exc
        raise
    logger.info("Membership %s ended on %s by %s", membership.pk, term_end, getattr(by, "pk", None))
    return membership


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, starts_on: datetime.date, by, reason: str = ""
) -> Membership:
    """End the term the day before ``starts_on`` and start a new one in ``role`` (same side, same planned end).

    Returns the new term.
    """
    membership = _locked(membership)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role == membership.role:
        raise ValidationError({"role": _("This is already the person's role: choose another one.")})
    if starts_on is None:
        raise ValidationError({"starts_on": _("Enter the day the new role starts.")})
    if starts_on <= membership.term_start:
        raise ValidationError(
            {
                "starts_on": _("The new role must start after the current term began (%(start)s).")
                % {"start": _date(membership.term_start)}
            }
        )
    if membership.term_end is not None and membership.term_end < starts_on:
        raise ValidationError(
            {
                "starts_on": _("The current term ends on %(date)s, before the new role would start.")
                % {"date": _date(membership.term_end)}
            }
        )
    planned_end = membership.term_end
    reason = (reason or "").strip() or _("Role changed to %(role)s.") % {"role": MembershipRole(role).label}
    _record(membership, by=by, reason=HISTORY_REASON_ROLE_CHANGE)
    core.membership_end(membership=membership, term_end=starts_on - datetime.timedelta(days=1), reason=reason[:200])
    new_term = _add_term(
        committee=membership.committee,
        person=membership.person,
        side=membership.side,
        role=role,
        term_start=starts_on,
        term_end=planned_end,
        by=by,
        reason=HISTORY_REASON_ROLE_CHANGE,
    )
    logger.info(
        "Membership %s changed role to %s (new term %s) by %s", membership.pk, role, new_term.pk, getattr(by, "pk", None)
    )
    return new_term


# ---- committees


def _check_committee_fields(
    *, partnership_id: int, name_en: str, name_he: str, quorum_min_members, exclude_pk: int | None = None
) -> None:
    errors = {}
    if not name_he:
        errors["name_he"] = _("Enter the name in Hebrew.")
    if not name_en:
        errors["name_en"] = _("Enter the name in English.")
    if quorum_min_members is None or quorum_min_members < 1:
        errors["quorum_min_members"] = _("The quorum needs at least one member.")
    if not errors:
        same = Committee.objects.filter(partnership_id=partnership_id).filter(
            Q(name_en__iexact=name_en) | Q(name_he__iexact=name_he)
        )
        if exclude_pk:
            same = same.exclude(pk=exclude_pk)
        if same.exists():
            errors["name_en" if same.filter(name_en__iexact=name_en).exists() else "name_he"] = _(
                "Another committee of this partnership already has this name."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subcommittee_create(
    *,
    steering: Committee,
    name_en: str,
    name_he: str,
    mandate_en: str = "",
    mandate_he: str = "",
    quorum_min_members: int,
    quorum_needs_both_sides: bool,
    meeting_reminder_days: list[int] | None = None,
    by,
) -> Committee:
    """A new subcommittee of the joint steering committee (it starts with no members)."""
    if steering.kind != CommitteeKind.STEERING:
        raise ValidationError(_("A subcommittee belongs to the joint steering committee."), code="not_steering")
    name_en, name_he = (name_en or "").strip(), (name_he or "").strip()
    _check_committee_fields(
        partnership_id=steering.partnership_id, name_en=name_en, name_he=name_he, quorum_min_members=quorum_min_members
    )
    committee = Committee(
        partnership_id=steering.partnership_id,
        kind=CommitteeKind.SUBCOMMITTEE,
        parent=steering,
        name_en=name_en,
        name_he=name_he,
        mandate_en=(mandate_en or "").strip(),
        mandate_he=(mandate_he or "").strip(),
        quorum_min_members=quorum_min_members,
        quorum_needs_both_sides=quorum_needs_both_sides,
    )
    if meeting_reminder_days is not None:
        committee.meeting_reminder_days = list(meeting_reminder_days)
    committee.full_clean()
    committee.save()
    logger.info("Subcommittee %s created by %s", committee.pk, getattr(by, "pk", None))
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    name_en: str,
    name_he: str,
    mandate_en: str = "",
    mandate_he: str = "",
    quorum_min_members: int,
    quorum_needs_both_sides: bool,
    meeting_reminder_days: list[int] | None = None,
    by,
) -> Committee:
    """Change a committee's names, mandate, quorum rule and the days before meetings its members are reminded."""
    name_en, name_he = (name_en or "").strip(), (name_he or "").strip()
    _check_committee_fields(
        partnership_id=committee.partnership_id,
        name_en=name_en,
        name_he=name_he,
        quorum_min_members=quorum_min_members,
        exclude_pk=committee.pk,
    )
    committee.name_en, committee.name_he = name_en, name_he
    committee.mandate_en, committee.mandate_he = (mandate_en or "").strip(), (mandate_he or "").strip()
    committee.quorum_min_members = quorum_min_members
    committee.quorum_needs_both_sides = quorum_needs_both_sides
    if meeting_reminder_days is not None:
        committee.meeting_reminder_days = list(meeting_reminder_days)
    committee.full_clean()
    fields = ["name", "name_en", "name_he", "mandate", "mandate_en", "mandate_he", "quorum_min_members",
              "quorum_needs_both_sides", "meeting_reminder_days"]
    committee.save(update_fields=fields)
    logger.info("Committee %s changed by %s", committee.pk, getattr(by, "pk", None))
    return committee
