import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "p2g.settings")

app = Celery("p2g")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
