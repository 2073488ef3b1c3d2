# p2g, the production image: gunicorn (web), celery worker and beat all run from it.
# See docker-compose.yml for how the services use it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=p2g.settings \
    P2G_VAR_DIR=/app/var \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/var/media

# gettext: compilemessages (the Hebrew catalogue's .mo files are built here, not kept in git).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 p2g \
    && useradd --system --uid 10001 --gid p2g --home-dir /app --shell /usr/sbin/nologin p2g

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
# (`[tool.setuptools] packages = []`: `pip install .` installs the dependencies; the code runs from /app.)
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Hebrew catalogues, then static files gathered for WhiteNoise (DEBUG off: hashed, compressed).
# The settings need no secret or database to do either; nothing here reaches the network.
RUN python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0 \
    && python manage.py collectstatic --no-input -v0 \
    && mkdir -p /app/var/media \
    && chown -R p2g:p2g /app/var

USER p2g

EXPOSE 8000

# The web service's command; docker-compose.yml sets the number of workers and the worker/beat commands.
CMD ["gunicorn", "p2g.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket", \
     "--access-logfile", "-", "--timeout", "30"]
