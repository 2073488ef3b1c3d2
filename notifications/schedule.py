"""Every periodic task, with its schedule. Installed in django-celery-beat's tables after migrate.

Rows are created only when missing: staff may change a schedule (or pause a task) in the admin
under "Periodic tasks", and their change stays. What is due is decided from the database each
time, so a schedule that runs late or twice sends nothing twice.
"""

import json

PERIODIC_TASKS = [
    # Meeting and shift reminders whose time has come; then everything waiting is sent.
    {"name": "Notifications: reminders due", "task": "notifications.plan", "args": ["reminders"], "minutes": 1},
    # Digests and notices (action items, hours, terms, spending reports, milestones), at each
    # recipient's morning: planned every hour, sent once per day or week.
    {"name": "Notifications: daily notices and digests", "task": "notifications.plan", "args": ["daily"], "minutes": 60},
    # Retries whose time has come, and deliveries that could not reach the broker or whose worker died.
    {"name": "Notifications: send what waits", "task": "notifications.dispatch", "args": [], "minutes": 1},
]


def install_schedule(sender=None, using="default", **kwargs):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for entry in PERIODIC_TASKS:
        if PeriodicTask.objects.using(using).filter(name=entry["name"]).exists():
            continue
        interval, _ = IntervalSchedule.objects.using(using).get_or_create(
            every=entry["minutes"], period=IntervalSchedule.MINUTES
        )
        PeriodicTask.objects.using(using).create(
            name=entry["name"], task=entry["task"], args=json.dumps(entry["args"]), interval=interval
        )
