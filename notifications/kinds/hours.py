"""Coordinators: a weekly digest of the hours waiting for their approval.

One per coordinator and ISO week of their local date ("2026-W49"), on Monday morning. A week's
digest goes out on the first hourly run, from Monday's digest hour on, that finds hours waiting
since before that Monday morning: so a beat that was down on Monday sends it on the next run
(Tuesday, or later in the week), a second run sends nothing twice (the ledger's key is the week),
and hours logged after Monday morning wait for the next Monday instead of making a second email.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from programs.models import Program, ProgramCoordinator
from volunteers.models import HoursStatus

from .base import KindSpec, Planned, register
from .mornings import CHUNK, Mornings, local_today, zone


def iso_week(day) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@register
class HoursDigest(KindSpec):
    """Weekly, to each program coordinator with hours waiting for approval in their programs."""

    code = Kind.HOURS_DIGEST
    template = "hours_digest"
    audience = "coordinator"
    schedule = "daily"
    description = _("Each Monday: the hours volunteers logged that wait for your approval.")

    def plan(self, now):
        mornings = Mornings(now)
        # One aggregate query: coordinators of programs with pending hours (index (program, status)).
        coordinators = (
            ProgramCoordinator.objects.filter(
                program__hours_logged__status=HoursStatus.PENDING, person__is_active=True
            )
            .values("person_id", "person__time_zone")
            .annotate(oldest=Min("program__hours_logged__created_at"))
            .order_by("person_id")
            .iterator(chunk_size=CHUNK)
        )
        for row in coordinators:
            tz_name = row["person__time_zone"]
            today = mornings.date(tz_name)
            if today is None:
                continue
            monday = today - datetime.timedelta(days=today.weekday())
            if row["oldest"] < mornings.digest_moment(tz_name, monday):
                yield Planned(row["person_id"], row["person_id"], iso_week(today))

    def load(self, object_ids):
        ids = list(object_ids)
        people = {person.pk: person for person in get_user_model().objects.filter(pk__in=ids)}
        for person in people.values():
            person.hours_waiting = []
        programs = (
            Program.objects.filter(
                programcoordinator__person_id__in=ids, hours_logged__status=HoursStatus.PENDING
            )
            .annotate(
                coordinator_id=F("programcoordinator__person_id"),
                waiting=Count("hours_logged"),
                oldest=Min("hours_logged__created_at"),
            )
            .order_by("pk")
        )
        for program in programs:
            people[program.coordinator_id].hours_waiting.append(program)
        return people

    def skip_reason(self, delivery, coordinator):
        if not coordinator.hours_waiting:
            return str(_("No hours wait for this coordinator's approval any more."))
        return ""

    def context(self, delivery, coordinator):
        with recipient_locale(delivery.recipient):
            url = site_url(reverse("volunteers:coordinator_hours"))
            programs = sorted(coordinator.hours_waiting, key=lambda p: str(p.name))
        oldest = min(p.oldest for p in programs)
        today = local_today(delivery.recipient)
        oldest_day = oldest.astimezone(zone(delivery.recipient.time_zone)).date()
        return {
            "programs": programs,
            "total": sum(p.waiting for p in programs),
            "oldest": oldest,
            "oldest_day": oldest_day,
            "days_waiting": max((today - oldest_day).days, 0),
            "url": url,
        }
