"""A down or hung Redis is a cache miss, not an error page; after one failure it is left alone a while."""

import socket
import threading

import pytest

from p2g.cache import ResilientRedisCache


class SilentServer:
    """Accepts connections and never answers: a hung Redis. Counts the connections it got."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.connections:
            conn.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cache(port):
    return ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "breaker_seconds": 60}},
    )


@pytest.mark.parametrize("kind", ["down", "hung"])
def test_unreachable_redis_is_a_miss_and_is_not_called_again_for_a_while(kind):
    server = SilentServer() if kind == "hung" else None
    cache = _cache(server.port if server else _closed_port())
    try:
        assert cache.get("k", "fallback") == "fallback"
        assert cache.breaker.is_open
        cache.set("k", 1)  # no error
        assert cache.add("k", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.get_or_set("k", lambda: "computed") == "computed"
        with pytest.raises(ValueError):
            cache.incr("counter")
        if server:
            assert len(server.connections) == 1  # only the first call waited for the hung server
    finally:
        if server:
            server.close()


def test_working_redis_behaves_as_django_redis_cache(redis_url):
    cache = ResilientRedisCache(redis_url, {"KEY_PREFIX": "test-resilient", "OPTIONS": {"breaker_seconds": 1}})
    cache.set("k", {"a": 1}, 30)
    assert cache.get("k") == {"a": 1}
    cache.delete("k2")
    assert cache.add("k2", 1) is True
    assert cache.incr("k2") == 2
    cache.delete_many(["k", "k2"])
    assert cache.get("k") is None
    assert not cache.breaker.is_open
