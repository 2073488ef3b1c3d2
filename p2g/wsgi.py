import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "p2g.settings")
application = get_wsgi_application()
# What is loaded by now (modules, models, settings) lives as long as the worker: moved out of the garbage
# collector's sight, so its full collections stay short instead of pausing a random request for 60-80 ms.
gc.freeze()
