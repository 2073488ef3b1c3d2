"""Celery tasks of the notifications: each takes ids or plain values and calls a service.

The periodic ones are listed, with their schedules, in ``notifications/schedule.py``.
"""

from celery import shared_task

from . import services


@shared_task(name="notifications.plan", ignore_result=True)
def plan(schedule: str) -> dict:
    """Decide what is due for every kind of this schedule ('reminders' or 'daily'), then send it."""
    return services.notifications_plan(schedule=schedule)


@shared_task(name="notifications.dispatch", ignore_result=True)
def dispatch() -> int:
    """Hand to the worker what waits: not yet handed, retries now due, claims of a worker that died."""
    return services.deliveries_dispatch()


@shared_task(name="notifications.send", ignore_result=True, acks_late=True)
def send(delivery_ids: list[int]) -> int:
    """Send one batch of deliveries over one SMTP connection."""
    return services.deliveries_send(ids=[int(i) for i in delivery_ids]).sent
