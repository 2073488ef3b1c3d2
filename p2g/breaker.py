"""A circuit breaker per process: after a failure, stop calling a service for a short while.

When Redis hangs, each call waits for its socket timeout; the breaker makes only the first
request of a window pay it, so pages keep answering promptly while the service is away.
"""

import logging
import threading
import time

logger = logging.getLogger(__name__)


class Breaker:
    def __init__(self, name: str, open_seconds: float = 30.0):
        self.name = name
        self.open_seconds = open_seconds
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException | None = None) -> None:
        with self._lock:
            if not self.is_open:
                logger.warning("%s unavailable (%s): not called for %ss", self.name, error, self.open_seconds)
            self._open_until = time.monotonic() + self.open_seconds

    def reset(self) -> None:
        with self._lock:
            self._open_until = 0.0
