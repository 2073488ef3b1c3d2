"""Browser tests: Chromium driven by Playwright against a live server, with a real SMTP server.

- ``smtp``: an aiosmtpd server on a free port; Django sends to it over SMTP and each message
  received is parsed back (``smtp.messages``, ``smtp.wait_for(to=…)``).
- ``browser``: Debian's Chromium (/usr/bin/chromium), launched once per session.
- ``page_in``: a fresh page (own cookies) with CSP bypassed only so axe-core can be injected.
- ``assert_accessible(page)``: axe-core (npm) checks WCAG 2.1 A/AA rules on the current page.
"""

import email
import email.policy
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import need

CHROMIUM = os.environ.get("P2G_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server received, parsed as email messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, *, to: str, count: int = 1, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [m for m in self.messages if to in m.get("To", "")]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no email to {to} within {timeout}s; received: {[m['To'] for m in self.messages]}")

    @staticmethod
    def text_of(message) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """Rate limits and allauth's "already sent" guard start afresh for each browser test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        need("Chromium", f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page_in(browser, live_server, settings):
    """``page_in(width=…)``: a new page in its own context; pages are closed at the end."""
    settings.P2G_SITE_URL = live_server.url
    settings.SITE_URL = live_server.url
    contexts = []

    def make(*, width: int = 1280, height: int = 900, timezone_id: str = "Asia/Jerusalem"):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            bypass_csp=True,  # only so that axe-core can be injected; the app's CSP is tested elsewhere
            timezone_id=timezone_id,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def assert_accessible():
    if not AXE.exists():
        need("axe-core", "run `npm ci` (make test does) to install node_modules/axe-core")
    source = AXE.read_text()

    def check(page, *, context: str = ""):
        page.add_script_tag(content=source)
        result = page.evaluate(
            """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""", WCAG_AA
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not problems, f"WCAG 2.1 AA problems on {page.url} {context}:\n" + "\n".join(problems)

    return check
