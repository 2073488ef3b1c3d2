"""A local SMTP server for the benchmarks: accepts every message and keeps its raw bytes, one file each.

    .venv/bin/python bench/smtp_sink.py DIRECTORY --port PORT [--host 127.0.0.1]

aiosmtpd in its own process. Each message received is written, before the server answers 250, to
``DIRECTORY/<n>.eml`` (n = 1, 2, 3… in the order of arrival, zero-padded to 7 digits): a first line
with the envelope as JSON (``{"from": …, "to": […]}``), then the message exactly as received. A file
appears whole (written aside, then renamed), in order, so ``<n>.eml`` existing means that n messages
have arrived: a poller checks one path instead of listing the folder. Prints ``listening on
HOST:PORT`` once it accepts connections; stops on SIGTERM or SIGINT.
"""

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


def message_path(directory: Path, number: int) -> Path:
    return directory / f"{number:07d}.eml"


def message_read(path: Path) -> tuple[str, list[str], bytes]:
    """The envelope sender, recipients and raw bytes of a message the sink wrote."""
    data = path.read_bytes()
    head, _, raw = data.partition(b"\n")
    envelope = json.loads(head)
    return envelope["from"], envelope["to"], raw


class Keeper:
    """Writes each message to its numbered file; the number counts the messages received."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        # No await between counting and writing: messages are numbered and written in arrival order.
        self.count += 1
        path = message_path(self.directory, self.count)
        head = json.dumps({"from": envelope.mail_from, "to": list(envelope.rcpt_tos)}).encode() + b"\n"
        partial = path.with_suffix(".part")
        with open(partial, "wb") as handle:
            handle.write(head)
            handle.write(envelope.original_content or envelope.content)
        os.replace(partial, path)
        return "250 Message accepted for delivery"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    options = parser.parse_args()
    options.directory.mkdir(parents=True, exist_ok=True)

    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    controller = Controller(Keeper(options.directory), hostname=options.host, port=options.port, decode_data=False)
    controller.start()
    print(f"listening on {options.host}:{options.port}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
