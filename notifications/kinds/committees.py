"""Committee terms ending within 60 days: a notice to the member, and one to the committee's chairs.

A term "ends" when its planned end date comes: a term ended on purpose (``membership_end``
records a reason) is not announced, nor one the person continues without a gap (a role change
or a renewal starts a new term the next day). A term extended or ended early after its notice was
decided is not announced with the old date (an extended term is told again when its new end
comes within 60 days).
"""

import datetime

from django.db.models import DateField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from partnerships.models import Committee, CommitteeKind, Membership, MembershipRole

from .base import KindSpec, Planned, register
from .mornings import CHUNK, Mornings, batched_by, local_today

NOTICE_DAYS = 60
CHAIR_ROLES = (MembershipRole.CHAIR, MembershipRole.CO_CHAIR)
ROLE_ORDER = {
    MembershipRole.CHAIR: 0,
    MembershipRole.CO_CHAIR: 1,
    MembershipRole.MEMBER: 2,
    MembershipRole.STAFF: 3,
}


def continued_q():
    """Another term of the same person on the same committee that starts by the day after this one ends and lasts longer."""
    next_day = ExpressionWrapper(OuterRef("term_end") + datetime.timedelta(days=1), output_field=DateField())
    return Exists(
        Membership.objects.filter(
            Q(term_end__isnull=True) | Q(term_end__gt=OuterRef("term_end")),
            committee_id=OuterRef("committee_id"),
            person_id=OuterRef("person_id"),
            term_start__lte=next_day,
        ).exclude(pk=OuterRef("pk"))
    )


def ending_terms(first: datetime.date, last: datetime.date):
    """Terms planned to end between ``first`` and ``last`` (not ended on purpose, not continued)."""
    return Membership.objects.filter(term_end__gte=first, term_end__lte=last, ended_reason="").exclude(
        continued_q()
    )


def ends_within(term_end: datetime.date, today: datetime.date) -> bool:
    return today <= term_end <= today + datetime.timedelta(days=NOTICE_DAYS)


def roster_url(committee) -> str:
    if committee.kind == CommitteeKind.STEERING:
        path = reverse("partnerships:committee", kwargs={"partnership_pk": committee.partnership_id})
    else:
        path = reverse(
            "partnerships:committee_detail",
            kwargs={"partnership_pk": committee.partnership_id, "committee_pk": committee.pk},
        )
    return site_url(path)


def _window(mornings: Mornings) -> tuple[datetime.date, datetime.date]:
    return mornings.earliest, mornings.latest + datetime.timedelta(days=NOTICE_DAYS)


@register
class TermEnding(KindSpec):
    """To the member, once per end date: their term on a committee ends within 60 days."""

    code = Kind.TERM_ENDING
    template = "term_ending"
    audience = "committee"
    schedule = "daily"
    description = _("When your term on a committee ends within 60 days.")

    def plan(self, now):
        mornings = Mornings(now)
        terms = (
            ending_terms(*_window(mornings))
            .filter(person__is_active=True)
            .values_list("pk", "person_id", "person__time_zone", "term_start", "term_end")
            .order_by("committee_id", "term_end", "pk")  # the index (committee, term_end)
            .iterator(chunk_size=CHUNK)
        )
        for pk, person_id, tz_name, term_start, term_end in terms:
            today = mornings.date(tz_name)
            if today is not None and term_start <= today and ends_within(term_end, today):
                yield Planned(person_id, pk, term_end.isoformat())

    def load(self, object_ids):
        terms = (
            Membership.objects.filter(pk__in=object_ids)
            .select_related("committee__partnership", "person")
            .annotate(continued=continued_q())
        )
        return {term.pk: term for term in terms}

    def skip_reason(self, delivery, term):
        planned_end = datetime.date.fromisoformat(delivery.occurrence)
        if term.term_end is None or term.term_end > planned_end:
            return str(_("The term was extended."))
        if term.term_end < planned_end or term.ended_reason:
            return str(_("The term was ended early."))
        if term.continued:
            return str(_("The person continues on the committee in a new term."))
        if term.term_end < local_today(delivery.recipient):
            return str(_("The term has already ended."))
        return ""

    def context(self, delivery, term):
        with recipient_locale(delivery.recipient):
            url = roster_url(term.committee)
        return {
            "membership": term,
            "committee": term.committee,
            "partnership": term.committee.partnership,
            "term_end": term.term_end,
            "days_left": (term.term_end - local_today(delivery.recipient)).days,
            "url": url,
        }


@register
class TermsEndingCommittee(KindSpec):
    """To each chair and co-chair, once per committee and end date: every member whose term ends that day."""

    code = Kind.TERMS_ENDING_COMMITTEE
    template = "terms_ending_committee"
    audience = "committee"
    schedule = "daily"
    description = _("For chairs: the members of your committee whose terms end within 60 days.")

    def plan(self, now):
        mornings = Mornings(now)
        ends = (
            ending_terms(*_window(mornings))
            .values_list("committee_id", "term_end")
            .distinct()
            .order_by("committee_id", "term_end")
            .iterator(chunk_size=CHUNK)
        )
        for batch in batched_by(ends, key=lambda row: row[0]):
            chairs = Membership.objects.filter(
                Q(term_end__isnull=True) | Q(term_end__gte=mornings.earliest),
                committee_id__in=list(batch),
                role__in=CHAIR_ROLES,
                term_start__lte=mornings.latest,
                person__is_active=True,
            ).values_list("committee_id", "person_id", "person__time_zone", "term_start", "term_end")
            decided = set()
            for committee_id, person_id, tz_name, term_start, term_end in chairs:
                today = mornings.date(tz_name)
                if today is None or term_start > today or (term_end is not None and term_end < today):
                    continue
                for _committee, end in batch[committee_id]:
                    if ends_within(end, today) and (person_id, committee_id, end) not in decided:
                        decided.add((person_id, committee_id, end))
                        yield Planned(person_id, committee_id, end.isoformat())

    def load(self, object_ids):
        since = timezone.now().astimezone(datetime.UTC).date() - datetime.timedelta(days=2)
        terms = (
            Membership.objects.filter(Q(term_end__isnull=True) | Q(term_end__gte=since))
            .select_related("person")
            .annotate(continued=continued_q())
        )
        committees = (
            Committee.objects.filter(pk__in=object_ids)
            .select_related("partnership")
            .prefetch_related(Prefetch("memberships", queryset=terms, to_attr="live_terms"))
        )
        return {committee.pk: committee for committee in committees}

    @staticmethod
    def ending(delivery, committee) -> list:
        end = datetime.date.fromisoformat(delivery.occurrence)
        terms = [
            t for t in committee.live_terms if t.term_end == end and not t.ended_reason and not t.continued
        ]
        return sorted(terms, key=lambda t: (ROLE_ORDER.get(t.role, 9), t.person.get_full_name(), t.pk))

    def skip_reason(self, delivery, committee):
        today = local_today(delivery.recipient)
        chairs = any(
            t.person_id == delivery.recipient_id
            and t.role in CHAIR_ROLES
            and t.term_start <= today
            and (t.term_end is None or t.term_end >= today)
            for t in committee.live_terms
        )
        if not chairs:
            return str(_("The person no longer chairs this committee."))
        if not self.ending(delivery, committee):
            return str(_("No term on this committee ends on that day any more (extended or ended early)."))
        return ""

    def context(self, delivery, committee):
        end = datetime.date.fromisoformat(delivery.occurrence)
        with recipient_locale(delivery.recipient):
            url = roster_url(committee)
        return {
            "committee": committee,
            "partnership": committee.partnership,
            "term_end": end,
            "days_left": (end - local_today(delivery.recipient)).days,
            "terms": self.ending(delivery, committee),
            "url": url,
        }
