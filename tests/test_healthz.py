"""/healthz: what a load balancer or `docker compose` asks, anonymously, every few seconds."""

import socket
import time

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(settings, monkeypatch):
    """Point the Celery app (configured once, at import) and the settings at another broker."""
    from p2g.celery import app

    def use(url, transport_options):
        settings.CELERY_BROKER_URL = url
        monkeypatch.setitem(app.conf, "broker_url", url)
        monkeypatch.setitem(app.conf, "broker_transport_options", transport_options)

    return use


# As p2g/settings.py sets them for Redis (tests/test_deploy.py checks the settings' own values).
REDIS_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2, "max_retries": 1}


@pytest.fixture
def closed_port():
    """A local port bound but not listening: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def silent_port():
    """A local port that accepts connections and never answers: a hung Redis."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def get_healthz(client):
    started = time.monotonic()
    response = client.get("/healthz")
    return response, time.monotonic() - started


def test_healthz_is_ok_with_the_filesystem_broker(client, broker, tmp_path):
    folder = tmp_path / "broker"
    folder.mkdir()
    broker("filesystem://", {"data_folder_in": str(folder), "data_folder_out": str(folder)})
    response, _ = get_healthz(client)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "broker_url_scheme": "filesystem"}


def test_healthz_is_ok_with_redis(client, broker, redis_url):
    broker(redis_url, REDIS_TRANSPORT_OPTIONS)
    response, _ = get_healthz(client)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "broker_url_scheme": "redis"}


def test_healthz_uses_the_configured_broker_as_is(client, redis_url):
    """No reconfiguration: the app as the settings built it reaches the Redis of REDIS_URL."""
    response, _ = get_healthz(client)
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_healthz_reports_a_refused_broker_at_once(client, broker, closed_port):
    broker(f"redis://127.0.0.1:{closed_port}/0", REDIS_TRANSPORT_OPTIONS)
    response, elapsed = get_healthz(client)
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable", "broker_url_scheme": "redis"}
    assert elapsed < 5, f"/healthz took {elapsed:.1f} s to notice a refused broker"


def test_healthz_reports_a_hung_broker_within_its_timeouts(client, broker, silent_port):
    broker(f"redis://127.0.0.1:{silent_port}/0", REDIS_TRANSPORT_OPTIONS)
    response, elapsed = get_healthz(client)
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert elapsed < 10, f"/healthz took {elapsed:.1f} s with a broker that never answers"


def test_healthz_is_public_and_never_cached(client, broker, tmp_path):
    broker("filesystem://", {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)})
    response = client.get("/healthz")  # anonymous: LoginRequiredMiddleware must let it through
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


def test_healthz_is_not_redirected_to_https(client, settings, broker, tmp_path):
    """Behind the proxy the health check speaks plain HTTP: the HTTPS redirect must spare it."""
    broker("filesystem://", {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)})
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 301  # and the rest of the site is redirected
