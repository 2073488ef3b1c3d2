"""The periodic tasks are in django-celery-beat's tables, where staff adjust them, and their changes stay."""

import json

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications.schedule import PERIODIC_TASKS, install_schedule

pytestmark = pytest.mark.django_db


def test_every_periodic_task_is_installed_after_migrate():
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {entry["name"] for entry in PERIODIC_TASKS} <= names
    reminders = PeriodicTask.objects.get(name="Notifications: reminders due")
    assert reminders.task == "notifications.plan" and json.loads(reminders.args) == ["reminders"]
    assert reminders.interval.every == 1 and reminders.interval.period == IntervalSchedule.MINUTES


def test_a_schedule_changed_by_staff_is_kept_when_installing_again():
    task = PeriodicTask.objects.get(name="Notifications: daily notices and digests")
    task.interval, _ = IntervalSchedule.objects.get_or_create(every=30, period=IntervalSchedule.MINUTES)
    task.enabled = False
    task.save()
    install_schedule()
    task.refresh_from_db()
    assert task.interval.every == 30 and task.enabled is False
    assert PeriodicTask.objects.filter(name=task.name).count() == 1


def test_every_scheduled_task_exists_in_the_worker():
    from p2g.celery import app

    app.loader.import_default_modules()
    for entry in PERIODIC_TASKS:
        assert entry["task"] in app.tasks
