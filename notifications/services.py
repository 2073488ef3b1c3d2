"""Writes of the delivery ledger: deciding, handing to the worker, claiming, sending.

- ``deliveries_record`` writes the rows of what was decided; a key already there is left alone,
  so deciding twice (two sweeps, two beats, a retried task) decides once.
- ``notify`` is for what happens now (a meeting moved, a place from the waiting list): rows
  written in the caller's transaction, handed to the worker once it commits.
- ``deliveries_dispatch`` hands every due row to the worker (the sweep, every minute): rows
  that could not be handed before (the broker was away), retries whose time has come, and
  claims whose worker died.
- ``deliveries_send`` claims a batch, renders each email in its recipient's language and time
  zone and sends them over one SMTP connection, marking each row the moment it is sent.
"""

import datetime
import itertools
import logging
import random
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from p2g.breaker import Breaker

from . import kinds as kind_registry
from .kinds.base import GONE, INACTIVE, NO_EMAIL, OPTED_OUT, Planned
from .models import Delivery, DeliveryStatus, OptOut
from .render import delivery_message

logger = logging.getLogger(__name__)

broker_breaker = Breaker("Celery broker", settings.P2G_BROKER_BREAKER_SECONDS)

CHUNK = 1000


def _batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# ---- deciding


def deliveries_record(
    *, kind: str, planned: Iterable[Planned], status: str = DeliveryStatus.PENDING, reason: str = ""
) -> int:
    """Write the ledger rows of ``planned`` not already there; the number written."""
    written = 0
    for chunk in _batched(planned, CHUNK):
        existing = set(
            Delivery.objects.filter(kind=kind, object_id__in={p.object_id for p in chunk}).values_list(
                "recipient_id", "object_id", "occurrence"
            )
        )
        now = timezone.now()
        fresh = {
            (p.recipient_id, p.object_id, p.occurrence)
            for p in chunk
            if (p.recipient_id, p.object_id, p.occurrence) not in existing
        }
        if not fresh:
            continue
        rows = [
            Delivery(
                recipient_id=recipient_id,
                kind=kind,
                object_id=object_id,
                occurrence=occurrence,
                status=status,
                error=str(reason),
                created_at=now,
                next_attempt_at=now,
            )
            for recipient_id, object_id, occurrence in sorted(fresh)
        ]
        # A row decided meanwhile by another process is kept as it is (the unique key).
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        written += len(rows)
    return written


def notify(*, kind: str, object_id: int, recipient_ids: Iterable[int], occurrence: str) -> None:
    """Decide an email about something that happened now; it is handed to the worker after commit."""
    recipient_ids = sorted(set(recipient_ids))
    if not recipient_ids:
        return
    deliveries_record(kind=kind, planned=(Planned(r, object_id, occurrence) for r in recipient_ids))

    def hand_over():
        ids = list(
            Delivery.objects.filter(
                kind=kind, object_id=object_id, occurrence=occurrence, status=DeliveryStatus.PENDING,
                enqueued_at__isnull=True,
            ).values_list("pk", flat=True)
        )
        deliveries_enqueue(ids)

    transaction.on_commit(hand_over)


def notifications_plan(*, schedule: str, now: datetime.datetime | None = None) -> dict[str, int]:
    """Decide what every kind of this schedule has due at ``now``, then hand what is due to the worker."""
    now = now or timezone.now()
    written = {}
    for spec in kind_registry.REGISTRY.values():
        if spec.schedule != schedule:
            continue
        try:
            written[spec.code] = deliveries_record(kind=spec.code, planned=spec.plan(now))
        except Exception:  # one kind's trouble does not hold back the others
            logger.exception("planning %s failed", spec.code)
    deliveries_dispatch()  # rows are due from the moment they were written, after ``now``
    return written


# ---- handing to the worker


def claimable(now: datetime.datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now
    )


def deliveries_enqueue(ids: list[int]) -> int:
    """Hand deliveries to the worker in batches; what the broker refuses waits for the next sweep."""
    from .tasks import send

    handed = 0
    for chunk in _batched(ids, settings.P2G_NOTIFY_BATCH_SIZE):
        if broker_breaker.is_open:
            break
        try:
            send.apply_async(args=[chunk], retry=False)
        except Exception as exc:  # kombu.exceptions.OperationalError, redis errors, timeouts
            broker_breaker.trip(exc)
            break
        Delivery.objects.filter(pk__in=chunk).update(enqueued_at=timezone.now())
        handed += len(chunk)
    return handed


def deliveries_dispatch(*, now: datetime.datetime | None = None) -> int:
    """Hand every due delivery not already waiting at the broker to the worker; the number handed."""
    now = now or timezone.now()
    requeue_before = now - datetime.timedelta(seconds=settings.P2G_NOTIFY_REQUEUE_SECONDS)
    due = (
        Delivery.objects.filter(claimable(now))
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=requeue_before) | Q(status=DeliveryStatus.SENDING))
        .order_by("pk")
    )
    handed, last = 0, 0
    broker_breaker.reset()  # the sweep always tries: it is how the site learns the broker is back
    while True:
        ids = list(due.filter(pk__gt=last).values_list("pk", flat=True)[:CHUNK * 5])
        if not ids:
            return handed
        last = ids[-1]
        count = deliveries_enqueue(ids)
        handed += count
        if count < len(ids):
            return handed


# ---- sending


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retry: int = 0
    errors: list[str] = field(default_factory=list)


def deliveries_claim(*, ids: list[int], now: datetime.datetime | None = None) -> list[Delivery]:
    """Take the deliveries of ``ids`` still due, for this worker alone, for the lease's time."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    lease = now + datetime.timedelta(seconds=settings.P2G_NOTIFY_LEASE_SECONDS)
    # One UPDATE: a row another worker holds (or has sent) no longer matches ``claimable``.
    claimed = Delivery.objects.filter(pk__in=ids).filter(claimable(now)).update(
        status=DeliveryStatus.SENDING, lease_until=lease, claim=token, attempts=F("attempts") + 1
    )
    if not claimed:
        return []
    mine = Delivery.objects.filter(claim=token, status=DeliveryStatus.SENDING)
    # A row whose every attempt ended with its worker gone (killed, out of memory) stops here.
    mine.filter(attempts__gt=settings.P2G_NOTIFY_MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED, lease_until=None, error="the worker stopped during every attempt"
    )
    return list(mine.filter(status=DeliveryStatus.SENDING).select_related("recipient").order_by("kind", "pk"))


def _retry_at(attempts: int, now: datetime.datetime) -> datetime.datetime:
    delay = min(settings.P2G_NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.P2G_NOTIFY_RETRY_MAX_SECONDS)
    return now + datetime.timedelta(seconds=delay * random.uniform(1.0, 1.1))  # noqa: S311 (jitter)


def _finish(delivery: Delivery, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(lease_until=None, **fields)


def _mark_retry(delivery: Delivery, error: str, now: datetime.datetime, outcome: Outcome) -> None:
    if delivery.attempts >= settings.P2G_NOTIFY_MAX_ATTEMPTS:
        _finish(delivery, status=DeliveryStatus.FAILED, error=f"{error} (gave up after {delivery.attempts} attempts)")
        outcome.failed += 1
        return
    _finish(
        delivery, status=DeliveryStatus.PENDING, error=error, next_attempt_at=_retry_at(delivery.attempts, now),
        enqueued_at=None,
    )
    outcome.retry += 1


class ConnectionTrouble(Exception):
    """The SMTP server cannot be reached or dropped the connection: the rest of the batch waits."""


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return max(codes) if codes else None
    return getattr(exc, "smtp_code", None)


def _send_one(connection, message) -> None:
    """Send one message; raise ``ConnectionTrouble`` or the SMTP error with its code."""
    try:
        connection.send_messages([message])
    except smtplib.SMTPServerDisconnected as exc:
        raise ConnectionTrouble(str(exc) or "disconnected") from exc
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code == 421:  # the server is closing the connection
            raise ConnectionTrouble(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        raise
    except smtplib.SMTPException:
        raise
    except OSError as exc:  # refused, reset, timed out
        raise ConnectionTrouble(str(exc) or exc.__class__.__name__) from exc


def _skip_reason(spec, delivery: Delivery, obj, opted_out: set[int]) -> str:
    person = delivery.recipient
    if obj is None:
        return str(GONE)
    if not person.is_active:
        return str(INACTIVE)
    if not person.email:
        return str(NO_EMAIL)
    if not spec.essential and person.pk in opted_out:
        return str(OPTED_OUT)
    return spec.skip_reason(delivery, obj)


class Claim:
    """A worker's hold on its batch, renewed while it works, so that a slow batch is never taken from under it.

    Once half the lease has passed, the rows still held (same claim token: nobody else took them) get a
    fresh lease; rows another worker took after our lease ran out (a paused worker) are theirs to send.
    """

    def __init__(self, claimed: list[Delivery]):
        self.token = claimed[0].claim
        self.until = claimed[0].lease_until
        self.lost: set[int] = set()

    def keep(self, remaining: list[int]) -> None:
        lease = datetime.timedelta(seconds=settings.P2G_NOTIFY_LEASE_SECONDS)
        now = timezone.now()
        if now < self.until - lease / 2:
            return
        until = now + lease
        held = Delivery.objects.filter(pk__in=remaining, claim=self.token, status=DeliveryStatus.SENDING)
        held.update(lease_until=until)
        ours = set(held.filter(lease_until=until).values_list("pk", flat=True))
        self.lost |= set(remaining) - ours
        self.until = until


def deliveries_send(*, ids: list[int], now: datetime.datetime | None = None) -> Outcome:
    """Claim, render and send a batch over one SMTP connection; each row is marked as soon as it is sent."""
    now = now or timezone.now()
    outcome = Outcome()
    claimed = deliveries_claim(ids=ids, now=now)
    if not claimed:
        return outcome
    claim = Claim(claimed)
    waiting = {d.pk: d for d in claimed}
    connection = get_connection(fail_silently=False)
    try:
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionTrouble(str(exc) or exc.__class__.__name__) from exc
        for kind, group in itertools.groupby(claimed, key=lambda d: d.kind):
            group = list(group)
            try:
                spec = kind_registry.get(kind)
                objects = spec.load({d.object_id for d in group})
            except Exception as exc:  # a bug of this kind: recorded for staff, the other kinds go on
                logger.exception("could not load the objects of %s deliveries", kind)
                for delivery in group:
                    del waiting[delivery.pk]
                    _finish(delivery, status=DeliveryStatus.FAILED, error=f"loading: {exc!r}"[:2000])
                    outcome.failed += 1
                continue
            opted_out = (
                set()
                if spec.essential
                else set(
                    OptOut.objects.filter(kind=kind, person_id__in={d.recipient_id for d in group}).values_list(
                        "person_id", flat=True
                    )
                )
            )
            for delivery in group:
                claim.keep(list(waiting))
                del waiting[delivery.pk]
                if delivery.pk in claim.lost:
                    continue
                _send_delivery(spec, delivery, objects.get(delivery.object_id), opted_out, connection, outcome)
    except ConnectionTrouble as exc:
        error = f"SMTP: {exc}"
        outcome.errors.append(error)
        logger.warning("SMTP trouble, %s deliveries wait for a retry: %s", len(waiting), exc)
        for delivery in waiting.values():
            if delivery.pk not in claim.lost:
                _mark_retry(delivery, error, timezone.now(), outcome)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: S110 (closing a connection that is already gone)
            pass
    logger.info(
        "deliveries: %s sent, %s not sent, %s failed, %s to retry", outcome.sent, outcome.skipped, outcome.failed,
        outcome.retry,
    )
    return outcome


def _send_delivery(spec, delivery: Delivery, obj, opted_out: set[int], connection, outcome: Outcome) -> None:
    """One delivery of a claimed batch. ``ConnectionTrouble`` is re-raised with this row put back first."""
    reason = _skip_reason(spec, delivery, obj, opted_out)
    if reason:
        _finish(delivery, status=DeliveryStatus.SKIPPED, error=reason)
        outcome.skipped += 1
        return
    try:
        message = delivery_message(spec, delivery, obj)
    except Exception as exc:  # a template or data bug: recorded for staff, never retried in a loop
        logger.exception("could not render delivery %s", delivery.pk)
        _finish(delivery, status=DeliveryStatus.FAILED, error=f"rendering: {exc!r}"[:2000])
        outcome.failed += 1
        return
    try:
        _send_one(connection, message)
    except ConnectionTrouble as exc:
        _mark_retry(delivery, f"SMTP: {exc}", timezone.now(), outcome)
        raise
    except smtplib.SMTPException as exc:
        code = _smtp_code(exc)
        error = f"SMTP {code or ''}: {exc}"[:2000]
        if code is not None and 400 <= code < 500:
            _mark_retry(delivery, error, timezone.now(), outcome)
        else:
            _finish(delivery, status=DeliveryStatus.FAILED, error=error)
            outcome.failed += 1
        return
    _finish(
        delivery,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        email=delivery.recipient.email,
        language=message.extra_headers.get("Content-Language", ""),
        subject=message.subject[:300],
        error="",
    )
    outcome.sent += 1


def deliveries_retry(*, ids: Iterable[int]) -> int:
    """Staff send failed deliveries again (a fresh set of attempts); the number put back."""
    with transaction.atomic():
        count = Delivery.objects.filter(pk__in=list(ids), status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), enqueued_at=None, error=""
        )
        transaction.on_commit(deliveries_dispatch)
    return count


def opt_out_set(*, person, kind: str, enabled: bool) -> None:
    """Turn a kind of email on or off for a person (essential kinds stay on)."""
    spec = kind_registry.get(kind)
    if spec.essential:
        return
    if enabled:
        OptOut.objects.filter(person=person, kind=kind).delete()
    else:
        OptOut.objects.get_or_create(person=person, kind=kind)
